"""The docker CLI's command table, loaded from `commands.yaml` (docker/cli v29.7.2).

`load()` reads the table once (PyYAML's C loader when present) and returns a `CommandTable`:
frozen `CommandSpec`s keyed by their path below `docker` (`""` is the root, `"container ls"`
is `docker container ls`). `CommandTable.lookup` resolves a command line
the way cobra's `Command.Traverse` does for docker's root (which sets `TraverseChildren`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from dockersim.errors import Error

TABLE_FILE = Path(__file__).with_name("commands.yaml")

#: pflag's own Value types; any other type name is one of docker's `opts` Values.
BUILTIN_TYPES = frozenset({
    "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
    "uint32", "uint64", "float32", "float64", "duration", "stringSlice", "stringArray", "ip",
    "ipSlice", "ipNetSlice", "stringToString",
})  # fmt: skip
#: pflag's defaultIsZeroValue for its own types (flag.go); docker's types use `_ZERO_OTHER`.
_ZERO_BUILTIN: dict[str, frozenset[str]] = {
    "bool": frozenset({"false", ""}),
    "duration": frozenset({"0", "0s"}),
    "string": frozenset({""}),
    "ip": frozenset({"<nil>"}),
    "stringSlice": frozenset({"[]"}),
    "stringArray": frozenset({"[]"}),
}
_ZERO_NUMBER = frozenset({"0"})
_ZERO_OTHER = frozenset({"false", "<nil>", "", "0"})
#: DefValue of each type when commands.yaml leaves `default` out.
_DEFAULT_DEFVALUE = {
    "bool": "false",
    "duration": "0s",
    "ip": "<nil>",
    "map": "map[]",
    "ulimit": "[]",
    "stringSlice": "[]",
    "stringArray": "[]",
    "ipSlice": "[]",
    "ipNetSlice": "[]",
    "stringToString": "[]",
    "bytes": "0",
}
_NUMBERS = frozenset({"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
                       "uint64"})  # fmt: skip


#: (table, parent path, word) -> subcommand: `child` is hot (every command line walks it)
_CHILD_INDEX: dict[int, dict[tuple[str, str], Any]] = {}


class TableError(Error):
    """commands.yaml is malformed (a bug in the data, never a user error)."""


@attrs.frozen
class FlagSpec:
    """One pflag flag: `type` is `Value.Type()`, `default` is pflag's `DefValue` string."""

    name: str
    type: str = "string"
    short: str = ""
    default: str = ""
    usage: str = ""
    hidden: bool = False
    deprecated: str = ""
    short_deprecated: str = ""
    dest: str = ""
    validator: str = ""
    custom: bool = False
    ostype: str = ""
    swarm: str = ""
    experimental: bool = False

    @property
    def key(self) -> str:
        """The key of `Parsed.values` this flag writes (`--net` writes `network`)."""
        return self.dest or self.name

    @property
    def is_bool(self) -> bool:
        return self.type == "bool"

    @property
    def default_is_zero(self) -> bool:
        """pflag's `defaultIsZeroValue`: whether `--help` omits `(default ...)`."""
        if self.custom or self.type not in BUILTIN_TYPES:
            return self.default in _ZERO_OTHER
        if self.type in _NUMBERS or self.type.startswith("float"):
            return self.default in _ZERO_NUMBER
        return self.default in _ZERO_BUILTIN.get(self.type, _ZERO_OTHER)

    @property
    def display_name(self) -> str:
        """How pflag names the flag in `invalid argument` errors: `-n, --last` or `--name`."""
        if self.short and not self.short_deprecated:
            return f"-{self.short}, --{self.name}"
        return f"--{self.name}"


#: The persistent `-h/--help` flag of docker's root command (cli/cobra.go).
HELP_FLAG = FlagSpec(
    name="help", type="bool", short="h", usage="Print usage", hidden=True,
    short_deprecated="use --help",
)  # fmt: skip


@attrs.frozen
class ArgRule:
    """A cli/required.go (or cobra) positional-argument rule: `kind` low high."""

    kind: str
    low: int = 0
    high: int = 0

    @classmethod
    def parse(cls, text: str) -> ArgRule:
        """Grammar: `any | none | root | exact N | min N | max N | range A B | cobra_exact N`."""
        kind, *nums = text.split()
        values = [int(n) for n in nums] + [0, 0]
        return cls(kind, values[0], values[1] if kind == "range" else values[0])


@attrs.frozen
class CommandSpec:
    """One cobra command as docker CLI 29 defines it (see commands.yaml for each field).

    `path` names the command's definition (`"container ls"`, also for `docker ps`, which
    docker registers a second time at the top level); `call_path` is where this entry sits in
    the tree (`"ps"`), which is what its Usage line and error texts name.
    """

    path: str
    call_path: str
    use: str
    short: str
    args: ArgRule
    long: str = ""
    aliases: tuple[str, ...] = ()
    alias_text: str = ""
    interspersed: bool = True
    hidden: bool = False
    top: int | None = None
    swarm: str | None = None
    ostype: str = ""
    experimental: bool = False
    experimental_cli: bool = False
    stub: bool = False
    bare_help_prefix: str = ""
    flags: tuple[FlagSpec, ...] = ()
    subcommands: tuple[str, ...] = ()
    source: str = ""

    @property
    def name(self) -> str:
        return self.use.split(" ", 1)[0] if self.call_path else "docker"

    @property
    def words(self) -> tuple[str, ...]:
        """The call path as words: `("container", "ls")`."""
        return tuple(self.call_path.split())

    @property
    def parent_path(self) -> str:
        return self.call_path.rpartition(" ")[0]

    @property
    def command_path(self) -> str:
        """cobra `CommandPath()`: `docker container ls`."""
        return f"docker {self.call_path}" if self.call_path else "docker"

    @property
    def use_line(self) -> str:
        """cobra `UseLine()` (docker sets DisableFlagsInUseLine everywhere)."""
        if not self.call_path:
            return self.use
        return " ".join(("docker", *self.words[:-1], self.use))

    @property
    def is_root(self) -> bool:
        return not self.call_path

    @property
    def has_subcommands(self) -> bool:
        return bool(self.subcommands) or self.stub

    @functools.cached_property
    def _by_name(self) -> dict[str, FlagSpec]:
        return {f.name: f for f in self.flags}

    def flag(self, name: str) -> FlagSpec | None:
        return self._by_name.get(name)

    @property
    def has_local_help(self) -> bool:
        """`run` and `create` define their own `--help` (no `-h`: it is `--hostname`)."""
        return "help" in self._by_name


@attrs.frozen
class CommandTable:
    """Every command entry, keyed by call path; `lookup` resolves argv like cobra's Traverse."""

    commands: Mapping[str, CommandSpec]
    cli_version: str
    cli_git_commit: str

    @property
    def root(self) -> CommandSpec:
        return self.commands[""]

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self.commands.values())

    def get(self, path: str) -> CommandSpec:
        """The entry at call path `path` (`"image pull"`, `"pull"`; `""` is the root)."""
        return self.commands[" ".join(path.split())]

    def parent(self, spec: CommandSpec) -> CommandSpec | None:
        return self.commands[spec.parent_path] if spec.call_path else None

    def children(self, spec: CommandSpec) -> list[CommandSpec]:
        """Subcommands in cobra's order (sorted by name)."""
        return [self.commands[f"{spec.call_path} {name}".strip()] for name in spec.subcommands]

    def child(self, spec: CommandSpec, word: str) -> CommandSpec | None:
        """cobra `findNext`: a subcommand whose name or alias is `word`."""
        index = _CHILD_INDEX.setdefault(id(self), {})
        key = (spec.call_path, word)
        if key not in index:
            index[key] = next(
                (s for s in self.children(spec) if s.name == word or word in s.aliases), None
            )
        found: CommandSpec | None = index[key]
        return found


def _flag(raw: Mapping[str, Any]) -> FlagSpec:
    kind = raw.get("type", "string")
    return FlagSpec(
        name=raw["name"],
        type=kind,
        short=raw.get("short", ""),
        default=raw.get("default", _DEFAULT_DEFVALUE.get(kind, "0" if kind in _NUMBERS else "")),
        usage=raw.get("usage", ""),
        hidden=raw.get("hidden") == "true",
        deprecated=raw.get("deprecated", ""),
        short_deprecated=raw.get("short_deprecated", ""),
        dest=raw.get("dest", ""),
        validator=raw.get("validator", ""),
        custom=raw.get("custom") == "true" or kind not in BUILTIN_TYPES,
        ostype=raw.get("ostype", ""),
        swarm=raw.get("swarm", ""),
        experimental=raw.get("experimental") == "true",
    )


def _command(raw: Mapping[str, Any], sets: Mapping[str, list[FlagSpec]]) -> CommandSpec:
    flags = [f for name in raw.get("flag_sets", ()) for f in sets[name]]
    flags.extend(_flag(f) for f in raw.get("flags", ()))
    top = raw.get("top")
    return CommandSpec(
        path=raw["path"],
        call_path=raw["path"],
        use=raw["use"],
        short=raw["short"],
        args=ArgRule.parse(raw["args"]),
        long=raw.get("long", ""),
        aliases=tuple(raw.get("aliases", ())),
        alias_text=raw.get("alias_text", ""),
        interspersed=raw.get("interspersed") != "false",
        hidden=raw.get("hidden") == "true",
        top=int(top) if top is not None else None,
        swarm=raw.get("swarm"),
        ostype=raw.get("ostype", ""),
        experimental=raw.get("experimental") == "true",
        experimental_cli=raw.get("experimental_cli") == "true",
        stub=raw.get("stub") == "true",
        bare_help_prefix=raw.get("bare_help_prefix", ""),
        flags=tuple(flags),
        source=raw.get("source", ""),
    )


def build(data: Mapping[str, Any]) -> CommandTable:
    """Build the table from the YAML document (every scalar a string, as BaseLoader gives)."""
    sets = {name: [_flag(f) for f in flags] for name, flags in data["flag_sets"].items()}
    raws = {c["path"]: c for c in data["commands"]}
    specs: dict[str, CommandSpec] = {}
    for path, raw in raws.items():
        if "same_as" in raw:
            continue
        specs[path] = _command(raw, sets)
    for path, raw in raws.items():
        if "same_as" in raw:
            base = specs[raw["same_as"]]
            specs[path] = attrs.evolve(
                base,
                call_path=path,
                use=raw.get("use", base.use),
                aliases=tuple(raw.get("aliases", base.aliases)),
            )
    children: dict[str, list[str]] = {}
    for path, spec in specs.items():
        if path:
            children.setdefault(spec.parent_path, []).append(spec.name)
    for path, names in children.items():
        if path not in specs:
            raise TableError(f"commands.yaml: no parent command for {names}")
        specs[path] = attrs.evolve(specs[path], subcommands=tuple(sorted(names)))
    return CommandTable(
        commands=dict(sorted(specs.items())),
        cli_version=data["cli_version"],
        cli_git_commit=data["cli_git_commit"],
    )


@functools.cache
def load() -> CommandTable:
    """The command table, read once from commands.yaml."""
    from dockersim.datacache import load_yaml

    return build(load_yaml(TABLE_FILE, parse_yaml))


def parse_yaml(text: str) -> Any:
    """commands.yaml as plain data: every scalar a string (PyYAML's base loader)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
