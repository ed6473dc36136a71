"""Build contexts: the files `docker build` sends, read-only, from disk or the simulated host.

A context is a tree like an image's union view: `/`-rooted paths relative to the context
directory (`/app.py`, `/src/util.py`) mapped to `FileEntry`s. `.dockerignore` patterns are
applied when the context is read; the Dockerfile itself is read separately (it is not subject
to `.dockerignore`, as with BuildKit).

Which one is used (dockersim's rule, see docs/build.md): a context path is looked up on the
simulated host first (relative paths from /home/student); if that directory exists there and
holds the Dockerfile, the simulated host is the context; otherwise the real directory on disk.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Mapping
from pathlib import Path

import attrs

from dockersim.build.ignore import Matcher, read_patterns
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry, Tree

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


def read_directory(root: Path, dockerfile: Path | None = None) -> BuildContext:
    """A directory on the user's disk (never written to)."""
    if not root.is_dir():
        raise ContextError(f'unable to prepare context: path "{root}" not found')
    files: dict[str, FileEntry] = {}
    for current, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        rel_dir = "/" + Path(current).relative_to(root).as_posix()
        rel_dir = "/" if rel_dir == "/." else rel_dir
        for name in [*dirs, *sorted(names)]:
            full = Path(current) / name
            path = posixpath.join(rel_dir, name)
            info = full.lstat()
            mode = stat.S_IMODE(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                files[path] = FileEntry.symlink(path, os.readlink(full))
            elif stat.S_ISDIR(info.st_mode):
                files[path] = FileEntry.directory(path, mode)
            elif stat.S_ISREG(info.st_mode):
                files[path] = FileEntry.file(path, full.read_bytes(), mode)
    name = "Dockerfile" if dockerfile is None else dockerfile.name
    target = root / "Dockerfile" if dockerfile is None else dockerfile
    try:
        data = target.read_bytes()
    except OSError:
        raise ContextError(_missing_dockerfile(name)) from None
    return _finish(files, data, name, str(root))


def read_host(fs: CowFS, root: str, dockerfile: str | None = None) -> BuildContext:
    """A directory of the simulated host (`engine.host_fs()`)."""
    try:
        entry = fs.stat(root)
    except FsError:
        raise ContextError(f'unable to prepare context: path "{root}" not found') from None
    if entry.kind != "dir":
        raise ContextError(f'unable to prepare context: path "{root}" not found')
    real_root = fs.resolve(root)
    files: dict[str, FileEntry] = {}
    for path in fs.walk(real_root):
        if path == real_root:
            continue
        found = fs.get(path)
        if found is None:
            continue
        rel = "/" + posixpath.relpath(path, real_root)
        files[rel] = FileEntry(
            rel, found.kind, found.mode, found.uid, found.gid, found.content, found.target
        )
    target = posixpath.join(real_root, "Dockerfile") if dockerfile is None else dockerfile
    name = posixpath.basename(target)
    try:
        data = fs.read(target)
    except FsError:
        raise ContextError(_missing_dockerfile(name)) from None
    return _finish(files, data, name, "host:" + real_root)


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


def _missing_dockerfile(name: str) -> str:
    return f"failed to read dockerfile: open {name}: no such file or directory"
