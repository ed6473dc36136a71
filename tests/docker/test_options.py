"""Typed options (docker/options.py): every handler's options class declares only flags of its
command, each with the flag's value kind, and no handler reads a flag by string key.

The checks are functions, so the tests at the bottom plant each kind of violation and see it
caught.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest

from dockersim.docker import HANDLERS, flags, handler_of, spec
from dockersim.docker.commands.cp import CpOptions
from dockersim.docker.context import Context
from dockersim.docker.flag_values import initial, value_kind
from dockersim.docker.options import Options, flag_fields, options_type, reads_flag

TABLE = spec.load()
#: every command entry that has a handler, aliases included (`ps` and `container ls`)
SIMULATED = [c for c in TABLE if c.path in HANDLERS]
COMMANDS_DIR = Path(__file__).resolve().parents[2] / "dockersim" / "docker" / "commands"
#: what a handler module must not contain: untyped options, flags read by string key
STRING_KEY_READ = re.compile(r"\bopts: Any\b|\.values\.get\(|\.values\[")


def _kind_name(kind: object) -> str:
    return str(kind) if isinstance(kind, types.GenericAlias) else getattr(kind, "__name__", "?")


def mismatches(cls: type[Options], command: spec.CommandSpec) -> list[str]:
    """What is wrong with `cls` as the options of `command`: a field naming no flag that has a
    value of its own (`--time` writes `timeout`'s), or a type that is not the flag's kind."""
    hints = typing.get_type_hints(cls)
    found: list[str] = []
    for field, name in flag_fields(cls):
        flag = command.flag(name)
        if flag is None:
            found.append(f"{cls.__name__}.{field}: docker {command.call_path} has no --{name}")
            continue
        if flag.key != name:
            found.append(f"{cls.__name__}.{field}: --{name} writes --{flag.key}; read that")
            continue
        declared, kind = hints[field], value_kind(flag)
        if declared != kind:
            found.append(
                f"{cls.__name__}.{field}: declared {_kind_name(declared)}, "
                f"--{name} ({flag.type}) holds {_kind_name(kind)}"
            )
    return found


def string_key_reads(module: str, source: str) -> list[str]:
    """`module:line` for each line reading flags by string key or taking `opts: Any`."""
    return [
        f"{module}:{number}"
        for number, line in enumerate(source.splitlines(), start=1)
        if STRING_KEY_READ.search(line)
    ]


def _parsed(line: str) -> flags.Parsed:
    command, rest = flags.lookup(line.split())
    return flags.parse(command, rest)


# --- the rules hold -------------------------------------------------------------------------
@pytest.mark.parametrize("command", SIMULATED, ids=lambda c: c.call_path)
def test_options_fields_are_flags_of_the_command(command: spec.CommandSpec) -> None:
    # given
    _, options_class = handler_of(command.path)
    # when / then
    assert mismatches(options_class, command) == []


def test_every_handler_names_an_options_class() -> None:
    # given / when
    classes = {path: handler_of(path)[1] for path in HANDLERS}
    # then
    assert all(issubclass(cls, Options) for cls in classes.values())
    assert classes["container cp"] is CpOptions


def test_value_kind_is_the_type_of_every_default() -> None:
    # given
    every_flag = [flag for command in TABLE for flag in command.flags]
    # when
    wrong = [
        f"{flag.name} ({flag.type})"
        for flag in every_flag
        if not isinstance(initial(flag), typing.get_origin(value_kind(flag)) or value_kind(flag))
    ]
    # then
    assert wrong == []


def test_no_handler_reads_flags_by_string_key() -> None:
    # given
    modules = {p.stem: p.read_text(encoding="utf-8") for p in sorted(COMMANDS_DIR.glob("*.py"))}
    # when
    found = [hit for name, source in modules.items() for hit in string_key_reads(name, source)]
    # then
    assert found == []


def test_given_names_only_flags_of_the_module_commands() -> None:
    # given
    named: dict[str, set[str]] = {}
    for command in SIMULATED:
        module = HANDLERS[command.path].split(":")[0]
        named.setdefault(module, set()).update(flag.name for flag in command.flags)
    sources = {module: (COMMANDS_DIR / f"{module}.py").read_text("utf-8") for module in named}
    # when
    unknown = [
        f"{module}: --{name}"
        for module, source in sources.items()
        for name in re.findall(r'\.given\("([^"]+)"\)', source)
        if name not in named[module]
    ]
    # then
    assert unknown == []


def test_from_parsed_reads_each_field_from_its_flag() -> None:
    # given
    parsed = _parsed("cp -q web:/etc/hosts ./hosts")
    # when
    opts = CpOptions.from_parsed(parsed)
    # then
    assert (opts.quiet, opts.args) == (True, ("web:/etc/hosts", "./hosts"))
    assert (opts.given("quiet"), opts.given("follow-link")) == (True, False)
    assert opts.spec is parsed.spec


def test_from_parsed_gives_defaults_for_flags_not_typed() -> None:
    # given
    parsed = _parsed("cp web:/etc/hosts ./hosts")
    # when
    opts = CpOptions.from_parsed(parsed)
    # then
    assert (opts.quiet, opts.given_flags) == (False, frozenset())


@attrs.frozen
class _Renamed(Options):
    hush: bool = attrs.field(metadata=reads_flag("quiet"))


def test_a_field_can_name_its_flag_explicitly() -> None:
    # given
    parsed = _parsed("cp --quiet web:/etc/hosts ./hosts")
    # when
    opts = _Renamed.from_parsed(parsed)
    # then
    assert opts.hush is True
    assert mismatches(_Renamed, TABLE.get("cp")) == []


# --- planted violations are caught ----------------------------------------------------------
@attrs.frozen
class _Misnamed(Options):
    follow_links: bool


@attrs.frozen
class _WrongType(Options):
    quiet: int


@attrs.frozen
class _ReadsADest(Options):
    time: int


@attrs.frozen
class _WrongList(Options):
    filter: str


def test_error_a_field_naming_no_flag_is_caught() -> None:
    assert mismatches(_Misnamed, TABLE.get("container cp")) == [
        "_Misnamed.follow_links: docker container cp has no --follow-links"
    ]


def test_error_a_field_of_the_wrong_type_is_caught() -> None:
    assert mismatches(_WrongType, TABLE.get("cp")) == [
        "_WrongType.quiet: declared int, --quiet (bool) holds bool"
    ]


def test_error_a_list_flag_read_as_text_is_caught() -> None:
    assert mismatches(_WrongList, TABLE.get("ps")) == [
        "_WrongList.filter: declared str, --filter (filter) holds list[str]"
    ]


def test_error_a_field_naming_a_flag_that_writes_another_is_caught() -> None:
    assert mismatches(_ReadsADest, TABLE.get("stop")) == [
        "_ReadsADest.time: --time writes --timeout; read that"
    ]


def test_error_string_key_reads_are_caught() -> None:
    # given
    source = (
        "def run_x(ctx: Context, opts: Any) -> None:\n"
        "    quiet = opts.values.get('quiet')\n"
        "    fmt = opts.values['format']\n"
        "    ok = opts.quiet\n"
    )
    # when / then
    assert string_key_reads("bad", source) == ["bad:1", "bad:2", "bad:3"]


def _untyped(ctx: Context, opts: Any) -> None:
    """A handler as they were before typed options."""


def test_error_a_handler_without_an_options_class_is_refused() -> None:
    with pytest.raises(TypeError) as caught:
        options_type(_untyped)
    assert str(caught.value) == (
        "_untyped: `opts` must be annotated with an Options class, not typing.Any"
    )
