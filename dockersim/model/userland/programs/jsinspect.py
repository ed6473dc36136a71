"""How node shows values: util.inspect (the REPL's echo) and console.log's formatting.

The layout is util.inspect's with its defaults (depth 2, breakLength 80, compact 3):
- a string is quoted with `'`, or `"` when it holds a `'`, or a backtick when it holds both
  (and no backtick or `${`); control characters are escaped (`\\n`, `\\x1B`);
- an array or object deeper than 2 shows as `[Array]` / `[Object]` (empty ones as `[]`,
  `{}`); an array shows its first 100 items and `... N more items`, runs of empty slots as
  `<N empty items>`; a key that is not an identifier of ASCII letters, digits and `_` is
  quoted;
- entries go on one line, `{ a: 1, b: 'x' }`, when none spans lines and the line fits: the
  entries' lengths plus two per entry, plus the indentation, the opening brace and 10, at most
  80; otherwise each on its own line, indented by two;
- an array of more than 6 short entries is laid out in columns (about as wide as the rows
  are tall, at most 15, within 80 columns), numbers aligned right and the rest left.
"""

from __future__ import annotations

import math
from typing import Any

from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
    UNDEFINED,
    ExtraArray,
    JSArray,
    JSFunction,
    JSObject,
    Unsupported,
    number_text,
    parse_float,
    parse_int,
    to_number,
    to_string,
)

BREAK_LENGTH = 80
MAX_ITEMS = 100
#: what util.inspect puts before a built-in prototype's keys: its constructor is found on
#: Object.prototype (Object.prototype's own: none), then its Symbol.toStringTag if it has one
_BUILTIN_PROTOS = {
    "Object": "[Object: null prototype] ", "Array": "Object(0) ", "Date": "",
    "Promise": "Object [Promise] ", "Map": "Object [Map] ", "Set": "Object [Set] ",
    "WeakMap": "Object [WeakMap] ", "WeakSet": "Object [WeakSet] ",
}  # fmt: skip
_NAMED = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


class TooLong(Exception):
    """What would be shown is longer than the room given (the terminal floods first)."""


def quote(text: str) -> str:
    """A string as inspect shows it."""
    mark = "'"
    if "'" in text:
        if '"' not in text:
            mark = '"'
        elif "`" not in text and "${" not in text:
            mark = "`"
    out = []
    for ch in text:
        code = ord(ch)
        if ch == mark or ch == "\\":
            out.append("\\" + ch)
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append(_NAMED.get(ch) or f"\\x{code:02X}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return mark + "".join(out) + mark


def show_number(x: float) -> str:
    return "-0" if x == 0 and math.copysign(1.0, x) < 0 else number_text(x)


def _key(key: str) -> str:
    plain = key and key.isascii() and (key[0].isalpha() or key[0] == "_")
    if plain and all(c.isalnum() or c == "_" for c in key):
        return key
    return quote(key)


class _Inspector:
    def __init__(self, depth: int, room: int) -> None:
        self.depth = depth
        self.room = room
        self.stack: list[int] = []

    def show(self, value: Any, level: int, indent: int) -> str:
        if isinstance(value, str):
            text = quote(value)
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float):
            text = show_number(value)
        elif value is UNDEFINED or value is NULL:
            text = repr(value)
        elif isinstance(value, JSFunction):
            text = _function(value)
            shown = {k: v for k, v in value.props.items() if k != "prototype"
                     and "method" not in getattr(v, "flags", ())}  # fmt: skip
            if shown and level <= self.depth:
                text += " " + self.container(JSObject(shown), level, indent)
        elif isinstance(value, (JSArray, JSObject)):
            if id(value) in self.stack:
                raise Unsupported("showing a circular structure")
            self.stack.append(id(value))
            try:
                text = self.container(value, level, indent)
            finally:
                self.stack.pop()
        else:
            raise TypeError(value)
        if len(text) > self.room:
            raise TooLong()
        return text

    def container(self, value: JSArray | JSObject, level: int, indent: int) -> str:
        if isinstance(value, JSObject) and value.tag:
            if value.opaque:
                raise Unsupported(f"showing the {value.tag} object")
            return f"Object [{value.tag}] {{}}"
        if isinstance(value, JSObject) and value.internal is not None:
            special = self.special(value, level, indent)
            if special is not None:
                return special
        prefix = ""
        if isinstance(value, JSObject) and value.cls == "<prototype>":
            return self.prototype(value, level, indent)
        if isinstance(value, JSObject) and value.cls:
            prefix = value.cls + " "
        return self.entries(value, level, indent, prefix)

    def prototype(self, value: JSObject, level: int, indent: int) -> str:
        """A prototype object: a class's shows as a plain object, a built-in one as node
        names it (`Object(0) []` for Array.prototype), when that is known."""
        ctor = value.props.get("constructor")
        if not isinstance(ctor, JSFunction) or hasattr(ctor, "node"):
            # util.inspect names it by the first constructor it is an instance of: a derived
            # class's prototype is an instance of its parent class
            above = value.proto.props.get("constructor") if value.proto is not None else None
            name = above.name if isinstance(above, JSFunction) else ""
            prefix = f"{name} " if name not in ("", "Object") else ""
            return self.entries(value, level, indent, prefix)
        known = _BUILTIN_PROTOS.get(ctor.name)
        if known is None:
            raise Unsupported(f"showing {ctor.name}.prototype")
        prefix = known
        text = self.entries(value, level, indent, prefix)
        if ctor.name == "Array":  # an array with no elements, its keys in brackets
            return prefix + "[" + text[len(prefix) + 1 : -1] + "]"
        return text

    def special(self, value: JSObject, level: int, indent: int) -> str | None:
        """Errors (their stack), promises (their state); None for other objects."""
        kind = type(value.internal).__name__
        if kind == "ErrorInfo":
            stack = value.props.get("stack")
            text = stack if isinstance(stack, str) else error_stack(value)
            extra = {k: v for k, v in value.props.items() if k not in ("message", "stack")
                     and not (k == "name" and isinstance(v, str) and v in text)}  # fmt: skip
            if level > self.depth:
                return "[" + text.split("\n", 1)[0] + "]"
            if not extra:
                return text
            return self.entries(JSObject(extra), level, indent, base=text)
        if kind == "PromiseState":
            state = value.internal
            if state.state == "pending":
                inner = "<pending>"
            else:
                shown = self.show(state.value, level + 1, indent + 2)
                inner = shown if state.state == "fulfilled" else f"<rejected> {shown}"
            return f"Promise {{ {inner} }}"
        if kind in ("Timer", "dict"):
            return None
        made = self.builtin(value, level, indent)
        if made is not None:
            return made
        raise Unsupported(f"showing a {value.cls or 'host'} object")

    def builtin(self, value: JSObject, level: int, indent: int) -> str | None:
        """A RegExp, Date, Map, Set, weak collection or iterator; None for other objects."""
        from dockersim.model.userland.programs.jscollections import Collection, Preview
        from dockersim.model.userland.programs.jsdate import DateState, iso_text
        from dockersim.model.userland.programs.jsiter import HostIterator
        from dockersim.model.userland.programs.jsregexp import RegExpState

        inner = value.internal
        if isinstance(inner, RegExpState):
            return inner.shown()
        if isinstance(inner, DateState):
            return "Invalid Date" if math.isnan(inner.time) else iso_text(inner.time)
        if isinstance(inner, Collection):
            kind = inner.kind
            if kind.startswith("Weak"):
                return f"{kind} {{ <items unknown> }}"
            if not inner.live:
                return f"{kind}(0) {{}}"
            if level > self.depth:
                return f"[{kind}]"
            out = []
            for key, item in inner.walk():
                shown = self.show(key, level + 1, indent + 2)
                if kind == "Map":
                    shown += " => " + self.show(item, level + 1, indent + 2)
                out.append(shown)
            return _reduce(out, f"{kind}({inner.live}) {{", "}", indent, True)
        if isinstance(inner, HostIterator):
            if not isinstance(inner.source, Preview):
                return f"Object [{inner.tag}] {{}}"
            items = [self.show(v, level + 1, indent + 2) for v in inner.source.rest()]
            return _reduce(items, f"{inner.tag} {{", "}", indent, True)
        return None

    def entries(
        self, value: JSArray | JSObject, level: int, indent: int, prefix: str = "", base: str = ""
    ) -> str:
        """The entries in brackets (`prefix` before the opening one: a class's name; `base`
        before them all: an error's stack)."""
        is_array = isinstance(value, JSArray)
        empty = not value.items if isinstance(value, JSArray) else not value.ordered_keys()
        if empty:
            return "[]" if is_array else prefix + "{}"
        if level > self.depth:
            return "[Array]" if is_array else f"[{prefix.strip() or 'Object'}]"
        if isinstance(value, JSArray):
            out, extra = self.items(value, level, indent)
            if isinstance(value, ExtraArray) and not extra:  # a match's index, input, groups
                out += [f"{_key(k)}: {self.show(v, level + 1, indent + 2)}"
                        for k, v in value.props.items()]  # fmt: skip
            entries = len(out) + bool(extra)
            grouped = out
            if entries > 6:
                grouped = _columns(out, indent, _numbers(value.items, entries), entries)
            lines = grouped + ([extra] if extra else [])
            return _reduce(lines, "[", "]", indent, single=grouped is out)
        out = [
            f"{_key(key)}: {self.show(value.props[key], level + 1, indent + 2)}"
            if type(value.props[key]).__name__ != "Accessor"
            else f"{_key(key)}: {_accessor(value.props[key])}"
            for key in value.ordered_keys()
        ]
        text = _reduce(out, prefix + "{", "}", indent, "\n" not in base, base)
        return f"{base} {text}" if base else text

    def items(self, array: JSArray, level: int, indent: int) -> tuple[list[str], str]:
        """The entries shown (holes in runs), and `... N more items` past the first 100."""
        out: list[str] = []
        items = array.items
        i = 0
        while i < len(items) and len(out) < MAX_ITEMS:
            if items[i] is HOLE:
                run = i
                while run < len(items) and items[run] is HOLE:
                    run += 1
                count = run - i
                out.append(f"<{count} empty item{'s' if count > 1 else ''}>")
                i = run
                continue
            out.append(self.show(items[i], level + 1, indent + 2))
            i += 1
        left = len(items) - i
        extra = f"... {left} more item{'s' if left > 1 else ''}" if left else ""
        return out, extra


def _function(fn: JSFunction) -> str:
    """How inspect names a function or a class."""
    kind = getattr(fn, "kind", "")
    if kind:
        parent = getattr(fn, "parent", None)
        base = f" extends {parent.name}" if isinstance(parent, JSFunction) else ""
        return f"[class {fn.name or '(anonymous)'}{base}]"
    flags: frozenset[str] = getattr(fn, "flags", frozenset())
    word = "AsyncFunction" if "async" in flags else "Function"
    return f"[{word}: {fn.name}]" if fn.name else f"[{word} (anonymous)]"


def _accessor(acc: Any) -> str:
    if acc.getter is not None and acc.setter is not None:
        return "[Getter/Setter]"
    return "[Getter]" if acc.getter is not None else "[Setter]"


def error_stack(error: JSObject) -> str:
    """An error's stack as V8 makes it: `Name: message` and the frames it captured."""
    proto: JSObject | None = error
    name: Any = "Error"
    while proto is not None:
        if "name" in proto.props:
            name = proto.props["name"]
            break
        proto = proto.proto
    message = error.props.get("message", "")
    if not isinstance(message, str):
        proto = error.proto
        message = ""
    header = f"{to_string(name)}: {to_string(message)}" if message else to_string(name)
    return header + str(getattr(error.internal, "frames", ""))


def _numbers(items: list[Any], count: int) -> bool:
    """Whether the first `count` slots all hold numbers (then columns align right)."""
    return all(i < len(items) and isinstance(items[i], float) for i in range(count))


def _columns(out: list[str], indent: int, numbers: bool, entries: int) -> list[str]:
    """Short entries laid out in rows of columns; `out` unchanged when they are not short
    enough or one column would do. `entries` counts a `... more items` line too."""
    sizes = [len(text) for text in out]
    total = sum(sizes) + 2 * len(out)
    cell = max(sizes) + 2
    if not (cell * 3 + indent < BREAK_LENGTH and (total / cell > 5 or cell - 2 <= 6)):
        return out
    bias = math.sqrt(cell - total / entries)
    biased = max(cell - 3 - bias, 1)
    square = math.floor(math.sqrt(2.5 * biased * len(out)) / biased + 0.5)
    columns = min(square, (BREAK_LENGTH - indent) // cell, 12, 15)
    if columns <= 1:
        return out
    widths = [max(sizes[c::columns]) + 2 for c in range(columns)]
    rows = []
    for first in range(0, len(out), columns):
        row = out[first : first + columns]
        cells = [
            (text + ", ").rjust(widths[c]) if numbers else (text + ", ").ljust(widths[c])
            for c, text in enumerate(row[:-1])
        ]
        last = row[-1]
        cells.append(last.rjust(widths[len(row) - 1] - 2) if numbers else last)
        rows.append("".join(cells))
    return rows


def _reduce(
    out: list[str], opening: str, closing: str, indent: int, single: bool, base: str = ""
) -> str:
    if single:
        start = len(out) + indent + len(opening) + len(base) + 10
        if start + len(out) + sum(len(text) for text in out) <= BREAK_LENGTH and not any(
            "\n" in text for text in out
        ):
            return f"{opening} {', '.join(out)} {closing}"
    pad = "\n" + " " * indent
    return f"{opening}{pad}  " + f",{pad}  ".join(out) + f"{pad}{closing}"


def inspect(value: Any, depth: int = 2, room: int = 1 << 62) -> str:
    """util.inspect(value); raises TooLong past `room` characters."""
    return _Inspector(depth, room).show(value, 0, 0)


def _specifier(kind: str, arg: Any, room: int) -> str:
    if kind == "s":
        if isinstance(arg, float):
            return show_number(arg)
        if isinstance(arg, (JSArray, JSObject, JSFunction)):
            return inspect(arg, 0, room)
        return to_string(arg)
    if kind == "d":
        return "NaN" if isinstance(arg, (JSArray, JSObject)) else show_number(to_number(arg))
    if kind == "i":
        return show_number(parse_int(to_string(arg), UNDEFINED))
    if kind == "f":
        return show_number(parse_float(to_string(arg)))
    if kind == "O":
        return inspect(arg, 2, room)
    if kind == "c":
        return ""
    raise Unsupported(f"console.log's %{kind}")


def format_args(args: list[Any], room: int = 1 << 62) -> str:
    """util.format: what console.log prints for its arguments (without the newline)."""
    if not args:
        return ""
    rest = list(args)
    parts: list[str] = []
    first = rest[0]
    if isinstance(first, str) and len(rest) > 1:
        rest.pop(0)
        out, i = [], 0
        while i < len(first):
            ch = first[i]
            kind = first[i + 1 : i + 2]
            if ch == "%" and kind == "%":
                out.append("%")
                i += 2
            elif ch == "%" and kind in ("s", "d", "i", "f", "j", "o", "O", "c") and rest:
                out.append(_specifier(kind, rest.pop(0), room))
                i += 2
            else:
                out.append(ch)
                i += 1
        parts.append("".join(out))
    for arg in rest:
        parts.append(arg if isinstance(arg, str) else inspect(arg, 2, room))
    return " ".join(parts)
