"""The real machine as the docker client's machine, for the interactive `dockersim docker`.

This is the only module that gives the engine the real disk and the real environment (see
`dockersim.model.machine`). Only the interactive CLI builds one (and `dockersim play
--real-files`, which a lesson author asks for explicitly): the files a user names on a docker
command line, relative to the real working directory, and the real environment variables.
"""

from __future__ import annotations

import contextlib
import errno as errnos
import os
import stat
from collections.abc import Mapping

from dockersim.model.fs import FileEntry
from dockersim.model.machine import MachineError


def _error(exc: OSError, op: str, path: str) -> MachineError:
    name = errnos.errorcode.get(exc.errno or 0, "EIO")
    reason = MachineError.REASONS.get(name) or (exc.strerror or str(exc)).lower()
    return MachineError(name, op, path, reason)


class RealMachine:
    """The real files and environment of the machine `dockersim` runs on."""

    kind = "real"

    def __init__(self, environ: Mapping[str, str] | None = None, cwd: str | None = None) -> None:
        self._environ = dict(os.environ if environ is None else environ)
        self._cwd = cwd or os.getcwd()

    @property
    def cwd(self) -> str:
        return self._cwd

    def environ(self) -> Mapping[str, str]:
        return dict(self._environ)

    def abspath(self, path: str) -> str:
        return os.path.normpath(os.path.join(self._cwd, path)) if path else self._cwd

    def stat(self, path: str, follow: bool = True) -> FileEntry | None:
        full = self.abspath(path)
        try:
            info = os.stat(full) if follow else os.lstat(full)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _error(exc, "lstat", path) from None
        return _entry(full, info, b"", "")

    def read(self, path: str) -> bytes:
        try:
            with open(self.abspath(path), "rb") as handle:
                return handle.read()
        except OSError as exc:
            op = "read" if isinstance(exc, IsADirectoryError) else "open"
            raise _error(exc, op, path) from None

    def write(self, path: str, data: bytes, mode: int = 0o644) -> None:
        full = self.abspath(path)
        temp = os.path.join(os.path.dirname(full), f".{os.path.basename(full)}.dockersim-tmp")
        try:
            if os.path.isdir(full):
                raise IsADirectoryError(errnos.EISDIR, "is a directory")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, full)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise _error(exc, "open", path) from None

    def tree(self, path: str) -> list[FileEntry]:
        root = self.abspath(path)
        out: list[FileEntry] = []
        try:
            self._walk(root, out)
        except OSError as exc:
            raise _error(exc, "lstat", exc.filename or path) from None
        return out

    def _walk(self, full: str, out: list[FileEntry]) -> None:
        info = os.lstat(full)
        if stat.S_ISREG(info.st_mode):
            with open(full, "rb") as handle:
                out.append(_entry(full, info, handle.read(), ""))
        elif stat.S_ISLNK(info.st_mode):
            out.append(_entry(full, info, b"", os.readlink(full)))
        elif stat.S_ISDIR(info.st_mode):
            out.append(_entry(full, info, b"", ""))
            for name in sorted(os.listdir(full)):
                self._walk(os.path.join(full, name), out)

    def mtime(self, path: str) -> float:
        full = self.abspath(path)
        try:
            return os.lstat(full).st_mtime
        except OSError as exc:
            raise _error(exc, "lstat", path) from None

    def put(self, entry: FileEntry, mtime: float | None = None) -> None:
        try:
            if entry.kind == "dir":
                os.makedirs(entry.path, mode=entry.mode or 0o755, exist_ok=True)
            elif entry.kind == "symlink":
                if os.path.lexists(entry.path):
                    os.unlink(entry.path)
                os.symlink(entry.target, entry.path)
            elif entry.kind == "file":
                self.write(entry.path, entry.content, entry.mode)
            if mtime is not None:  # (a directory's moves again as entries are made in it)
                os.utime(entry.path, (mtime, mtime), follow_symlinks=entry.kind != "symlink")
        except MachineError:
            raise
        except OSError as exc:
            raise _error(exc, "mkdir" if entry.kind == "dir" else "open", entry.path) from None


def _entry(path: str, info: os.stat_result, content: bytes, target: str) -> FileEntry:
    """The entry with its owner: the docker CLI's archive keeps each file's uid and gid."""
    mode, uid, gid = stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid
    if stat.S_ISDIR(info.st_mode):
        return FileEntry(path, "dir", mode, uid, gid)
    if stat.S_ISLNK(info.st_mode):
        return FileEntry(path, "symlink", 0o777, uid, gid, b"", target)
    return FileEntry(path, "file", mode, uid, gid, content)
