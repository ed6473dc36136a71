"""The docker CLI's command-line parser: pflag v1.0.10 semantics under cobra v1.10.2.

Three steps, in the order docker 29's `main` takes them (cmd/docker/docker.go `runDocker`):

1. `parse_global(argv)`: the root's options up to the first word that is not a flag
   (cli/cobra.go `HandleGlobalFlags`, a non-interspersed pflag.FlagSet);
2. `load().lookup(rest)`: the command path (cobra `Traverse`, in spec.py);
3. `parse(spec, argv)`: the command's flags and arguments (cobra `Command.execute`): flag errors
   exit 125 with the Usage line (cli/cobra.go `FlagErrorFunc`); `-h/--help` wins over argument
   checks; then the cli/required.go argument rule (exit 1).

Every error is a `UsageError` holding the exact bytes docker writes to stderr.
"""

from __future__ import annotations

import csv
import ipaddress
import re
from fractions import Fraction
from typing import Any

import attrs

from dockersim.docker.help import args_error, flag_error, quote
from dockersim.docker.spec import HELP_FLAG, CommandSpec, FlagSpec, load
from dockersim.errors import Error

__all__ = ["GlobalOptions", "Parsed", "UsageError", "parse", "parse_global"]


class UsageError(Error):
    """A command-line error: `stderr_text` exactly as printed, and the exit status.

    `stdout_text` holds what docker printed on stdout before failing (flag deprecation notices).
    """

    def __init__(self, stderr_text: str, exit_code: int, stdout_text: str = "") -> None:
        super().__init__(stderr_text)
        self.stderr_text = stderr_text
        self.exit_code = exit_code
        self.stdout_text = stdout_text


@attrs.frozen
class Parsed:
    """A parsed command line.

    `values`: every flag's value by long name (flags with a `dest` write into that key; e.g.
    `--net` into `network`), defaults filled in: bool, int (ints, `bytes` in bytes, `decimal` in
    nano-CPUs, `duration` in nanoseconds), float, str, list[str] (list, filter, stringSlice, ...),
    dict[str, str] (map, stringToString). `set`: long names given on the command line.
    `help`: print `render_help` on stdout, exit 0. `bare`: a group (or the root) was run without
    a subcommand: print its help on stderr, exit 0. `warnings`: text docker printed on stdout
    first (flag deprecation notices).
    """

    spec: CommandSpec
    values: dict[str, Any]
    set: frozenset[str]
    args: list[str]
    help: bool = False
    bare: bool = False
    warnings: str = ""


@attrs.frozen
class GlobalOptions:
    """The root's options (`docker -D --context x ps`): `warnings` are printed on stderr."""

    values: dict[str, Any]
    set: frozenset[str]
    help: bool = False
    version: bool = False
    warnings: str = ""


class _Failure(Exception):
    """A pflag error, before cobra adds the usage (its text is pflag's `err.Error()`)."""


def find_long(spec: CommandSpec, name: str) -> FlagSpec | None:
    """The flag `--name` names in `spec`'s flag set (local flags, then the persistent --help)."""
    found = spec.flag(name)
    if found is None and name == "help":
        return HELP_FLAG
    return found


def find_short(spec: CommandSpec, letters: str) -> FlagSpec | None:
    """The flag whose shorthand is `letters[0]` (the root's persistent -h comes last)."""
    if not letters:
        return None
    for flag in spec.flags:
        if flag.short == letters[0]:
            return flag
    return HELP_FLAG if letters[0] == "h" and not spec.has_local_help else None


def is_flag_arg(arg: str) -> bool:
    """cobra `isFlagArg`: `--x...` (3+ chars) or `-x...`."""
    return (len(arg) >= 3 and arg.startswith("--")) or (
        len(arg) >= 2 and arg[0] == "-" and arg[1] != "-"
    )


class _State:
    """One pflag parse: values, flags seen, positional args, stdout notices."""

    def __init__(self, spec: CommandSpec, *, global_help: bool = False) -> None:
        self.spec = spec
        self.values: dict[str, Any] = {}
        for flag in spec.flags:
            if flag.dest and flag.dest != flag.name:
                continue
            self.values[flag.key] = initial(flag)
        if not spec.has_local_help:
            self.values["help"] = global_help
        self.given: list[str] = []
        self.args: list[str] = []
        self.notices: list[str] = []

    def set(self, flag: FlagSpec, text: str) -> None:
        """pflag `FlagSet.Set`: convert, record, print the deprecation notice."""
        first = flag.name not in self.given
        try:
            self.values[flag.key] = convert(flag, text, self.values.get(flag.key), first)
        except BadValue as err:
            name = quote(flag.display_name)
            raise _Failure(f"invalid argument {quote(text)} for {name} flag: {err}") from None
        if first:
            self.given.append(flag.name)
        if flag.deprecated:
            self.notices.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}\n")

    def parse_args(self, args: list[str], *, interspersed: bool) -> None:
        """pflag `parseArgs`."""
        while args:
            arg, args = args[0], args[1:]
            if len(arg) < 2 or arg[0] != "-":
                if not interspersed:
                    self.args.extend([arg, *args])
                    return
                self.args.append(arg)
            elif arg == "--":
                self.args.extend(args)
                return
            elif arg[1] == "-":
                args = self._long(arg, args)
            else:
                shorthands = arg[1:]
                while shorthands:
                    shorthands, args = self._short(shorthands, args)

    def _long(self, arg: str, args: list[str]) -> list[str]:
        name = arg[2:]
        if not name or name[0] in "-=":
            raise _Failure(f"bad flag syntax: {arg}")
        name, eq, value = name.partition("=")
        flag = find_long(self.spec, name)
        if flag is None:
            raise _Failure(f"unknown flag: --{name}")
        if not eq:
            if flag.is_bool:
                value = "true"
            elif args:
                value, args = args[0], args[1:]
            else:
                raise _Failure(f"flag needs an argument: --{name}")
        self.set(flag, value)
        return args

    def _short(self, shorthands: str, args: list[str]) -> tuple[str, list[str]]:
        letter, rest = shorthands[0], shorthands[1:]
        flag = find_short(self.spec, shorthands)
        if flag is None:
            raise _Failure(f"unknown shorthand flag: {quote(letter, rune=True)} in -{shorthands}")
        if len(shorthands) > 2 and shorthands[1] == "=":
            value, rest = shorthands[2:], ""
        elif flag.is_bool:
            value = "true"
        elif rest:
            value, rest = rest, ""
        elif args:
            value, args = args[0], args[1:]
        else:
            letter_q = quote(letter, rune=True)
            raise _Failure(f"flag needs an argument: {letter_q} in -{shorthands}")
        if flag.short_deprecated:
            self.notices.append(
                f"Flag shorthand -{flag.short} has been deprecated, {flag.short_deprecated}\n"
            )
        self.set(flag, value)
        return rest, args


# --- flag values: pflag's and docker's Value.Set, with their exact error texts -------------

_INTS = {"int": (64, True), "int64": (64, True), "int32": (32, True), "int16": (16, True),
         "int8": (8, True), "uint": (64, False), "uint64": (64, False), "uint32": (32, False),
         "uint16": (16, False), "uint8": (8, False)}  # fmt: skip
_LISTS = frozenset({
    "list", "filter", "ulimit", "stringSlice", "stringArray", "ipSlice", "ipNetSlice",
    "network", "mount", "gpu-request", "external-ca",
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
    """pflag's readAsCSV: one encoding/csv record (quote errors are not reproduced)."""
    return next(csv.reader([text.split("\n", 1)[0]]), []) if text else []


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


def parse_global(argv: list[str]) -> tuple[GlobalOptions, list[str]]:
    """The root's options before the command (`docker -D --host x ps -a` -> D, host; rest)."""
    root = load().root
    state = _State(root)
    try:
        state.parse_args(list(argv), interspersed=False)
    except _Failure as err:
        raise UsageError(flag_error(root, str(err)), 125) from None
    values = dict(state.values)
    return (
        GlobalOptions(
            values=values,
            set=frozenset(state.given),
            help=bool(values.pop("help")),
            version=bool(values["version"]),
            warnings="".join(state.notices),
        ),
        state.args,
    )


def parse_parent_flags(spec: CommandSpec, argv: list[str]) -> list[str]:
    """Flags given before a subcommand's name (cobra Traverse).

    Returns the help flags the subcommand inherits (see `CommandTable.lookup`). Errors come
    back unwrapped (no usage), so docker prints the bare pflag text, exit status 1.
    """
    state = _State(spec)
    try:
        state.parse_args(argv, interspersed=True)
    except _Failure as err:
        raise UsageError(f"{err}\n", 1) from None
    if not state.values.get("help"):
        return []
    shorthands = sum("shorthand -h" in notice for notice in state.notices)
    return ["-h"] * (3 * shorthands) if shorthands else ["--help"]


def parse(spec: CommandSpec, argv: list[str], *, global_help: bool = False) -> Parsed:
    """Parse `argv` (what follows the command's name) for `spec`.

    `global_help` is the root's `--help` given before the command (`docker --help ps`), which
    every command shares except `run` and `create` (they define their own `--help`).
    """
    state = _State(spec, global_help=global_help)
    try:
        state.parse_args(list(argv), interspersed=spec.interspersed)
    except _Failure as err:
        raise UsageError(flag_error(spec, str(err)), 125) from None
    notices = "".join(state.notices)
    values = state.values
    wants_help = bool(values.pop("help")) if not spec.has_local_help else bool(values["help"])
    parsed = Parsed(
        spec=spec,
        values=values,
        set=frozenset(state.given),
        args=state.args,
        help=wants_help,
        warnings=notices,
    )
    if wants_help or (spec.is_root and values.get("version")):
        return parsed
    text = args_error(spec, state.args)
    if text:
        raise UsageError(text, 1, notices)
    if spec.has_subcommands and not state.args:
        return attrs.evolve(parsed, bare=True)
    return parsed
