"""The pieces `worldcheck` checks a saved world with: `InvalidWorld`, which names the field
by its path, and small checks that compose (`integer`, `record`, `mapping`, `list_of`, ...)
with the value checks the document needs (times, digests, paths, addresses, base64).
"""

from __future__ import annotations

import binascii
import ipaddress
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from dockersim.errors import StateError
from dockersim.model.fs import normalize

#: A field's place in the document: record fields and list indexes, and `Key`s of mappings.
Path = tuple["str | int | Key", ...]
#: The same place as the walk builds it, one pair per step: `()` or `(parent chain, step)`
#: (cheaper than copying a tuple at every node; `flat` makes a Path of it for a message).
Chain = tuple[Any, ...]
Check = Callable[[Any, Chain], None]

#: Times are seconds since 1970 and stay before the year 3000, so no clock read overflows.
MAX_TIME = 32503680000.0
INT64 = 2**63 - 1
INT32 = 2**31 - 1
UINT32 = 2**32 - 1


class Key(str):
    """A mapping key in a `Path` (shown as `["key"]`, unlike a record field)."""


class InvalidWorld(StateError):
    """A saved world that cannot be read: `field` is its path, `problem` what is wrong."""

    def __init__(self, path: Path, problem: str) -> None:
        self.field = format_path(path)
        self.problem = problem
        super().__init__(f"{self.field}: {problem}" if self.field else problem)


def flat(chain: Chain) -> Path:
    steps: list[str | int | Key] = []
    while chain:
        chain, step = chain
        steps.append(step)
    return tuple(reversed(steps))


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, Key):
            out += f"[{_quote(part, 40)}]"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _quote(text: str, limit: int) -> str:
    shown = json.dumps(text[:limit], ensure_ascii=False)
    return shown[:-1] + '…"' if len(text) > limit else shown


def describe(value: object) -> str:
    """A JSON value as an error names it: `"x"`, `12`, `null`, `a list`, `an object`."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return _quote(value, 40)
    if isinstance(value, int):
        text = str(value)
        return text if len(text) <= 24 else f"a {len(text)}-digit number"
    if isinstance(value, float):
        return json.dumps(value)  # NaN, Infinity and -Infinity as the file spells them
    if isinstance(value, ARRAYS):
        count = len(value)
        return f"a list of {count} item{'s' if count > 1 else ''}" if value else "an empty list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def fail(path: Chain, expected: str, value: object) -> InvalidWorld:
    return InvalidWorld(flat(path), f"expected {expected}, got {describe(value)}")


# --- combinators ------------------------------------------------------------------------------


def integer(lo: int = 0, hi: int = INT64) -> Check:
    def check(value: Any, path: Chain) -> None:
        if type(value) is not int:
            raise fail(path, "an integer", value)
        if not lo <= value <= hi:
            raise fail(path, f"an integer from {lo} to {hi}", value)

    return check


def number(lo: float = 0.0, hi: float = MAX_TIME, what: str = "a number") -> Check:
    def check(value: Any, path: Chain) -> None:
        if type(value) not in (int, float):
            raise fail(path, what, value)
        if not (math.isfinite(value) and lo <= value <= hi):
            raise fail(path, f"{what} from {_bound(lo)} to {_bound(hi)}", value)

    return check


def _bound(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def boolean(value: Any, path: Chain) -> None:
    if type(value) is not bool:
        raise fail(path, "true or false", value)


def _utf8(text: str, path: Chain) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidWorld(flat(path), "not valid UTF-8 (an unpaired surrogate)") from None


def string(value: Any, path: Chain) -> None:
    if type(value) is not str:
        raise fail(path, "a string", value)
    if not value.isascii():
        _utf8(value, path)


def pattern(regex: str, what: str) -> Check:
    compiled = re.compile(regex, re.ASCII)

    def check(value: Any, path: Chain) -> None:
        string(value, path)
        if compiled.fullmatch(value) is None:
            raise fail(path, what, value)

    return check


def one_of(*choices: str) -> Check:
    what = " or ".join(json.dumps(c) for c in choices)

    def check(value: Any, path: Chain) -> None:
        if value not in choices or type(value) is not str:
            raise fail(path, what, value)

    return check


def nullable(inner: Check) -> Check:
    def check(value: Any, path: Chain) -> None:
        if value is not None:
            inner(value, path)

    return check


#: What a JSON array is in Python: a list once read from text; `World.to_json()` itself (an
#: in-memory copy, `Engine.from_json(engine.to_json())`) also holds tuples.
ARRAYS = (list, tuple)


def list_of(item: Check) -> Check:
    def check(value: Any, path: Chain) -> None:
        if type(value) not in ARRAYS:
            raise fail(path, "a list", value)
        for index, element in enumerate(value):
            item(element, (path, index))

    return check


def mapping(item: Check, key: Check = string) -> Check:
    def check(value: Any, path: Chain) -> None:
        if type(value) is not dict:
            raise fail(path, "an object", value)
        for name, element in value.items():
            here = (path, Key(name))
            key(name, here)
            item(element, here)

    return check


def record(required: Mapping[str, Check], optional: Mapping[str, Check] | None = None) -> Check:
    """An object with these fields (the optional ones may be left out; no others)."""
    fields = {**(optional or {}), **required}

    def check(value: Any, path: Chain) -> None:
        if type(value) is not dict:
            raise fail(path, "an object", value)
        for name in required:
            if name not in value:
                raise InvalidWorld(flat(path), f"missing field {json.dumps(name)}")
        for name, element in value.items():
            inner = fields.get(name)
            if inner is None:
                raise InvalidWorld(flat(path), f"unknown field {_quote(name, 40)}")
            inner(element, (path, name))

    return check


def row(*items: Check) -> Check:
    """A fixed-length list (`[host IP, host port, container port, protocol]`)."""

    def check(value: Any, path: Chain) -> None:
        if type(value) not in ARRAYS or len(value) != len(items):
            raise fail(path, f"a list of {len(items)} items", value)
        for index, (item, element) in enumerate(zip(items, value, strict=True)):
            item(element, (path, index))

    return check


# --- values -----------------------------------------------------------------------------------

time = number(0.0, MAX_TIME, "a time in seconds since 1970")
digest = pattern(r"sha256:[a-f0-9]{64}", "a sha256 digest (sha256: and 64 hex digits)")
hex_id = pattern(r"[a-f0-9]{64}", "an ID of 64 hex digits")
network_id = pattern(r"[a-z0-9]{1,64}", "a network ID (lowercase letters and digits)")
port = integer(0, 65535)
strings = list_of(string)
labels = mapping(string)


def base64_text(value: Any, path: Chain) -> None:
    string(value, path)
    try:
        binascii.a2b_base64(value, strict_mode=True)
    except (binascii.Error, ValueError):
        raise fail(path, "base64 text", value) from None


def abs_path(value: Any, path: Chain) -> None:
    string(value, path)
    if "\0" in value or normalize(value) != value:
        raise fail(path, "a normalised absolute path", value)


def ipv4(value: Any, path: Chain) -> None:
    string(value, path)
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise fail(path, "an IPv4 address", value) from None


def optional_ipv4(value: Any, path: Chain) -> None:
    string(value, path)
    if value:
        ipv4(value, path)


def subnet(value: Any, path: Chain) -> None:
    string(value, path)
    if value:
        try:
            ipaddress.IPv4Network(value)
        except ValueError:
            raise fail(path, "an IPv4 subnet (like 172.18.0.0/16)", value) from None


def rfc3339(value: Any, path: Chain) -> None:
    string(value, path)
    if value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            moment.timestamp()
        except (ValueError, OverflowError, OSError):
            raise fail(path, "an RFC 3339 time", value) from None


def exposed_port(value: Any, path: Chain) -> None:
    """`80/tcp`, `53/udp` (what `ExposedPorts` and `EXPOSE` hold)."""
    string(value, path)
    number_, _, proto = value.partition("/")
    if not (number_.isascii() and number_.isdigit() and len(number_) <= 5) or int(number_) > 65535:
        raise fail(path, "a port like 80/tcp", value)
    if proto not in ("", "tcp", "udp", "sctp"):
        raise fail(path, "a port like 80/tcp", value)


def file_entry(value: Any, path: Chain) -> None:
    """`[path, kind, mode, uid, gid, base64 content, symlink target]`."""
    _entry(value, path)


_entry = row(
    abs_path,
    one_of("file", "dir", "symlink", "whiteout", "opaque"),
    integer(0, 0o177777),
    integer(0, UINT32),
    integer(0, UINT32),
    base64_text,
    string,
)
entries = list_of(file_entry)


def absolute(value: Any, path: Chain) -> None:
    string(value, path)
    if not value.startswith("/") or "\0" in value:
        raise fail(path, "an absolute path", value)


def name(value: Any, path: Chain) -> None:
    """A non-empty name (of a network or a host: docker accepts any text)."""
    string(value, path)
    if not value:
        raise fail(path, "a name", value)


def signal_name(value: Any, path: Chain) -> None:
    """A stop signal as the user gave it (`SIGTERM`, `15`, `KILL`)."""
    string(value, path)
    if value.isdigit() and not value.isascii():
        raise fail(path, "a signal name like SIGTERM", value)


host_name = name
container_name = pattern(r"/[a-zA-Z0-9][a-zA-Z0-9_.-]+", "a container name like /web")


#: how deeply a saved program state (a terminal's `state`) may nest
MAX_JSON_DEPTH = 32


def json_value(value: Any, path: Chain) -> None:
    """Any JSON value (a saved program's own state), nested at most MAX_JSON_DEPTH deep;
    the program that reads it checks its fields."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise fail(path, f"JSON nested at most {MAX_JSON_DEPTH} deep", item)
        if isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise fail(path, "JSON object keys that are strings", key)
                stack.append((inner, depth + 1))
        elif isinstance(item, list):
            stack.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, str):
            _utf8(item, path)
        elif not (item is None or isinstance(item, (bool, int, float))):
            raise fail(path, "a JSON value", item)
