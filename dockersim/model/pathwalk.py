"""Walking a path through a filesystem view, symlink by symlink, as the kernel does.

`walk` resolves a path with any lookup function (a merged view's `get`, or the image's layers
alone) and can record every prefix it looked up; `lower_memo` is the shared table of the
image's own resolutions, which every container of the image reuses while its writable layer
leaves the walked prefixes alone (CowFS.resolve).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from dockersim.model.fs import FsError, normalize

if TYPE_CHECKING:
    from dockersim.model.fs import FileEntry

Key = tuple[str, str, bool]
Memo = dict[Key, tuple[str, tuple[str, ...]]]

#: id(lower tree) -> (the tree, its resolutions: key -> (result, the prefixes walked))
_LOWER_MEMO: dict[int, tuple[Mapping[str, FileEntry], Memo]] = {}


def lower_memo(lower: Mapping[str, FileEntry]) -> Memo:
    """Resolutions in the image alone, shared by every container of the image."""
    entry = _LOWER_MEMO.get(id(lower))
    if entry is None or entry[0] is not lower:
        if len(_LOWER_MEMO) > 64:
            _LOWER_MEMO.clear()
        entry = (lower, {})
        _LOWER_MEMO[id(lower)] = entry
    return entry[1]


#: id(lower tree) -> (the tree, each directory's names in it)
_LOWER_CHILDREN: dict[int, tuple[Mapping[str, FileEntry], dict[str, set[str]]]] = {}


def lower_children(lower: Mapping[str, FileEntry]) -> dict[str, set[str]]:
    """Each directory's names in an image's tree, worked out once for every container of
    the image (callers only read it)."""
    entry = _LOWER_CHILDREN.get(id(lower))
    if entry is None or entry[0] is not lower:
        if len(_LOWER_CHILDREN) > 64:
            _LOWER_CHILDREN.clear()
        children: dict[str, set[str]] = {}
        for path in lower:
            if path != "/":
                cut = path.rfind("/")
                children.setdefault(path[:cut] or "/", set()).add(path[cut + 1 :])
        entry = _LOWER_CHILDREN[id(lower)] = (lower, children)
    return entry[1]


def upper_names(upper: Mapping[str, FileEntry]) -> dict[str, set[str]]:
    """Each directory's names in a writable layer, as `CowFS.listdir` finds them there (the
    paths one level under it): a walk lists every directory from this one table."""
    out: dict[str, set[str]] = {}
    for path in upper:
        if path != "/":
            cut = path.rfind("/")
            if cut >= 0:
                out.setdefault(path[:cut] or "/", set()).add(path[cut + 1 :])
    return out


def walk(
    path: str,
    cwd: str,
    follow_last: bool,
    get: Callable[[str], FileEntry | None],
    visited: list[str] | None = None,
) -> str:
    """The absolute path with symlinks resolved (the last one too when `follow_last`),
    looking each prefix up with `get` and appending it to `visited`; raises FsError
    (ELOOP after 40 links, ENOTDIR through a file)."""
    full = normalize(posixpath.join(cwd, path))
    parts = [p for p in full.split("/") if p]
    current = "/"
    hops = 0
    while parts:
        part = parts.pop(0)
        if part == "..":
            current = posixpath.dirname(current)
            continue
        candidate = current + "/" + part if current != "/" else "/" + part
        if visited is not None:
            visited.append(candidate)
        entry = get(candidate)
        if entry is not None and entry.kind == "symlink" and (parts or follow_last):
            hops += 1
            if hops > 40:
                raise FsError("ELOOP", path)
            base = "/" if entry.target.startswith("/") else current
            rest = [p for p in normalize(posixpath.join(base, entry.target)).split("/") if p]
            parts = rest + parts
            current = "/"
            continue
        if entry is not None and entry.kind != "dir" and parts:
            raise FsError("ENOTDIR", path)
        current = candidate
    return current
