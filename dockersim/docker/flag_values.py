"""Flag values as pflag and docker's `opts` convert them: Go's strconv, durations, byte sizes,
CPU decimals, ulimits, IPs, and docker's list validators (texts as the real CLI prints them)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from dockersim.docker.help import quote
from dockersim.docker.spec import FlagSpec

_INTS = {"int": (64, True), "int64": (64, True), "int32": (32, True), "int16": (16, True),
         "int8": (8, True), "uint": (64, False), "uint64": (64, False), "uint32": (32, False),
         "uint16": (16, False), "uint8": (8, False)}  # fmt: skip
_LISTS = frozenset({
    "list", "filter", "ulimit", "stringSlice", "stringArray", "ipSlice", "ipNetSlice",
    "network", "mount", "gpu-request", "external-ca", "port", "secret", "config", "pref",
})  # fmt: skip
_DURATION_UNITS = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9,
                   "m": 60 * 10**9, "h": 3600 * 10**9}  # fmt: skip
_BINARY = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
_ULIMITS = frozenset({
    "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc",
    "rss", "rtprio", "rttime", "sigpending", "stack",
})  # fmt: skip
_SYSCTLS = frozenset({
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
    "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
})  # fmt: skip
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?\d+/\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity|nan)", re.I)


class BadValue(Exception):
    """A Value.Set error: its text follows `invalid argument "x" for "--flag" flag: `."""


def _syntax(func: str, text: str, why: str = "invalid syntax") -> BadValue:
    return BadValue(f"strconv.{func}: parsing {quote(text)}: {why}")


def go_int(text: str, bits: int = 64, signed: bool = True, base: int = 0) -> int:
    """strconv.ParseInt / ParseUint (base 0: 0x, 0o, 0b and 0 prefixes, `_` separators)."""
    func = "ParseInt" if signed else "ParseUint"
    body, sign = text, 1
    if signed and body[:1] in ("+", "-"):
        sign, body = (-1 if body[0] == "-" else 1), body[1:]
    digits, radix = body, 10
    if base == 0 and body[:2].lower() in ("0x", "0o", "0b"):
        radix, digits = {"x": 16, "o": 8, "b": 2}[body[1].lower()], body[2:]
    elif base == 0 and body[:1] == "0" and len(body) > 1:
        radix, digits = 8, body[1:]
    if base == 0 and radix != 10 and digits.startswith("_"):
        digits = digits[1:]
    bad_underscore = digits.startswith("_") or digits.endswith("_") or "__" in digits
    if not digits or (base != 0 and "_" in digits) or bad_underscore:
        raise _syntax(func, text)
    if not re.fullmatch(r"[0-9a-fA-F_]+", digits):
        raise _syntax(func, text)
    try:
        value = sign * int(digits.replace("_", ""), radix)
    except ValueError:
        raise _syntax(func, text) from None
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not low <= value <= high:
        raise _syntax(func, text, "value out of range")
    return value


def go_float(text: str) -> float:
    """strconv.ParseFloat(text, 64)."""
    if not _FLOAT.fullmatch(text):
        raise _syntax("ParseFloat", text)
    value = float(text)
    if value in (float("inf"), float("-inf")) and "inf" not in text.lower():
        raise _syntax("ParseFloat", text, "value out of range")
    return value


def go_bool(text: str) -> bool:
    """strconv.ParseBool."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise _syntax("ParseBool", text)


def go_duration(text: str) -> int:
    """time.ParseDuration, in nanoseconds: `[-+]?([0-9]*(\\.[0-9]*)?[a-z]+)+` or `0`."""
    body, negative = text, text[:1] == "-"
    if body[:1] in ("+", "-"):
        body = body[1:]
    if body == "0":
        return 0
    if not body:
        raise BadValue(f"time: invalid duration {quote(text)}")
    from fractions import Fraction  # (exact sums, as Go's int64 nanoseconds; imported when used)

    total = Fraction(0)
    while body:
        number = re.match(r"([0-9]*)(?:\.([0-9]*))?", body)
        assert number is not None
        whole, frac = number.group(1), number.group(2)
        if not whole and not frac:
            raise BadValue(f"time: invalid duration {quote(text)}")
        body = body[number.end() :]
        unit = re.match(r"[^0-9.]*", body)
        name = unit.group() if unit else ""
        if not name:
            raise BadValue(f"time: missing unit in duration {quote(text)}")
        if name not in _DURATION_UNITS:
            raise BadValue(f"time: unknown unit {quote(name)} in duration {quote(text)}")
        body = body[len(name) :]
        amount = int(whole or "0") + (Fraction(int(frac), 10 ** len(frac)) if frac else 0)
        total += amount * _DURATION_UNITS[name]
    if total > (1 << 63) - (0 if negative else 1):
        raise BadValue(f"time: invalid duration {quote(text)}")
    return -int(total) if negative else int(total)


def ram_in_bytes(text: str) -> int:
    """go-units RAMInBytes: `1g`, `512m`, `1.5GiB`, `100` (bytes)."""
    sep = max(text.rfind(ch) for ch in "0123456789. ")
    if sep == -1:
        raise BadValue(f"invalid size: '{text}'")
    num, suffix = (
        (text[: sep + 1], text[sep + 1 :]) if text[sep] != " " else (text[:sep], text[sep + 1 :])
    )
    size = go_float(num)
    if size < 0:
        raise BadValue(f"invalid size: '{text}'")
    if not suffix:
        return int(size)
    if len(suffix) > 3:
        raise BadValue(f"invalid suffix: '{suffix}'")
    low = suffix.lower()
    if low[0] == "b" and len(low) == 1:
        return int(size)
    if low[0] not in _BINARY or low[1:] not in ("", "b", "ib"):
        raise BadValue(f"invalid suffix: '{low}'")
    return int(size * _BINARY[low[0]])


def _ip(text: str) -> str | None:
    """net.ParseIP, as Go prints it back (`::ffff:1.2.3.4` is `1.2.3.4`), or None."""
    if "%" in text:
        return None
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(addr, "ipv4_mapped", None)
    return str(mapped or addr)


def read_csv(text: str) -> list[str]:
    """pflag's readAsCSV: the first record of `text` read as CSV (quote errors are not
    reproduced: quotes are read as Python's csv module reads them, with no field size limit,
    and a carriage return inside a field kept as Go's encoding/csv keeps it).

    Grammar: ``field ("," field)*``; a field that starts with ``"`` is quoted up to the next
    lone ``"`` (``""`` is a quote); the first line ends the record.
    """
    line = text.split("\n", 1)[0].removesuffix("\r")
    if not line:
        return []
    fields: list[str] = []
    field: list[str] = []
    quoted = False  # inside a quoted part of the field
    after_quote = False  # just read a `"` inside a quoted part
    start = True  # at the start of a field
    for char in line:
        if quoted:
            if after_quote:
                after_quote = False
                if char == '"':
                    field.append(char)
                    continue
                quoted = False  # the quote closed the quoted part
            elif char == '"':
                after_quote = True
                continue
            else:
                field.append(char)
                continue
        if char == ",":
            fields.append("".join(field))
            field, start = [], True
        elif char == '"' and start:
            quoted, start = True, False
        else:
            field.append(char)
            start = False
    fields.append("".join(field))
    return fields


def _validate(name: str, value: str, current: Any) -> str:
    """docker's ListOpts/MapOpts validators (opts/opts.go, opts/env.go, opts/hosts.go)."""
    if name == "attach":
        if value.lower() not in ("stdin", "stdout", "stderr"):
            raise BadValue("valid streams are STDIN, STDOUT and STDERR")
        return value.lower()
    if name == "env" and not value.partition("=")[0]:
        raise BadValue(f"invalid environment variable: {value}")
    if name == "label":
        key = value.partition("=")[0].lstrip(" \t")
        if not key:
            raise BadValue(f"invalid label '{value}': empty name")
        if " " in key or "\t" in key:
            raise BadValue(f"label '{key}' contains whitespaces")
    if name == "ip_address":
        ip = _ip(value.strip())
        if ip is None:
            raise BadValue(f"IP address is not correctly formatted: {value}")
        return ip
    if name == "extra_host":
        key, sep, addr = value.partition("=")
        if not sep:
            key, sep, addr = value.partition(":")
        if not sep or not key or ":" in key:
            raise BadValue(f"bad format for add-host: {quote(value)}")
        if addr != "host-gateway":
            if len(addr) > 2 and addr[0] == "[" and addr[-1] == "]":
                addr = addr[1:-1]
            if _ip(addr.strip()) is None:
                raise BadValue(f"invalid IP address in add-host: {quote(addr)}")
        return f"{key}:{addr}"
    if name == "link":
        if not value:
            raise BadValue("empty string specified for links")
        if value.count(":") > 1:
            raise BadValue(f"bad format for links: {value}")
    if name == "sysctl":
        key, sep, _ = value.partition("=")
        ok = key in _SYSCTLS or key.startswith(("net.", "fs.mqueue."))
        if not sep or not key or not ok:
            raise BadValue(f"sysctl '{value}' is not allowed")
    if name == "host_once" and current:
        raise BadValue("specify only one -H")
    return value


def _ulimit(value: str) -> str:
    """go-units ParseUlimit: `name=soft[:hard]`."""
    name, sep, limits = value.partition("=")
    if not sep:
        raise BadValue(f"invalid ulimit argument: {value}")
    if name not in _ULIMITS:
        raise BadValue(f"invalid ulimit type: {name}")
    parts = limits.split(":")
    if len(parts) > 2:
        raise BadValue(
            f"too many limit value arguments - {limits}, can only have up to two, `soft[:hard]`"
        )
    soft = go_int(parts[0], base=10)
    hard = go_int(parts[1], base=10) if len(parts) == 2 else soft
    if hard != -1 and soft == -1:
        raise BadValue(
            "ulimit soft limit must be less than or equal to hard limit: "
            f"soft: -1 (unlimited), hard: {hard}"
        )
    if hard != -1 and soft > hard:
        raise BadValue(
            f"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}"
        )
    return value


def _decimal(text: str) -> int:
    """opts.ParseCPUs: a big.Rat, in nano-CPUs."""
    if not _DECIMAL.fullmatch(text) or text.endswith("/0"):
        raise BadValue(f"failed to parse {text} as a rational number")
    from fractions import Fraction

    nano = Fraction(text) * 10**9
    if nano.denominator != 1:
        raise BadValue("value is too precise")
    return int(nano)


def initial(flag: FlagSpec) -> Any:
    """The typed value of a flag's default."""
    kind, text = flag.type, flag.default
    if kind == "bool":
        return text == "true"
    if kind in _INTS:
        return int(text)
    if kind.startswith("float"):
        return float(text)
    if kind == "duration":
        return go_duration(text)
    if kind in ("bytes", "decimal"):
        return 0
    if kind in ("map", "stringToString"):
        return {}
    if kind in _LISTS:
        return []
    return "" if kind == "ip" else text


def value_kind(flag: FlagSpec) -> object:
    """The type of the flag's value (`initial` and `convert` give it): bool, int, float, str,
    list[str] or dict[str, str] -- what a handler's options field for the flag is declared as."""
    kind = flag.type
    if kind == "bool":
        return bool
    if kind in _INTS or kind in ("duration", "bytes", "decimal"):
        return int
    if kind.startswith("float"):
        return float
    if kind in ("map", "stringToString"):
        return dict[str, str]
    return list[str] if kind in _LISTS else str


def convert(flag: FlagSpec, text: str, current: Any, first: bool) -> Any:
    """Value.Set for `flag`'s type: the new value of `Parsed.values[flag.key]`."""
    kind = flag.type
    if kind == "bool":
        return go_bool(text)
    if kind in _INTS:
        return go_int(text, *_INTS[kind])
    if kind.startswith("float"):
        return go_float(text)
    if kind == "duration":
        return go_duration(text)
    if kind == "bytes":
        return -1 if text == "-1" and flag.validator == "swap_bytes" else ram_in_bytes(text)
    if kind == "decimal":
        return _decimal(text)
    if kind == "ip":
        ip = _ip(text.strip()) if text else ""
        if ip is None:
            raise BadValue(f"failed to parse IP: {quote(text)}")
        return ip
    if kind in ("stringSlice", "ipSlice", "ipNetSlice"):
        items = read_csv(text if kind == "stringSlice" else re.sub("[\"'`]", "", text))
        if kind == "ipSlice":
            items = [_checked_ip(item) for item in items]
        elif kind == "ipNetSlice":
            items = [_checked_cidr(item) for item in items]
        return items if first else [*current, *items]
    if kind == "stringArray":
        return [text] if first else [*current, text]
    if kind == "stringToString":
        return {**({} if first else current), **_string_map(text)}
    if kind == "map":
        key, _, value = _validate(flag.validator, text, current).partition("=")
        return {**current, key: value}
    if kind == "filter":
        if not text:
            return current
        if "=" not in text:
            raise BadValue("bad format of filter (expected name=value)")
        name, _, value = text.partition("=")
        return [*current, f"{name.strip().lower()}={value.strip()}"]
    if kind == "ulimit":
        name = _ulimit(text).partition("=")[0]
        return [*[u for u in current if u.partition("=")[0] != name], text]
    if kind in _LISTS:
        return [*current, _validate(flag.validator, text, current)]
    return _validate(flag.validator, text, current if not first else "")


def _checked_ip(item: str) -> str:
    ip = _ip(item.strip())
    if ip is None:
        raise BadValue(f"invalid string being converted to IP address: {item}")
    return ip


def _checked_cidr(item: str) -> str:
    try:
        if "/" not in item:
            raise ValueError(item)
        return str(ipaddress.ip_network(item.strip(), strict=False))
    except ValueError:
        raise BadValue(f"invalid string being converted to CIDR: {item}") from None


def _string_map(text: str) -> dict[str, str]:
    """pflag stringToString Set: `k=v` or a CSV list of them."""
    count = text.count("=")
    if count == 0:
        raise BadValue(f"{text} must be formatted as key=value")
    pairs = [text.strip('"')] if count == 1 else read_csv(text)
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise BadValue(f"{pair} must be formatted as key=value")
        out[key] = value
    return out
