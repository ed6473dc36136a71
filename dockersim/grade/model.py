"""The quiz model: one student's version of a quiz, parsed from data its shapes accepted.

`Quiz` (in `quizfile.py`) holds the file and its parameters; `Quiz.variant(student)` fills the
student's parameters in and returns a `Variant` of `Question`s built here. Checks are the
scenario vocabulary's `Check`s; the grading fields (`feedback`, `visibility`, `tags`) travel
beside each one in a `GradedCheck` until the vocabulary carries them itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from dockersim.grade.params import Value
from dockersim.grade.script import command_lines
from dockersim.scenario.checks import Check, parse_check

#: What each ask's value is, and the answer kind a question gets when it names none.
ASK_VALUE = {
    "state": "text",
    "exitCode": "number",
    "exists": "bool",
    "exit": "number",
    "stdout": "text",
    "stderr": "text",
    "ps": "list",
    "layers": "number",
    "resolves": "bool",
}
DEFAULT_ANSWER = {
    "state": "choice",
    "exitCode": "number",
    "exists": "choice",
    "exit": "number",
    "stdout": "text",
    "stderr": "text",
    "ps": "list",
    "layers": "number",
    "resolves": "choice",
}
#: The answer kinds each value allows.
ALLOWED = {
    "text": ("choice", "text"),
    "number": ("number", "choice"),
    "bool": ("choice",),
    "list": ("list", "number"),
}
GRADING_FIELDS = ("feedback", "visibility", "tags")
Where = Callable[[tuple[str | int, ...]], str]


@attrs.frozen
class Ask:
    kind: str
    target: str = ""
    options: Mapping[str, Any] = attrs.field(factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Ask:
        ((kind, value),) = data.items()
        if isinstance(value, dict):
            return cls(kind, str(value.get("name", "")), dict(value))
        return cls(kind, str(value))

    @property
    def value_kind(self) -> str:
        return ASK_VALUE[self.kind]

    def describe(self) -> str:
        if self.kind == "ps":
            flags = " -a" if self.options.get("all") else ""
            flags += "".join(f" --filter {f}" for f in self.options.get("filter", ()))
            return f"the containers `docker ps{flags}` lists"
        if self.kind == "resolves":
            return f"whether {self.target} resolves in {self.options['from']}"
        return {
            "state": f"the state of {self.target}",
            "exitCode": f"the exit code of {self.target}",
            "exists": f"whether {self.target} exists",
            "exit": f"the exit status of `{self.target}`",
            "stdout": f"what `{self.target}` prints",
            "stderr": f"what `{self.target}` prints on stderr",
            "layers": f"how many layers {self.target} has",
        }[self.kind]


@attrs.frozen
class Grading:
    """How one graded item is shown: feedback on failure, visibility, tags."""

    feedback: str = ""
    visibility: str = "visible"
    tags: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: Mapping[str, Any], inherit: Grading | None = None) -> Grading:
        base = inherit or cls()
        return cls(
            feedback=str(data.get("feedback", "")),
            visibility=str(data.get("visibility", base.visibility)),
            tags=tuple(str(t) for t in data.get("tags", base.tags)),
        )


@attrs.frozen
class GradedCheck:
    check: Check
    grading: Grading


@attrs.frozen
class Constraint:
    """`max_commands` (an int) or `require`/`forbid` (commands, as written)."""

    kind: str
    limit: int = 0
    commands: tuple[str, ...] = ()
    id: str = ""
    title: str = ""
    points: int = 1
    grading: Grading = Grading()

    @classmethod
    def from_data(cls, data: Mapping[str, Any], inherit: Grading) -> Constraint:
        kind = next(k for k in ("max_commands", "require", "forbid") if k in data)
        value = data[kind]
        return cls(
            kind=kind,
            limit=int(value) if kind == "max_commands" else 0,
            commands=() if kind == "max_commands" else _texts(value),
            id=str(data.get("id", "")),
            title=str(data.get("title", "")),
            points=int(data.get("points", 1)),
            grading=Grading.from_data(data, inherit),
        )

    def describe(self) -> str:
        if self.title:
            return self.title
        if self.kind == "max_commands":
            plural = "" if self.limit == 1 else "s"
            return f"at most {self.limit} command{plural}"
        listed = ", ".join(f"`{c}`" for c in self.commands)
        return f"uses {listed}" if self.kind == "require" else f"does not use {listed}"

    def rule(self) -> str:
        """The constraint as an instruction to the learner."""
        if self.kind == "max_commands":
            plural = "" if self.limit == 1 else "s"
            return f"use at most {self.limit} command line{plural}"
        listed = ", ".join(f"`{c}`" for c in self.commands)
        return f"use {listed}" if self.kind == "require" else f"do not use {listed}"


@attrs.frozen
class Question:
    id: str
    type: str
    number: int
    prompt: str
    location: str
    title: str = ""
    points: int = 1
    setup: tuple[str, ...] = ()
    show_setup: bool = True
    ask: Ask | None = None
    answer: str = ""
    choices: tuple[str, ...] = ()
    auto_choices: bool = False
    count: int = 4
    ordered: bool = False
    checks: tuple[GradedCheck, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    solution: tuple[str, ...] = ()
    grading: Grading = Grading()

    @property
    def label(self) -> str:
        return self.title or self.id

    @property
    def headline(self) -> str:
        """The title, else the prompt's first line (at most 70 characters)."""
        if self.title:
            return self.title
        first = self.prompt.strip().split("\n")[0].strip()
        return first if len(first) <= 70 else first[:69] + "…"

    @property
    def hands_on(self) -> bool:
        """A task or fix question: graded on command lines."""
        return self.type != "predict"

    @property
    def max_points(self) -> int:
        if not self.hands_on:
            return self.points
        return sum(c.check.points for c in self.checks) + sum(c.points for c in self.constraints)


@attrs.frozen
class Variant:
    """One student's version of a quiz: parameters filled in, questions parsed."""

    file: str
    title: str
    description: str
    seed: int
    images: tuple[str, ...]
    files: tuple[tuple[str, str], ...]
    student: str
    params: Mapping[str, Value]
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question | None:
        for question in self.questions:
            if question.id == qid:
                return question
        return None

    @property
    def max_score(self) -> int:
        return sum(q.max_points for q in self.questions)


def _texts(value: Any) -> tuple[str, ...]:
    return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value)


def lines_of(value: Any) -> tuple[str, ...]:
    """`setup:`/`solution:` as command lines: a list as is, text as a command file."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return tuple(line for _, line in command_lines(str(value)))


def parse_graded_check(data: Mapping[str, Any], location: str, inherit: Grading) -> GradedCheck:
    """A check with grading fields: the fields go beside it, the rest to the vocabulary."""
    ((kind, fields),) = data.items()
    own = {k: v for k, v in fields.items() if k not in GRADING_FIELDS}
    return GradedCheck(parse_check({kind: own}, location), Grading.from_data(fields, inherit))


def parse_question(data: Mapping[str, Any], number: int, where: Where) -> Question:
    """From data that the `QUESTION` shape accepted (meaning checked in `quizfile.py`);
    `where(path)` is the `file:line:column` of a part of the question."""
    grading = Grading.from_data(data)
    kind = data["type"]
    ask = Ask.from_data(data["ask"]) if "ask" in data else None
    answer = str(data.get("answer", ""))
    if ask is not None and not answer:
        answer = DEFAULT_ANSWER[ask.kind]
    raw_choices = data.get("choices")
    auto = raw_choices == "auto" or (raw_choices is None and answer == "choice" and ask is not None)
    checks = tuple(
        parse_graded_check(item, where(("checks", i)), grading)
        for i, item in enumerate(data.get("checks", ()))
    )
    return Question(
        id=data["id"],
        type=kind,
        number=number,
        prompt=data["prompt"],
        location=where(()),
        title=str(data.get("title", "")),
        points=int(data.get("points", 1)),
        setup=lines_of(data.get("setup")),
        show_setup=bool(data.get("show_setup", True)),
        ask=ask,
        answer=answer,
        choices=() if auto or raw_choices is None else _texts(raw_choices),
        auto_choices=auto,
        count=int(data.get("count", 4)),
        ordered=bool(data.get("ordered", False)),
        checks=checks,
        constraints=tuple(Constraint.from_data(c, grading) for c in data.get("constraints", ())),
        solution=lines_of(data.get("solution")),
        grading=grading,
    )
