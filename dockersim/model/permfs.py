"""A filesystem as a non-root process sees it: Unix permissions checked, new files its own.

Root's processes use the container's filesystem as it is (root passes every check but the
execute bits, which the exec path checks), so this costs them nothing. A process of another
uid gets a `UserFS` over the same filesystem: every call the userland makes checks what Linux
checks, with EACCES ("Permission denied") or EPERM ("Operation not permitted"):

- search (x) on every directory above the path (of its resolved form; directories a symlink
  passed through on the way are not checked again);
- reading a file needs r, listing a directory r;
- writing an existing file needs w; creating, removing or renaming an entry needs w and x on
  its directory, and in a sticky directory (/tmp) removing needs owning the entry or the
  directory (EPERM); removing a tree needs w and x on each directory emptied;
- chmod needs owning the entry (EPERM).

The owner's bits apply to the owner, the group's to the process's group and supplementary
groups, the others' to the rest (the first class that matches decides, as in Linux). What it
creates is owned by its uid and gid.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from dockersim.model.cowfs import DEVICES, CowFS, FsError
from dockersim.model.fs import FileEntry, normalize

R, W, X = 4, 2, 1
STICKY = 0o1000


def supplementary_groups(fs: CowFS, name: str) -> frozenset[int]:
    """The groups /etc/group lists `name` in (what the runtime gives a process besides its
    primary group). The runtime reads the file as root, whoever asks."""
    if not name:
        return frozenset()
    if isinstance(fs, UserFS):
        fs = fs.base
    try:
        text = fs.read("/etc/group").decode(errors="replace")
    except FsError:
        return frozenset()
    found: set[int] = set()
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) >= 4 and fields[2].isdigit() and name in fields[3].split(","):
            found.add(int(fields[2]))
    return frozenset(found)


def as_user(fs: CowFS, uid: int, gid: int, groups: Iterable[int] = ()) -> CowFS:
    """`fs` as a process of `uid`/`gid` sees it (root: the files themselves, also when `fs`
    is another user's view)."""
    base = fs.base if isinstance(fs, UserFS) else fs
    return base if uid == 0 else UserFS(base, uid, gid, groups)


class UserFS(CowFS):
    """A view of `base` for one non-root process; everything else is delegated to it."""

    def __init__(self, base: CowFS, uid: int, gid: int, groups: Iterable[int] = ()) -> None:
        # no CowFS.__init__: the state is base's; attribute reads fall through to it
        self.base = base
        self.uid = uid
        self.gid = gid
        self.gids = frozenset({gid, *groups})

    #: lookups check permissions on the way: never answered from the layers' shared tables
    shares_lower = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    # --- the checks -----------------------------------------------------------------------
    def allows(self, entry: FileEntry, want: int) -> bool:
        """Whether this process has the `want` bits (R, W, X, or'ed) on `entry`."""
        if entry.uid == self.uid:
            bits = entry.mode >> 6
        elif entry.gid in self.gids:
            bits = entry.mode >> 3
        else:
            bits = entry.mode
        return bits & want == want

    def _entry(self, real: str) -> FileEntry | None:
        return self.base.get(real) if real != "/" else self.base.stat("/")

    def _search(self, real: str, path: str) -> None:
        """Search permission on every directory above `real` (an absolute resolved path)."""
        current = "/"
        for part in real.split("/")[1:-1]:
            entry = self._entry(current)
            if entry is None or entry.kind != "dir":
                return  # the call itself says ENOENT / ENOTDIR
            if not self.allows(entry, X):
                raise FsError("EACCES", path)
            current = posixpath.join(current, part)
        entry = self._entry(current)
        if entry is not None and entry.kind == "dir" and not self.allows(entry, X):
            raise FsError("EACCES", path)

    def _need(self, real: str, want: int, path: str) -> FileEntry | None:
        """The entry at `real` (None: there is none) after checking `want` on it."""
        entry = self._entry(real)
        if entry is not None and real not in DEVICES and not self.allows(entry, want):
            raise FsError("EACCES", path)
        return entry

    def _may_create(self, real: str, path: str) -> None:
        self._search(real, path)
        parent = self._entry(posixpath.dirname(real))
        if parent is not None and parent.kind == "dir" and not self.allows(parent, W | X):
            raise FsError("EACCES", path)

    def _may_unlink(self, real: str, path: str) -> None:
        self._may_create(real, path)
        parent = self._entry(posixpath.dirname(real))
        entry = self.base.get(real)
        if (
            parent is not None
            and entry is not None
            and parent.mode & STICKY
            and self.uid not in (entry.uid, parent.uid)
        ):
            raise FsError("EPERM", path)

    def _own(self, real: str) -> None:
        entry = self.base.get(real)
        if entry is not None and (entry.uid, entry.gid) != (self.uid, self.gid):
            self.base.put(attrs.evolve(entry, uid=self.uid, gid=self.gid))

    # --- reading --------------------------------------------------------------------------
    def get(self, path: str) -> FileEntry | None:
        return self.base.get(path)

    def resolve(self, path: str, cwd: str = "/", follow_last: bool = True) -> str:
        return self.base.resolve(path, cwd, follow_last)

    def stat(self, path: str, cwd: str = "/", follow: bool = True) -> FileEntry:
        real = self.base.resolve(path, cwd, follow_last=follow)
        self._search(real, path)
        return self.base.stat(real, follow=follow)

    def exists(self, path: str, cwd: str = "/") -> bool:
        try:
            self.stat(path, cwd)
        except FsError:
            return False
        return True

    def read(self, path: str, cwd: str = "/") -> bytes:
        real = self.base.resolve(path, cwd)
        self._search(real, path)
        self._need(real, R, path)
        return self.base.read(real)

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        real = self.base.resolve(path, cwd)
        self._search(real, path)
        entry = self._entry(real)
        if entry is not None and entry.kind == "dir" and not self.allows(entry, R):
            raise FsError("EACCES", path)
        return self.base.listdir(real)

    def walk(
        self, top: str = "/", onerror: Callable[[str, FsError], None] | None = None
    ) -> Iterator[str]:
        return self.base.walk(top, onerror)

    # --- writing --------------------------------------------------------------------------
    def write(
        self, path: str, data: bytes, cwd: str = "/", append: bool = False, mode: int | None = None
    ) -> None:
        real = self.base.resolve(path, cwd)
        if real in DEVICES:
            self.base.write(real, data, append=append, mode=mode)
            return
        self._search(real, path)
        old = self._need(real, W, path)
        if old is None:
            self._may_create(real, path)
        try:
            self.base.write(real, data, append=append, mode=mode)
        finally:
            if old is None:
                self._own(real)

    def mkdir(self, path: str, cwd: str = "/", parents: bool = False, mode: int = 0o755) -> None:
        if not parents:
            real = self.base.resolve(path, cwd, follow_last=False)
            if self.base.get(real) is None:
                self._may_create(real, path)
            self.base.mkdir(real, mode=mode)
            self._own(real)
            return
        current = "/"
        for part in [p for p in normalize(posixpath.join(cwd, path)).split("/") if p]:
            current = self.base.resolve(posixpath.join(current, part))
            entry = self.base.get(current)
            if entry is None:
                self._may_create(current, path)
                self.base.mkdir(current, mode=mode)
                self._own(current)
            elif entry.kind != "dir":
                raise FsError("ENOTDIR", path)

    def symlink(self, target: str, path: str, cwd: str = "/") -> None:
        real = self.base.resolve(path, cwd, follow_last=False)
        if self.base.get(real) is None:
            self._may_create(real, path)
        self.base.symlink(target, real)
        self._own(real)

    def put(self, entry: FileEntry) -> None:
        old = self.base.get(entry.path)
        if old is None:
            self._may_create(entry.path, entry.path)
        else:
            self._search(entry.path, entry.path)
            if old.kind != "dir" and not self.allows(old, W):
                raise FsError("EACCES", entry.path)
        self.base.put(entry)

    def chmod(self, path: str, mode: int, cwd: str = "/") -> None:
        entry = self.stat(path, cwd)
        if entry.uid != self.uid:
            raise FsError("EPERM", path)
        self.base.chmod(path, mode, cwd)

    def remove(self, path: str, cwd: str = "/", recursive: bool = False) -> None:
        real = self.base.resolve(path, cwd, follow_last=False)
        self._may_unlink(real, path)
        entry = self.base.get(real)
        if entry is not None and entry.kind == "dir" and recursive:
            for inner in self.base.walk(real):
                found = self.base.get(inner)
                emptied = found is not None and found.kind == "dir" and self.base.listdir(inner)
                if emptied and found is not None and not self.allows(found, R | W | X):
                    raise FsError("EACCES", path)
        self.base.remove(real, recursive=recursive)

    # --- what the engine reads ------------------------------------------------------------
    def checkpoint(self) -> tuple[dict[str, FileEntry], frozenset[str]]:
        return self.base.checkpoint()

    def rollback(self, saved: tuple[dict[str, FileEntry], frozenset[str]]) -> None:
        self.base.rollback(saved)

    def diff(self) -> list[tuple[str, str]]:
        return self.base.diff()

    def changes(self) -> list[FileEntry]:
        return self.base.changes()

    def size(self) -> int:
        return self.base.size()

    def layer_used(self) -> int:
        return self.base.layer_used()

    def room(self) -> int:
        return self.base.room()
