"""Login records and terminals in a container (no utmp, no login): logname, users, who,
stty, tput; and the wrappers that run a command with another priority or CPU set: nice,
ionice, renice, taskset."""

from __future__ import annotations

import re

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.misc import _spawn
from dockersim.model.userland.programs.operands import meta


@register("logname")
def logname(ctx: Ctx) -> int:
    meta(ctx)
    if ctx.musl and ctx.env.get("LOGNAME"):  # musl's getlogin() is $LOGNAME
        ctx.write(ctx.env["LOGNAME"] + "\n")
        return 0
    # glibc reads /proc/self/loginuid, unset in a container; musl finds no $LOGNAME
    ctx.error("getlogin: No such device or address" if ctx.busybox else "no login name")
    return 1


@register("users", "who")
def who(ctx: Ctx) -> int:
    """A container has no login records: both print nothing (who's -H prints its header)."""
    meta(ctx)
    opts, _operands = ctx.parse(ctx.argv[1:], "aHqmbdlprTtu" if not ctx.busybox else "aH")
    if ctx.name == "who" and "H" in opts:
        if ctx.busybox:
            ctx.write("USER\t\tTTY\t\tIDLE\tTIME\t\t HOST\n")  # est.
        else:
            ctx.write("NAME     LINE         TIME             COMMENT\n")
    if ctx.name == "who" and "q" in opts:
        ctx.write("\n# users=0\n")
    return 0


_TTY_ERROR = "'standard input': Inappropriate ioctl for device"


@register("stty")
def stty(ctx: Ctx) -> int:
    meta(ctx)
    if not ctx.proc.tty:
        ctx.error("standard input: Not a tty" if ctx.busybox else _TTY_ERROR)
        return 1
    args = ctx.argv[1:]
    if not args or any(a in ("-a", "-g", "--all", "--save", "size", "speed") for a in args):
        raise ctx.not_simulated("printing the terminal's settings")
    return 0  # setting modes (-echo, raw, sane) prints nothing


_CAPS = {
    "clear": "\x1b[H\x1b[2J\x1b[3J",
    "sgr0": "\x1b(B\x1b[m",
    "bold": "\x1b[1m",
    "smul": "\x1b[4m",
    "rmul": "\x1b[24m",
    "rev": "\x1b[7m",
    "civis": "\x1b[?25l",
    "cnorm": "\x1b[?12l\x1b[?25h",
}


@register("tput")
def tput(ctx: Ctx) -> int:
    """ncurses tput for an xterm-like $TERM (what `docker run -t` sets)."""
    meta(ctx)
    args = ctx.argv[1:]
    term = ctx.env.get("TERM", "")
    if args[:1] and args[0].startswith("-T"):
        term = args[0][2:] or (args[1] if len(args) > 1 else "")
        args = args[1:] if args[0][2:] else args[2:]
    if not term:
        ctx.error("No value for $TERM and no -T specified")
        return 2
    if not term.startswith("xterm"):
        raise ctx.not_simulated(f"terminal type '{term}'")
    if not args:
        ctx.err.write("usage: tput [-V] [-S] [-T term] capname\n")  # est.
        return 2
    cap = args[0]
    if cap in _CAPS:
        ctx.write(_CAPS[cap])
        return 0
    if cap in ("setaf", "setab") and len(args) > 1 and args[1].isdigit():
        n = int(args[1])
        base = 30 if cap == "setaf" else 40
        ctx.write(f"\x1b[{base + n}m" if n < 8 else f"\x1b[{base + 8};5;{n}m")
        return 0
    if cap == "colors":
        ctx.write("8\n" if term == "xterm" else "256\n")
        return 0
    if cap in ("cols", "lines") and not ctx.proc.tty:
        ctx.write("80\n" if cap == "cols" else "24\n")  # the terminfo default off a terminal
        return 0
    raise ctx.not_simulated(f"capability '{cap}'")


@register("nice")
def nice(ctx: Ctx) -> int:
    meta(ctx)
    args = ctx.argv[1:]
    adjust = "10"
    if args and re.fullmatch(r"-n.*|--adjustment=.*|-[0-9]+", args[0]):
        if args[0] == "-n":
            if len(args) < 2:
                raise ctx.missing_arg("n", status=125)
            adjust, args = args[1], args[2:]
        else:
            adjust = args[0].split("=", 1)[-1] if "=" in args[0] else args[0].lstrip("-n")
            args = args[1:]
    if not re.fullmatch(r"[+-]?[0-9]+", adjust):
        ctx.error(
            f"invalid adjustment '{adjust}'" if not ctx.busybox else f"invalid number '{adjust}'"
        )
        return 125 if not ctx.busybox else 1
    if not args:
        ctx.write("0\n")  # the container's processes run at niceness 0
        return 0
    return _spawn(ctx, args)


@register("ionice")
def ionice(ctx: Ctx) -> int:
    meta(ctx)
    opts, args = ctx.parse(ctx.argv[1:], "t", "cnp")
    if "p" in opts or not args:
        raise ctx.not_simulated("showing a process's I/O priority")
    return _spawn(ctx, args)


@register("renice")
def renice(ctx: Ctx) -> int:
    meta(ctx)
    args = ctx.argv[1:]
    if args[:1] == ["-n"]:
        args = args[1:]
    if len(args) < 2 or not re.fullmatch(r"[+-]?[0-9]+", args[0]):
        raise ctx.not_simulated("this command line")
    value = int(args[0])
    status = 0
    if ctx.proc.processes is not None:
        known = {str(p.pid) for p in ctx.proc.processes()}
    else:
        known = {"1", str(ctx.proc.pid)}
    for pid in [a for a in args[1:] if a not in ("-p", "--pid")]:
        if pid not in known:
            ctx.error(f"failed to get priority for {pid} (process ID): No such process")
            status = 1
            continue
        if not ctx.busybox:
            ctx.write(f"{pid} (process ID) old priority 0, new priority {value}\n")
    return status


@register("taskset")
def taskset(ctx: Ctx) -> int:
    meta(ctx)
    args = ctx.argv[1:]
    flags = ""
    while args and args[0].startswith("-"):
        flags += args[0].lstrip("-")
        args = args[1:]
    ncpu = ctx.proc.ncpu
    if "p" in flags:
        if len(args) != 1 or not args[0].isdigit():
            raise ctx.not_simulated("setting a process's affinity")
        if "c" in flags:
            cpus = "0" if ncpu == 1 else f"0-{ncpu - 1}"
            ctx.write(f"pid {args[0]}'s current affinity list: {cpus}\n")
        else:
            ctx.write(f"pid {args[0]}'s current affinity mask: {(1 << ncpu) - 1:x}\n")
        return 0
    if len(args) < 2:
        raise ctx.not_simulated("this command line")
    return _spawn(ctx, args[1:])
