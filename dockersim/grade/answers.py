"""Answers to predict questions: the key in the answer's kind, and how an answer is judged.

- `choice`: the key is a choice's text; an answer matches when it is that text (case and
  surrounding spaces ignored) or its letter (`B`) as the learner's version shows it.
- `number`: the key is an integer (for a list ask: how many); `137`, `"137"` and `137.0` match.
- `text`: the key is a text; line ends and each line's trailing spaces are ignored.
- `list`: the key is items; an answer has the same items, in any order unless `ordered: true`
  (a YAML list, or text separated by commas, spaces or lines).
"""

from __future__ import annotations

import re
import string
from typing import Any

import attrs

from dockersim.grade.asks import AskValue
from dockersim.grade.model import Question

Key = str | int | tuple[str, ...]
LETTERS = string.ascii_uppercase


def key_of(question: Question, value: AskValue) -> Key:
    """The key in the question's answer kind."""
    kind = question.answer
    if kind == "number":
        return len(value) if isinstance(value, tuple) else int(value)
    if kind == "list":
        return value if isinstance(value, tuple) else tuple(str(value).split())
    if isinstance(value, tuple):
        return ", ".join(value)
    if kind == "text":
        return normalize_text(str(value))
    return show(value)


def show(value: Any) -> str:
    """An answer as results and keys print it."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def normalize_text(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


@attrs.frozen
class Verdict:
    correct: bool
    given: str
    message: str = ""


def judge(question: Question, key: Key, choices: tuple[str, ...], given: Any) -> Verdict:
    """Compare a learner's answer with the key; the message says why it is wrong."""
    if given is None or (isinstance(given, str) and not given.strip()):
        return Verdict(False, "", "no answer")
    kind = question.answer
    if kind == "choice":
        return _choice(str(key), choices, given)
    if kind == "number":
        number = _number(given)
        if number is None:
            return Verdict(False, show(given), f"{_short(show(given))} is not a whole number")
        return _verdict(number == key, str(number))
    if kind == "list":
        items = _items(given)
        wanted = tuple(key) if isinstance(key, tuple) else (str(key),)
        same = items == wanted if question.ordered else sorted(items) == sorted(wanted)
        return _verdict(same, show(items))
    text = given if isinstance(given, str) else show(given)
    return _verdict(normalize_text(text) == normalize_text(str(key)), text)


def _verdict(correct: bool, given: str) -> Verdict:
    return Verdict(correct, given, "" if correct else f"your answer {_short(given)} is not right")


def _short(text: str, limit: int = 80) -> str:
    flat = text.replace("\n", "\\n")
    return "'" + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + "'"


def _choice(key: str, choices: tuple[str, ...], given: Any) -> Verdict:
    text = show(given).strip()
    chosen = None
    for index, choice in enumerate(choices):
        letter = LETTERS[index] if index < len(LETTERS) else ""
        if text.casefold() == choice.casefold() or (len(text) == 1 and text.upper() == letter):
            chosen = choice
            break
    if chosen is None:
        return Verdict(False, text, f"{_short(text)} is not one of the choices")
    correct = chosen == key
    return Verdict(correct, chosen, "" if correct else f"your answer {_short(chosen)} is not right")


def _number(given: Any) -> int | None:
    if isinstance(given, bool):
        return None
    if isinstance(given, int):
        return given
    if isinstance(given, float):
        return int(given) if given.is_integer() else None
    if isinstance(given, str) and re.fullmatch(r"\s*[-+]?\d{1,18}\s*", given):
        return int(given)
    return None


def _items(given: Any) -> tuple[str, ...]:
    if isinstance(given, (list, tuple)):
        return tuple(show(item).strip() for item in given)
    return tuple(part for part in re.split(r"[\s,]+", show(given)) if part)
