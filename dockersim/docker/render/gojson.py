"""Go's ``encoding/json`` encoder, for template ``json`` and ``docker inspect`` output.

Facts from Go's ``encoding/json/encode.go`` (Go 1.25): maps are written with their keys sorted,
structs in field order; no spaces (``Marshal``) or one element per line (``MarshalIndent``, with
``"key": value``); nil slices and maps are ``null``; floats are written shortest, with an
exponent only below 1e-6 or from 1e21 on (``1e-7``, ``1e+21``); strings escape ``"``, ``\\``,
control characters (``\\n \\r \\t \\b \\f``, else ``\\u00XX``), U+2028, U+2029 and, when HTML
escaping is on (``json.Marshal``; docker's ``json`` template function turns it off), ``< > &``
as ``\\u003c \\u003e \\u0026``. NaN and infinities are an error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from dockersim.docker.render.gofmt import format_float
from dockersim.docker.render.govalues import MISSING, NIL_MAP, NIL_SLICE, GoNil, GoStruct, GoTime


class UnsupportedValue(ValueError):
    """``json: unsupported value: NaN`` and friends."""


_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape_char(c: str, escape_html: bool) -> str:
    if c in _SHORT:
        return _SHORT[c]
    r = ord(c)
    if r < 0x20 or (escape_html and c in "<>&") or r in (0x2028, 0x2029):
        return f"\\u{r:04x}"
    if 0xD800 <= r <= 0xDFFF:
        return "\\ufffd"
    return c


def json_string(s: str, escape_html: bool = True) -> str:
    if (
        s.isascii()
        and s.isprintable()
        and '"' not in s
        and "\\" not in s
        and not (escape_html and any(c in s for c in "<>&"))
    ):
        return f'"{s}"'
    return '"' + "".join(_escape_char(c, escape_html) for c in s) + '"'


def json_float(f: float) -> str:
    if math.isnan(f) or math.isinf(f):
        raise UnsupportedValue(f"json: unsupported value: {format_float(f, 'g')}")
    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        text = format_float(f, "e")
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return format_float(f, "f")


def _is_empty(v: object) -> bool:
    if v is None or v is MISSING or v is False or isinstance(v, GoNil):
        return True
    if isinstance(v, GoStruct):
        return False
    if isinstance(v, (str, list, tuple, Mapping)):
        return len(v) == 0
    return isinstance(v, (int, float)) and v == 0


def _items(v: object) -> list[tuple[str | None, object]]:
    if isinstance(v, GoStruct):
        out: list[tuple[str | None, object]] = []
        for k, x in v.items():
            name = v.json_names.get(k, k)
            if name == "-" or (k in v.omitempty and _is_empty(x)):
                continue
            out.append((name, x))
        return out
    assert isinstance(v, Mapping)
    items = sorted(((k if isinstance(k, str) else str(k), x) for k, x in v.items()), key=_key)
    return list(items)


def _key(kv: tuple[str, object]) -> str:
    return kv[0]


class _Encoder:
    __slots__ = ("escape_html", "indent", "out", "prefix")

    def __init__(self, escape_html: bool, prefix: str, indent: str | None) -> None:
        self.escape_html = escape_html
        self.prefix = prefix
        self.indent = indent
        self.out: list[str] = []

    def encode(self, v: object, level: int) -> None:
        out = self.out
        t = type(v)
        if t is str:
            out.append(json_string(v, self.escape_html))  # type: ignore[arg-type]
        elif isinstance(v, GoTime):
            out.append(json_string(v.json_text, self.escape_html))
        elif v is None or v is MISSING or v is NIL_SLICE or v is NIL_MAP:
            out.append("null")
        elif t is bool:
            out.append("true" if v else "false")
        elif t is int:
            out.append(str(v))
        elif t is float:
            out.append(json_float(v))  # type: ignore[arg-type]
        elif isinstance(v, Mapping):
            self._container(_items(v), level, "{", "}")
        elif isinstance(v, (list, tuple)):
            self._container([(None, x) for x in v], level, "[", "]")
        elif isinstance(v, GoNil):
            out.append("null")
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, int):
            out.append(str(int(v)))
        elif isinstance(v, float):
            out.append(json_float(float(v)))
        else:
            out.append(json_string(str(v), self.escape_html))

    def _container(
        self, items: list[tuple[str | None, object]], level: int, o: str, c: str
    ) -> None:
        out = self.out
        out.append(o)
        if not items:
            out.append(c)
            return
        newline = None
        if self.indent is not None:
            newline = "\n" + self.prefix + self.indent * (level + 1)
        colon = ":" if self.indent is None else ": "
        for i, (k, x) in enumerate(items):
            if i:
                out.append(",")
            if newline is not None:
                out.append(newline)
            if k is not None:
                out.append(json_string(k, self.escape_html))
                out.append(colon)
            self.encode(x, level + 1)
        if newline is not None:
            out.append("\n" + self.prefix + (self.indent or "") * level)
        out.append(c)


def go_json(
    v: object, *, escape_html: bool = True, indent: str | None = None, prefix: str = ""
) -> str:
    """``json.Marshal(v)`` (or ``json.MarshalIndent(v, prefix, indent)``), as text.

    Raises ``UnsupportedValue`` for NaN and infinities, as Go does.
    """
    enc = _Encoder(escape_html, prefix, indent)
    enc.encode(v, 0)
    return "".join(enc.out)
