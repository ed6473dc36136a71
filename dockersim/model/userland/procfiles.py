"""A process's own files in /proc, as the program that reads them sees them.

`/proc/self` is a link to the reader's PID (`programs.running()`: the program whose code runs
now); `/proc/PID` is a directory for each process `ps` would list to it. Of a process's files,
dockersim simulates `cmdline` (its arguments, each ended by NUL), `comm` (the name it was run
by, 15 characters at most), `environ` (the reader's own: another's is not known), `cgroup`
(`0::/`: cgroup v2 in a private namespace, Docker's default) and `mounts` (`/proc/mounts` is a
link to `self/mounts`), and says the rest is not simulated. model/kernelfs.py serves them.
"""

from __future__ import annotations

import posixpath

from dockersim.model.fs import FileEntry, FsError
from dockersim.model.userland.programs import running
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.mounts import mount_lines
from dockersim.model.userland.programs.procs import processes

#: what a PID's directory has that dockersim simulates, and each file's mode
_MODES = {"cmdline": 0o444, "comm": 0o644, "environ": 0o400, "cgroup": 0o444, "mounts": 0o444}


def process_entry(path: str) -> FileEntry | None:
    """The entry at `path` inside procfs under `self`, `mounts` or a PID: None when there is
    no such process; raises ENOTSIM for a file of one that is not simulated."""
    ctx = running()
    if ctx is None:
        raise FsError("ENOTSIM", path)
    top, _, rest = path[1:].partition("/")
    me = ctx.process_id
    if top in ("self", "mounts") and not rest:
        target = str(me) if top == "self" else "self/mounts"
        return FileEntry(path, "symlink", 0o777, target=target)
    if not top.isdigit():
        raise FsError("ENOTSIM", path)
    pid = int(top)
    listed = {p.pid: p for p in processes(ctx, " ".join(ctx.argv))}
    info = listed.get(pid)
    if info is None:
        return None
    uid = ctx.proc.uid  # (the processes of a process tree run as one user)
    if not rest:
        return FileEntry(path, "dir", 0o555, uid, uid)
    argv = tuple(ctx.argv) if pid == me else info.argv
    content = _content(rest, argv, ctx.env if pid == me else None, ctx)
    if content is None:
        raise FsError("ENOTSIM", path)
    return FileEntry(path, "file", _MODES[rest], uid, uid, content)


def _content(
    name: str, argv: tuple[str, ...], env: dict[str, str] | None, ctx: Ctx
) -> bytes | None:
    if name == "cmdline" and argv:
        return "".join(arg + "\0" for arg in argv).encode()
    if name == "comm" and argv:
        return (posixpath.basename(argv[0])[:15] + "\n").encode()
    if name == "environ" and env is not None:
        return "".join(f"{key}={value}\0" for key, value in env.items()).encode()
    if name == "cgroup":
        return b"0::/\n"
    if name == "mounts":
        lines = mount_lines(ctx)
        return "".join(_mounts_line(line) for line in lines).encode()
    return None


def _mounts_line(line: str) -> str:
    """`mount`'s `DEV on DIR type TYPE (OPTS)` as /proc/mounts has it: `DEV DIR TYPE OPTS 0 0`."""
    device, _, rest = line.partition(" on ")
    where, _, rest = rest.partition(" type ")
    kind, _, options = rest.partition(" (")
    return f"{device} {where} {kind} {options.rstrip(')')} 0 0\n"
