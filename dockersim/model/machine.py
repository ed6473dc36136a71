"""The machine the docker client runs on: the one way to its files and environment.

The docker CLI reads and writes files on its own machine: a build context and its Dockerfile,
`--env-file` and `--label-file`, `load -i`, `import FILE`, `save -o`, `export -o`, `--cidfile`,
`--iidfile`, `docker cp` to and from the host; and it reads its environment for `-e NAME`,
`--build-arg NAME` and `DOCKER_*`. In dockersim all of that goes through one `Machine` that the
engine is given at construction, and nothing else in the package touches those things:

- `SimulatedMachine` (the default, and what `dockersim grade` and `dockersim play` use) is the
  simulated host itself: its filesystem (`engine.host_fs()`, home `/home/student`) and its
  shell's environment. It has no path to the real disk or `os.environ`, so no command line,
  however it is spelled, can reach the real machine.
- `dockersim.cli.realmachine.RealMachine` is the real machine, for the interactive
  `dockersim docker` (and `play --real-files`): the files a user names on the command line,
  relative to the real working directory, and the real environment.

Daemon-side paths (bind-mount sources, volumes) are never the client's: they are always the
simulated host's, where the simulated daemon runs (docs/architecture.md, "The host").

Paths given to a `Machine` are as the user typed them; it resolves them against its `cwd`.
Errors are `MachineError`s whose text is Go's `*PathError` (`open x: no such file or directory`),
which is what the docker CLI prints.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import ClassVar, Protocol

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import IMAGE_FILE_AGE, FileEntry

#: Linux's limits: NAME_MAX bytes per path component, PATH_MAX bytes per path.
NAME_MAX = 255
PATH_MAX = 4096


class MachineError(Exception):
    """A failed file operation on the client's machine; `str()` is Go's `op path: reason`."""

    #: errno name -> the lowercase text Go's syscall package prints
    REASONS: ClassVar[dict[str, str]] = {
        "ENOENT": "no such file or directory",
        "EEXIST": "file exists",
        "ENOTDIR": "not a directory",
        "EISDIR": "is a directory",
        "EACCES": "permission denied",
        "EROFS": "read-only file system",
        "ELOOP": "too many levels of symbolic links",
        "ENAMETOOLONG": "file name too long",
        "ENOSPC": "no space left on device",
        "EBUSY": "device or resource busy",
        "ENOTEMPTY": "directory not empty",
    }

    def __init__(self, errno: str, op: str, path: str, reason: str = "") -> None:
        self.errno = errno
        self.op = op
        self.path = path
        self.reason = reason or self.REASONS.get(errno, errno)
        super().__init__(f"{op} {path}: {self.reason}")


class Machine(Protocol):
    """What the docker client may touch on the machine it runs on."""

    #: "simulated" or "real", for messages and docs
    kind: str

    @property
    def cwd(self) -> str:
        """The client's working directory (relative paths start here)."""
        ...

    def environ(self) -> Mapping[str, str]:
        """The client's environment variables."""
        ...

    def abspath(self, path: str) -> str:
        """`path` made absolute against `cwd` (and normalised)."""
        ...

    def stat(self, path: str, follow: bool = True) -> FileEntry | None:
        """The entry at `path` without its content (None when nothing is there)."""
        ...

    def read(self, path: str) -> bytes:
        """A regular file's bytes (`MachineError` with op `open` when it cannot be read)."""
        ...

    def write(self, path: str, data: bytes, mode: int = 0o644) -> None:
        """Create or replace a regular file, atomically."""
        ...

    def tree(self, path: str) -> list[FileEntry]:
        """Every entry at and under `path` (symlinks not followed below it), parents before
        children, siblings sorted, with absolute paths, owners and file contents."""
        ...

    def mtime(self, path: str) -> float:
        """When the entry at `path` (a link itself, not its target) was last modified."""
        ...

    def put(self, entry: FileEntry, mtime: float | None = None) -> None:
        """Create one entry (a directory, file or symlink) at `entry.path` (absolute), owned
        by the client's user; `mtime`: its modification time (else now), as docker cp sets
        the time an archive's entry has."""
        ...


def check_length(path: str, op: str = "lstat", shown: str = "") -> None:
    """Linux's ENAMETOOLONG: a component over NAME_MAX bytes or a path over PATH_MAX."""
    data = path.encode("utf-8", "surrogateescape")
    if len(data) >= PATH_MAX or any(len(part) > NAME_MAX for part in data.split(b"/")):
        raise MachineError("ENAMETOOLONG", op, shown or path)


class SimulatedMachine:
    """The simulated host as the docker client's machine: no real file, no real variable."""

    kind = "simulated"

    def __init__(
        self,
        fs: Callable[[], CowFS],
        environ: Mapping[str, str],
        cwd: str,
        home: str,
        mtimes: Callable[[], dict[str, float]] | None = None,
        now: Callable[[], float] | None = None,
        owner: tuple[int, int] = (0, 0),
    ) -> None:
        self._fs = fs
        self._environ = dict(environ)
        self._cwd = cwd
        self._home = home
        self._mtimes = mtimes
        self._now = now
        self._owner = owner

    @property
    def cwd(self) -> str:
        return self._cwd

    def environ(self) -> Mapping[str, str]:
        return dict(self._environ)

    def abspath(self, path: str) -> str:
        if path == "~" or path.startswith("~/"):
            path = self._home + path[1:]
        return posixpath.normpath(posixpath.join(self._cwd, path)) if path else self._cwd

    def _resolve(self, path: str, op: str, follow: bool = True) -> tuple[CowFS, str]:
        check_length(self.abspath(path), op, path)
        fs = self._fs()
        try:
            return fs, fs.resolve(self.abspath(path), follow_last=follow)
        except FsError as exc:
            raise MachineError(exc.errno, op, path) from None

    def stat(self, path: str, follow: bool = True) -> FileEntry | None:
        fs, real = self._resolve(path, "lstat", follow)
        entry = fs.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None or entry.kind in ("whiteout", "opaque"):
            return None
        return FileEntry(real, entry.kind, entry.mode, entry.uid, entry.gid, b"", entry.target)

    def read(self, path: str) -> bytes:
        fs, real = self._resolve(path, "open")
        try:
            return fs.read(real)
        except FsError as exc:
            raise MachineError(
                exc.errno, "open" if exc.errno != "EISDIR" else "read", path
            ) from None

    def write(self, path: str, data: bytes, mode: int = 0o644) -> None:
        fs, real = self._resolve(path, "open")
        old = fs.get(real)
        if old is not None and old.kind == "dir":
            raise MachineError("EISDIR", "open", path)
        parent = fs.get(posixpath.dirname(real)) if posixpath.dirname(real) != "/" else None
        if posixpath.dirname(real) != "/" and (parent is None or parent.kind != "dir"):
            raise MachineError("ENOENT" if parent is None else "ENOTDIR", "open", path)
        uid, gid = (old.uid, old.gid) if old is not None else self._owner_for(real)
        try:
            fs.put(FileEntry(real, "file", mode, uid, gid, data))
        except FsError as exc:
            raise MachineError(exc.errno, "open", path) from None
        self._touch(real)

    def tree(self, path: str) -> list[FileEntry]:
        fs, real = self._resolve(path, "lstat")
        if real != "/" and fs.get(real) is None:
            raise MachineError("ENOENT", "lstat", path)
        out: list[FileEntry] = []
        for item in fs.walk(real):
            entry = fs.get(item) if item != "/" else FileEntry.directory("/")
            if entry is None or entry.kind in ("whiteout", "opaque"):
                continue
            content = fs.read(item) if entry.kind == "file" else b""
            out.append(
                FileEntry(item, entry.kind, entry.mode, entry.uid, entry.gid, content, entry.target)
            )
        return out

    def mtime(self, path: str) -> float:
        _, real = self._resolve(path, "lstat", follow=False)
        now = self._now() if self._now is not None else 0.0
        known = self._mtimes() if self._mtimes is not None else {}
        return known.get(real, now - IMAGE_FILE_AGE)

    def put(self, entry: FileEntry, mtime: float | None = None) -> None:
        check_length(entry.path, "mkdir" if entry.kind == "dir" else "open")
        fs = self._fs()
        uid, gid = self._owner_for(entry.path)
        try:
            fs.put(
                FileEntry(entry.path, entry.kind, entry.mode, uid, gid, entry.content, entry.target)
            )
        except FsError as exc:
            raise MachineError(exc.errno, "open", entry.path) from None
        self._touch(entry.path, mtime)

    def _owner_for(self, real: str) -> tuple[int, int]:
        """Files the client creates belong to its user, in its home; root's elsewhere."""
        return self._owner if real.startswith(self._home + "/") else (0, 0)

    def _touch(self, real: str, mtime: float | None = None) -> None:
        if self._mtimes is not None and self._now is not None:
            self._mtimes()[real] = self._now() if mtime is None else mtime


def place_entries(
    source: list[FileEntry],
    src_root: str,
    dest: str,
    contents: bool,
    kind_of: Callable[[str], str | None],
    put: Callable[[FileEntry, str], None],
) -> list[FileEntry]:
    """docker cp's rules for placing `source` (entries at and under `src_root`) at `dest`:
    a directory copied to a path that exists goes inside it, else it becomes that path;
    `dir/.` (`contents`) copies what is inside. `put` gets each entry placed and the path it
    came from. Returns the entries placed."""
    if not source:
        return []
    if source[0].kind == "dir" and kind_of(dest) is not None and not contents:
        dest = posixpath.join(dest, posixpath.basename(src_root.rstrip("/")))
    moved = []
    for entry in source:
        rel = entry.path[len(src_root) :].lstrip("/")
        if contents and not rel:
            continue
        target = posixpath.normpath(posixpath.join(dest, rel)) if rel else dest
        found = kind_of(target)
        if entry.kind == "dir" and found is not None:
            continue
        if entry.kind == "file" and found == "dir":
            target = posixpath.join(target, posixpath.basename(entry.path))
        placed = FileEntry(
            target, entry.kind, entry.mode, entry.uid, entry.gid, entry.content, entry.target
        )
        put(placed, entry.path)
        moved.append(placed)
    return moved
