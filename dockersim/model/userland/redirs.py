"""Redirections: opening files, duplicating and closing descriptors."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from dockersim.model.cowfs import FsError
from dockersim.model.userland.ast import Redir
from dockersim.model.userland.fds import IO, RedirError
from dockersim.model.userland.io import FileSink, HeldReader, Null, Reader, Sink, text_of

if TYPE_CHECKING:
    from dockersim.model.fs import FileEntry
    from dockersim.model.userland.interp import Shell


def apply(self: Shell, redirs: list[Redir], io: IO) -> IO:
    if not redirs:
        return io
    out = IO(dict(io.fds))
    for r in redirs:
        if r.op in ("<<", "<<-"):
            text = self.expander.string(r.heredoc) if r.heredoc is not None else ""
            out.fds[r.fd] = HeldReader(self.heap, text)
            continue
        target = self.expander.string(r.target)
        if r.op == "<<<":
            out.fds[r.fd] = HeldReader(self.heap, target + "\n")
        elif r.op in (">&", "<&"):
            if target == "-":
                out.fds[r.fd] = Null()
            elif target.isdigit():
                src = out.fds.get(int(target))
                if src is None:
                    raise RedirError(f"{target}: Bad file descriptor")
                out.fds[r.fd] = src
            elif r.op == ">&" and self.dialect.name == "bash":
                sink = open_write(self, target, False, out)
                out.fds[1] = out.fds[2] = sink
            else:
                raise RedirError(
                    f"{target}: Bad file descriptor"
                    if self.dialect.name != "dash"
                    else "Syntax error: Bad fd number"
                )
        elif r.op in ("&>", "&>>"):
            sink = open_write(self, target, r.op == "&>>", out)
            out.fds[1] = out.fds[2] = sink
        elif r.op in (">", ">|", ">>"):
            out.fds[r.fd] = open_write(self, target, r.op == ">>", out)
        else:
            out.fds[r.fd] = open_read(self, target)
    return out


def open_write(self: Shell, target: str, append: bool, io: IO) -> Sink:
    special = _special_path(target)
    if special == "null":
        return Null()
    if special in ("1", "2"):
        src = io.fds.get(int(special))
        return src if isinstance(src, Sink) else Null()
    if special in ("t1", "t2"):
        return self.terminal.out if special == "t1" else self.terminal.err
    fs = self.proc.fs
    path = posixpath.join(self.cwd, target)
    try:
        try:
            entry: FileEntry | None = fs.stat(path)
        except FsError:
            entry = None
        if entry is not None and entry.kind == "dir":
            raise FsError("EISDIR", target)
        fs.write(path, b"", append=append or entry is None)
        if not append and entry is not None:  # (a file just made is empty already)
            fs.write(path, b"")
        real = fs.resolve(path)
    except FsError as exc:
        msg = self.dialect.redirect_error(target, exc.errno, str(exc), True)
        raise RedirError(msg) from None
    self.proc.mtimes[real] = self.rec.epoch()
    return FileSink(fs, real, self.proc.mtimes, self.rec)


def open_read(self: Shell, target: str) -> Reader:
    special = _special_path(target)
    if special == "null":
        return Reader("")
    try:
        data = self.proc.fs.read(target, self.cwd)
    except FsError as exc:
        raise RedirError(self.dialect.redirect_error(target, exc.errno, str(exc), False)) from None
    return HeldReader(self.heap, text_of(data))


def _special_path(path: str) -> str:
    if path == "/dev/null":
        return "null"
    if path in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        return "1"
    if path in ("/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"):
        return "2"
    if path == "/proc/1/fd/1":
        return "t1"
    if path == "/proc/1/fd/2":
        return "t2"
    return ""
