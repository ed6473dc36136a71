"""Answer keys, computed by playing each question in the simulator, never typed by a person.

A predict question's key is its ask read on the world after its setup. With `choices: auto`
the distractors are first the answers of near-miss sequences (the setup with one of its last
lines left out, two of them swapped, or a lifecycle verb replaced by a neighbour: `stop` by
`kill`, `pause` by `stop` ...), then the usual values of the ask (the seven states and
`removed`, common exit statuses), drawn per student. A task or fix question's key is its
reference solution, which `check_solution` plays to prove that it scores full marks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from dockersim.grade.answers import Key, key_of, show
from dockersim.grade.asks import REMOVED, AskError, ask_value
from dockersim.grade.params import student_rng
from dockersim.grade.sandbox import SetupError
from dockersim.model.container import STATES

if TYPE_CHECKING:
    from dockersim.grade.model import Question, Variant
    from dockersim.grade.sandbox import Worlds

#: Common exit statuses, for auto choices of number asks.
EXIT_CODES = (0, 1, 2, 125, 126, 127, 128, 130, 137, 143)
#: Lifecycle verbs a near-miss sequence may swap for a neighbour.
NEIGHBOURS = {
    "stop": "kill",
    "kill": "stop",
    "pause": "stop",
    "unpause": "start",
    "start": "restart",
    "restart": "start",
    "rm": "stop",
}
#: How many of the setup's last lines near-miss sequences vary.
NEAR = 4


class QuizKeyError(Exception):
    """A question whose key cannot be computed: a quiz error, not the learner's."""


@attrs.frozen
class QuestionKey:
    question: Question
    key: Key | None = None
    choices: tuple[str, ...] = ()
    solution: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        return show(self.key) if self.key is not None else ""


def compute(worlds: Worlds, variant: Variant, question: Question) -> QuestionKey:
    """The question's key for this student (`QuizKeyError` when the quiz is at fault)."""
    if question.hands_on:
        return QuestionKey(question, solution=question.solution)
    key = _value(worlds, variant, question, question.setup)
    if key is None:
        raise QuizKeyError(f"{question.location}: question {question.id}: the ask has no answer")
    if question.answer != "choice":
        return QuestionKey(question, key)
    if not question.auto_choices:
        shown = show(key)
        if not any(c.casefold() == shown.casefold() for c in question.choices):
            raise QuizKeyError(
                f"{question.location}: question {question.id}: the key {shown} is not one "
                f"of the choices ({', '.join(question.choices)})"
            )
        return QuestionKey(question, key, question.choices)
    return QuestionKey(question, key, _auto_choices(worlds, variant, question, str(key)))


def _value(
    worlds: Worlds, variant: Variant, question: Question, setup: tuple[str, ...]
) -> Key | None:
    assert question.ask is not None
    try:
        engine = worlds.start(variant, setup)
        return key_of(question, ask_value(question.ask, engine))
    except (AskError, SetupError) as exc:
        if setup == question.setup:
            raise QuizKeyError(f"{question.location}: question {question.id}: {exc}") from None
        return None


def near_misses(setup: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Setups that differ a little from `setup`, in a fixed order, without repeats."""
    seen = {setup}
    start = max(0, len(setup) - NEAR)
    candidates: list[tuple[str, ...]] = []
    for i in range(len(setup) - 1, start - 1, -1):
        words = setup[i].split()
        if len(words) > 1 and words[0] == "docker" and words[1] in NEIGHBOURS:
            swapped = " ".join([words[0], NEIGHBOURS[words[1]], *words[2:]])
            candidates.append((*setup[:i], swapped, *setup[i + 1 :]))
        if i > 0:
            candidates.append((*setup[:i], *setup[i + 1 :]))
        if i > start:
            candidates.append((*setup[: i - 1], setup[i], setup[i - 1], *setup[i + 1 :]))
    for candidate in candidates:
        if candidate not in seen:
            seen.add(candidate)
            yield candidate


def _domain(question: Question, key: str) -> list[str]:
    """The usual values of the ask, in the order choices are shown."""
    assert question.ask is not None
    kind = question.ask.kind
    if question.ask.value_kind == "bool":
        return ["yes", "no"]
    if kind == "state":
        return [*STATES, REMOVED]
    if kind in ("exit", "exitCode"):
        return [str(code) for code in EXIT_CODES]
    if question.answer == "number" or kind == "layers":
        number = int(key)
        return [str(n) for n in range(max(0, number - 3), number + 4)]
    return []


def _auto_choices(
    worlds: Worlds, variant: Variant, question: Question, key: str
) -> tuple[str, ...]:
    domain = _domain(question, key)
    if domain == ["yes", "no"]:
        return ("yes", "no")
    plausible: list[str] = []
    for setup in near_misses(question.setup):
        found = _value(worlds, variant, question, setup)
        text = show(found) if found is not None else ""
        if text and text != key and text not in plausible:
            plausible.append(text)
    rng = student_rng(variant.seed, variant.student, f"choices:{question.id}")
    padding = [d for d in domain if d != key and d not in plausible]
    rng.shuffle(padding)
    picked = [*plausible, *padding][: question.count - 1]
    if not picked:
        raise QuizKeyError(
            f"{question.location}: question {question.id}: no distractors could be "
            "generated; give the choices explicitly"
        )
    chosen = [key, *picked]
    if all(c.lstrip("-").isdigit() for c in chosen):
        return tuple(sorted(chosen, key=int))
    if domain:
        ordered = [d for d in domain if d in chosen]
        return tuple(ordered + sorted(set(chosen) - set(ordered)))
    rng.shuffle(chosen)
    return tuple(chosen)
