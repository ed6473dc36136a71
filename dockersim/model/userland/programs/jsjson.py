"""JSON.parse and JSON.stringify for the node evaluator, with V8's error sentences."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    number_text,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

#: how deeply JSON.parse nests (V8 has no such limit below its stack; this is the simulator's)
MAX_NESTING = 500


def _value(data: Any) -> Any:
    if data is None:
        return NULL
    if isinstance(data, bool | str):
        return data
    if isinstance(data, int | float):
        return float(data)
    if isinstance(data, list):
        return JSArray([_value(v) for v in data])
    return JSObject({str(k): _value(v) for k, v in data.items()})


def json_parse(realm: Interpreter, text: str) -> Any:
    """JSON.parse(text); a SyntaxError worded as V8 11 words it."""
    realm.string(text)
    try:
        data = json.loads(text, parse_constant=lambda name: _bad(text, text.find(name)))
    except json.JSONDecodeError as exc:
        _bad(text, exc.pos)
    except RecursionError:
        raise JSThrow("RangeError", "Maximum call stack size exceeded") from None
    return _value(data)


def _bad(text: str, pos: int) -> Any:
    """V8's sentence for JSON it cannot read at `pos`."""
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    if pos >= len(text):
        raise JSThrow("SyntaxError", "Unexpected end of JSON input")
    shown = text if len(text) <= 10 else None
    token = text[pos]
    if shown is not None:
        raise JSThrow("SyntaxError", f"Unexpected token '{token}', \"{shown}\" is not valid JSON")
    start = max(0, pos - 10)
    end = min(len(text), pos + 10)
    around = ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")
    raise JSThrow("SyntaxError", f"Unexpected token '{token}', \"{around}\" is not valid JSON")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def json_stringify(realm: Interpreter, value: Any, replacer: Any, space: Any) -> Any:
    """JSON.stringify(value, replacer, space): undefined for what JSON cannot hold."""
    if isinstance(space, float):
        indent = " " * max(0, min(10, int(space)))
    elif isinstance(space, str):
        indent = space[:10]
    else:
        indent = ""
    keep = None
    if isinstance(replacer, JSArray):
        keep = [to_string(k) for k in replacer.items]
    seen: list[int] = []

    def show(item: Any, holder_key: str, level: int) -> str | None:
        if isinstance(item, JSObject) and not item.tag:
            to_json = realm.get(item, "toJSON", 0)
            if isinstance(to_json, JSFunction):
                item = realm.call_sync(to_json, item, [holder_key])
        if item is NULL:
            return "null"
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, str):
            return _quote(item)
        if isinstance(item, float):
            return number_text(item) if math.isfinite(item) else "null"
        if item is UNDEFINED or isinstance(item, JSFunction):
            return None
        if id(item) in seen:
            raise JSThrow("TypeError", "Converting circular structure to JSON")
        seen.append(id(item))
        inner = "\n" + indent * (level + 1) if indent else ""
        outer = "\n" + indent * level if indent else ""
        try:
            if isinstance(item, JSArray):
                parts = [show(v if v is not HOLE else UNDEFINED, str(i), level + 1) or "null"
                         for i, v in enumerate(item.items)]  # fmt: skip
                if not parts:
                    return "[]"
                return "[" + inner + ("," + inner).join(parts) + outer + "]"
            if isinstance(item, JSObject) and (item.tag or item.opaque):
                return "{}"
            if item is realm.protos.get("Array"):  # an array with no elements
                return "[]"
            from dockersim.model.userland.programs.jsvalues import ErrorInfo

            keys = item.ordered_keys()
            if isinstance(item.internal, ErrorInfo):
                keys = [k for k in keys if k not in ("message", "stack")]
            pairs = []
            for key in keys if keep is None else [k for k in keep if k in item.props]:
                shown = show(realm.get(item, key, 0), key, level + 1)
                if shown is not None:
                    pairs.append(_quote(key) + (": " if indent else ":") + shown)
            if not pairs:
                return "{}"
            return "{" + inner + ("," + inner).join(pairs) + outer + "}"
        finally:
            seen.pop()

    try:
        out = show(value, "", 0)
    except RecursionError:
        raise JSThrow("RangeError", "Maximum call stack size exceeded") from None
    return UNDEFINED if out is None else realm.string(out)


def number_value(value: Any) -> float:
    return to_number(value)
