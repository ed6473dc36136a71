"""A container's filesystem: a writable upper layer over its image's read-only union view.

Reads look in the upper layer first, then the image (overlayfs lookup order). A write copies the
path up (the lower entry's metadata carries over), a delete of something that exists below
leaves a whiteout, and a directory created over a deleted one is opaque, as overlay2 does it.
The lower view is shared by every container of the same image (it is never mutated), so a
container costs only what it changed. `diff()` is `docker diff`; `changes()` is the changeset
`docker commit` turns into a layer.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from typing import ClassVar

from dockersim.model.fs import FileEntry, Tree, normalize

#: The character devices every container (and the host) has; reads give what the device
#: gives, bounded (a `head -c` of /dev/zero works; an endless `cat` is not modelled).
DEVICES = {
    path: FileEntry(path, "file", 0o666)
    for path in ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full")
}
DEVICE_READ_LIMIT = 16 * 1024 * 1024


def _device_bytes(path: str) -> bytes:
    if path == "/dev/null":
        return b""
    if path in ("/dev/zero", "/dev/full"):
        return bytes(DEVICE_READ_LIMIT)
    import random

    # 7-bit bytes: the userland's pipes carry text, and this keeps `head -c N | wc -c` right
    return bytes(b & 0x7F for b in random.Random(path).randbytes(64 * 1024))


class FsError(Exception):
    """A failed filesystem call; `errno` names it (ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY,
    EROFS, ELOOP) and str() is the strerror text tools print."""

    MESSAGES: ClassVar[dict[str, str]] = {
        "ENOENT": "No such file or directory",
        "EEXIST": "File exists",
        "ENOTDIR": "Not a directory",
        "EISDIR": "Is a directory",
        "ENOTEMPTY": "Directory not empty",
        "EROFS": "Read-only file system",
        "ELOOP": "Too many levels of symbolic links",
        "EACCES": "Permission denied",
        "EBUSY": "Device or resource busy",
    }

    def __init__(self, errno: str, path: str = "") -> None:
        super().__init__(self.MESSAGES.get(errno, errno))
        self.errno = errno
        self.path = path


#: id(lower tree) -> (the tree, its path resolutions): see CowFS._lower_memo
_LOWER_MEMO: dict[int, tuple[Mapping[str, FileEntry], dict[tuple[str, str, bool], str]]] = {}

#: Upper-layer marker for a path deleted from the lower view.
WHITEOUT = FileEntry("/", "whiteout", 0)


class CowFS:
    def __init__(self, lower: Mapping[str, FileEntry], read_only: bool = False) -> None:
        self.lower = lower
        self.upper: dict[str, FileEntry] = {}
        #: Directories whose lower contents are hidden (recreated after a delete).
        self.opaque: set[str] = set()
        self.read_only = read_only
        self._children: dict[str, set[str]] | None = None
        #: resolved paths, valid until the next write (PATH lookups repeat the same walks)
        self._memo: dict[tuple[str, str, bool], str] = {}

    # --- reading --------------------------------------------------------------------------
    def get(self, path: str) -> FileEntry | None:
        """The entry at `path` exactly (no symlink resolution), or None."""
        if path in DEVICES:
            return DEVICES[path]
        entry = self.upper.get(path)
        if entry is not None:
            return None if entry.kind == "whiteout" else entry
        if self._hidden(path):
            return None
        return self.lower.get(path)

    def _hidden(self, path: str) -> bool:
        if not self.upper and not self.opaque:
            return False
        parent = posixpath.dirname(path)
        while True:
            if parent in self.opaque:
                return True
            up = self.upper.get(parent)
            if up is not None and (up.kind == "whiteout" or up.kind != "dir"):
                return True
            if parent == "/":
                return False
            parent = posixpath.dirname(parent)

    def resolve(self, path: str, cwd: str = "/", follow_last: bool = True) -> str:
        """Absolute path with symlinks resolved (the last one too unless `follow_last`)."""
        key = (path, cwd, follow_last)
        found = self._memo.get(key)
        if found is not None:
            return found
        shared = self._lower_memo() if not self.upper and not self.opaque else None
        if shared is not None and self._plain(path, cwd):
            found = shared.get(key)
            if found is None:
                found = self._resolve(path, cwd, follow_last)
                shared[key] = found
        else:
            found = self._resolve(path, cwd, follow_last)
        self._memo[key] = found
        return found

    def _lower_memo(self) -> dict[tuple[str, str, bool], str] | None:
        """Resolutions in the image alone, shared by every container of the image."""
        entry = _LOWER_MEMO.get(id(self.lower))
        if entry is None or entry[0] is not self.lower:
            if len(_LOWER_MEMO) > 64:
                _LOWER_MEMO.clear()
            entry = (self.lower, {})
            _LOWER_MEMO[id(self.lower)] = entry
        return entry[1]

    def _plain(self, path: str, cwd: str) -> bool:
        """Whether the path never touches a mount (MountedFS overrides)."""
        return True

    def _resolve(self, path: str, cwd: str, follow_last: bool) -> str:
        full = normalize(posixpath.join(cwd, path))
        parts = [p for p in full.split("/") if p]
        current = "/"
        hops = 0
        while parts:
            part = parts.pop(0)
            if part == "..":
                current = posixpath.dirname(current)
                continue
            candidate = posixpath.join(current, part)
            entry = self.get(candidate)
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

    def stat(self, path: str, cwd: str = "/", follow: bool = True) -> FileEntry:
        real = self.resolve(path, cwd, follow_last=follow)
        entry = self.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None:
            raise FsError("ENOENT", path)
        return entry

    def exists(self, path: str, cwd: str = "/") -> bool:
        try:
            self.stat(path, cwd)
        except FsError:
            return False
        return True

    def read(self, path: str, cwd: str = "/") -> bytes:
        entry = self.stat(path, cwd)
        if entry.kind == "dir":
            raise FsError("EISDIR", path)
        if entry.path in DEVICES:
            return _device_bytes(entry.path)
        return entry.content

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        real = self.resolve(path, cwd)
        entry = self.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None:
            raise FsError("ENOENT", path)
        if entry.kind != "dir":
            raise FsError("ENOTDIR", path)
        names: set[str] = set()
        if real not in self.opaque:
            names.update(self._lower_children().get(real, ()))
        prefix = real.rstrip("/") + "/"
        for p in self.upper:
            if p.startswith(prefix) and "/" not in p[len(prefix) :] and p != real:
                names.add(p[len(prefix) :])
        return sorted(n for n in names if self.get(prefix + n) is not None)

    def _lower_children(self) -> dict[str, set[str]]:
        if self._children is None:
            children: dict[str, set[str]] = {}
            for p in self.lower:
                if p != "/":
                    children.setdefault(posixpath.dirname(p), set()).add(posixpath.basename(p))
            self._children = children
        return self._children

    def walk(self, top: str = "/") -> Iterator[str]:
        """Every path under `top` (inclusive), parents before children, siblings sorted."""
        yield top
        entry = self.get(top) if top != "/" else FileEntry.directory("/")
        if entry is not None and entry.kind == "dir":
            for name in self.listdir(top):
                yield from self.walk(posixpath.join(top, name))

    # --- writing --------------------------------------------------------------------------
    def _check_writable(self, path: str) -> None:
        if self.read_only:
            raise FsError("EROFS", path)

    def _parent_dir(self, real: str, path: str) -> None:
        parent = posixpath.dirname(real)
        if parent == "/":
            return
        entry = self.get(parent)
        if entry is None:
            raise FsError("ENOENT", path)
        if entry.kind != "dir":
            raise FsError("ENOTDIR", path)

    def write(
        self, path: str, data: bytes, cwd: str = "/", append: bool = False, mode: int | None = None
    ) -> None:
        real = self.resolve(path, cwd)
        if real in DEVICES:  # /dev/null and friends swallow what is written
            return
        self._memo.clear()
        self._check_writable(path)
        old = self.get(real)
        if old is not None and old.kind == "dir":
            raise FsError("EISDIR", path)
        self._parent_dir(real, path)
        content = (old.content if old is not None and append else b"") + data
        base = (
            old if old is not None else FileEntry.file(real, b"", 0o644 if mode is None else mode)
        )
        self.upper[real] = FileEntry(
            real, "file", base.mode if mode is None else mode, base.uid, base.gid, content
        )

    def mkdir(self, path: str, cwd: str = "/", parents: bool = False, mode: int = 0o755) -> None:
        self._memo.clear()
        self._check_writable(path)
        real = normalize(posixpath.join(cwd, path))
        if parents:
            current = "/"
            for part in [p for p in real.split("/") if p]:
                current = self.resolve(posixpath.join(current, part))
                entry = self.get(current)
                if entry is None:
                    self._make_dir(current, mode)
                elif entry.kind != "dir":
                    raise FsError("ENOTDIR", path)
            return
        real = self.resolve(path, cwd, follow_last=False)
        if self.get(real) is not None:
            raise FsError("EEXIST", path)
        self._parent_dir(real, path)
        self._make_dir(real, mode)

    def _make_dir(self, real: str, mode: int) -> None:
        was_deleted = self.upper.get(real) is WHITEOUT or (
            real in self.upper and self.upper[real].kind == "whiteout"
        )
        self.upper[real] = FileEntry.directory(real, mode)
        if was_deleted and self.lower.get(real) is not None:
            self.opaque.add(real)

    def symlink(self, target: str, path: str, cwd: str = "/") -> None:
        self._memo.clear()
        self._check_writable(path)
        real = self.resolve(path, cwd, follow_last=False)
        if self.get(real) is not None:
            raise FsError("EEXIST", path)
        self._parent_dir(real, path)
        self.upper[real] = FileEntry.symlink(real, target)

    def put(self, entry: FileEntry) -> None:
        """Place an entry as is (used by `docker cp` and package installs)."""
        self._memo.clear()
        self._check_writable(entry.path)
        self.upper[entry.path] = entry

    def chmod(self, path: str, mode: int, cwd: str = "/") -> None:
        self._memo.clear()
        self._check_writable(path)
        real = self.resolve(path, cwd)
        entry = self.stat(real)
        self.upper[real] = FileEntry(
            real, entry.kind, mode, entry.uid, entry.gid, entry.content, entry.target
        )

    def remove(self, path: str, cwd: str = "/", recursive: bool = False) -> None:
        self._memo.clear()
        self._check_writable(path)
        real = self.resolve(path, cwd, follow_last=False)
        entry = self.get(real)
        if entry is None:
            raise FsError("ENOENT", path)
        if entry.kind == "dir":
            children = self.listdir(real)
            if children and not recursive:
                raise FsError("ENOTEMPTY", path)
            for child in children:
                self.remove(posixpath.join(real, child), recursive=True)
        for p in [p for p in self.upper if p.startswith(real.rstrip("/") + "/")]:
            if self.upper[p].kind != "whiteout":
                del self.upper[p]
        self.opaque.discard(real)
        if self.lower.get(real) is not None:
            self.upper[real] = FileEntry.whiteout(real)
        else:
            self.upper.pop(real, None)

    # --- docker diff / commit -------------------------------------------------------------
    def diff(self) -> list[tuple[str, str]]:
        """`docker diff`: (kind, path) with kind A, C or D; parents before children."""
        changes: dict[str, str] = {}
        for path, entry in self.upper.items():
            below = None if self._hidden_below(path) else self.lower.get(path)
            if entry.kind == "whiteout":
                if below is not None and not self._ancestor_deleted(path):
                    changes[path] = "D"
            elif below is None:
                if not self._ancestor_added(path, changes):
                    changes[path] = "A"
            elif (
                entry.kind != "dir"
                or below.kind != "dir"
                or _meta(entry) != _meta(below)
                or path in self.opaque
            ):
                changes[path] = "C"
        for path in list(changes):
            parent = posixpath.dirname(path)
            while parent != "/" and parent not in changes:
                changes[parent] = "C"
                parent = posixpath.dirname(parent)
        # everything under an added directory is reported as added (moby ChangesDirs)
        return sorted(
            ((kind, path) for path, kind in changes.items()), key=lambda c: c[1].split("/")
        )

    def _hidden_below(self, path: str) -> bool:
        parent = posixpath.dirname(path)
        while parent != "/":
            if parent in self.opaque:
                return True
            parent = posixpath.dirname(parent)
        return False

    def _ancestor_deleted(self, path: str) -> bool:
        parent = posixpath.dirname(path)
        while parent != "/":
            up = self.upper.get(parent)
            if up is not None and up.kind == "whiteout":
                return True
            parent = posixpath.dirname(parent)
        return False

    def _ancestor_added(self, path: str, changes: dict[str, str]) -> bool:
        return False

    def changes(self) -> list[FileEntry]:
        """The upper layer as a changeset (whiteouts and opaque markers included)."""
        out = [e for e in self.upper.values()]
        out.extend(FileEntry(p, "opaque", 0o600) for p in sorted(self.opaque))
        return out

    def size(self) -> int:
        """Bytes in the writable layer (`docker ps -s` SIZE)."""
        return sum(e.size for e in self.upper.values())


def _meta(entry: FileEntry) -> tuple[int, int, int]:
    return (entry.mode, entry.uid, entry.gid)


def lower_view(tree: Tree) -> Mapping[str, FileEntry]:
    return tree
