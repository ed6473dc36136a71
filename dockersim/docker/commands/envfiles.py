"""`--env-file`, `--label-file` and `-e NAME`: what the docker CLI reads on its own machine
(docker/cli opts/envfile.go, opts/file.go `parseKeyValueFile`, opts/env.go `ValidateEnv`).

Files are read through `ctx.machine` and variables come from `ctx.env` (the machine's
environment and the command line's `NAME=value` prefixes), never from the real machine unless
the engine was given it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dockersim.model.machine import Machine, MachineError

_WHITESPACE = " \t"
_BOM = "\ufeff"


class EnvFileError(Exception):
    """The text the docker CLI prints for an unreadable or malformed file."""


def parse_kv_file(
    machine: Machine, filename: str, lookup: Callable[[str], str | None] | None
) -> list[str]:
    """`KEY=value` lines of `filename`; `#` comments and blank lines skipped; a bare `KEY`
    takes its value from `lookup` (dropped when unset, or when there is no lookup)."""
    try:
        data = machine.read(filename)
    except MachineError as exc:
        raise EnvFileError(str(exc)) from None
    out: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.removesuffix(b"\r")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = "[" + " ".join(str(b) for b in raw) + "]"
            raise EnvFileError(
                f"env file {filename} contains invalid utf8 bytes at line {number}: {shown}"
            ) from None
        if number == 1:
            text = text.removeprefix(_BOM)
        line = text.lstrip()
        if not line or line.startswith("#"):
            continue
        name, eq, value = line.partition("=")
        name = name.lstrip(_WHITESPACE)
        if any(c in name for c in _WHITESPACE):
            raise EnvFileError(
                f"poorly formatted environment: variable '{name}' contains whitespaces"
            )
        if not name:
            raise EnvFileError(f"poorly formatted environment: no variable name on line '{line}'")
        if eq:
            out.append(f"{name}={value}")
        elif lookup is not None:
            found = lookup(line)
            if found is not None:
                out.append(f"{name.strip()}={found}")
    return out


def _with_values(items: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """`-e NAME` takes NAME's value from the CLI's environment when it is set there."""
    out = []
    for item in items:
        if "=" not in item and item in env:
            item = f"{item}={env[item]}"
        out.append(item)
    return out


def container_env(ctx: Any, env_files: Sequence[str], variables: Sequence[str]) -> list[str]:
    """The environment a `run`/`create`/`exec` asks for: `--env-file`s, then `-e`."""
    env: Mapping[str, str] = ctx.env
    out: list[str] = []
    for filename in env_files:
        out += parse_kv_file(ctx.machine, filename, env.get)
    return out + _with_values(variables, env)


def container_labels(ctx: Any, label_files: Sequence[str], labels: Sequence[str]) -> list[str]:
    """`--label-file`s, then `-l`: `key=value` strings (a bare key has an empty value)."""
    out: list[str] = []
    for filename in label_files:
        out += parse_kv_file(ctx.machine, filename, None)
    return out + list(labels)
