"""ls and stat: GNU coreutils and busybox formats."""

from __future__ import annotations

import math
import posixpath
import re
import time

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx

SIX_MONTHS = 15_778_476 // 1


def names_table(ctx: Ctx, path: str) -> dict[int, str]:
    try:
        text = ctx.fs.read(path).decode(errors="replace")
    except FsError:
        return {}
    out: dict[int, str] = {}
    for line in text.splitlines():
        f = line.split(":")
        if len(f) >= 3 and f[2].isdigit():
            out.setdefault(int(f[2]), f[0])
    return out


def mode_string(entry: FileEntry) -> str:
    kind = {"dir": "d", "symlink": "l"}.get(entry.kind, "-")
    m = entry.mode
    chars = []
    for shift, special, sch in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        bits = (m >> shift) & 7
        x = bits & 1
        xc = "x" if x else "-"
        if m & special:
            xc = sch if x else sch.upper()
        chars.append(("r" if bits & 4 else "-") + ("w" if bits & 2 else "-") + xc)
    return kind + "".join(chars)


def mtime_of(ctx: Ctx, path: str) -> float:
    return ctx.proc.mtimes.get(path, ctx.proc.image_time)


def size_of(entry: FileEntry) -> int:
    if entry.kind == "dir":
        return 4096
    if entry.kind == "symlink":
        return len(entry.target)
    return len(entry.content)


def blocks_of(entry: FileEntry) -> int:
    """1K blocks used (4K filesystem blocks; fast symlinks use none)."""
    if entry.kind == "dir":
        return 4
    if entry.kind == "symlink":
        return 0
    return -(-len(entry.content) // 4096) * 4


def human(n: int) -> str:
    """GNU -h: one decimal below 10, rounded up."""
    if n < 1024:
        return str(n)
    value = float(n)
    for unit in "KMGTPE":
        value /= 1024
        if value < 1024 or unit == "E":
            if value < 10:
                tenths = math.ceil(value * 10 - 1e-9)
                return f"{tenths / 10:.1f}{unit}" if tenths < 100 else f"10{unit}"
            return f"{math.ceil(value - 1e-9)}{unit}"
    return str(n)


def date_string(when: float, now: float) -> str:
    t = time.gmtime(when)
    month = time.strftime("%b", t)
    if now - SIX_MONTHS // 2 <= when <= now + 3600:
        return f"{month} {t.tm_mday:2d} {t.tm_hour:02d}:{t.tm_min:02d}"
    return f"{month} {t.tm_mday:2d}  {t.tm_year}"


def full_iso(when: float, busybox: bool = False) -> str:
    """`ls --full-time`'s time (GNU's full-iso style, as `stat` prints it; busybox's ls
    leaves out the fraction). The clock has whole seconds; the zone is UTC."""
    fraction = "" if busybox else ".000000000"
    return time.strftime(f"%Y-%m-%d %H:%M:%S{fraction} +0000", time.gmtime(when))


class Lister:
    def __init__(self, ctx: Ctx, opts: dict[str, str]) -> None:
        self.ctx = ctx
        self.opts = opts
        self.long = "l" in opts or "n" in opts
        self.users = names_table(ctx, "/etc/passwd")
        self.groups = names_table(ctx, "/etc/group")
        self.status = 0

    def entry(self, path: str, follow: bool) -> FileEntry:
        return self.ctx.fs.stat(path, "/", follow=follow)

    def nlink(self, path: str, entry: FileEntry) -> int:
        if entry.kind != "dir":
            return 1
        try:
            names = self.ctx.fs.listdir(path)
        except FsError:
            return 2
        subdirs = 0
        for n in names:
            child = self.ctx.fs.get(posixpath.join(path, n))
            if child is not None and child.kind == "dir":
                subdirs += 1
        return 2 + subdirs

    def suffix(self, entry: FileEntry) -> str:
        if "F" in self.opts:
            if entry.kind == "dir":
                return "/"
            if entry.kind == "symlink":
                return "@"
            if entry.mode & 0o111:
                return "*"
        elif "p" in self.opts and entry.kind == "dir":
            return "/"
        return ""

    def rows(self, items: list[tuple[str, str, FileEntry]]) -> list[str]:
        """items: (shown name, absolute path, entry without following)."""
        if not self.long:
            return [name + self.suffix(e) for name, _p, e in items]
        now = self.ctx.now()
        cols = []
        for name, path, e in items:
            owner = str(e.uid) if "n" in self.opts else self.users.get(e.uid, str(e.uid))
            group = str(e.gid) if "n" in self.opts else self.groups.get(e.gid, str(e.gid))
            size = human(size_of(e)) if "h" in self.opts else str(size_of(e))
            shown = name + self.suffix(e)
            if e.kind == "symlink":
                shown = f"{name} -> {e.target}"
            cols.append(
                (
                    mode_string(e),
                    str(self.nlink(path, e)),
                    owner,
                    group,
                    size,
                    full_iso(mtime_of(self.ctx, path), self.ctx.busybox)
                    if "full-time" in self.opts
                    else date_string(mtime_of(self.ctx, path), now),
                    shown,
                )
            )
        if self.ctx.busybox:
            return [
                f"{m:<10} {n:>4} {o:<8} {g:<8} {s:>9} {d} {nm}" for m, n, o, g, s, d, nm in cols
            ]
        w = [max((len(c[i]) for c in cols), default=0) for i in range(5)]  # an empty dir
        return [
            f"{m} {n:>{w[1]}} {o:<{w[2]}} {g:<{w[3]}} {s:>{w[4]}} {d} {nm}"
            for m, n, o, g, s, d, nm in cols
        ]

    def sort(self, items: list[tuple[str, str, FileEntry]]) -> list[tuple[str, str, FileEntry]]:
        if "t" in self.opts:
            items.sort(key=lambda it: (-mtime_of(self.ctx, it[1]), it[0]))
        elif "S" in self.opts:
            items.sort(key=lambda it: (-size_of(it[2]), it[0]))
        else:
            items.sort(key=lambda it: it[0].encode())
        if "r" in self.opts:
            items.reverse()
        return items

    def directory(self, path: str) -> tuple[list[str], int]:
        fs = self.ctx.fs
        names = fs.listdir(path)
        items: list[tuple[str, str, FileEntry]] = []
        if "a" in self.opts:
            items.append((".", path, self.entry(path, True)))
            parent = posixpath.dirname(path)
            items.append(("..", parent, self.entry(parent, True)))
        for name in names:
            if name.startswith(".") and not ({"a", "A"} & set(self.opts)):
                continue
            child = posixpath.join(path, name)
            items.append((name, child, self.entry(child, False)))
        total = sum(blocks_of(e) for _n, _p, e in items)
        return self.format(self.sort(items)), total

    def format(self, items: list[tuple[str, str, FileEntry]]) -> list[str]:
        lines = self.rows(items)
        if self.long or "1" in self.opts or not self.ctx.out.is_tty:
            return lines
        return columns(lines, 80)


def columns(names: list[str], width: int) -> list[str]:
    if not names:
        return []
    n = len(names)
    best = [names]
    for ncols in range(min(n, width // 3), 0, -1):
        nrows = -(-n // ncols)
        grid = [names[c * nrows : (c + 1) * nrows] for c in range(ncols)]
        grid = [g for g in grid if g]
        widths = [max(len(x) for x in col) + 2 for col in grid]
        if sum(widths) - 2 <= width:
            out = []
            for r in range(nrows):
                cells = []
                for c, col in enumerate(grid):
                    if r < len(col):
                        last = c == len(grid) - 1 or r >= len(grid[c + 1])
                        cells.append(col[r] if last else col[r].ljust(widths[c]))
                out.append("".join(cells))
            return out
    return best[0]


@register("ls", "dir", "vdir")
def ls(ctx: Ctx) -> int:
    opts, args = ctx.parse(
        ctx.argv[1:],
        "laA1dhrtSnFpRCxiLHsUX",
        longs={
            "all": "a",
            "almost-all": "A",
            "human-readable": "h",
            "reverse": "r",
            "directory": "d",
            "color": "C",
            "color=": "C",
            "classify": "F",
            "full-time": "full-time",
        },
        status=2,
    )
    if "full-time" in opts:  # implies -l (GNU: --time-style=full-iso; busybox: whole seconds)
        opts["l"] = ""
    lister = Lister(ctx, opts)
    fs = ctx.fs
    targets = args or ["."]
    files: list[tuple[str, str, FileEntry]] = []
    dirs: list[tuple[str, str]] = []
    status = 0
    for arg in targets:
        path = ctx.path(arg)
        try:
            link = fs.stat(path, follow=False)
            follow = link.kind == "symlink" and not lister.long and "d" not in opts
            entry = fs.stat(path) if follow or link.kind != "symlink" else link
        except FsError as exc:
            status = 2 if not ctx.busybox else 1
            if ctx.busybox:
                ctx.error(f"{arg}: {exc}")
            else:
                ctx.error(f"cannot access '{arg}': {exc}")
            continue
        if entry.kind == "dir" and "d" not in opts:
            dirs.append((arg, fs.resolve(path)))
        else:
            files.append((arg, path, entry if lister.long else link))
    out: list[str] = []
    if files:
        out.extend(lister.format(lister.sort(files)))
    many = len(targets) > 1 or "R" in opts
    queue = sorted(dirs, key=lambda d: d[0].encode())
    if "r" in opts:
        queue.reverse()
    first = not files
    while queue:
        shown, real = queue.pop(0)
        if not first:
            out.append("")
        first = False
        if many:
            out.append(f"{shown}:")
        try:
            lines, total = lister.directory(real)
        except FsError as exc:
            if ctx.busybox:
                status = max(status, 1)
                ctx.error(f"can't open '{shown}': {exc}")
            else:
                status = 2
                ctx.error(f"cannot open directory '{shown}': {exc}")
            continue
        if lister.long:
            out.append(f"total {total}")
        out.extend(lines)
        if "R" in opts:
            subs = []
            for name in fs.listdir(real):
                child = fs.get(posixpath.join(real, name))
                if child is not None and child.kind == "dir":
                    if name.startswith(".") and "a" not in opts:
                        continue
                    subs.append((posixpath.join(shown, name), posixpath.join(real, name)))
            queue = sorted(subs) + queue
    if out:
        ctx.write("\n".join(out) + "\n")
    return status


@register("stat")
def stat(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "Lt", "c", {"format=": "c"})
    if not args:
        ctx.error("missing operand")
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    users = names_table(ctx, "/etc/passwd")
    groups = names_table(ctx, "/etc/group")
    status = 0
    for arg in args:
        try:
            entry = ctx.fs.stat(arg, ctx.cwd, follow="L" in opts)
            path = ctx.fs.resolve(arg, ctx.cwd, follow_last="L" in opts)
        except FsError as exc:
            status = 1
            # busybox stat.c: bb_perror_msg("can't stat '%s'"); GNU: "cannot stat"
            what = "can't" if ctx.busybox else "cannot"
            ctx.error(f"{what} stat '{arg}': {exc}")
            continue
        kind = {"dir": "directory", "symlink": "symbolic link"}.get(
            entry.kind, "regular file" if entry.content else "regular empty file"
        )
        when = full_iso(mtime_of(ctx, path))
        if "c" in opts:
            seconds = str(int(mtime_of(ctx, path)))  # one time: access, change, modify
            repl = {
                "n": arg,
                "s": str(size_of(entry)),
                "a": f"{entry.mode & 0o7777:o}",
                "A": mode_string(entry),
                "U": users.get(entry.uid, str(entry.uid)),
                "G": groups.get(entry.gid, str(entry.gid)),
                "u": str(entry.uid),
                "g": str(entry.gid),
                "F": kind,
                "b": str(blocks_of(entry) * 2),
                "B": "512",
                "o": "4096",
                "x": when,
                "y": when,
                "z": when,
                "X": seconds,
                "Y": seconds,
                "Z": seconds,
                "%": "%",
            }
            unknown = [d for d in re.findall(r"%(.?)", opts["c"]) if d not in repl]
            if unknown:
                raise ctx.not_simulated(f"format directive %{unknown[0]}")
            parts = re.split(r"%(.)", opts["c"])  # text, directive, text, ...
            ctx.write("".join(repl[p] if i % 2 else p for i, p in enumerate(parts)) + "\n")
            continue
        name = f"'{arg}' -> '{entry.target}'" if entry.kind == "symlink" else arg
        ctx.write(
            f"  File: {name}\n"
            f"  Size: {size_of(entry):<15} Blocks: {blocks_of(entry) * 2:<10} IO Block: 4096   "
            f"{kind}\n"
            f"Access: ({entry.mode & 0o7777:04o}/{mode_string(entry)})  "
            f"Uid: ({entry.uid:5d}/{users.get(entry.uid, 'UNKNOWN'):>8})   "
            f"Gid: ({entry.gid:5d}/{groups.get(entry.gid, 'UNKNOWN'):>8})\n"
            f"Access: {when}\nModify: {when}\nChange: {when}\n"
        )
    return status
