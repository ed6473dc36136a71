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

from dockersim.scenario.durations import PATTERN as DURATION_PATTERN
from dockersim.scenario.durations import InvalidDuration, parse_duration
from dockersim.scenario.problems import ERROR, Problem
from dockersim.scenario.yamlsafe import DocPath, Document

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


@attrs.define
class ListOf(Shape):
    item: Shape
    doc: str = ""
    nonempty: bool = False

    def expected(self) -> str:
        return "a list"

    def accepts(self, value: object) -> bool:
        return isinstance(value, list)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        if self.nonempty and not value:
            ctx.report(path, "expected a list with at least one item, found an empty list")
        for index, item in enumerate(value):
            self.item.check(item, (*path, index), ctx)

    def schema(self) -> JSONSchema:
        out: JSONSchema = {"type": "array", "items": self.item.schema()}
        if self.nonempty:
            out["minItems"] = 1
        return self._described(out)


@attrs.define
class MapOf(Shape):
    """A mapping from free-form names (`key_pattern`) to values of one shape."""

    value: Shape
    doc: str = ""
    key_pattern: str = ""
    key_doc: str = ""

    def expected(self) -> str:
        return "a mapping"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        for key, item in value.items():
            if self.key_pattern and not re.fullmatch(self.key_pattern, key):
                ctx.report((*path, key), f"'{key}' is not {self.key_doc}", key=True)
            self.value.check(item, (*path, key), ctx)

    def schema(self) -> JSONSchema:
        out: JSONSchema = {"type": "object", "additionalProperties": self.value.schema()}
        if self.key_pattern:
            out["propertyNames"] = {"pattern": f"^(?:{self.key_pattern})$"}
        return self._described(out)


@attrs.frozen
class Field:
    name: str
    shape: Shape
    required: bool = False


@attrs.define
class Obj(Shape):
    """A mapping with known fields; `what` names it in messages (`container check`)."""

    what: str
    fields: tuple[Field, ...]
    doc: str = ""
    #: fields that only make sense with another (`input` needs `run`), JSON Schema's
    #: dependentRequired
    needs: tuple[tuple[str, str], ...] = ()
    #: at most one of these may be given
    exclusive: tuple[str, ...] = ()
    #: at least one of these must be given
    one_of: tuple[str, ...] = ()

    def expected(self) -> str:
        return f"a mapping ({self.what})"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)

    def field(self, name: str) -> Field | None:
        for item in self.fields:
            if item.name == name:
                return item
        return None

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        names = [f.name for f in self.fields]
        for key, item in value.items():
            spec = self.field(key)
            if spec is None:
                ctx.report(
                    (*path, key),
                    f"unknown field '{key}' in {self.what}{suggest(key, names)}; "
                    f"known fields: {', '.join(names)}",
                    key=True,
                )
                continue
            spec.shape.check(item, (*path, key), ctx)
        for spec in self.fields:
            if spec.required and spec.name not in value:
                ctx.report(path, f"{self.what} needs the field '{spec.name}'")
        for name, needed in self.needs:
            if name in value and needed not in value:
                ctx.report(
                    (*path, name), f"'{name}' needs '{needed}' in the same {self.what}", key=True
                )
        given = [n for n in self.exclusive if n in value]
        if len(given) > 1:
            ctx.report(
                (*path, given[1]),
                f"one {self.what} can do only one of {', '.join(self.exclusive)}: "
                f"'{given[0]}' and '{given[1]}' are both given (split them into two steps)",
                key=True,
            )
        if self.one_of and not any(n in value for n in self.one_of):
            ctx.report(path, f"a {self.what} needs at least one of {', '.join(self.one_of)}")

    def schema(self) -> JSONSchema:
        out: JSONSchema = {
            "type": "object",
            "properties": {f.name: f.shape.schema() for f in self.fields},
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        if self.needs:
            deps: dict[str, list[str]] = {}
            for name, needed in self.needs:
                deps.setdefault(name, []).append(needed)
            out["dependentRequired"] = deps
        if self.exclusive:
            pairs = [
                {"required": [a, b]}
                for i, a in enumerate(self.exclusive)
                for b in self.exclusive[i + 1 :]
            ]
            out["not"] = {"anyOf": pairs}
        if self.one_of:
            out["anyOf"] = [{"required": [n]} for n in self.one_of]
        return self._described(out)


@attrs.define
class Either(Shape):
    """One of several shapes, chosen by the value's YAML type (text, list, mapping...)."""

    options: tuple[Shape, ...]
    doc: str = ""

    def expected(self) -> str:
        return " or ".join(o.expected() for o in self.options)

    def accepts(self, value: object) -> bool:
        return any(o.accepts(value) for o in self.options)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        for option in self.options:
            if option.accepts(value):
                option.refine(value, path, ctx)
                return

    def schema(self) -> JSONSchema:
        return self._described({"anyOf": [o.schema() for o in self.options]})


@attrs.define
class Tagged(Shape):
    """A one-key mapping whose key picks the shape of its value (`- container: {...}`)."""

    what: str
    kinds: dict[str, Shape]
    doc: str = ""

    def expected(self) -> str:
        return f"a {self.what} such as `{next(iter(self.kinds))}: {{...}}`"

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        known = list(self.kinds)
        if len(value) != 1:
            where = (*path, list(value)[1]) if len(value) > 1 else path
            ctx.report(
                where,
                f"a {self.what} has exactly one kind ({', '.join(known)}); "
                f"found {len(value)} keys (start a new list item with '-')",
                key=len(value) > 1,
            )
        for key, item in value.items():
            shape = self.kinds.get(key)
            if shape is None:
                ctx.report(
                    (*path, key),
                    f"unknown {self.what} kind '{key}'{suggest(key, known)}; "
                    f"known kinds: {', '.join(known)}",
                    key=True,
                )
                continue
            shape.check(item, (*path, key), ctx)

    def schema(self) -> JSONSchema:
        return self._described(
            {
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {name: shape.schema()},
                        "required": [name],
                        "additionalProperties": False,
                    }
                    for name, shape in self.kinds.items()
                ]
            }
        )


#: Shapes written once under `$defs` in the JSON Schema, by name.
DEFINITIONS: dict[str, Shape] = {}


@attrs.define
class Ref(Shape):
    """A named shape: validates as `target`, written as `{"$ref": "#/$defs/<name>"}`."""

    name: str
    target: Shape

    def __attrs_post_init__(self) -> None:
        DEFINITIONS[self.name] = self.target

    def expected(self) -> str:
        return self.target.expected()

    def accepts(self, value: object) -> bool:
        return self.target.accepts(value)

    def refine(self, value: Any, path: DocPath, ctx: Ctx) -> None:
        self.target.refine(value, path, ctx)

    def schema(self) -> JSONSchema:
        return {"$ref": f"#/$defs/{self.name}"}
