"""RegExp in the node evaluator: literals, the constructor, `exec`/`test` with `lastIndex`,
the flags' accessors, and the String methods that take a regular expression (`match`,
`matchAll`, `replace`, `replaceAll`, `split`, `search`) with `$1`, `$<name>`, `$&`, `` $` ``,
`$'` and function replacers. The patterns are jsrecompile's.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsfunc import Accessor
from dockersim.model.userland.programs.jsrecompile import compile_pattern, flag_error
from dockersim.model.userland.programs.jsrematch import (
    MAX_PROGRAM_STEPS,
    MAX_STEPS,
    Compiled,
    RegexSyntaxError,
    TooManySteps,
)
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    UNDEFINED,
    ExtraArray,
    JSArray,
    JSFunction,
    JSObject,
    JSSyntaxError,
    JSThrow,
    Unsupported,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter
    from dockersim.model.userland.programs.jssyntax import Node

FLAG_ORDER = "dgimsuvy"
_FLAG_NAMES = {"hasIndices": "d", "global": "g", "ignoreCase": "i", "multiline": "m",
               "dotAll": "s", "unicode": "u", "unicodeSets": "v", "sticky": "y"}  # fmt: skip
_cache: dict[tuple[str, str], Compiled] = {}
_spent: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()


class RegExpState:
    """What a RegExp keeps: its source, flags, compiled pattern and lastIndex."""

    __slots__ = ("compiled", "flags", "last_index", "source")

    def __init__(self, source: str, flags: str, compiled: Compiled) -> None:
        self.source = source
        self.flags = flags
        self.compiled = compiled
        self.last_index: Any = 0.0

    def shown(self) -> str:
        return f"/{escape_source(self.source)}/{self.flags}"


def escape_source(source: str) -> str:
    """EscapeRegExpPattern: `/` escaped outside classes, line breaks as escapes."""
    if not source:
        return "(?:)"
    out, in_class, i = [], False, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            out.append(source[i : i + 2])
            i += 2
            continue
        in_class = (in_class or ch == "[") and ch != "]"
        out.append({"/": "/" if in_class else "\\/", "\n": "\\n", "\r": "\\r",
                    "\u2028": "\\u2028", "\u2029": "\\u2029"}.get(ch, ch))  # fmt: skip
        i += 1
    return "".join(out)


def compiled_pattern(source: str, flags: str) -> Compiled:
    """A pattern compiled once (raises RegexSyntaxError or Unsupported)."""
    key = (source, flags)
    found = _cache.get(key)
    if found is None:
        if "v" in flags:
            raise Unsupported("the v flag of regular expressions")
        if "d" in flags:
            raise Unsupported("the d flag of regular expressions (match indices)")
        found = compile_pattern(source, flags)
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = found
    return found


def check_literal(source: str, flags: str, start: int, end: int) -> None:
    """A literal's early errors, as V8's parser reports them."""
    if flag_error(flags):
        raise JSSyntaxError("Invalid regular expression flags", start, end)
    try:
        compiled_pattern(source, flags)
    except RegexSyntaxError as exc:
        raise JSSyntaxError(f"Invalid regular expression: /{source}/{flags}: {exc}", start,
                            end) from None  # fmt: skip


def new_regexp(realm: Interpreter, source: str, flags: str) -> JSObject:
    if flag_error(flags):
        raise JSThrow("SyntaxError", f"Invalid flags supplied to RegExp constructor '{flags}'")
    try:
        compiled = compiled_pattern(source, flags)
    except RegexSyntaxError as exc:
        raise JSThrow(
            "SyntaxError", f"Invalid regular expression: /{source}/{flags}: {exc}"
        ) from None
    ordered = "".join(f for f in FLAG_ORDER if f in flags)
    state = RegExpState(source, ordered, compiled)
    return JSObject({}, proto=realm.protos["RegExp"], cls="RegExp", internal=state)


def regexp_literal(realm: Interpreter, node: Node) -> JSObject:
    """A regular expression literal's value: a new RegExp each time it is evaluated."""
    source, flags = node.a
    return new_regexp(realm, source, flags)


def state_of(value: Any) -> RegExpState | None:
    if isinstance(value, JSObject) and isinstance(value.internal, RegExpState):
        return value.internal
    return None


def _budget(realm: Interpreter) -> list[int]:
    left = _spent.setdefault(realm, [MAX_PROGRAM_STEPS])
    return [min(MAX_STEPS, left[0])]


def _charge(realm: Interpreter, budget: list[int], start: int) -> None:
    left = _spent.setdefault(realm, [MAX_PROGRAM_STEPS])
    left[0] -= start - budget[0]
    realm.tick()


def _search(realm: Interpreter, rx: RegExpState, text: str, at: int, sticky: bool,
            budget: list[int]) -> list[int] | None:  # fmt: skip
    start = budget[0]
    try:
        return rx.compiled.search(text, at, sticky, budget)
    except TooManySteps:
        raise Unsupported(f"a regular expression match of more than {MAX_STEPS} backtracking "
                          "steps (node may take very long)") from None  # fmt: skip
    finally:
        _charge(realm, budget, start)


def _to_length(value: Any) -> int:
    n = to_number(value)
    return 0 if n != n or n <= 0 else int(min(n, 2**53 - 1))


def exec_caps(realm: Interpreter, rx: RegExpState, text: str,
              budget: list[int] | None = None) -> list[int] | None:  # fmt: skip
    """RegExpBuiltinExec's match (capture positions), with lastIndex read and set."""
    budget = budget if budget is not None else _budget(realm)
    moving = "g" in rx.flags or "y" in rx.flags
    last = _to_length(rx.last_index) if moving else 0
    if last > len(text):
        rx.last_index = 0.0
        return None
    caps = _search(realm, rx, text, last, "y" in rx.flags, budget)
    if caps is None:
        if moving:
            rx.last_index = 0.0
        return None
    if moving:
        rx.last_index = float(caps[1])
    return caps


def match_array(rx: RegExpState, text: str, caps: list[int]) -> ExtraArray:
    """exec's result: the match and its groups, with index, input and groups."""
    items = [
        UNDEFINED if caps[2 * g] < 0 else text[caps[2 * g] : caps[2 * g + 1]]
        for g in range(rx.compiled.groups + 1)
    ]
    groups: Any = UNDEFINED
    if rx.compiled.names:
        groups = JSObject({name: items[index] for name, index in rx.compiled.names.items()},
                          cls="[Object: null prototype]")  # fmt: skip
    out = ExtraArray(items)
    out.props.update(index=float(caps[0]), input=text, groups=groups)
    return out


def exec_(realm: Interpreter, rx: RegExpState, text: str) -> Any:
    caps = exec_caps(realm, rx, text)
    return NULL if caps is None else match_array(rx, text, caps)


def install_regexp(realm: Interpreter) -> None:
    """RegExp and RegExp.prototype in a realm."""
    proto = JSObject({}, cls="<prototype>")
    realm.protos["RegExp"] = proto

    def this_state(this: Any, name: str) -> RegExpState:
        rx = state_of(this)
        if rx is None:
            raise JSThrow("TypeError", f"RegExp.prototype.{name} requires that 'this' be an "
                          "Object" if not isinstance(this, JSObject) else
                          f"Method RegExp.prototype.{name} called on incompatible receiver "
                          f"{realm.shown(this)}")  # fmt: skip
        return rx

    def method(name: str, fn: Any) -> None:
        proto.props[name] = JSFunction(name, method=lambda this, args: fn(
            this_state(this, name), args))  # fmt: skip

    def arg_text(args: list[Any]) -> str:
        return to_string(args[0] if args else UNDEFINED)

    method("exec", lambda rx, args: exec_(realm, rx, arg_text(args)))
    method("test", lambda rx, args: exec_caps(realm, rx, arg_text(args)) is not None)
    proto.props["toString"] = JSFunction("toString", method=lambda this, args: (
        this_state(this, "toString").shown()))  # fmt: skip

    def flag(letter: str) -> Any:
        return lambda this, args: letter in this_state(this, "flags").flags

    for name, letter in _FLAG_NAMES.items():
        proto.props[name] = Accessor(JSFunction(name, method=flag(letter)))
    proto.props["source"] = Accessor(JSFunction("source", method=lambda this, args: (
        escape_source(this_state(this, "source").source))))  # fmt: skip
    proto.props["flags"] = Accessor(JSFunction("flags", method=lambda this, args: (
        this_state(this, "flags").flags)))  # fmt: skip

    def set_last(this: Any, args: list[Any]) -> Any:
        this_state(this, "lastIndex").last_index = args[0] if args else UNDEFINED
        return UNDEFINED

    proto.props["lastIndex"] = Accessor(
        JSFunction("lastIndex", method=lambda this, args: this_state(this, "lastIndex").last_index),
        JSFunction("lastIndex", method=set_last),
    )

    def construct(this: Any, args: list[Any]) -> Any:
        pattern = args[0] if args else UNDEFINED
        flags = args[1] if len(args) > 1 else UNDEFINED
        given = state_of(pattern)
        if given is not None:
            source = given.source
            flag_text = given.flags if flags is UNDEFINED else to_string(flags)
        else:
            source = "" if pattern is UNDEFINED else to_string(pattern)
            flag_text = "" if flags is UNDEFINED else to_string(flags)
        return new_regexp(realm, source, flag_text)

    ctor = JSFunction("RegExp", lambda args: construct(UNDEFINED, args), method=construct,
                      props={"prototype": proto})  # fmt: skip
    proto.props["constructor"] = ctor
    realm.builtins["RegExp"] = ctor


# --- the String methods ---------------------------------------------------------------------
def substitute(replacement: str, matched: str, text: str, position: int, groups: list[Any],
               named: Any) -> str:  # fmt: skip
    """GetSubstitution: `$$ $& $\\` $' $n $nn $<name>` in a replacement string."""
    out, i, size = [], 0, len(replacement)
    while i < size:
        ch = replacement[i]
        nxt = replacement[i + 1 : i + 2]
        if ch != "$" or not nxt:
            out.append(ch)
            i += 1
        elif nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "&":
            out.append(matched)
            i += 2
        elif nxt == "`":
            out.append(text[:position])
            i += 2
        elif nxt == "'":
            out.append(text[position + len(matched) :])
            i += 2
        elif nxt.isdigit() and nxt.isascii():
            two = replacement[i + 1 : i + 3]
            if len(two) == 2 and two.isdigit() and two.isascii() and 1 <= int(two) <= len(groups):
                index, i = int(two), i + 3
            elif 1 <= int(nxt) <= len(groups):
                index, i = int(nxt), i + 2
            else:
                out.append("$")
                i += 1
                continue
            value = groups[index - 1]
            out.append("" if value is UNDEFINED else to_string(value))
        elif nxt == "<" and named is not UNDEFINED:
            end = replacement.find(">", i + 2)
            if end < 0:
                out.append("$<")
                i += 2
                continue
            value = named.props.get(replacement[i + 2 : end], UNDEFINED)
            out.append("" if value is UNDEFINED else to_string(value))
            i = end + 1
        else:
            out.append("$")
            i += 1
    return "".join(out)


def regexp_replace(realm: Interpreter, text: str, rx: RegExpState, value: Any, every: bool) -> str:
    """String.prototype.replace / replaceAll with a RegExp."""
    is_global = "g" in rx.flags
    if every and not is_global:
        raise JSThrow("TypeError", "replaceAll must be called with a global RegExp")
    budget = _budget(realm)
    found: list[list[int]] = []
    if is_global:
        rx.last_index = 0.0
    while True:
        caps = exec_caps(realm, rx, text, budget)
        if caps is None:
            break
        found.append(list(caps))
        if not is_global:
            break
        if caps[1] == caps[0]:
            rx.last_index = float(_to_length(rx.last_index) + 1)
    out, last = [], 0
    for caps in found:
        array = match_array(rx, text, caps)
        matched, position = array.items[0], caps[0]
        groups, named = array.items[1:], array.props["groups"]
        if isinstance(value, JSFunction):
            args = [matched, *groups, float(position), text]
            if named is not UNDEFINED:
                args.append(named)
            piece = to_string(realm.call_sync(value, UNDEFINED, args))
        else:
            piece = substitute(to_string(value), matched, text, position, groups, named)
        if position >= last:
            out += [text[last:position], piece]
            last = caps[1]
    out.append(text[last:])
    return realm.string("".join(out))


def regexp_split(realm: Interpreter, text: str, rx: RegExpState, limit: Any) -> JSArray:
    """String.prototype.split with a RegExp (its captures go into the result)."""
    most = 2**32 - 1 if limit is UNDEFINED else int(to_number(limit)) & 0xFFFFFFFF
    if most == 0:
        return JSArray([])
    budget = _budget(realm)
    if not text:
        return JSArray([] if _search(realm, rx, text, 0, True, budget) is not None else [text])
    out: list[Any] = []
    start = at = 0
    while at < len(text):
        caps = _search(realm, rx, text, at, True, budget)
        end = -1 if caps is None else min(caps[1], len(text))
        if caps is None or end == start:
            at += 1
            continue
        out.append(text[start:at])
        if len(out) == most:
            return JSArray(out)
        for g in range(1, rx.compiled.groups + 1):
            out.append(UNDEFINED if caps[2 * g] < 0 else text[caps[2 * g] : caps[2 * g + 1]])
            if len(out) == most:
                return JSArray(out)
        start = at = end
    out.append(text[start:])
    return JSArray(out)


def string_regexp_methods(realm: Interpreter) -> dict[str, Any]:
    """`match`, `matchAll` and `search`, for jsmethods' table of string methods."""
    from dockersim.model.userland.programs.jsiter import make_iterator

    def coerce(value: Any, flags: str = "") -> RegExpState:
        rx = state_of(value)
        if rx is not None:
            return rx
        made = new_regexp(realm, "(?:)" if value is UNDEFINED else to_string(value), flags)
        assert isinstance(made.internal, RegExpState)
        return made.internal

    def match(text: str, args: list[Any]) -> Any:
        rx = coerce(args[0] if args else UNDEFINED)
        if "g" not in rx.flags:
            return exec_(realm, rx, text)
        rx.last_index = 0.0
        budget, found = _budget(realm), []
        while (caps := exec_caps(realm, rx, text, budget)) is not None:
            found.append(text[caps[0] : caps[1]])
            if caps[1] == caps[0]:
                rx.last_index = float(_to_length(rx.last_index) + 1)
        return JSArray(found) if found else NULL

    def match_all(text: str, args: list[Any]) -> Any:
        given = args[0] if args else UNDEFINED
        if state_of(given) is not None and "g" not in state_of(given).flags:  # type: ignore[union-attr]
            raise JSThrow("TypeError", "String.prototype.matchAll called with a non-global "
                          "RegExp argument")  # fmt: skip
        rx = coerce(given, "g")
        clone = RegExpState(rx.source, rx.flags, rx.compiled)
        clone.last_index = rx.last_index

        def results() -> Iterator[Any]:
            while (caps := exec_caps(realm, clone, text)) is not None:
                yield match_array(clone, text, caps)
                if caps[1] == caps[0]:
                    clone.last_index = float(_to_length(clone.last_index) + 1)

        return make_iterator(realm, results(), "RegExp String Iterator")

    def search(text: str, args: list[Any]) -> Any:
        rx = coerce(args[0] if args else UNDEFINED)
        caps = _search(realm, rx, text, 0, "y" in rx.flags, _budget(realm))
        return -1.0 if caps is None else float(caps[0])

    return {"match": match, "matchAll": match_all, "search": search}
