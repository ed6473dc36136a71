"""Processes: ps, top, kill (the program and the shells' builtin)."""

from __future__ import annotations

import time

from dockersim.model.userland.io import Sink
from dockersim.model.userland.jobs import JobTable, JobView, NoSuchJob
from dockersim.model.userland.programs import psformat, register
from dockersim.model.userland.programs.base import Ctx, busybox_usage
from dockersim.model.userland.types import Proc, ProcInfo

SIGNALS = {
    "HUP": 1,
    "INT": 2,
    "QUIT": 3,
    "ILL": 4,
    "TRAP": 5,
    "ABRT": 6,
    "BUS": 7,
    "FPE": 8,
    "KILL": 9,
    "USR1": 10,
    "SEGV": 11,
    "USR2": 12,
    "PIPE": 13,
    "ALRM": 14,
    "TERM": 15,
    "STKFLT": 16,
    "CHLD": 17,
    "CONT": 18,
    "STOP": 19,
    "TSTP": 20,
    "TTIN": 21,
    "TTOU": 22,
    "URG": 23,
    "XCPU": 24,
    "XFSZ": 25,
    "VTALRM": 26,
    "PROF": 27,
    "WINCH": 28,
    "IO": 29,
    "PWR": 30,
    "SYS": 31,
}


def processes(ctx: Ctx, own: str) -> list[ProcInfo]:
    """The container's processes, the shells above this program that still run (the one that
    forked it), the background jobs of its shell (its siblings), and the program itself
    (`own`)."""
    procs = list(ctx.proc.processes() if ctx.proc.processes else [])
    pids = {p.pid for p in procs}
    me = ctx.process_id
    for shell in ctx.parents:
        if shell.pid not in pids:
            procs.append(shell)
            pids.add(shell.pid)
    if ctx.jobs is not None:
        children = ctx.jobs.processes(ctx.now())
        shell_pid = ctx.jobs.shell_pid
        if children and shell_pid not in pids and shell_pid != me:
            procs.append(ctx.jobs.shell(ctx.proc.now))
        procs += children
        pids.update(p.pid for p in children)
    tty = ctx.proc.tty_name if ctx.proc.tty else "?"  # it runs on its caller's terminal
    parent = ctx.parents[-1].pid if ctx.parents else 0
    if me not in pids:
        procs.append(ProcInfo(me, parent, ctx.proc.user, own, ctx.now(), tty=tty))
    else:
        procs.append(ProcInfo(max(pids) + 1, me, ctx.proc.user, own, ctx.now(), "R", tty=tty))
    return sorted(procs, key=lambda p: p.pid)


def _cputime(seconds: float, long: bool) -> str:
    s = int(seconds)
    if long:
        return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


#: procps-ng's SysV and BSD option letters (parser.c): those dockersim does not model are
#: refused as not simulated, the others as ps refuses them
_SYSV_OPTIONS = frozenset("ACFGHJLMNOPRTUVZacdefgjlmopqrstuwxyz")
_BSD_OPTIONS = frozenset("0ACHLMOSTUVWXZacdefghjklmnopqrstuvwx")
_GNU_USAGE = (
    "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n"
    "  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n"
)
_GNU_COLUMN_ERRORS = {
    "empty": "format specification must follow -o",
    "improper": "improper format list",
    "width": "column widths must be unsigned decimal numbers",
}


@register("ps")
def ps(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    own = " ".join(["ps", *args]) if args else "ps"
    if ctx.busybox:
        return _busybox_ps(ctx, args, own)
    lists: list[str] = []
    for problem in _gnu_options(args, lists):
        if problem.startswith("dockersim:"):
            raise ctx.not_simulated(problem.removeprefix("dockersim:"))
        ctx.err.write(f"error: {problem}\n{_GNU_USAGE}")
        return 1
    if lists:
        try:
            gnu = psformat.gnu_columns(lists)
        except psformat.ColumnError as exc:
            if exc.kind == "not simulated":
                raise ctx.not_simulated(f"format specifier {exc.name}") from None
            text = _GNU_COLUMN_ERRORS.get(exc.kind)
            if text is None:
                text = f'unknown user-defined format specifier "{exc.name}"'
            ctx.err.write(f"error: {text}\n{_GNU_USAGE}")
            return 1
        ctx.write(psformat.gnu_table(gnu, processes(ctx, own), ctx.now()))
        return 0
    procs = processes(ctx, own)
    flags = "".join(a.lstrip("-") for a in args)
    bsd = any(not a.startswith("-") for a in args)
    if bsd and "u" not in flags:  # (`ps ax`: BSD's own columns, not modelled)
        raise ctx.not_simulated(f"option {next(a for a in args if not a.startswith('-'))}")
    if bsd and ("a" in flags or "x" in flags) and "u" in flags:
        ctx.write("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for p in procs:
            start = time.strftime("%H:%M", time.gmtime(p.started))
            vsz, rss = p.vsz_kb or psformat.VSZ_KB, p.rss_kb or psformat.RSS_KB
            ctx.write(
                f"{p.user[:8]:<8} {p.pid:>7}  0.0  0.0 {vsz:>6} {rss:>5} {p.tty:<8} "
                f"{psformat.gnu_stat(p):<4} {start}   {_cputime(p.cpu_time, False)} {p.command}\n"
            )
        return 0
    if "e" in flags or "A" in flags or bsd:
        full = "f" in flags
        if full:
            ctx.write("UID          PID    PPID  C STIME TTY          TIME CMD\n")
        else:
            ctx.write("    PID TTY          TIME CMD\n")
        for p in procs:
            if full:
                stime = time.strftime("%H:%M", time.gmtime(p.started))
                ctx.write(
                    f"{p.user[:8]:<8} {p.pid:>7} {p.ppid:>7}  0 {stime} {p.tty:<8} "
                    f"{_cputime(p.cpu_time, True)} {p.command}\n"
                )
            else:
                ctx.write(
                    f"{p.pid:>7} {p.tty:<8} {_cputime(p.cpu_time, True)} "
                    f"{p.command.split(' ')[0].rsplit('/', 1)[-1]}\n"
                )
        return 0
    ctx.write("    PID TTY          TIME CMD\n")
    for p in procs:
        name = p.command.split(" ")[0].rsplit("/", 1)[-1]
        ctx.write(f"{p.pid:>7} {p.tty:<8} {_cputime(p.cpu_time, True)} {name}\n")
    return 0


def _gnu_options(args: list[str], lists: list[str]) -> list[str]:
    """procps-ng's options: the `-o`/`o`/`--format` lists go into `lists`; returns what is
    wrong (ps's error, or "dockersim:" and what is not simulated), empty when nothing is."""
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name != "format":
                known = name in ("forest", "sort", "no-headers", "pid", "ppid", "user", "cols")
                return [f"dockersim:option --{name}" if known else "unknown gnu long option"]
            if not eq and i < len(args):
                value = args[i]
                i += 1
            lists.append(value)
            continue
        sysv = arg.startswith("-")
        letters = arg[1:] if sysv else arg
        for j, letter in enumerate(letters):
            if letter == "o":
                value = letters[j + 1 :]
                if not value and i < len(args):
                    value = args[i]
                    i += 1
                lists.append(value)
                break
            if letter in ("eAf" if sysv else "aux"):
                continue
            if letter in (_SYSV_OPTIONS if sysv else _BSD_OPTIONS):
                return [f"dockersim:option {'-' if sysv else ''}{letter}"]
            return ["unsupported SysV option" if sysv else "unsupported option (BSD syntax)"]
    return []


#: BusyBox ps's options (the DESKTOP build): `-o` lists and letters it accepts and ignores
_BUSYBOX_FLAGS = frozenset("ZaAdeflT")


def _busybox_ps(ctx: Ctx, args: list[str], own: str) -> int:
    lists: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            break
        if arg.startswith("--"):
            name = arg[2:].partition("=")[0]
            if name == "help":
                ctx.err.write(busybox_usage("ps"))
                return 0
            raise ctx.bad_option(arg[2:] if ctx.musl else name, long=True)
        if not arg.startswith("-") or arg == "-":
            continue  # (a word like `aux` is ignored)
        for j, letter in enumerate(arg[1:], start=1):
            if letter == "o":
                value = arg[j + 1 :]
                if not value:
                    if i >= len(args):
                        raise ctx.missing_arg("o")
                    value = args[i]
                    i += 1
                lists.append(value)
                break
            if letter not in _BUSYBOX_FLAGS:
                raise ctx.bad_option(letter)
    try:
        columns = psformat.busybox_columns(lists or [psformat.BUSYBOX_DEFAULT])
    except psformat.ColumnError as exc:
        if exc.kind == "not simulated":
            raise ctx.not_simulated(f"column {exc.name}") from None
        supported = ",".join(psformat.BUSYBOX_COLUMNS)
        ctx.error(f"bad -o argument '{exc.name}', supported arguments: {supported}")
        return 1
    ctx.write(psformat.busybox_table(columns, processes(ctx, own), ctx.now()))
    return 0


@register("top")
def top(ctx: Ctx) -> int:
    batch = any(a.startswith("-") and "b" in a for a in ctx.argv[1:])
    if not ctx.busybox and not batch and not ctx.out.is_tty:
        ctx.err.write("top: failed tty get\n")
        return 1
    procs = processes(ctx, "top")
    clock = time.strftime("%H:%M:%S", time.gmtime(ctx.now()))
    if ctx.busybox:
        ctx.write(
            "Mem: 1849420K used, 6190164K free, 4812K shrd, 98432K buff, 1102944K cached\n"
            "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n"
            "Load average: 0.08 0.05 0.01 1/301 7\n"
            "  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n"
        )
        for p in procs:
            ctx.write(
                f"{p.pid:>5} {p.ppid:>5} {p.user[:8]:<8} {p.state:<4}  1636   0%   0   0% "
                f"{p.command}\n"
            )
        ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    ctx.write(
        f"top - {clock} up 1 day,  2:03,  0 user,  load average: 0.08, 0.05, 0.01\n"
        f"Tasks: {len(procs):>3} total,   1 running, {len(procs) - 1:>3} sleeping,   0 stopped,   "
        "0 zombie\n"
        "%Cpu(s):  0.0 us,  0.0 sy,  0.0 ni,100.0 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st\n"
        "MiB Mem :   7851.2 total,   6045.1 free,   1805.9 used,   1077.1 buff/cache\n"
        "MiB Swap:   2048.0 total,   2048.0 free,      0.0 used.   6045.3 avail Mem\n\n"
        "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n"
    )
    for p in procs:
        name = p.command.split(" ")[0].rsplit("/", 1)[-1]
        ctx.write(
            f"{p.pid:>7} {p.user[:8]:<8}  20   0    4588   3840   3200 {p.state}   0.0   0.0"
            f"   0:00.01 {name}\n"
        )
    ctx.block(frozenset({"SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"}))
    return 0


def signal_number(spec: str) -> tuple[str, int] | None:
    s = spec.upper()
    if s.startswith("SIG"):
        s = s[3:]
    if s.isascii() and s.isdigit():
        n = int(s)
        for name, num in SIGNALS.items():
            if num == n:
                return name, n
        return ("0", 0) if n == 0 else None
    return (s, SIGNALS[s]) if s in SIGNALS else None


def kill_command(
    proc: Proc,
    argv: list[str],
    out: Sink,
    err: Sink,
    prefix: str,
    flavour: str,
    jobs: JobView | None = None,
    own: JobTable | None = None,
    now: float = 0.0,
) -> int:
    """`kill` for the shells' builtins (flavour dash/bash/ash) and procps (flavour gnu).

    A shell's builtin also takes job specs (`%1`, `%%`, `%-`, `%sleep`) for the jobs in its
    table `own`; the pid of a background job the caller can see (`jobs`) ends that job."""
    args = argv[1:]
    name, number = "TERM", 15
    if args and args[0] == "-l":
        out.write(
            " ".join(SIGNALS) + "\n"
            if flavour != "bash"
            else "".join(f"{n:2d}) SIG{s}\n" for s, n in SIGNALS.items())
        )
        return 0
    if args and args[0] == "-s" and len(args) > 1:
        sig = signal_number(args[1])
        args = args[2:]
    elif args and args[0].startswith("-") and args[0] != "--" and len(args[0]) > 1:
        sig = signal_number(args[0][1:])
        args = args[1:]
    else:
        sig = (name, number)
        if args and args[0] == "--":
            args = args[1:]
    if sig is None:
        spec = argv[2] if argv[1] == "-s" else argv[1].lstrip("-")
        err.write(
            prefix + "kill: invalid signal specification\n"
            if flavour == "bash"
            else prefix + f"kill: invalid signal number or name: {spec}\n"
        )
        return 1 if flavour == "bash" else 2
    if not args:
        if flavour == "bash":
            err.write(
                prefix + "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec"
                " ... or kill -l [sigspec]\n"
            )
        else:
            err.write(
                prefix + "kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... "
                "or\nkill -l [exitstatus]\n"
            )
        return 2
    known = {p.pid for p in (proc.processes() if proc.processes else [])} | {proc.pid}
    status = 0
    for target in args:
        if target.startswith("%") and own is not None:
            try:
                target = str(own.find(target).pid)
            except NoSuchJob as exc:
                err.write(prefix + f"kill: {exc}\n")
                if flavour != "bash":  # dash and ash stop at it (sh_error)
                    return 2
                status = 1
                continue
        if not (target.isascii() and target.lstrip("-").isdigit()):
            if flavour == "bash":
                err.write(prefix + f"kill: {target}: arguments must be process or job IDs\n")
            else:
                err.write(prefix + f"kill: Illegal number: {target}\n")
            status = 1
            continue
        pid = int(target)
        if jobs is not None and jobs.signal(pid, sig[1], now):
            continue
        if pid not in known:
            status = 1
            if flavour == "bash":
                err.write(prefix + f"kill: ({pid}) - No such process\n")
            elif flavour == "ash":
                err.write(prefix + f"kill: can't kill pid {pid}: No such process\n")
            elif flavour == "gnu":
                err.write(f"kill: ({pid}): No such process\n")
            else:
                err.write(prefix + "kill: No such process\n")
            continue
        proc.killed.append((pid, "SIG" + sig[0] if sig[0] != "0" else "0"))
    return status


@register("kill")
def kill_program(ctx: Ctx) -> int:
    flavour = "ash" if ctx.busybox else "gnu"
    out, err = ctx.out, ctx.err
    return kill_command(ctx.proc, ctx.argv, out, err, "", flavour, ctx.jobs, None, ctx.now())
