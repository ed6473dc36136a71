"""Typed options for the docker command handlers.

Each handler declares, next to itself, a subclass of `Options` holding as typed fields only the
flags it reads, and takes it as its `opts` parameter::

    @attrs.frozen
    class CpOptions(Options):
        quiet: bool

    def run_cp(ctx: Context, opts: CpOptions) -> None: ...

A field reads the flag whose long name is the field's name with `_` for `-` (`follow_link` is
`--follow-link`); `reads_flag` maps a field to a flag explicitly, for a flag named like a Python
keyword or like a field of `Options`: `from_: str = attrs.field(metadata=reads_flag("from"))`.
A field's type is the flag's value kind, as `flags.Parsed` documents it: bool, int, float, str,
list[str] or dict[str, str] (`tests/docker/test_options.py` checks every handler's fields
against its command's flags). Dispatch (`dockersim.docker.handler_of`) finds the class from the
handler's annotation, once per command, and builds it with `from_parsed` for every run.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Self

import attrs

from dockersim.docker.spec import CommandSpec

if TYPE_CHECKING:
    from dockersim.docker.flags import Parsed

#: the attrs metadata key naming the flag a field reads, when not derived from its name
_FLAG = "dockersim.flag"


@attrs.frozen(kw_only=True)
class Options:
    """What every handler gets: the command, its positional arguments and the flags given.

    `given_flags` holds the long names typed on the command line (`--net` counts as `net`,
    not `network`); a flag's value is the default when it was not given.
    """

    spec: CommandSpec
    args: tuple[str, ...]
    given_flags: frozenset[str]

    def given(self, name: str) -> bool:
        """Whether `--name` was typed on the command line (pflag's `Changed`)."""
        return name in self.given_flags

    @classmethod
    def from_parsed(cls, parsed: Parsed) -> Self:
        """The options of `parsed`: each field from `parsed.values` under its flag's name."""
        values = parsed.values
        fields = {name: values[key] for name, key in flag_fields(cls)}
        return cls(spec=parsed.spec, args=tuple(parsed.args), given_flags=parsed.set, **fields)


def reads_flag(name: str) -> dict[str, str]:
    """Field metadata naming the flag `--name` the field reads (for a name the field cannot
    have itself); written inside `attrs.field(metadata=...)`, which mypy's attrs plugin reads."""
    return {_FLAG: name}


_FLAG_FIELDS: dict[type[Options], tuple[tuple[str, str], ...]] = {}


def flag_fields(cls: type[Options]) -> tuple[tuple[str, str], ...]:
    """(field name, flag name) for each flag field of `cls`, computed once per class."""
    found = _FLAG_FIELDS.get(cls)
    if found is None:
        common = {field.name for field in attrs.fields(Options)}
        found = tuple(
            (field.name, field.metadata.get(_FLAG, field.name.replace("_", "-")))
            for field in attrs.fields(cls)
            if field.name not in common
        )
        _FLAG_FIELDS[cls] = found
    return found


def options_type(handler: Callable[..., object]) -> type[Options]:
    """The `Options` class a handler's `opts` parameter is annotated with."""
    hint = typing.get_type_hints(handler).get("opts")
    if not (isinstance(hint, type) and issubclass(hint, Options)):
        name = getattr(handler, "__qualname__", repr(handler))
        raise TypeError(f"{name}: `opts` must be annotated with an Options class, not {hint!r}")
    return hint
