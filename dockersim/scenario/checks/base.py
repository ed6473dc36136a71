"""The check registry: each kind declares its fields (shapes), how it reads, how it is judged.

A kind's evaluator returns the mismatches it found, in field order (empty = passed); it never
raises for a world that merely differs, and reads the engine without changing it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.scenario.compound import Field, Obj
from dockersim.scenario.shape import Integer, Text

if TYPE_CHECKING:
    from dockersim.engine import Engine

Fields = Mapping[str, Any]

#: Fields every check may carry, whatever its kind.
COMMON = (
    Field("id", Text(doc="a stable name for this check (results, grading)", nonempty=True)),
    Field("title", Text(doc="what the learner sees instead of the generated description")),
    Field("points", Integer(minimum=0, doc="points for the grader (default 1)")),
)

#: What a check cannot do until the engine has networking and volumes.
NOT_SUPPORTED = "not supported by this engine yet"


@attrs.frozen
class Mismatch:
    message: str
    expected: str = ""
    actual: str = ""


Evaluator = Callable[["Engine", Fields], list[Mismatch]]


def _no_contradiction(fields: Fields) -> str | None:
    return None


@attrs.frozen
class Kind:
    name: str
    doc: str
    fields: tuple[Field, ...]
    describe: Callable[[Fields], str]
    evaluate: Evaluator
    contradiction: Callable[[Fields], str | None] = _no_contradiction

    @property
    def shape(self) -> Obj:
        return Obj(f"{self.name} check", (*self.fields, *COMMON), doc=self.doc)


KINDS: dict[str, Kind] = {}


def register(
    name: str,
    doc: str,
    fields: tuple[Field, ...],
    describe: Callable[[Fields], str],
    contradiction: Callable[[Fields], str | None] = _no_contradiction,
) -> Callable[[Evaluator], Evaluator]:
    def decorate(evaluate: Evaluator) -> Evaluator:
        KINDS[name] = Kind(name, doc, fields, describe, evaluate, contradiction)
        return evaluate

    return decorate


def show(value: Any) -> str:
    """A value as the messages show it: lists and mappings as JSON, text as is."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(list(value) if isinstance(value, tuple) else value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def compare(label: str, want: Any, got: Any) -> list[Mismatch]:
    """One mismatch when `got != want`: `<label> is <got>, expected <want>`."""
    if want == got:
        return []
    return [Mismatch(f"{label} is {show(got)}, expected {show(want)}", show(want), show(got))]


def env_dict(items: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items or ():
        key, _, value = str(item).partition("=")
        out[key] = value
    return out


def compare_map(label: str, want: Mapping[str, Any], got: Mapping[str, str]) -> list[Mismatch]:
    """Every wanted key must be present with the wanted value (others may exist)."""
    out = []
    for key, value in want.items():
        if key not in got:
            out.append(Mismatch(f"{label} has no {key}", f"{key}={value}", ""))
        elif got[key] != str(value):
            out.append(
                Mismatch(
                    f"{label} {key} is {show(got[key])}, expected {show(value)}",
                    f"{key}={value}",
                    f"{key}={got[key]}",
                )
            )
    return out
