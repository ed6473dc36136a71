"""A student's version of a quiz as Markdown, and its answer key (Markdown, or an answers file
that scores full marks)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dockersim.grade.answers import LETTERS, show
from dockersim.grade.key import QuestionKey, compute

if TYPE_CHECKING:
    from dockersim.grade.model import Question, Variant
    from dockersim.grade.sandbox import Worlds


def _plural(count: float, word: str) -> str:
    shown = int(count) if float(count).is_integer() else count
    return f"{shown} {word}{'' if count == 1 else 's'}"


def _console(lines: tuple[str, ...]) -> list[str]:
    return ["```console", *(f"$ {line}" for line in lines), "```"]


def render_markdown(worlds: Worlds, variant: Variant) -> str:
    """The student's version: every question with its setup, choices and how to answer."""
    out = [f"# {variant.title}", ""]
    if variant.description.strip():
        out += [variant.description.strip(), ""]
    if variant.student:
        out += [f"*Version for `{variant.student}`.*", ""]
    for question in variant.questions:
        out += _question(worlds, variant, question)
    return "\n".join(out).rstrip("\n") + "\n"


def _question(worlds: Worlds, variant: Variant, question: Question) -> list[str]:
    kind = {"predict": "", "task": " (task)", "fix": " (fix)"}[question.type]
    head = f"## {question.number}. {question.title or question.id}{kind}"
    out = [f"{head} - {_plural(question.max_points, 'point')}", "", question.prompt.strip(), ""]
    asked = _asked(question)
    shown = question.setup if question.show_setup else ()
    if shown or asked:
        if question.hands_on:
            out += ["The world starts after these commands:", ""]
        console = _console(shown)
        if asked:
            console.insert(-1, f"$ {asked}    {ASKED_MARK}")
        out += [*console, ""]
    if not question.hands_on:
        key = compute(worlds, variant, question)
        if key.choices:
            out += [f"- {LETTERS[i]}. {choice}" for i, choice in enumerate(key.choices)]
            out.append("")
        out += [f"Answer `{question.id}`: {_how(question)}", ""]
        return out
    rules = [c.rule() for c in question.constraints]
    if rules:
        out += ["Rules: " + "; ".join(rules) + ".", ""]
    out += [
        f"Answer `{question.id}`: your docker command lines (in a commands file, after a line "
        f"`# question: {question.id}`).",
        "",
    ]
    return out


COMMAND_ASKS = ("exit", "stdout", "stderr")
ASKED_MARK = "# <- the command asked about"


def _asked(question: Question) -> str:
    """The command an `exit`/`stdout`/`stderr` ask runs after the setup ("" for other asks):
    the setup does not hold it, so it is shown last, marked as the one asked about."""
    ask = question.ask
    return ask.target if ask is not None and ask.kind in COMMAND_ASKS else ""


def _how(question: Question) -> str:
    return {
        "choice": "the letter or the text of your choice.",
        "number": "a whole number.",
        "text": "the exact text.",
        "list": "the items, separated by commas"
        + (" (in order)." if question.ordered else " (any order)."),
    }[question.answer]


def keys(worlds: Worlds, variant: Variant) -> list[QuestionKey]:
    return [compute(worlds, variant, q) for q in variant.questions]


def render_key(worlds: Worlds, variant: Variant) -> str:
    """The answer key as Markdown: each predict question's answer, each task's solution."""
    out = [f"# Key: {variant.title}", ""]
    if variant.student:
        out += [f"Student `{variant.student}`.", ""]
    if variant.params:
        out += ["Parameters: " + ", ".join(f"{k}={v}" for k, v in variant.params.items()), ""]
    for key in keys(worlds, variant):
        question = key.question
        out.append(f"## {question.number}. {question.id}")
        out.append("")
        if not question.hands_on:
            letter = ""
            if key.choices:
                index = [c.casefold() for c in key.choices].index(key.shown.casefold())
                letter = f"{LETTERS[index]}. "
            out += [f"Answer: {letter}{key.shown}", ""]
            continue
        out += ["Solution:", "", *_console(key.solution), "", "Checks:", ""]
        for graded in question.checks:
            out.append(f"- {graded.check.description} ({_plural(graded.check.points, 'point')})")
        for constraint in question.constraints:
            out.append(f"- {constraint.describe()} ({_plural(constraint.points, 'point')})")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_answers(worlds: Worlds, variant: Variant) -> str:
    """An answers file (YAML) that scores full marks: the reference solution."""
    out = [f"# The reference answers to {variant.title} for {variant.student or 'anyone'}."]
    for key in keys(worlds, variant):
        question = key.question
        if question.hands_on:
            out.append(f"{question.id}:")
            out += [f"  - {json.dumps(line, ensure_ascii=False)}" for line in key.solution]
        elif isinstance(key.key, tuple):
            items = ", ".join(json.dumps(item, ensure_ascii=False) for item in key.key)
            out.append(f"{question.id}: [{items}]")
        elif isinstance(key.key, int):
            out.append(f"{question.id}: {key.key}")
        else:
            out.append(f"{question.id}: {json.dumps(show(key.key), ensure_ascii=False)}")
    return "\n".join(out) + "\n"
