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
from collections.abc import Callable, Collection, Mapping, Sequence
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
    #: the progress writer chosen from --progress, --ansi, COMPOSE_PROGRESS, COMPOSE_ANSI
    #: and the terminal (cli.py `_display`): "tty", "plain" or "quiet"
    display: str = "plain"
    #: colours on the terminal (off with NO_COLOR)
    color: bool = False


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
    """An override file over the ones before (compose-go override/merge.go mergeYaml, then
    uncity.go EnforceUnicity): mappings merged key by key, sequences appended with the later
    entry replacing an earlier one of the same key (ports, expose, volumes by target, dns,
    ...), `command`, `entrypoint` and `healthcheck.test` replaced; `environment`, `labels`,
    `build.args` and the like merged as `KEY=VALUE` lists; `build`, `depends_on` and
    `networks` in their short forms turned into mappings first."""
    merged = _merge_at(base, extra, ())
    assert isinstance(merged, dict)
    return merged


_OVERRIDE = {("services", "*", "command"), ("services", "*", "entrypoint"),
             ("services", "*", "healthcheck", "test")}  # fmt: skip
_TO_SEQUENCE = {
    ("services", "*", k) for k in ("annotations", "dns", "dns_opt", "dns_search", "env_file",
                                   "label_file", "environment", "labels", "sysctls", "tmpfs")
} | {("services", "*", "build", k) for k in ("args", "additional_contexts", "labels")} | {
    ("networks", "*", "labels"), ("volumes", "*", "labels"),
    ("services", "*", "deploy", "labels"),
}  # fmt: skip
_UNIQUE_BY_KEY = {("services", "*", k) for k in (
    "annotations", "cap_add", "cap_drop", "dns", "dns_opt", "dns_search", "environment",
    "labels", "links", "profiles", "sysctls", "tmpfs", "expose")} | {
    ("services", "*", "build", k) for k in ("args", "additional_contexts", "labels", "tags")
}  # fmt: skip


def _matches(path: tuple[str, ...], patterns: Collection[tuple[str, ...]]) -> bool:
    return any(
        len(p) == len(path) and all(a == "*" or a == b for a, b in zip(p, path, strict=True))
        for p in patterns
    )


def _merge_at(base: Any, extra: Any, path: tuple[str, ...]) -> Any:
    if _matches(path, _OVERRIDE):
        return extra
    if _matches(path, _TO_SEQUENCE):
        return _unique([*_sequence(base), *_sequence(extra)], path)
    if (
        path[:1] == ("services",)
        and len(path) == 3
        and path[2] in ("build", "depends_on", "networks")
    ):
        base, extra = _mapping(base, path[2]), _mapping(extra, path[2])
    if extra is None:
        return base
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge_at(out[key], value, (*path, str(key))) if key in out else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return _unique([*base, *extra], path)
    return extra


def _sequence(value: Any) -> list[Any]:
    """merge.go convertIntoSequence: a mapping as sorted `KEY=VALUE` (or `KEY`) strings."""
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            if item is None:
                items.append(str(key))
            elif isinstance(item, list):
                items.extend(f"{key}={_go_text(v)}" for v in item)
            else:
                items.append(f"{key}={_go_text(item)}")
        return sorted(items)
    if isinstance(value, list):
        return list(value)
    return [value] if isinstance(value, str) else []


def _go_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _mapping(value: Any, key: str) -> Any:
    """merge.go mergeBuild/mergeDependsOn/mergeNetworks: the short forms as mappings."""
    if key == "build" and isinstance(value, str):
        return {"context": value}
    if isinstance(value, list):
        default = (
            {"condition": "service_started", "required": True} if key == "depends_on" else None
        )
        return {str(v): dict(default) if default else None for v in value}
    return value


def _unique(items: list[Any], path: tuple[str, ...]) -> list[Any]:
    """uncity.go: an entry whose key was seen replaces the earlier one in its place."""
    index: Callable[[Any], str]
    if _matches(path, _UNIQUE_BY_KEY):
        index = _expose_key if path[-1] == "expose" else _key_value_key
    elif _matches(path, {("services", "*", "ports")}):
        index = _port_key
    elif _matches(path, {("services", "*", "volumes")}):
        index = _volume_key
    else:
        return items
    out: list[Any] = []
    seen: dict[str, int] = {}
    for item in items:
        key = index(item)
        if key in seen:
            out[seen[key]] = item
        else:
            seen[key] = len(out)
            out.append(item)
    return out


def _key_value_key(value: Any) -> str:
    return str(value).partition("=")[0]


def _expose_key(value: Any) -> str:
    return str(value)


def _port_key(value: Any) -> str:
    if isinstance(value, dict):
        host = value.get("host_ip", "0.0.0.0")
        return (
            f"{host}:{value.get('published')}:{value.get('target')}/{value.get('protocol', 'tcp')}"
        )
    return str(value)


def _volume_key(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("target", ""))
    parts = str(value).split(":")
    return parts[1] if len(parts) > 1 else parts[0]


def env_file_values(machine: Machine, paths: Sequence[str]) -> list[tuple[str, str]]:
    """A service's `env_file`s, in order."""
    out: list[tuple[str, str]] = []
    for path in paths:
        if not _is_file(machine, path):
            raise ComposeError(f"env file {path} not found: stat {path}: no such file or directory")
        out.extend(parse_dotenv(read_text(machine, path).decode(errors="replace")).items())
    return out
