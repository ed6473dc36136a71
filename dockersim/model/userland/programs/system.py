"""System programs: echo, printf, test, env, id, sleep, date, uname, df, free, which ..."""

from __future__ import annotations

import math
import posixpath
import re
import time

from dockersim.model.cowfs import FsError
from dockersim.model.host import KERNEL
from dockersim.model.userland import resolve
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import BUSYBOX_BANNER, Ctx, busybox_usage
from dockersim.model.userland.programs.listing import names_table
from dockersim.model.userland.testcmd import Test, TestError
from dockersim.model.userland.textfmt import echo, printf

KERNEL_VERSION = "#63-Ubuntu SMP PREEMPT_DYNAMIC Tue Apr 15 19:04:15 UTC 2025"


@register("echo")
def echo_program(ctx: Ctx) -> int:
    ctx.write(echo(ctx.argv[1:], "busybox" if ctx.busybox else "gnu"))
    return 0


@register("printf")
def printf_program(ctx: Ctx) -> int:
    if len(ctx.argv) < 2:
        ctx.error("missing operand")
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    text, bad = printf(ctx.argv[1], ctx.argv[2:])
    ctx.write(text)
    for value in bad:
        ctx.error(f"'{value}': expected a numeric value")
    return 1 if bad else 0


@register("test")
def test_program(ctx: Ctx) -> int:
    name = posixpath.basename(ctx.argv[0])
    flavour = "ash" if ctx.busybox else "gnu"
    t = Test(ctx.fs, ctx.cwd, ctx.proc.uid, flavour, lambda p: ctx.proc.mtimes.get(p, 0.0))
    try:
        return t.run("[" if name == "[" else "test", ctx.argv[1:])
    except TestError as exc:
        ctx.err.write(f"{name}: {exc}\n")
        return 2


@register("true")
def true_program(ctx: Ctx) -> int:
    return 0


@register("sync", "ldconfig")
def quiet_program(ctx: Ctx) -> int:
    """sync (flush writes) and ldconfig (rebuild the linker cache): the real ones print
    nothing; in the model there is nothing to flush or rebuild. Their options (GNU's
    `--version`, `--help`, ldconfig's `-p`) are not simulated; busybox sync ignores them."""
    args = ctx.argv[1:]
    if args and not (ctx.busybox and ctx.name == "sync"):
        raise ctx.not_simulated(f"{ctx.name} {args[0]}")
    return 0


@register("false")
def false_program(ctx: Ctx) -> int:
    return 1


@register("pwd")
def pwd_program(ctx: Ctx) -> int:
    ctx.write(ctx.cwd + "\n")
    return 0


@register("env")
def env_program(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    env = dict(ctx.env)
    while args and (args[0] in ("-i", "-", "--ignore-environment") or args[0] == "-u"):
        flag = args.pop(0)
        if flag == "-u" and args:
            env.pop(args.pop(0), None)
        else:
            env = {}
    while args and "=" in args[0] and not args[0].startswith("="):
        k, _, v = args.pop(0).partition("=")
        env[k] = v
    if not args:
        ctx.write("".join(f"{k}={v}\n" for k, v in env.items()))
        return 0
    sub = Ctx(
        ctx.proc,
        args,
        env,
        ctx.cwd,
        ctx.stdin,
        ctx.out,
        ctx.err,
        ctx.rec,
        ctx.flavour,
        ctx.name,
        ctx.spawn,
    )
    try:
        assert ctx.spawn is not None
        return ctx.spawn(args, sub)
    except resolve.NotFound:
        if ctx.busybox:
            ctx.error(f"can't execute '{args[0]}': No such file or directory")
        else:
            ctx.error(f"'{args[0]}': No such file or directory")
        return 127
    except (resolve.IsDirectory, resolve.NoPermission):
        if ctx.busybox:
            ctx.error(f"can't execute '{args[0]}': Permission denied")
        else:
            ctx.error(f"'{args[0]}': Permission denied")
        return 126


@register("printenv")
def printenv(ctx: Ctx) -> int:
    names = ctx.argv[1:]
    if not names:
        ctx.write("".join(f"{k}={v}\n" for k, v in ctx.env.items()))
        return 0
    status = 0
    for name in names:
        if name in ctx.env:
            ctx.write(ctx.env[name] + "\n")
        else:
            status = 1
    return status


@register("hostname")
def hostname(ctx: Ctx) -> int:
    ctx.write(ctx.proc.hostname + "\n")
    return 0


def _groups(ctx: Ctx, user: str | None = None, gid: int | None = None) -> list[int]:
    out = [ctx.proc.gid if gid is None else gid]
    user = ctx.proc.user if user is None else user
    try:
        text = ctx.fs.read("/etc/group").decode(errors="replace")
    except FsError:
        return out
    for line in text.splitlines():
        f = line.split(":")
        member = len(f) >= 4 and user in f[3].split(",") and f[2].isdigit()
        if member and int(f[2]) not in out:
            out.append(int(f[2]))
    return out


def _passwd_entry(ctx: Ctx, name: str) -> tuple[str, int, int] | None:
    """(name, uid, gid) of a user named or numbered `name` in /etc/passwd."""
    try:
        text = ctx.fs.read("/etc/passwd").decode(errors="replace")
    except FsError:
        return None
    for line in text.splitlines():
        f = line.split(":")
        if len(f) >= 4 and f[2].isdigit() and f[3].isdigit() and name in (f[0], f[2]):
            return f[0], int(f[2]), int(f[3])
    return None


@register("id")
def id_program(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "ugnGr")
    users = names_table(ctx, "/etc/passwd")
    groups = names_table(ctx, "/etc/group")
    uid, gid = ctx.proc.uid, ctx.proc.gid
    user: str | None = None
    if args:
        found = _passwd_entry(ctx, args[0])
        if found is None:
            ctx.error(f"unknown user {args[0]}" if ctx.busybox else f"'{args[0]}': no such user")
            return 1
        user, uid, gid = found
    if "u" in opts:
        ctx.write((users.get(uid, str(uid)) if "n" in opts else str(uid)) + "\n")
        return 0
    if "g" in opts:
        ctx.write((groups.get(gid, str(gid)) if "n" in opts else str(gid)) + "\n")
        return 0
    gids = _groups(ctx, user, gid if user is not None else None)
    if "G" in opts:
        shown = [groups.get(g, str(g)) if "n" in opts else str(g) for g in gids]
        ctx.write(" ".join(shown) + "\n")
        return 0

    def named(n: int, table: dict[int, str]) -> str:
        return f"{n}({table[n]})" if n in table else str(n)

    ctx.write(
        f"uid={named(uid, users)} gid={named(gid, groups)} "
        f"groups={','.join(named(g, groups) for g in gids)}\n"
    )
    return 0


@register("whoami")
def whoami(ctx: Ctx) -> int:
    users = names_table(ctx, "/etc/passwd")
    if ctx.proc.uid not in users:
        what = "unknown uid" if ctx.busybox else "cannot find name for user ID"
        ctx.error(f"{what} {ctx.proc.uid}")
        return 1
    ctx.write(users[ctx.proc.uid] + "\n")
    return 0


@register("groups")
def groups_program(ctx: Ctx) -> int:
    table = names_table(ctx, "/etc/group")
    ctx.write(" ".join(table.get(g, str(g)) for g in _groups(ctx)) + "\n")
    return 0


_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)([smhd]?)", re.ASCII)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float | None:
    if text.isascii() and text.isdigit():  # (the usual case: whole seconds)
        return float(text)
    if text in ("inf", "infinity"):
        return math.inf
    m = _DURATION.fullmatch(text)
    if not m:
        return None
    return float(m.group(1)) * _UNIT_SECONDS[m.group(2)]


@register("sleep")
def sleep(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args:
        if ctx.busybox:
            ctx.err.write(busybox_usage("sleep"))
            return 1
        ctx.error("missing operand")
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    total = 0.0
    for arg in args:
        value = parse_duration(arg)
        if value is None:
            if ctx.busybox:
                ctx.error(f"invalid number '{arg}'")
            else:
                ctx.error(f"invalid time interval '{arg}'")
                ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
            return 1
        total += value
    if math.isinf(total):
        ctx.block()
    ctx.rec.advance(total)
    return 0


def strftime(fmt: str, when: float) -> str:
    t = time.gmtime(when)
    out: list[str] = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%" or i + 1 >= len(fmt):
            out.append(c)
            i += 1
            continue
        d = fmt[i + 1]
        i += 2
        if d == "s":
            out.append(str(int(when)))
        elif d == "N":
            out.append(f"{round((when % 1) * 1e9):09d}")
        elif d == "e":
            out.append(f"{t.tm_mday:2d}")
        elif d == "Z":
            out.append("UTC")
        elif d == "z":
            out.append("+0000")
        elif d == "P":
            out.append(time.strftime("%p", t).lower())
        elif d == "k":
            out.append(f"{t.tm_hour:2d}")
        elif d == "-" and i < len(fmt):
            out.append(str(int(time.strftime("%" + fmt[i], t))))
            i += 1
        elif d in "aAbBcdDFHIjmMpRSTuwyYGVhnt%":
            out.append(time.strftime("%" + d, t))
        else:
            out.append("%" + d)
    return "".join(out)


@register("date")
def date(ctx: Ctx) -> int:
    args = [a for a in ctx.argv[1:] if a not in ("-u", "--utc", "--universal")]
    when = ctx.now()
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    for a in args:
        if a.startswith("+"):
            fmt = a[1:]
        elif a in ("-R", "--rfc-email"):
            fmt = "%a, %d %b %Y %H:%M:%S %z"
        elif a in ("-I", "--iso-8601"):
            fmt = "%Y-%m-%d"
        elif a.startswith("-"):
            raise ctx.bad_option(a.lstrip("-")[:1])
    ctx.write(strftime(fmt, when) + "\n")
    return 0


@register("uname")
def uname(ctx: Ctx) -> int:
    opts, _ = ctx.parse(ctx.argv[1:], "asnrvmpio", longs={"all": "a"})
    machine = ctx.proc.arch
    os_name = "Linux" if ctx.busybox else "GNU/Linux"
    fields = {
        "s": "Linux",
        "n": ctx.proc.hostname,
        "r": KERNEL,
        "v": KERNEL_VERSION,
        "m": machine,
        "p": "unknown",
        "i": "unknown",
        "o": os_name,
    }
    if "a" in opts:
        order = ["s", "n", "r", "v", "m", "o"]
    else:
        order = [k for k in "snrvmpio" if k in opts] or ["s"]
    ctx.write(" ".join(fields[k] for k in order) + "\n")
    return 0


@register("arch")
def arch(ctx: Ctx) -> int:
    ctx.write(ctx.proc.arch + "\n")
    return 0


@register("nproc")
def nproc(ctx: Ctx) -> int:
    ctx.write(f"{ctx.proc.ncpu}\n")
    return 0


DF_ROWS = (
    ("overlay", 61202244, 18262728, "/"),
    ("tmpfs", 65536, 0, "/dev"),
    ("shm", 65536, 0, "/dev/shm"),
    ("/dev/sda1", 61202244, 18262728, "/etc/hosts"),
)


@register("df")
def df(ctx: Ctx) -> int:
    opts, _args = ctx.parse(ctx.argv[1:], "hkPTa", longs={"human-readable": "h"})
    human = "h" in opts
    rows: list[tuple[str, ...]] = []
    for fs_name, size, used, mount in DF_ROWS:
        avail = int(size * 0.95) - used if size > 100000 else size - used
        pct = f"{math.ceil(used * 100 / (used + avail))}%" if used else "0%"
        if human:
            vals = [_h(size * 1024), _h(used * 1024), _h(avail * 1024)]
        else:
            vals = [str(size), str(used), str(avail)]
        rows.append((fs_name, *vals, pct, mount))
    if ctx.busybox:
        size_head = "Size" if human else "1K-blocks"
        ctx.write(f"Filesystem           {size_head:>9}      Used Available Use% Mounted on\n")
        for r in rows:
            ctx.write(f"{r[0]:<20} {r[1]:>9} {r[2]:>9} {r[3]:>9} {r[4]:>3} {r[5]}\n")
        return 0
    head = [
        "Filesystem",
        "Size" if human else "1K-blocks",
        "Used",
        "Avail" if human else "Available",
        "Use%",
        "Mounted on",
    ]
    table = [head] + [list(r) for r in rows]
    w = [max(len(row[i]) for row in table) for i in range(5)]
    w[0] = max(w[0], 14)
    for row in table:
        ctx.write(
            f"{row[0]:<{w[0]}} {row[1]:>{w[1]}} {row[2]:>{w[2]}} {row[3]:>{w[3]}} "
            f"{row[4]:>{w[4]}} {row[5]}\n"
        )
    return 0


def _h(n: int) -> str:
    value = float(n)
    for unit in "KMGT":
        value /= 1024
        if value < 1024:
            return f"{value:.1f}{unit}" if value < 10 else f"{math.ceil(value)}{unit}"
    return f"{math.ceil(value)}P"


@register("free")
def free(ctx: Ctx) -> int:
    opts, _ = ctx.parse(ctx.argv[1:], "bkmghtw", longs={"human": "h"})
    total = ctx.proc.mem_total_kb
    used = total * 23 // 100
    free_kb = total * 51 // 100
    shared = 4812
    cache = total - used - free_kb
    avail = total - used
    swap = 2097148
    div = 1024 if "m" in opts else (1024 * 1024 if "g" in opts else 1)
    vals = [v // div for v in (total, used, free_kb, shared, cache, avail)]
    if ctx.busybox:
        ctx.write(
            "              total        used        free      shared  buff/cache   available\n"
        )
        ctx.write("Mem:" + "".join(f"{v:>12}" for v in vals) + "\n")
        ctx.write(f"Swap:{swap // div:>11}{0:>12}{swap // div:>12}\n")
        return 0
    ctx.write("               total        used        free      shared  buff/cache   available\n")
    ctx.write("Mem:    " + "".join(f"{v:>12}" for v in vals) + "\n")
    ctx.write(f"Swap:   {swap // div:>12}{0:>12}{swap // div:>12}\n")
    return 0


@register("which")
def which(ctx: Ctx) -> int:
    args = [a for a in ctx.argv[1:] if not a.startswith("-")]
    show_all = "-a" in ctx.argv[1:]
    other = next((a for a in ctx.argv[1:] if a.startswith("-") and a != "-a"), None)
    if other is not None:
        raise ctx.not_simulated(f"option {other}")
    if not args:  # debianutils' which exits 1 silently; busybox's shows its usage
        if ctx.busybox:
            ctx.err.write(
                f"{BUSYBOX_BANNER}\n\nUsage: which [-a] COMMAND...\n\n"
                "Locate COMMAND\n\n\t-a\tShow all matches\n"
            )
        return 1
    status = 0
    for name in args:
        found = False
        dirs = ctx.env.get("PATH", "").split(":") if "/" not in name else [""]
        for d in dirs:
            path = posixpath.join(d, name) if d else name
            try:
                entry = ctx.fs.stat(path, ctx.cwd)
            except FsError:
                continue
            if entry.kind == "file" and entry.mode & 0o111:
                ctx.write(path + "\n")
                found = True
                if not show_all:
                    break
        if not found:
            status = 1
    return status


@register("uptime")
def uptime(ctx: Ctx) -> int:
    clock = time.strftime("%H:%M:%S", time.gmtime(ctx.now()))
    ctx.write(f" {clock} up 1 day,  2:03,  0 user,  load average: 0.08, 0.05, 0.01\n")
    return 0


@register("clear", "reset")
def clear(ctx: Ctx) -> int:
    ctx.write("\x1b[H\x1b[2J\x1b[3J")
    return 0


@register("tty")
def tty(ctx: Ctx) -> int:
    if ctx.stdin is not None and ctx.proc.tty:
        ctx.write(f"/dev/{ctx.proc.tty_name}\n")
        return 0
    ctx.write("not a tty\n")
    return 1
