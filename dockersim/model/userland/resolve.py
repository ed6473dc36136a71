"""Finding the program behind a command name in a container's filesystem."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Protocol

import attrs

from dockersim.model.cowfs import DEVICES, CowFS, FsError
from dockersim.model.fs import FileEntry, program_name
from dockersim.model.pathwalk import walk
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


class _View(Protocol):
    def resolve(self, path: str, cwd: str = "/", follow_last: bool = True) -> str: ...

    def stat(self, path: str, cwd: str = "/", follow: bool = True) -> FileEntry: ...


#: What `find` gives in an image's layers alone: (the Resolved, or the exception's class and
#: argument), and every path it looked up on the way.
Outcome = tuple[Resolved | tuple[type[Exception], str], tuple[str, ...]]
#: id(lower tree) -> (the tree, (name, PATH, cwd) -> its outcome there)
_SHARED: dict[int, tuple[Mapping[str, FileEntry], dict[tuple[str, str, str], Outcome]]] = {}


def find(fs: CowFS, name: str, env: dict[str, str], cwd: str) -> Resolved:
    """Resolve a command like execvp(3): a name with `/` is a path, else search $PATH.

    Every fresh container of an image finds its commands where the image has them: what the
    search gives in the image's layers alone is kept (with the paths it looked at) and
    reused while the container's own layer and mounts leave all those paths alone."""
    search = env.get("PATH", DEFAULT_PATH)
    if not fs.shares_lower:
        return _find(fs, name, search, cwd)
    lower = fs.lower
    shared = _SHARED.get(id(lower))
    if shared is None or shared[0] is not lower:
        if len(_SHARED) > 64:
            _SHARED.clear()
        shared = _SHARED[id(lower)] = (lower, {})
    memo = shared[1]
    key = (name, search, cwd)
    hit = memo.get(key)
    if hit is None:
        if len(memo) > 4096:
            memo.clear()
        hit = memo[key] = _find_in_layers(lower, name, search, cwd)
    outcome, walked = hit
    if not fs.sees_lower(walked):
        return _find(fs, name, search, cwd)
    if isinstance(outcome, Resolved):
        return outcome
    kind, arg = outcome
    raise kind(arg)


class _Layers:
    """The image's layers alone, as `_at` reads them, noting every path looked up."""

    def __init__(self, lower: Mapping[str, FileEntry]) -> None:
        self.lower = lower
        self.walked: list[str] = ["/"]

    def get(self, path: str) -> FileEntry | None:
        return DEVICES[path] if path in DEVICES else self.lower.get(path)

    def resolve(self, path: str, cwd: str = "/", follow_last: bool = True) -> str:
        return walk(path, cwd, follow_last, self.get, self.walked)

    def stat(self, path: str, cwd: str = "/", follow: bool = True) -> FileEntry:
        real = self.resolve(path, cwd, follow)
        entry = self.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None:
            raise FsError("ENOENT", path)
        return entry


def _find_in_layers(lower: Mapping[str, FileEntry], name: str, search: str, cwd: str) -> Outcome:
    view = _Layers(lower)
    outcome: Resolved | tuple[type[Exception], str]
    try:
        outcome = _find(view, name, search, cwd)
    except (NotFound, IsDirectory, NoPermission) as exc:
        outcome = (type(exc), str(exc.args[0]))
    return outcome, tuple(dict.fromkeys(view.walked))


def _find(fs: _View, name: str, search: str, cwd: str) -> Resolved:
    if "/" in name:
        return _at(fs, name, name, cwd)
    denied = False
    for directory in search.split(":"):
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


def _at(fs: _View, path: str, name: str, cwd: str) -> Resolved:
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
