"""Build contexts: the files `docker build` sends, read-only, from the client's machine.

A context is a tree like an image's union view: `/`-rooted paths relative to the context
directory (`/app.py`, `/src/util.py`) mapped to `FileEntry`s. `.dockerignore` patterns are
applied when the context is read; the Dockerfile itself is read separately (it is not subject
to `.dockerignore`, as with BuildKit).

The context is read through the engine's `Machine` (dockersim.model.machine): the simulated
host (relative paths from /home/student) for scenarios, grading and the Python API; the real
disk in the interactive CLI.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from dockersim.build.ignore import Matcher, read_patterns
from dockersim.model.fs import FileEntry, Tree
from dockersim.model.machine import MachineError

if TYPE_CHECKING:
    from dockersim.model.machine import Machine

IGNORE_FILE = ".dockerignore"


class ContextError(ValueError):
    """The context or its Dockerfile cannot be read; str() is the text to show."""


@attrs.frozen
class BuildContext:
    """The context files (`.dockerignore` applied), the Dockerfile and where they came from."""

    files: Mapping[str, FileEntry] = attrs.field(eq=False, repr=False)
    dockerfile: bytes
    dockerfile_name: str
    origin: str
    ignore_patterns: tuple[str, ...] = ()
    ignore_size: int = -1
    excluded: frozenset[str] = frozenset()

    @property
    def size(self) -> int:
        return sum(e.size for e in self.files.values())

    def tree(self) -> Tree:
        out: Tree = {"/": FileEntry.directory("/")}
        out.update(self.files)
        return out


def _apply_ignore(files: dict[str, FileEntry], patterns: list[str]) -> frozenset[str]:
    matcher = Matcher(patterns)
    if not matcher:
        return frozenset()
    dropped = [p for p in files if p != "/" and matcher.excluded(p)]
    for path in dropped:
        del files[path]
    return frozenset(dropped)


def read_context(machine: Machine, path: str, dockerfile: str = "") -> BuildContext:
    """The directory `path` of the docker client's machine (read, never written): the
    simulated host's, or the real disk's in the interactive CLI. `dockerfile` (`-f`) is
    relative to the client's working directory, as with buildx; by default the context's
    `Dockerfile`."""
    try:
        entry = machine.stat(path)
        if entry is None or entry.kind != "dir":
            raise ContextError(f'unable to prepare context: path "{path}" not found')
        root = entry.path if machine.kind == "simulated" else machine.abspath(path)
        found = machine.tree(root)
    except MachineError as exc:
        raise ContextError(f"unable to prepare context: {exc}") from None
    files: dict[str, FileEntry] = {}
    prefix = root.rstrip("/") + "/"
    for item in found[1:]:
        rel = _relative(item.path, root, prefix)
        files[rel] = FileEntry(
            rel, item.kind, item.mode, item.uid, item.gid, item.content, item.target
        )
    target = dockerfile or posixpath.join(root, "Dockerfile")
    name = posixpath.basename(target) or "Dockerfile"
    try:
        data = machine.read(target)
    except MachineError as exc:
        raise ContextError(_missing_dockerfile(name, exc.reason)) from None
    origin = "host:" + root if machine.kind == "simulated" else root
    return _finish(files, data, name, origin)


def _relative(path: str, root: str, prefix: str) -> str:
    """`path` (a file the machine's walk of `root` found) relative to `root`, `/`-rooted.
    The walks give normalised paths under `root` (`prefix` is `root` with one `/`), so
    cutting the prefix is `posixpath.relpath`'s answer without its cost (a context may hold
    a thousand files); any other path goes through relpath."""
    if path.startswith(prefix) and not path.endswith("/") and "//" not in path:
        rest = path[len(prefix) :]
        if "/./" not in f"/{rest}/" and "/../" not in f"/{rest}/":
            return "/" + rest
    return "/" + posixpath.relpath(path, root)


def from_files(files: Mapping[str, bytes | str], dockerfile: str | bytes) -> BuildContext:
    """A context given as data (tests, benchmarks): relative path -> content."""
    tree: dict[str, FileEntry] = {}
    for rel, content in files.items():
        path = "/" + rel.strip("/")
        parent = posixpath.dirname(path)
        while parent != "/" and parent not in tree:
            tree[parent] = FileEntry.directory(parent)
            parent = posixpath.dirname(parent)
        tree[path] = FileEntry.file(path, content)
    data = dockerfile.encode() if isinstance(dockerfile, str) else dockerfile
    return _finish(tree, data, "Dockerfile", "memory")


def _finish(files: dict[str, FileEntry], data: bytes, name: str, origin: str) -> BuildContext:
    ignore = files.get("/" + IGNORE_FILE)
    patterns = read_patterns(ignore.content.decode(errors="replace")) if ignore else []
    excluded = _apply_ignore(files, patterns)
    return BuildContext(
        files,
        data,
        name,
        origin,
        tuple(patterns),
        len(ignore.content) if ignore else -1,
        excluded,
    )


def _missing_dockerfile(name: str, reason: str = "no such file or directory") -> str:
    return f"failed to read dockerfile: open {name}: {reason}"
