"""Job control in the shell: starting a job with `&`, what an interactive shell tells its
terminal about its jobs, and the builtins that work on them: jobs, fg, bg, wait, history.

Job control is on in an interactive shell (`docker run -it ubuntu bash`), never in a script
or a subshell: only then does bash say `[1] 7` when a job starts, and do bash, dash and ash
report the jobs that ended before each prompt (`Session` calls `report` after each line).
`jobs`, `wait` and `kill %1` work in scripts too, as in the real shells.

Sources: bash 5.2 jobs.c (describe_pid, start_job, notify_of_job_status), builtins/jobs.def,
fg_bg.def, wait.def, history.def; dash's jobs.c and busybox ash's ash.c (fg_bgcmd, jobscmd,
waitcmd, getjob, showjobs) and libbb/lineedit.c (show_history).
"""

from __future__ import annotations

import math
import posixpath
from typing import TYPE_CHECKING, Protocol

from dockersim.model.userland.ast import Node
from dockersim.model.userland.builtins import BUILTINS, available, builtin, err
from dockersim.model.userland.cmdtext import command_text
from dockersim.model.userland.fds import IO
from dockersim.model.userland.io import Reader
from dockersim.model.userland.jobs import Job, JobView, NoSuchJob, polite, single_command
from dockersim.model.userland.programs.procs import kill_command
from dockersim.model.userland.traps import reactions
from dockersim.model.userland.types import Blocked, StepLimit

if TYPE_CHECKING:
    from dockersim.model.userland.dialect import Dialect
    from dockersim.model.userland.interp import Shell
    from dockersim.model.userland.jobs import JobTable
    from dockersim.model.userland.types import Proc

USAGE = {
    "jobs": "jobs [-lnprs] [jobspec ...] or jobs -x command [args]",
    "fg": "fg [job_spec]",
    "bg": "bg [job_spec ...]",
    "wait": "wait [-fn] [-p var] [id ...]",
    "history": "history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg "
    "[arg...]",
}


class JobHost(Protocol):
    """What a program learns of the process that started it (jobctl.view)."""

    @property
    def proc(self) -> Proc: ...
    @property
    def jobs(self) -> JobTable: ...
    @property
    def outer_jobs(self) -> tuple[JobTable, ...]: ...
    @property
    def pid(self) -> int: ...
    @property
    def dialect(self) -> Dialect: ...


def job_control(sh: Shell) -> bool:
    return sh.dialect.interactive and not sh.forked


def view(sh: JobHost) -> JobView:
    """The jobs a program this shell runs can see (`ps`, `kill PID`)."""
    tty = sh.proc.tty_name if sh.proc.tty else "?"
    return JobView((sh.jobs, *sh.outer_jobs), sh.pid, sh.dialect.arg0, sh.proc.user, tty)


def start(sh: Shell, node: Node, io: IO) -> None:
    """`node &`: the job runs to its end now (or to where it waits forever); the clock is
    put back, so the shell goes on at once."""
    saved_now, saved_steps = sh.rec.now, sh.rec.steps
    pid = sh.next_pid
    sh.next_pid += 1
    sh.last_bg = pid
    control = job_control(sh)
    simple = single_command(node)
    process = " ".join(w.raw for w in simple.words) if simple and simple.words else ""
    job = Job(
        pid,
        sh.jobs.next_number(),
        sh.rec.epoch(),
        command=command_text(node, sh.dialect.name) if control or sh.dialect.name == "bash" else "",
        wd=sh.cwd,
        process=process or posixpath.basename(sh.dialect.arg0),
    )
    sh.jobs.add(job)
    if control and sh.dialect.name == "bash":
        io.err.write(f"[{job.number}] {pid}\n")
    try:
        job.status = sh.run_subshell(node, io.with_fd(0, Reader("")))
        job.end = sh.rec.epoch()
    except Blocked as exc:
        job.blocked, job.handles = exc.program, exc.handles
    except StepLimit:
        job.blocked = sh.dialect.arg0
        sh.rec.steps = saved_steps
    finally:
        sh.rec.now = saved_now


def report(sh: Shell) -> None:
    """Before an interactive shell's next prompt: the jobs that ended, on its stderr."""
    if job_control(sh):
        text = sh.jobs.notices(sh.rec.epoch(), sh.cwd, sh.vars.get("HOME", ""))
        if text:
            sh.terminal.err.write(text)


# --- option parsing -------------------------------------------------------------------------
class _BadOption(Exception):
    pass


def _options(sh: Shell, argv: list[str], io: IO, letters: str) -> tuple[str, list[str]]:
    """bash's internal_getopt and ash's nextopt: the option letters given, and the operands.
    A letter not in `letters` is reported as each shell reports it."""
    name, args, given = argv[0], argv[1:], ""
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        for c in arg[1:]:
            if c not in letters:
                if sh.dialect.name == "bash":
                    err(sh, io, name, f"-{c}: invalid option")
                    io.err.write(f"{name}: usage: {USAGE[name]}\n")
                else:
                    word = "Illegal" if sh.dialect.name == "dash" else "illegal"
                    err(sh, io, name, f"{word} option -{c}")
                raise _BadOption()
            given += c
    return given, args


# --- jobs, fg, bg ---------------------------------------------------------------------------
@builtin("jobs")
def b_jobs(sh: Shell, argv: list[str], io: IO) -> int:
    bash = sh.dialect.name == "bash"
    try:
        given, specs = _options(sh, argv, io, "lnprsx" if bash else "lp")
    except _BadOption:
        return 2
    if "x" in given:
        return _jobs_x(sh, specs, io)
    now, cwd, home = sh.rec.epoch(), sh.cwd, sh.vars.get("HOME", "")
    mode = "p" if "p" in given else "l" if "l" in given else "n" if "n" in given else ""
    if not specs:
        only = "r" if "r" in given else "s" if "s" in given else ""
        io.out.write(sh.jobs.listing(now, cwd, home, mode, only))
        return 0
    status = 0
    for spec in specs:
        try:
            job = sh.jobs.find(spec)
        except NoSuchJob as exc:
            err(sh, io, "jobs", str(exc))
            if not bash:
                return 2
            status = status if exc.ambiguous else 1  # bash's jobs_builtin lets DUP_JOB by
            continue
        if mode == "p":
            io.out.write(f"{job.pid}\n")
            continue
        io.out.write(sh.jobs.line(job, now, cwd, home, mode == "l") + "\n")
        job.listed = now
        if not job.running(now):
            sh.jobs.remove(job, now)
    return status


def _jobs_x(sh: Shell, args: list[str], io: IO) -> int:
    """`jobs -x command args`: the command with each job spec replaced by its job's pid."""
    words = []
    for word in args:
        if word.startswith("%"):
            try:
                word = str(sh.jobs.find(word).pid)
            except NoSuchJob as exc:
                err(sh, io, "jobs", str(exc))
                return 1
        words.append(word)
    if not words:
        return 0
    if words[0] in BUILTINS and available(sh.dialect.name, words[0]):
        return sh.run_builtin(BUILTINS[words[0]], words, io)
    return sh.run_command(words, sh.environ(), io)


@builtin("fg", "bg")
def b_fg(sh: Shell, argv: list[str], io: IO) -> int:
    name = argv[0]
    if sh.dialect.name == "bash" and not job_control(sh):
        err(sh, io, name, "no job control")
        return 1
    try:
        _given, specs = _options(sh, argv, io, "")
    except _BadOption:
        return 2
    targets: list[str | None] = [*specs] or [None]
    if sh.dialect.name == "bash":
        if name == "fg":
            return _bash_fg(sh, targets[0], io)
        return max(_bash_bg(sh, spec, io) for spec in targets)
    status = 0
    for spec in targets:
        try:
            job = sh.jobs.find(spec)
        except NoSuchJob as exc:
            err(sh, io, name, str(exc))
            return 2
        if not job_control(sh):
            err(sh, io, name, f"job {spec or '(null)'} not created under job control")
            return 2
        if name == "bg":
            sh.jobs.to_front(job)
            io.out.write(f"[{job.number}] {job.command}\n")
            continue
        io.out.write(f"{job.command}\n")
        status = foreground(sh, job)
    return status


def _bash_fg(sh: Shell, spec: str | None, io: IO) -> int:
    """bash's start_job in the foreground: the command (and where it started, if the shell
    moved since), then the shell waits for it; a job that ended already cannot be."""
    try:
        job = sh.jobs.find(spec)
    except NoSuchJob as exc:
        err(sh, io, "fg", str(exc))
        return 1
    if not job.running(sh.rec.epoch()):
        err(sh, io, "fg", "job has terminated")
        return 1
    wd = f"\t(wd: {polite(job.wd, sh.vars.get('HOME', ''))})" if job.wd != sh.cwd else ""
    io.out.write(f"{job.command}{wd}\n")
    return foreground(sh, job)


def _bash_bg(sh: Shell, spec: str | None, io: IO) -> int:
    """Every job here is running or done: nothing is ever stopped (no Ctrl-Z)."""
    try:
        job = sh.jobs.find(spec)
    except NoSuchJob as exc:
        err(sh, io, "bg", str(exc))
        return 1
    if not job.running(sh.rec.epoch()):
        err(sh, io, "bg", "job has terminated")
        return 1
    err(sh, io, "bg", f"job {job.number} already in background")
    return 0


def foreground(sh: Shell, job: Job) -> int:
    """Wait for `job` as the foreground job: the clock moves to its end and it is gone,
    with no notice; one that never ends blocks the line in its program (Ctrl-C ends it)."""
    if math.isinf(job.end):
        sh.jobs.remove(job, sh.rec.epoch())
        raise Blocked(job.blocked or posixpath.basename(sh.dialect.arg0), job.handles)
    if job.end > sh.rec.epoch():
        sh.rec.advance(job.end - sh.rec.epoch())
    sh.jobs.remove(job, sh.rec.epoch())
    return job.exit_status


@builtin("kill")
def b_kill(sh: Shell, argv: list[str], io: IO) -> int:
    """kill PID or %JOB: a job of this shell (or of one it comes from) ends now."""
    prefix = sh.dialect.prefix(sh.lineno)
    flavour = sh.dialect.name
    now = sh.rec.epoch()
    return kill_command(sh.proc, argv, io.out, io.err, prefix, flavour, view(sh), sh.jobs, now)


# --- wait -----------------------------------------------------------------------------------
@builtin("wait")
def b_wait(sh: Shell, argv: list[str], io: IO) -> int:
    """Wait for the jobs named (pids or job specs), or all. bash forgets a job it waited for;
    interactive dash and ash still report it as Done before the next prompt."""
    bash = sh.dialect.name == "bash"
    try:
        given, args = _options(sh, argv, io, "fn" if bash else "n")
    except _BadOption:
        return 2
    if "n" in given:
        return _wait_any(sh, args)
    if not args:
        for each in list(sh.jobs.jobs):
            _wait_for(sh, each)
        return 0
    status = 0
    for arg in args:
        job: Job | None
        if arg.startswith("%"):
            try:
                job = sh.jobs.find(arg)
            except NoSuchJob as exc:
                err(sh, io, "wait", str(exc))
                if not bash:
                    return 2
                status = 127
                continue
        elif arg.isascii() and arg.isdigit():
            job = sh.jobs.by_pid(int(arg))
            if job is None:
                if bash:
                    sh.error(f"wait: pid {int(arg)} is not a child of this shell", io)
                status = 127
                continue
        else:
            if bash:
                err(sh, io, "wait", f"`{arg}': not a pid or valid job spec")
                status = 1
                continue
            err(sh, io, "wait", f"Illegal number: {arg}")
            return 2
        status = _wait_for(sh, job)
    return status


def _wait_for(sh: Shell, job: Job) -> int:
    if math.isinf(job.end):
        handles = frozenset(f"SIG{s}" for s in sh.traps if s != "EXIT")
        raise Blocked(job.blocked or posixpath.basename(sh.dialect.arg0), handles)
    if job.end > sh.rec.epoch():
        if any(name != "EXIT" for name in sh.traps):  # a signal meanwhile runs a trap
            sh.rec.trap_window(reactions(sh, 0.0, in_wait=True), job.end)
        sh.rec.advance(job.end - sh.rec.epoch())
    if sh.dialect.name == "bash" or not job_control(sh):
        sh.jobs.remove(job, sh.rec.epoch())
    return job.exit_status


def _wait_any(sh: Shell, args: list[str]) -> int:
    """`wait -n`: the first of the jobs (named, or all) to end."""
    jobs = [job for job in sh.jobs.jobs if not args or _named(sh, job, args)]
    if not jobs:
        return 127
    return _wait_for(sh, min(jobs, key=lambda j: j.end))


def _named(sh: Shell, job: Job, args: list[str]) -> bool:
    for arg in args:
        try:
            if job is (sh.jobs.find(arg) if arg.startswith("%") else sh.jobs.by_pid(int(arg))):
                return True
        except (NoSuchJob, ValueError):
            continue
    return False


# --- history --------------------------------------------------------------------------------
@builtin("history")
def b_history(sh: Shell, argv: list[str], io: IO) -> int:
    """The lines an interactive shell has read, the current one last. busybox ash numbers
    them from 0 and writes them to stderr (`%4d %s`); bash from its history base (`%5d  %s`)."""
    if sh.dialect.name != "bash":
        io.err.write("".join(f"{i:4d} {line}\n" for i, line in enumerate(sh.history)))
        return 0
    args = argv[1:]
    if args and (args[0] in ("-c", "-p", "-s") or args[0].startswith("-d")):
        return _history_edit(sh, args, io)
    try:
        given, rest = _options(sh, argv, io, "anrw")
    except _BadOption:
        return 2
    if given:  # the history file is not kept: reading and writing it do nothing
        return 0
    limit = len(sh.history)
    if rest:
        word = rest[0]
        if not (word.lstrip("-").isascii() and word.lstrip("-").isdigit()):
            err(sh, io, "history", f"{word}: numeric argument required")
            return 1
        limit = min(abs(int(word)), limit)
    first = len(sh.history) - limit
    for i in range(first, len(sh.history)):
        io.out.write(f"{i + sh.history_base:5d}  {sh.history[i]}\n")
    return 0


def _history_edit(sh: Shell, args: list[str], io: IO) -> int:
    """`history -c` (clear), `-d offset` (delete one entry), `-p` (print the arguments),
    `-s` (the arguments replace this line as one entry)."""
    option = args[0][:2]
    rest = [args[0][2:]] if len(args[0]) > 2 else []
    rest += args[1:]
    if option == "-c":
        sh.history, sh.history_base = [], 1
        return 0
    if option == "-p":
        io.out.write("".join(f"{arg}\n" for arg in rest))
        return 0
    if option == "-s":
        if rest:
            sh.history = [*sh.history[:-1], " ".join(rest)]
        return 0
    if not rest:
        err(sh, io, "history", "-d: option requires an argument")
        io.err.write(f"history: usage: {USAGE['history']}\n")
        return 2
    word = rest[0]
    offset = int(word) if word.lstrip("-").isascii() and word.lstrip("-").isdigit() else None
    if offset is not None and offset < 0:
        index = len(sh.history) + offset
    else:
        index = -1 if offset is None else offset - sh.history_base
    if not 0 <= index < len(sh.history):
        err(sh, io, "history", f"{word}: history position out of range")
        return 1
    sh.history = sh.history[:index] + sh.history[index + 1 :]
    return 0
