"""Finding the program behind a command name in a container's filesystem."""

from __future__ import annotations

import posixpath

import attrs

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import program_name
from dockersim.model.userland.types import DEFAULT_PATH

#: Stand-in names that are another program's alternative name.
ALIASES = {
    "which.debianutils": "which",
    "mawk": "awk",
    "gawk": "awk",
    "nawk": "awk",
    "python": "python3",
    "pip3": "pip",
    "nodejs": "node",
    "npm-cli.js": "npm",
    "yarn.js": "yarn",
    "[": "test",
    "[[": "test",
}


@attrs.frozen
class Resolved:
    path: str  # where it was found (PATH entry + name, or the path as given)
    real: str  # after symlinks
    program: str  # stand-in program name ("" for a script)
    flavour: str  # "gnu" or "busybox"
    applet: str  # the name the program acts as (busybox dispatches on argv[0])
    script: str | None = None  # a `#!` script's text


class NotFound(Exception):
    pass


class IsDirectory(Exception):
    pass


class NoPermission(Exception):
    pass


def find(fs: CowFS, name: str, env: dict[str, str], cwd: str) -> Resolved:
    """Resolve a command like execvp(3): a name with `/` is a path, else search $PATH."""
    if "/" in name:
        return _at(fs, name, name, cwd)
    denied = False
    for directory in env.get("PATH", DEFAULT_PATH).split(":"):
        candidate = posixpath.join(directory or ".", name)
        try:
            return _at(fs, candidate, name, cwd)
        except (NotFound, IsDirectory):
            continue
        except NoPermission:
            denied = True
    if denied:
        raise NoPermission(name)
    raise NotFound(name)


def _at(fs: CowFS, path: str, name: str, cwd: str) -> Resolved:
    try:
        real = fs.resolve(path, cwd)
        entry = fs.stat(path, cwd)
    except FsError as exc:
        raise NotFound(path) from exc
    if entry.kind == "dir":
        raise IsDirectory(path)
    if not entry.mode & 0o111:
        raise NoPermission(path)
    applet = posixpath.basename(name)
    stub = program_name(entry.content)
    if stub is None:
        text = entry.content.decode(errors="replace")
        return Resolved(path, real, "", "gnu", applet, text)
    if stub == "busybox":
        act = applet if applet != "busybox" else "busybox"
        return Resolved(path, real, ALIASES.get(act, act), "busybox", act)
    return Resolved(path, real, ALIASES.get(stub, stub), "gnu", applet)


def shebang(script: str) -> list[str] | None:
    """`#!/bin/sh -e` -> ["/bin/sh", "-e"]; None if the file has no `#!` line."""
    if not script.startswith("#!"):
        return None
    first = script.split("\n", 1)[0][2:].strip()
    if not first:
        return None
    interp, _, arg = first.partition(" ")
    return [interp, arg.strip()] if arg.strip() else [interp]
