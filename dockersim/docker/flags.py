"""The docker CLI's command-line parser: pflag v1.0.10 semantics under cobra v1.10.2.

Three steps, in the order docker 29's `main` takes them (cmd/docker/docker.go `runDocker`):

1. `parse_global(argv)`: the root's options up to the first word that is not a flag
   (cli/cobra.go `HandleGlobalFlags`, a non-interspersed pflag.FlagSet);
2. `lookup(rest)`: the command path (cobra `Traverse`);
3. `parse(spec, argv)`: the command's flags and arguments (cobra `Command.execute`): flag errors
   exit 125 with the Usage line (cli/cobra.go `FlagErrorFunc`); `-h/--help` wins over argument
   checks; then the cli/required.go argument rule (exit 1).

Every error is a `UsageError` holding the exact bytes docker writes to stderr.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.docker.flag_values import (  # noqa: F401  (re-exported)
    BadValue,
    convert,
    go_bool,
    go_duration,
    go_float,
    go_int,
    initial,
    ram_in_bytes,
    read_csv,
)
from dockersim.docker.help import args_error, flag_error, quote
from dockersim.docker.spec import HELP_FLAG, CommandSpec, CommandTable, FlagSpec, load
from dockersim.errors import Error

__all__ = ["GlobalOptions", "Parsed", "UsageError", "help_topic", "lookup", "parse", "parse_global"]


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


_DEFAULTS: dict[int, tuple[CommandSpec, dict[str, Any]]] = {}


def _defaults(spec: CommandSpec) -> dict[str, Any]:
    """Every flag's initial value, computed once per command (copied for each parse)."""
    cached = _DEFAULTS.get(id(spec))
    if cached is None or cached[0] is not spec:
        values: dict[str, Any] = {}
        for flag in spec.flags:
            if flag.dest and flag.dest != flag.name:
                continue
            values[flag.key] = initial(flag)
        cached = (spec, values)
        _DEFAULTS[id(spec)] = cached
    return cached[1]


class _State:
    """One pflag parse: values, flags seen, positional args, stdout notices."""

    def __init__(self, spec: CommandSpec, *, global_help: bool = False) -> None:
        self.spec = spec
        self.values: dict[str, Any] = {
            key: list(value) if isinstance(value, list) else value
            for key, value in _defaults(spec).items()
        }
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
    if not argv:  # nothing before the subcommand's name (the usual case): nothing to parse
        return []
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


# --- the command path (cobra Traverse) -----------------------------------------------------
def lookup(argv: list[str], table: CommandTable | None = None) -> tuple[CommandSpec, list[str]]:
    """Resolve `argv` (what follows the global options) to a command and its own argv.

    cobra `Traverse`: flags before a subcommand's name belong to the parent and are
    parsed (and dropped) there; a word naming no subcommand ends the walk. A help flag
    given to a parent carries over (cobra shares it), which `lookup` expresses by putting
    it first in the returned argv: `--help`, or `-h` three times for each `-h` typed (the
    parent's deprecation notice is printed once by Traverse and twice more when docker's
    help function traverses again). Raises `flags.UsageError` for a bad parent flag (the
    bare pflag text, exit status 1).
    """
    table = table or load()
    spec, rest, helped = table.root, list(argv), list[str]()
    while True:
        pending: list[str] = []
        in_flag, nxt, index = False, None, 0
        for index, arg in enumerate(rest):  # noqa: B007 - index is used after the loop
            if arg.startswith("--") and "=" not in arg:
                flag = find_long(spec, arg[2:])
                in_flag = not (flag is not None and flag.is_bool)
            elif (
                arg.startswith("-")
                and "=" not in arg
                and len(arg) == 2
                and not ((flag := find_short(spec, arg[1:])) is not None and flag.is_bool)
            ):
                in_flag = True
            elif in_flag:
                in_flag = False
            elif not is_flag_arg(arg):
                nxt = table.child(spec, arg)
                break
            pending.append(arg)
        if nxt is None:
            if helped and not spec.has_local_help:
                rest = [*helped, *rest]
            return spec, rest
        helped = helped or parse_parent_flags(spec, pending)
        spec, rest = nxt, rest[index + 1 :]


def help_topic(args: list[str], table: CommandTable | None = None) -> CommandSpec:
    """`docker help ARGS`: the command named by ARGS, or `unknown help topic: ...`."""
    table = table or load()
    spec = table.root
    words = [a for a in args if not a.startswith("-")]
    while words and (sub := table.child(spec, words[0])) is not None:
        spec, words = sub, words[1:]
    if words:
        raise UsageError(f"unknown help topic: {' '.join(words)}\n", 1)
    return spec
