"""File changesets: the content of a layer, and the union view of a stack of layers.

A layer is a changeset: files, directories, symlinks and hard links added or replaced, and
whiteouts that delete paths of lower layers (image-spec `layer.md`). Paths are absolute and
normalised (`/etc/os-release`); a changeset is a tuple of entries sorted by path, so the same
content is always the same value and serialises to the same tar bytes (see `model/tarball.py`).
"""

from __future__ import annotations

import binascii
import posixpath
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Literal

import attrs

Kind = Literal["file", "dir", "symlink", "whiteout", "opaque"]

#: Start of the stand-in executables dockersim puts where real images have ELF binaries.
PROGRAM_MAGIC = b"\x7fELF dockersim program "
#: how old a container's files from its image look: a process's `image_time` is `now` less
#: this (`ls -l`, `stat`, `docker cp`, a web server's Last-Modified)
IMAGE_FILE_AGE = 86400 * 30


class FsError(Exception):
    """A failed filesystem call; `errno` names it (ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY,
    EROFS, ELOOP, ENOSPC, EFBIG, ENAMETOOLONG, EACCES, EPERM; ENOTSIM: a kernel file dockersim
    does not simulate) and str() is the strerror text tools print."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "ENOENT": "No such file or directory",
        "EEXIST": "File exists",
        "ENOTDIR": "Not a directory",
        "EISDIR": "Is a directory",
        "ENOTEMPTY": "Directory not empty",
        "EROFS": "Read-only file system",
        "ELOOP": "Too many levels of symbolic links",
        "EACCES": "Permission denied",
        "EPERM": "Operation not permitted",
        "EBUSY": "Device or resource busy",
        "ENOSPC": "No space left on device",
        "EFBIG": "File too large",
        "ENAMETOOLONG": "File name too long",
        # not an errno: what the kernel has there, dockersim does not simulate (kernelfs.py)
        "ENOTSIM": "dockersim: not simulated",
    }

    def __init__(self, errno: str, path: str = "") -> None:
        super().__init__(self.MESSAGES.get(errno, errno))
        self.errno = errno
        self.path = path


@attrs.frozen(slots=True)
class FileEntry:
    """One entry of a changeset.

    `kind` is `file`, `dir`, `symlink`, `whiteout` (deletes `path` from lower layers) or
    `opaque` (hides every lower-layer child of the directory `path`).
    """

    path: str
    kind: Kind = "file"
    mode: int = 0o644
    uid: int = 0
    gid: int = 0
    content: bytes = b""
    target: str = ""

    @property
    def size(self) -> int:
        return len(self.content) if self.kind == "file" else 0

    @property
    def is_dir(self) -> bool:
        return self.kind == "dir"

    @classmethod
    def file(
        cls, path: str, content: bytes | str, mode: int = 0o644, uid: int = 0, gid: int = 0
    ) -> FileEntry:
        data = content.encode() if isinstance(content, str) else content
        return cls(normalize(path), "file", mode, uid, gid, data)

    @classmethod
    def directory(cls, path: str, mode: int = 0o755, uid: int = 0, gid: int = 0) -> FileEntry:
        return cls(normalize(path), "dir", mode, uid, gid)

    @classmethod
    def symlink(cls, path: str, target: str, uid: int = 0, gid: int = 0) -> FileEntry:
        return cls(normalize(path), "symlink", 0o777, uid, gid, b"", target)

    @classmethod
    def whiteout(cls, path: str) -> FileEntry:
        return cls(normalize(path), "whiteout", 0o600)

    @classmethod
    def program(cls, path: str, name: str, arch: str) -> FileEntry:
        """A stand-in executable: the simulated program `name` built for `arch`."""
        return cls(normalize(path), "file", 0o755, 0, 0, program_stub(name, arch))


def entry_to_json(entry: FileEntry) -> list[Any]:
    """A file entry as JSON: `[path, kind, mode, uid, gid, base64 content, target]`."""
    return [
        entry.path,
        entry.kind,
        entry.mode,
        entry.uid,
        entry.gid,
        binascii.b2a_base64(entry.content, newline=False).decode(),
        entry.target,
    ]


def entry_from_json(item: list[Any]) -> FileEntry:
    path, kind, mode, uid, gid, content, target = item
    return FileEntry(path, kind, mode, uid, gid, binascii.a2b_base64(content), target)


def program_stub(name: str, arch: str) -> bytes:
    return PROGRAM_MAGIC + f"{name} ({arch})\n".encode()


def program_name(content: bytes) -> str | None:
    """The simulated program a stand-in executable runs, or None for any other file."""
    if not content.startswith(PROGRAM_MAGIC):
        return None
    rest = content[len(PROGRAM_MAGIC) :].decode(errors="replace")
    return rest.split(" ", 1)[0].strip()


def normalize(path: str) -> str:
    """`etc//nginx/` -> `/etc/nginx`; the root is `/`."""
    return posixpath.normpath("/" + path.lstrip("/"))


def dirname(path: str) -> str:
    """`posixpath.dirname` of a str, without its generic-path overhead (layers and lookups
    ask it thousands of times)."""
    head = path[: path.rfind("/") + 1]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head


def parents(path: str) -> list[str]:
    """Every ancestor directory of `path`, outermost first, excluding `/`."""
    out: list[str] = []
    parent = dirname(path)
    while parent not in ("/", ""):
        out.append(parent)
        parent = dirname(parent)
    out.reverse()
    return out


Changeset = tuple[FileEntry, ...]


def changeset(entries: Iterable[FileEntry], implicit_parents: bool = True) -> Changeset:
    """A sorted, duplicate-free changeset; ancestors not listed are added as 0755 root dirs.

    Real layer tars carry an entry for each parent directory of a changed path, so adding the
    implicit parents keeps the serialisation close to what Docker's builders write.
    """
    by_path: dict[str, FileEntry] = {}
    for entry in entries:
        by_path[entry.path] = entry
    if implicit_parents:
        seen: set[str] = set()  # each ancestor looked at once, not once per path below it
        for path in list(by_path):
            parent = dirname(path)
            while parent not in ("/", "") and parent not in seen:
                seen.add(parent)
                if parent not in by_path:
                    by_path[parent] = FileEntry.directory(parent)
                parent = dirname(parent)
    return tuple(by_path[p] for p in sorted(by_path, key=_sort_key))


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(path.split("/"))


# --- union view -------------------------------------------------------------------------------

Tree = dict[str, FileEntry]


def apply(tree: Tree, layer: Iterable[FileEntry]) -> Tree:
    """Apply a changeset on top of `tree` (a new dict; `tree` is not changed).

    Follows go-archive's UnpackLayer: an opaque marker removes every child of its directory
    that this layer did not add; a whiteout removes the path and everything under it; any
    other entry replaces what was there, except that a directory over a directory merges.
    """
    out = dict(tree)
    entries = list(layer)
    added = {e.path for e in entries if e.kind not in ("whiteout", "opaque")}
    for entry in entries:
        if entry.kind == "opaque":
            prefix = entry.path.rstrip("/") + "/"
            for path in [p for p in out if p.startswith(prefix) and p not in added]:
                del out[path]
    for entry in entries:
        if entry.kind == "whiteout":
            _remove_tree(out, entry.path)
        elif entry.kind == "file" or entry.kind == "symlink" or entry.kind == "dir":
            old = out.get(entry.path)
            if old is not None and not (old.is_dir and entry.is_dir):
                _remove_tree(out, entry.path)
            out[entry.path] = entry
    return out


def _remove_tree(tree: Tree, path: str) -> None:
    tree.pop(path, None)
    prefix = path.rstrip("/") + "/"
    for child in [p for p in tree if p.startswith(prefix)]:
        del tree[child]


def union(layers: Iterable[Iterable[FileEntry]]) -> Tree:
    tree: Tree = {"/": FileEntry.directory("/")}
    for layer in layers:
        tree = apply(tree, layer)
    return tree


def resolve(tree: Mapping[str, FileEntry], path: str, follow_last: bool = True) -> str | None:
    """Resolve symlinks along `path` inside `tree`; the final path, or None if it does not exist."""
    parts = [p for p in normalize(path).split("/") if p]
    current = "/"
    hops = 0
    while parts:
        part = parts.pop(0)
        candidate = posixpath.join(current, part)
        entry = tree.get(candidate)
        if entry is None:
            return None
        if entry.kind == "symlink" and (parts or follow_last):
            hops += 1
            if hops > 40:
                return None
            target = entry.target
            base = "/" if target.startswith("/") else current
            parts = [p for p in normalize(posixpath.join(base, target)).split("/") if p] + parts
            current = "/"
            continue
        current = candidate
    return current
