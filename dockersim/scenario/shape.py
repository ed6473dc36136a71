"""A small description language for the scenario format: one table, two uses.

Each `Shape` validates plain YAML data (reporting problems at the exact key or value) and
writes itself as JSON Schema (draft 2020-12). The validator is the authority; the schema
document that `dockersim schema scenario` prints is generated from the same shapes, so the
two cannot drift apart. Messages name what was expected and what was found, and suggest the
nearest known name for a misspelt field or kind.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import attrs

from dockersim.scenario.document import DocPath, Document
from dockersim.scenario.durations import PATTERN as DURATION_PATTERN
from dockersim.scenario.durations import InvalidDuration, parse_duration
from dockersim.scenario.problems import ERROR, Problem

JSONSchema = dict[str, Any]


def found(value: object) -> str:
    """How a value is named in messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@attrs.define
class Ctx:
    """Where problems go while one document is checked."""

    doc: Document
    problems: list[Problem] = attrs.Factory(list)

    def report(self, path: DocPath, message: str, severity: str = ERROR, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, severity, key))


class Shape:
    doc: str = ""

    def expected(self) -> str:
        raise NotImplementedError

    def accepts(self, value: object) -> bool:
        """Whether `value` has this shape's YAML type (before its finer rules)."""
        raise NotImplementedError

    def check(self, value: object, path: DocPath, ctx: Ctx) -> None:
        if not self.accepts(value):
            ctx.report(path, f"expected {self.expected()}, found {found(value)}")
        else:
            self.refine(value, path, ctx)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        """Finer rules, once the YAML type is right."""

    def schema(self) -> JSONSchema:
        raise NotImplementedError

    def _described(self, schema: JSONSchema) -> JSONSchema:
        return {"description": self.doc, **schema} if self.doc else schema


@attrs.define
class Text(Shape):
    doc: str = ""
    enum: tuple[str, ...] = ()
    pattern: str = ""
    pattern_doc: str = ""
    nonempty: bool = False

    def expected(self) -> str:
        if self.enum:
            return "one of " + ", ".join(self.enum)
        return "text"

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        if self.enum and value not in self.enum:
            hint = suggest(value, list(self.enum))
            ctx.report(path, f"'{value}' is not one of {', '.join(self.enum)}{hint}")
        elif self.nonempty and not value.strip():
            ctx.report(path, "expected text, found an empty string")
        elif self.pattern and not re.fullmatch(self.pattern, value):
            ctx.report(path, f"'{value}' is not {self.pattern_doc}")

    def schema(self) -> JSONSchema:
        out: JSONSchema = {"type": "string"}
        if self.enum:
            out["enum"] = list(self.enum)
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"
        if self.nonempty:
            out["minLength"] = 1
        return self._described(out)


@attrs.define
class Integer(Shape):
    doc: str = ""
    minimum: int | None = None
    maximum: int | None = None
    range_doc: str = ""

    def expected(self) -> str:
        return "an integer"

    def accepts(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        low, high = self.minimum, self.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"at least {low}" if high is None else f"from {low} to {high}"
            why = f": {self.range_doc}" if self.range_doc else ""
            ctx.report(path, f"{value} can never match: expected an integer {bounds}{why}")

    def schema(self) -> JSONSchema:
        out: JSONSchema = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return self._described(out)


@attrs.define
class Boolean(Shape):
    doc: str = ""

    def expected(self) -> str:
        return "true or false"

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)

    def schema(self) -> JSONSchema:
        return self._described({"type": "boolean"})


@attrs.define
class Const(Shape):
    value: int
    doc: str = ""

    def expected(self) -> str:
        return str(self.value)

    def accepts(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        if value != self.value:
            ctx.report(path, f"format version {value} is not supported (this dockersim reads 1)")

    def schema(self) -> JSONSchema:
        return self._described({"const": self.value})


@attrs.define
class Duration(Shape):
    doc: str = ""

    def expected(self) -> str:
        return "a duration such as 30s or 1m30s"

    def accepts(self, value: object) -> bool:
        return isinstance(value, (int, float, str)) and not isinstance(value, bool)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        try:
            parse_duration(value)
        except InvalidDuration as exc:
            ctx.report(path, str(exc))

    def schema(self) -> JSONSchema:
        return self._described(
            {
                "oneOf": [
                    {"type": "number", "minimum": 0, "maximum": 86400},
                    {"type": "string", "pattern": DURATION_PATTERN},
                ]
            }
        )
