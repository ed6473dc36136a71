"""Compound shapes: lists, mappings, objects with known fields, alternatives, tagged kinds,
and named definitions (`$defs` in the JSON Schema). See `shape.py`."""

from __future__ import annotations

import re
from typing import Any

import attrs

from dockersim.scenario.document import DocPath
from dockersim.scenario.shape import Ctx, JSONSchema, Shape, suggest


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
        for key, item in value.items():
            spec = self.field(key)
            if spec is None:
                names = [f.name for f in self.fields]
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
