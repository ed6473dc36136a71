"""Running programs and shells: `execute`, `run_shell` and interactive `Session`s."""

from __future__ import annotations

import contextlib
import functools
import posixpath
from collections.abc import Callable, Mapping
from typing import Any

from dockersim.model.cowfs import FsError
from dockersim.model.userland import programs, resolve
from dockersim.model.userland.caps import enter, leave
from dockersim.model.userland.dialect import Dialect
from dockersim.model.userland.exechost import ExecHost
from dockersim.model.userland.fds import IO
from dockersim.model.userland.interp import Shell as Interpreter
from dockersim.model.userland.io import Reader, Recorder, Terminal
from dockersim.model.userland.jobctl import view
from dockersim.model.userland.programs.base import Ctx, write_failure
from dockersim.model.userland.traps import reactions
from dockersim.model.userland.types import (
    Blocked,
    ExecFormatError,
    ExecIsDirectory,
    ExecNotFound,
    ExecPermission,
    MemoryExhausted,
    NestingLimit,
    OutOfMemory,
    OutputLimit,
    PipeClosed,
    Proc,
    ProcInfo,
    ShellExit,
    StepLimit,
    Timeline,
    WriteFailed,
)

SHELL_PROGRAMS = {"sh": "dash", "dash": "dash", "bash": "bash", "rbash": "bash", "ash": "ash"}


class Shell(Interpreter):
    """The interpreter with programs: what it finds on disk, it runs (`run_resolved`)."""

    def exec_found(
        self,
        found: resolve.Resolved,
        argv: list[str],
        env: dict[str, str],
        io: IO,
        replace: bool = False,
    ) -> int:
        if replace:  # exec'd: the program is this process now
            return run_resolved(self, found, argv, env, io, self.pid, self.ancestors)
        pid = self.next_pid  # forked: a child of this shell, which waits for it
        self.next_pid += 1
        parents = (*self.ancestors, self.process())
        return run_resolved(self, found, argv, env, io, pid, parents, self.next_pid)

    def process(self) -> ProcInfo:
        """This shell as `ps` lists it."""
        parent = self.ancestors[-1].pid if self.ancestors else 0
        tty = self.proc.tty_name if self.proc.tty else "?"
        # (ps shows a control character of a command line, a newline too, as `?`)
        line = " ".join(self.argv) or self.dialect.arg0
        command = "".join(c if c >= " " else "?" for c in line)
        return ProcInfo(
            self.pid, parent, self.proc.user, command, self.proc.now, tty=tty, argv=self.argv
        )


def terminal_io(proc: Proc, rec: Recorder) -> IO:
    return IO(
        {
            0: Reader(proc.stdin),
            1: Terminal(rec, "stdout", proc.tty),
            2: Terminal(rec, "stderr", proc.tty),
        }
    )


def finish(rec: Recorder, body: Callable[[], int], shell_name: str) -> Timeline:
    blocked = ""
    handles: frozenset[str] = frozenset()
    reactions: Mapping[str, Mapping[str, Any]] = {}
    code: int | None
    oom = False
    wake: Mapping[str, Any] | None = None
    token = enter()
    try:
        code = body()
    except ShellExit as exc:
        code = exc.code
    except Blocked as exc:
        code, blocked, handles, reactions = None, exc.program, exc.handles, exc.reactions
        wake = exc.wake
    except StepLimit:
        code, blocked = None, shell_name
    except OutputLimit:
        code, blocked = None, rec.overflow_by or shell_name
    except PipeClosed:
        code = 141
    except OutOfMemory:
        code, oom = 137, True
    except (MemoryExhausted, NestingLimit, WriteFailed):  # reported by the shell that met it
        code = 2
    finally:
        leave(token)
    if not reactions and rec.reactions:
        reactions = rec.reactions
    duration = rec.now
    outputs = rec.sorted_outputs()
    if code is not None and outputs:
        outputs = tuple(o for o in outputs if o.at <= duration)
    return Timeline(outputs, code, duration, blocked, handles, oom, reactions, wake)


def execute(argv: list[str], proc: Proc) -> Timeline:
    """exec a program directly (a container's main process, `docker exec`).

    Raises ExecNotFound / ExecIsDirectory / ExecPermission / ExecFormatError when argv[0]
    cannot be exec'd, so the engine can print the runtime's error."""
    found = locate(argv, proc)
    rec = Recorder(proc.now, proc.max_steps, proc.max_output)
    io = terminal_io(proc, rec)
    host: Shell | ExecHost
    try:  # (a binary runs with no shell around it; a script's shell is its host)
        host = (
            ExecHost(proc, rec, io, Shell) if found.script is None else _script_host(proc, rec, io)
        )
    except (MemoryExhausted, OutOfMemory):
        host = _script_host(proc, rec, io)  # (a shell says why it cannot start, as it dies)
    return finish(rec, lambda: run_resolved(host, found, argv, dict(proc.env), io), found.applet)


def _script_host(proc: Proc, rec: Recorder, io: IO) -> Shell:
    return Shell(proc, Dialect("dash"), rec, io)


def locate(argv: list[str], proc: Proc) -> resolve.Resolved:
    """What exec'ing argv[0] runs; raises ExecNotFound / ExecIsDirectory / ExecPermission /
    ExecFormatError as the runtime would fail."""
    if not argv:
        raise ExecNotFound("")
    name = argv[0]
    try:
        found = resolve.find(proc.fs, name, proc.env, proc.cwd)
    except resolve.NotFound:
        raise ExecNotFound(name) from None
    except resolve.IsDirectory:
        raise ExecIsDirectory(name, name) from None
    except resolve.NoPermission:
        raise ExecPermission(name, name) from None
    if found.script is not None and resolve.shebang(found.script) is None:
        raise ExecFormatError(name, found.path)
    return found


#: the options an interactive shell may be started with (`bash -l`, `sh -i`)
INTERACTIVE_SHELL_FLAGS = frozenset({"-l", "-i", "--login", "--norc", "--noprofile"})


def interactive_shell(found: resolve.Resolved, argv: list[str]) -> str | None:
    """The dialect of the shell `argv` starts with no script to run (`bash`, `sh -l`),
    or None when it is another program or the shell is given a script or `-c`."""
    if found.flavour == "busybox":
        kind = "ash" if found.applet in ("sh", "ash") else None
    else:
        kind = SHELL_PROGRAMS.get(found.program)
    if kind is None or not all(arg in INTERACTIVE_SHELL_FLAGS for arg in argv[1:]):
        return None
    return kind


def run_shell(
    script: str,
    proc: Proc,
    shell: str = "dash",
    argv0: str | None = None,
    args: list[str] | None = None,
) -> Timeline:
    """`sh -c script` with `shell` in {"dash", "bash", "ash"}; `argv0` is the shell's $0 as
    invoked ("sh", "/bin/sh", "bash"), which its error messages start with."""
    arg0 = argv0 or ("bash" if shell == "bash" else "sh")
    rec = Recorder(proc.now, proc.max_steps, proc.max_output)
    io = terminal_io(proc, rec)

    def body() -> int:
        sh = Shell(proc, Dialect(shell, arg0), rec, io, positional=list(args or []))
        sh.oneshot = True  # (`sh -c script`)
        return _run_script(sh, script)

    return finish(rec, body, posixpath.basename(arg0))


def _run_script(sh: Shell, text: str) -> int:
    """Run a shell process to its end: a memory failure ends it as the real shell ends (its
    message, status 2), and what it held is freed."""
    try:
        try:
            status = sh.run_text(text)
        except ShellExit as exc:
            status = exc.code
        except StepLimit:  # an endless loop: a trapped signal is handled after the command
            if not _traps_signals(sh):
                raise
            raise Blocked(
                posixpath.basename(sh.dialect.arg0),
                _trapped(sh),
                reactions(sh, sh.rec.last_advance),
            ) from None
        except Blocked as exc:  # in `wait`, a trapped signal is handled at once
            if not exc.handles or exc.reactions or not _traps_signals(sh):
                raise
            raise Blocked(exc.program, exc.handles, reactions(sh, 0.0, in_wait=True)) from None
        sh.status = status
        sh.run_exit_trap()
        return status
    except MemoryExhausted as exc:
        sh.memory_error(exc)
        return 2
    finally:
        sh.release()


def _traps_signals(sh: Shell) -> bool:
    return any(name != "EXIT" for name in sh.traps)


def _trapped(sh: Shell) -> frozenset[str]:
    return frozenset(f"SIG{name}" for name in sh.traps if name != "EXIT")


def run_resolved(
    sh: Interpreter | ExecHost,
    found: resolve.Resolved,
    argv: list[str],
    env: dict[str, str],
    io: IO,
    pid: int = 0,
    parents: tuple[ProcInfo, ...] = (),
    next_pid: int = 0,
) -> int:
    """Run a command already found in the filesystem, from shell `sh`: as process `pid`
    under the still running shells `parents` (0: the process context's own)."""
    if found.script is not None:
        assert isinstance(sh, Interpreter)  # (`execute` gives a script a shell to run it)
        line = resolve.shebang(found.script)
        if line is None:

            def script_shell() -> Shell:
                child = Shell(
                    sh.proc,
                    Dialect(sh.dialect.name, sh.dialect.arg0, found.path),
                    sh.rec,
                    io,
                    env,
                    argv[1:],
                    sh.cwd,
                    sh.heap,
                    sh.depth + 1,
                )
                child.outer_jobs = (sh.jobs, *sh.outer_jobs)
                return child

            return _start_shell(script_shell, found.script)
        try:
            interp = resolve.find(sh.proc.fs, line[0], env, sh.cwd)
        except (resolve.NotFound, resolve.IsDirectory, resolve.NoPermission):
            if sh.dialect.name == "bash":
                sh.error(f"{argv[0]}: cannot execute: required file not found", io)
            else:
                sh.error(f"{argv[0]}: not found", io)
            return 127
        return run_resolved(
            sh, interp, [*line, found.path, *argv[1:]], env, io, pid, parents, next_pid
        )
    fn = programs.lookup(found.program, sh.proc.programs)
    name = found.applet if found.flavour == "busybox" else argv[0]
    if fn is None:
        with contextlib.suppress(WriteFailed):
            io.err.write(programs.base.not_simulated_text(posixpath.basename(name)))
        return programs.base.NOT_SIMULATED_STATUS
    ctx = Ctx(
        sh.proc,
        list(argv),
        env,
        sh.cwd,
        io.stdin,
        io.out,
        io.err,
        sh.rec,
        found.flavour,
        name,
        _spawner(sh),
        sh.heap,
        sh.depth,
        job_view=functools.partial(view, sh),
        pid=pid,
        parents=parents,
        next_pid=next_pid,
    )
    saved = sh.rec.program
    sh.rec.program = posixpath.basename(found.program) or name
    try:
        return programs.run(fn, ctx)
    except PipeClosed:
        return 141
    except WriteFailed as exc:  # the program's output could not be written
        with contextlib.suppress(WriteFailed):
            io.err.write(write_failure(name, str(exc), found.flavour == "busybox") + "\n")
        return 1
    finally:
        sh.rec.program = saved
        sh.heap.charge_input(-ctx.held)


def _start_shell(make: Callable[[], Shell], text: str) -> int:
    """A new shell process: one that cannot even start (its environment does not fit in
    memory, it is nested too deep) fails with status 2 after saying why."""
    try:
        sh = make()
    except MemoryExhausted:
        return 2
    except NestingLimit:
        return 2
    return _run_script(sh, text)


def _spawner(sh: Interpreter | ExecHost) -> Callable[[list[str], Ctx], int]:
    def spawn(argv: list[str], ctx: Ctx) -> int:
        found = resolve.find(ctx.fs, argv[0], ctx.env, ctx.cwd)
        sub = sh.subshell()
        sub.cwd = ctx.cwd
        io = IO({0: ctx.stdin, 1: ctx.out, 2: ctx.err})
        # the command takes the place of the program that runs it (env, nice, xargs, sudo):
        # its process, as /proc/self and ps see it
        caller = programs.running()
        who = (caller.pid, caller.parents, caller.next_pid) if caller is not None else (0, (), 0)
        try:
            return run_resolved(sub, found, argv, ctx.env, io, *who)
        finally:
            sub.release()

    return spawn


# --- the shells as programs ---------------------------------------------------------------------


def _bash_version(ctx: Ctx) -> int:
    from dockersim.model.userland.bashver import bash_version, host_vendor, version_text

    version = bash_version(ctx.env, ctx.proc.fs)
    if version is None:
        raise ctx.not_simulated("option --version (this image's bash release is not known)")
    musl = ctx.proc.fs.exists("/etc/alpine-release")
    redhat = ctx.proc.fs.exists("/etc/redhat-release")
    vendor = host_vendor(ctx.proc.fs)
    ctx.out.write(version_text(version, ctx.proc.arch, musl, redhat, vendor))
    return 0


@programs.register("sh", "dash", "bash", "rbash", "ash")
def shell_program(ctx: Ctx) -> int:
    kind = "ash" if ctx.busybox else SHELL_PROGRAMS.get(posixpath.basename(ctx.name), "dash")
    if not ctx.busybox and ctx.proc.fs.exists("/bin/busybox") and kind == "dash":
        kind = "dash"
    args = ctx.argv[1:]
    command: str | None = None
    errexit = xtrace = oneshot = False
    while args and args[0].startswith(("-", "+")) and args[0] not in ("-", "--"):
        flag = args.pop(0)
        if flag.startswith("--") and flag not in ("--login", "--noprofile", "--norc"):
            if kind == "dash":  # dash has no long options
                ctx.err.write(f"{ctx.argv[0]}: 0: Illegal option --\n")
                return 2
            if flag == "--version" and kind == "bash":
                return _bash_version(ctx)
            raise ctx.not_simulated(f"option {flag}")
        if flag in ("--login", "--noprofile", "--norc", "-l", "-i", "-s"):
            continue
        for c in flag[1:]:
            if c == "c":
                if not args:
                    ctx.err.write(f"{ctx.argv[0]}: -c: option requires an argument\n")
                    return 2
                command = args.pop(0)
                oneshot = True
            elif c == "e":
                errexit = flag[0] == "-"
            elif c == "x":
                xtrace = flag[0] == "-"
    if args and args[0] == "--":
        args.pop(0)
    io = IO({0: ctx.stdin, 1: ctx.out, 2: ctx.err})
    arg0 = ctx.argv[0]
    script_name = ""
    if command is None and args:
        script_name = args.pop(0)
        try:
            command = ctx.fs.read(script_name, ctx.cwd).decode(errors="replace")
        except FsError as exc:
            return _cannot_open(ctx, kind, script_name, exc)
    elif command is None:
        command = ctx.stdin.read_all()
    elif args:
        arg0 = args.pop(0)
    dialect = Dialect(kind, arg0, script_name)

    def make() -> Shell:
        sh = Shell(ctx.proc, dialect, ctx.rec, io, ctx.env, args, ctx.cwd, ctx.heap, ctx.depth + 1)
        sh.errexit, sh.xtrace = errexit, xtrace
        sh.outer_jobs = ctx.jobs.tables if ctx.jobs is not None else ()
        if ctx.pid:  # a process its shell made: its PID, and the PIDs it forks go on from it
            sh.pid = ctx.pid
            sh.next_pid = max(ctx.next_pid, ctx.pid + 1)
        sh.ancestors = ctx.parents
        sh.argv = tuple(ctx.argv)
        sh.oneshot = oneshot
        return sh

    return _start_shell(make, command)


def _cannot_open(ctx: Ctx, kind: str, name: str, exc: FsError) -> int:
    if kind == "bash":
        ctx.err.write(f"{ctx.argv[0]}: {name}: {exc}\n")
        return 127
    if kind == "dash":
        reason = "No such file" if exc.errno == "ENOENT" else str(exc)
        ctx.err.write(f"{ctx.argv[0]}: 0: cannot open {name}: {reason}\n")
        return 2
    ctx.err.write(f"{ctx.argv[0]}: can't open '{name}': {exc}\n")
    return 2


@programs.register("busybox")
def busybox_program(ctx: Ctx) -> int:
    if len(ctx.argv) < 2:
        ctx.write(f"{programs.base.BUSYBOX_BANNER}\n")
        return 0
    applet = ctx.argv[1]
    name = resolve.ALIASES.get(applet, applet)
    fn = programs.lookup(name, ctx.proc.programs)
    if fn is None:
        ctx.err.write(f"{applet}: applet not found\n")
        return 127
    sub = Ctx(
        ctx.proc,
        ctx.argv[1:],
        ctx.env,
        ctx.cwd,
        ctx.stdin,
        ctx.out,
        ctx.err,
        ctx.rec,
        "busybox",
        applet,
        ctx.spawn,
        ctx.heap,
        ctx.depth,
        jobs=ctx.jobs,
        pid=ctx.pid,  # (the applet is busybox's own process)
        parents=ctx.parents,
        next_pid=ctx.next_pid,
    )
    try:
        return programs.run(fn, sub)
    finally:
        ctx.held += sub.held
