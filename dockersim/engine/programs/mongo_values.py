"""The values mongosh reads and shows: JavaScript literals (`{ name: 'Ann', tags: ['a'] }`),
ObjectIds, and documents laid out as mongosh prints them (node's util.inspect: one line when
`{ a: 1, b: 'x' }` fits in 80 columns, else one entry a line, indented by two).

Documents are stored as JSON: an ObjectId is `{"$oid": "<24 hex digits>"}`. Simplifications:
numbers are JSON numbers (no Int32/Long/Decimal128 distinction), dates and regular expressions
are not read (the reader says what it met), arrays of more than six entries are not laid out
in columns.
"""

from __future__ import annotations

import json
import re
from typing import Any

Doc = dict[str, Any]

BREAK_LENGTH = 80
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class Unreadable(Exception):
    """A value the reader does not take: its text says what (for a `not simulated` note)."""


def object_id(hex_text: str) -> Doc:
    return {"$oid": hex_text}


def is_oid(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"$oid"}


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def space(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def peek(self) -> str:
        self.space()
        return self.text[self.i] if self.i < len(self.text) else ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise Unreadable(f"the expression {self.text.strip()!r}")
        self.i += 1

    def value(self) -> Any:
        char = self.peek()
        if char == "{":
            return self.obj()
        if char == "[":
            return self.array()
        if char in "'\"":
            return self.string()
        number = _NUMBER.match(self.text, self.i)
        if number:
            self.i = number.end()
            value = float(number.group())
            return int(value) if value.is_integer() and "." not in number.group() else value
        word = _IDENT.match(self.text, self.i)
        if word:
            self.i = word.end()
            name = word.group()
            if name in ("true", "false"):
                return name == "true"
            if name == "null":
                return None
            if name in ("ObjectId", "new"):
                return self.oid(name)
            raise Unreadable(f"the name {name}")
        raise Unreadable(f"the expression {self.text.strip()!r}")

    def oid(self, name: str) -> Doc:
        if name == "new":
            word = _IDENT.match(
                self.text, self.i + 1 if self.text[self.i : self.i + 1] == " " else self.i
            )
            if word is None or word.group() != "ObjectId":
                raise Unreadable("the new operator")
            self.i = word.end()
        self.take("(")
        hex_text = self.string()
        self.take(")")
        if not re.fullmatch(r"[0-9a-fA-F]{24}", hex_text):
            raise Unreadable("an ObjectId that is not 24 hex digits")
        return object_id(hex_text.lower())

    def string(self) -> str:
        self.space()
        quote = self.text[self.i]
        self.i += 1
        out: list[str] = []
        while self.i < len(self.text) and self.text[self.i] != quote:
            char = self.text[self.i]
            if char == "\\" and self.i + 1 < len(self.text):
                self.i += 1
                char = {"n": "\n", "t": "\t"}.get(self.text[self.i], self.text[self.i])
            out.append(char)
            self.i += 1
        if self.i >= len(self.text):
            raise Unreadable("an unterminated string")
        self.i += 1
        return "".join(out)

    def key(self) -> str:
        char = self.peek()
        if char in "'\"":
            return self.string()
        word = _IDENT.match(self.text, self.i)
        if word is None:
            raise Unreadable(f"the expression {self.text.strip()!r}")
        self.i = word.end()
        return word.group()

    def obj(self) -> Doc:
        self.take("{")
        out: Doc = {}
        while self.peek() != "}":
            key = self.key()
            self.take(":")
            out[key] = self.value()
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "}":
                raise Unreadable(f"the expression {self.text.strip()!r}")
        self.i += 1
        return out

    def array(self) -> list[Any]:
        self.take("[")
        out: list[Any] = []
        while self.peek() != "]":
            out.append(self.value())
            if self.peek() == ",":
                self.i += 1
            elif self.peek() != "]":
                raise Unreadable(f"the expression {self.text.strip()!r}")
        self.i += 1
        return out


def read_args(text: str) -> list[Any]:
    """The comma-separated literal arguments of a call (`{a: 1}, {b: 2}`)."""
    reader = _Reader(text)
    out: list[Any] = []
    while reader.peek():
        out.append(reader.value())
        if reader.peek() == ",":
            reader.i += 1
        elif reader.peek():
            raise Unreadable(f"the expression {text.strip()!r}")
    return out


def _quote(text: str) -> str:
    if "'" not in text:
        return "'" + text.replace("\n", "\\n") + "'"
    return json.dumps(text)


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _quote(key)


def show(value: Any, indent: int = 0) -> str:
    """A value as mongosh prints it."""
    if is_oid(value):
        return f"ObjectId('{value['$oid']}')"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        return _reduce([show(v, indent + 2) for v in value], "[", "]", indent)
    if isinstance(value, dict):
        if not value:
            return "{}"
        entries = [f"{_key(k)}: {show(v, indent + 2)}" for k, v in value.items()]
        return _reduce(entries, "{", "}", indent)
    return str(value)


def _reduce(out: list[str], opening: str, closing: str, indent: int) -> str:
    start = len(out) + indent + len(opening) + 10
    if start + len(out) + sum(len(t) for t in out) <= BREAK_LENGTH and not any(
        "\n" in t for t in out
    ):
        return f"{opening} {', '.join(out)} {closing}"
    pad = "\n" + " " * indent
    return f"{opening}{pad}  " + f",{pad}  ".join(out) + f"{pad}{closing}"


def matches(doc: Doc, query: Doc) -> bool:
    """Equality filters (`{name: 'Ann'}`); an operator (`$gt`) is not read."""
    for key, wanted in query.items():
        if key.startswith("$") or (
            isinstance(wanted, dict) and any(k.startswith("$") for k in wanted if k != "$oid")
        ):
            raise Unreadable(f"the query operator in {show(query)}")
        if doc.get(key) != wanted and not (isinstance(doc.get(key), list) and wanted in doc[key]):
            return False
    return True
