"""Finding, reading and naming a Compose project on the client's machine (compose-go cli/).

The files are the client's (`Machine`, like `docker build`'s context): `-f` paths, else the
first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml in the working
directory or the nearest parent that has one (cli/options.go WithDefaultConfigPath), plus its
override file. The project directory is the first file's directory (or
`--project-directory`); `.env` there feeds interpolation after the shell's environment. The
project name: `-p`, else COMPOSE_PROJECT_NAME, else `name:` (interpolated and normalised),
else the directory's base name normalised (loader.go NormalizeProjectName).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from dockersim.compose.interpolate import InterpolationError, interpolate, parse_dotenv
from dockersim.compose.model import ComposeError, Project, build_project
from dockersim.compose.yamlload import YamlError, load
from dockersim.model.machine import Machine, MachineError

DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_FILES = (
    "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml",
    "docker-compose.override.yaml",
)  # fmt: skip


@attrs.frozen
class Options:
    """The options every `docker compose` command takes (cmd/compose/compose.go)."""

    files: tuple[str, ...] = ()
    project_name: str = ""
    project_directory: str = ""
    profiles: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()


def normalize_name(name: str) -> str:
    """loader.go NormalizeProjectName: lower case, only [a-z0-9_-], no leading _ or -."""
    return "".join(re.findall(r"[a-z0-9_-]", name.lower())).lstrip("_-")


def invalid_name(name: str) -> ComposeError:
    return ComposeError(
        f'invalid project name "{name}": must consist only of lowercase alphanumeric '
        "characters, hyphens, and underscores as well as start with a letter or number"
    )


def find_files(machine: Machine, options: Options, env: Mapping[str, str]) -> list[str]:
    """The Compose files, absolute; [] when none is found (only the name may be needed)."""
    if options.files:
        return [machine.abspath(f) for f in options.files]
    if env.get("COMPOSE_FILE"):
        sep = env.get("COMPOSE_PATH_SEPARATOR") or ":"
        return [machine.abspath(f) for f in env["COMPOSE_FILE"].split(sep)]
    directory = machine.abspath(options.project_directory or ".")
    while True:
        found = [
            posixpath.join(directory, n)
            for n in DEFAULT_FILES
            if _is_file(machine, posixpath.join(directory, n))
        ]
        if found:
            overrides = [
                posixpath.join(directory, n)
                for n in OVERRIDE_FILES
                if _is_file(machine, posixpath.join(directory, n))
            ]
            return found[:1] + overrides[:1]
        parent = posixpath.dirname(directory)
        if parent == directory:
            return []
        directory = parent


def _is_file(machine: Machine, path: str) -> bool:
    try:
        entry = machine.stat(path)
    except MachineError:
        return False
    return entry is not None and entry.kind == "file"


def read_text(machine: Machine, path: str) -> bytes:
    try:
        return machine.read(path)
    except MachineError as exc:
        raise ComposeError(f"open {path}: {exc.reason}") from None


def load_project(
    machine: Machine,
    options: Options,
    env: Mapping[str, str],
    warn: Callable[[str], None],
) -> Project:
    """The project the command line names; `ComposeError` with Compose's text when not."""
    if options.project_name and normalize_name(options.project_name) != options.project_name:
        raise invalid_name(options.project_name)
    files = find_files(machine, options, env)
    if not files:
        raise ComposeError("no configuration file provided: not found")
    working_dir = (
        machine.abspath(options.project_directory)
        if options.project_directory
        else posixpath.dirname(files[0])
    )
    variables = dict(env)
    for env_file in options.env_files or (posixpath.join(working_dir, ".env"),):
        path = machine.abspath(env_file)
        if options.env_files or _is_file(machine, path):
            for key, value in parse_dotenv(
                read_text(machine, path).decode(errors="replace")
            ).items():
                variables.setdefault(key, value)
    data: dict[str, Any] = {}
    name_in_file = ""
    for path in files:
        try:
            raw = load(read_text(machine, path))
        except YamlError as exc:
            raise ComposeError(f"{exc}") from None
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise ComposeError("top-level object must be a mapping")
        try:
            raw = interpolate(raw, variables, warn)
        except InterpolationError as exc:
            raise ComposeError(str(exc)) from None
        if "version" in raw:
            warn(
                f"{path}: the attribute `version` is obsolete, it will be ignored, please "
                "remove it to avoid potential confusion"
            )
            raw.pop("version")
        if isinstance(raw.get("name"), str) and raw["name"]:
            name_in_file = raw["name"]
        data = _merge(data, raw)
    if not data:
        raise ComposeError("empty compose file")
    name = options.project_name or env.get("COMPOSE_PROJECT_NAME", "")
    if name and normalize_name(name) != name:
        raise invalid_name(name)
    if not name:
        name = normalize_name(name_in_file) or normalize_name(posixpath.basename(working_dir))
    if not name:
        raise ComposeError("project name can't be empty. Use `--project-name` to set a valid name")
    profiles = options.profiles or tuple(p for p in env.get("COMPOSE_PROFILES", "").split(",") if p)
    return build_project(data, name, working_dir, tuple(files), profiles)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """An override file over the main one: mappings merged key by key, the rest replaced
    (# est.: compose-go's override.Merge merges some lists, such as ports, by key)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def env_file_values(machine: Machine, paths: Sequence[str]) -> list[tuple[str, str]]:
    """A service's `env_file`s, in order."""
    out: list[tuple[str, str]] = []
    for path in paths:
        if not _is_file(machine, path):
            raise ComposeError(f"env file {path} not found: stat {path}: no such file or directory")
        out.extend(parse_dotenv(read_text(machine, path).decode(errors="replace")).items())
    return out
