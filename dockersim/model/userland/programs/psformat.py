"""`ps -o`: the columns BusyBox's ps and procps-ng's ps print, and how each lays out a line.

Facts from BusyBox 1.36.1/1.37.0 procps/ps.c (the DESKTOP build Alpine and Docker Hub's busybox
use: `out_spec`, `parse_o`, `format_header`, `format_process`, `format_time`) and procps-ng
4.0.2/4.0.4 src/ps (output.c `format_array` and `show_one_proc`, sortformat.c `format_parse`,
display.c `check_headers`), each checked against the real program.

- BusyBox matches a name on its first six characters, takes `COL=HEADER` (the header runs to
  the next comma and, when not empty, sets the column's width to its own length), pads every
  header but the last to its width, right-aligns numbers without cutting them and cuts text to
  its width, and prints the header line only when some header is not empty.
- procps-ng splits the list at commas and blanks, takes `COL=HEADER` and `COL:WIDTH` (a header
  widens its column, never narrows it), aligns headers as their values, pads before each field
  so that later columns catch up after a wide value, cuts a command column to its width unless
  it is the last, and also prints no header line when every header is empty.

A column whose value dockersim does not know (a process group, a nice value, memory sizes in
BusyBox's compact form, ...) is refused as not simulated, never printed made up.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from dockersim.model.userland.types import ProcInfo

#: name -> (header, width, numeric), in BusyBox's order (its error message lists them so)
BUSYBOX_COLUMNS: dict[str, tuple[str, int, bool]] = {
    "user": ("USER", 8, False),
    "group": ("GROUP", 8, False),
    "comm": ("COMMAND", 16, False),
    "args": ("COMMAND", 2048, False),
    "pid": ("PID", 5, True),
    "ppid": ("PPID", 5, True),
    "pgid": ("PGID", 5, True),
    "etime": ("ELAPSED", 7, False),
    "nice": ("NI", 5, True),
    "rgroup": ("RGROUP", 8, False),
    "ruser": ("RUSER", 8, False),
    "time": ("TIME", 5, False),
    "tty": ("TT", 6, False),
    "vsz": ("VSZ", 4, False),
    "sid": ("SID", 5, True),
    "stat": ("STAT", 4, False),
    "rss": ("RSS", 4, False),
}
BUSYBOX_DEFAULT = "pid,user,time,args"
#: what pts/N is to the kernel (`ps -o tty` shows major,minor)
PTS_MAJOR = 136
#: a process's memory in KiB when its program declares none (`ps aux`, `ps -o vsz,rss`)
VSZ_KB = 4588
RSS_KB = 3840

#: procps-ng: name -> (header, width, alignment): "right", "left", "user" (right when numeric)
#: or "unlimited" (left; cut to its width unless it is the last column)
GNU_COLUMNS: dict[str, tuple[str, int, str]] = {
    "%cpu": ("%CPU", 4, "right"),
    "pcpu": ("%CPU", 4, "right"),
    "%mem": ("%MEM", 4, "right"),
    "pmem": ("%MEM", 4, "right"),
    "args": ("COMMAND", 27, "unlimited"),
    "cmd": ("CMD", 27, "unlimited"),
    "command": ("COMMAND", 27, "unlimited"),
    "comm": ("COMMAND", 15, "unlimited"),
    "ucomm": ("COMMAND", 15, "unlimited"),
    "ucmd": ("CMD", 15, "unlimited"),
    "etime": ("ELAPSED", 11, "right"),
    "pid": ("PID", 7, "right"),  # (PIDs as wide as pid_max, 4194304: 7)
    "ppid": ("PPID", 7, "right"),
    "rss": ("RSS", 5, "right"),
    "stat": ("STAT", 4, "left"),
    "time": ("TIME", 8, "right"),
    "tty": ("TT", 8, "left"),
    "tt": ("TT", 8, "left"),
    "tname": ("TTY", 8, "left"),
    "user": ("USER", 8, "user"),
    "euser": ("EUSER", 8, "user"),
    "vsz": ("VSZ", 6, "right"),
    "vsize": ("VSZ", 6, "right"),
}
#: procps-ng columns it has that dockersim does not model
GNU_UNSIMULATED = frozenset(
    {
        "ni",
        "nice",
        "pri",
        "nlwp",
        "pgid",
        "pgrp",
        "sid",
        "sess",
        "session",
        "start",
        "stime",
        "lstart",
        "start_time",
        "uid",
        "euid",
        "ruid",
        "ruser",
        "rgroup",
        "group",
        "egroup",
        "gid",
        "egid",
        "label",
        "wchan",
        "f",
        "flags",
        "c",
        "lwp",
        "tid",
        "spid",
        "psr",
        "class",
        "cls",
        "rtprio",
        "sz",
        "sgi_p",
        "policy",
        "tpgid",
        "etimes",
        "bsdtime",
        "cputime",
        "",
    }
)


class ColumnError(Exception):
    """A `-o` list ps refuses; `kind` says which of its messages (and "not simulated")."""

    def __init__(self, kind: str, name: str = "") -> None:
        super().__init__(name)
        self.kind = kind
        self.name = name


# --- values ---------------------------------------------------------------------------------


def comm(p: ProcInfo) -> str:
    """/proc/PID/comm: the program's file name, at most 15 characters (TASK_COMM_LEN)."""
    first = p.argv[0] if p.argv else p.command.split(" ")[0]
    return posixpath.basename(first)[:15]


def busybox_time(seconds: float) -> str:
    """BusyBox's five-character TIME and ELAPSED: mm:ss, then hh h mm, dd d hh, then days."""
    total = int(seconds)
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes:2d}:{secs:02d}"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours:2d}h{minutes:02d}"
    days, hours = divmod(hours, 24)
    if days < 100:
        return f"{days:2d}d{hours:02d}"
    return f"{days:4d}d"


def gnu_time(seconds: float, elapsed: bool) -> str:
    """procps-ng TIME ([DD-]HH:MM:SS) and ELAPSED ([[DD-]HH:]MM:SS)."""
    total = int(seconds)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    prefix = f"{days}-" if days else ""
    if elapsed and not days and not hours:
        return f"{minutes:02d}:{secs:02d}"
    return f"{prefix}{hours:02d}:{minutes:02d}:{secs:02d}"


def gnu_stat(p: ProcInfo) -> str:
    """STAT as `ps aux` shows it: the state, `s` for the session leader, `+` in the
    terminal's foreground."""
    return p.state + ("s" if p.pid == 1 else "") + ("+" if p.tty != "?" and p.foreground else "")


# --- BusyBox ----------------------------------------------------------------------------------

#: (name, header, width, numeric)
BusyBoxColumn = tuple[str, str, int, bool]


def busybox_columns(lists: list[str]) -> list[BusyBoxColumn]:
    """The columns of `-o` lists, in order (raises ColumnError)."""
    columns: list[BusyBoxColumn] = []
    for text in lists:
        while True:
            comma, equal = text.find(","), text.find("=")
            if comma >= 0 and (equal < 0 or equal > comma):
                columns.append(_busybox_spec(text[:comma]))
                text = text[comma + 1 :]
                continue
            name = text[:equal] if equal >= 0 else text
            spec = _busybox_spec(name)
            if equal < 0:
                columns.append(spec)
                break
            header, comma_at, text = text[equal + 1 :].partition(",")
            width = len(header) if header else spec[2]
            columns.append((spec[0], header, width, spec[3]))
            if not comma_at:
                break
    for name, *_ in columns:
        if name not in _BUSYBOX_VALUES:  # (a process group, nice, compact sizes: unknown)
            raise ColumnError("not simulated", name)
    return columns


def _busybox_spec(name: str) -> BusyBoxColumn:
    key = name[:6] if len(name) >= 6 else name  # (strncmp of six characters)
    for spec, (header, width, numeric) in BUSYBOX_COLUMNS.items():
        if spec == key:
            return spec, header, width, numeric
    raise ColumnError("bad", name)


def busybox_table(columns: list[BusyBoxColumn], procs: list[ProcInfo], now: float) -> str:
    lines: list[str] = []
    if any(header for _, header, _, _ in columns):
        cells = [f"{header:<{width}} " for _, header, width, _ in columns[:-1]]
        lines.append("".join(cells) + columns[-1][1])
    for p in procs:
        out = ""
        for i, (name, _, width, numeric) in enumerate(columns):
            value = _BUSYBOX_VALUES[name](p, now)
            value = f"{value:>{width}}" if numeric else value[:width]
            value = value or "-"
            out += value if i == len(columns) - 1 else value + " " * (width - len(value) + 1)
        lines.append(out)
    return "".join(line + "\n" for line in lines)


#: each BusyBox column's text for a process (at `now`)
_BUSYBOX_VALUES: dict[str, Callable[[ProcInfo, float], str]] = {
    "user": lambda p, now: p.user,
    "ruser": lambda p, now: p.user,
    "comm": lambda p, now: comm(p),
    "args": lambda p, now: p.command,
    "pid": lambda p, now: str(p.pid),
    "ppid": lambda p, now: str(p.ppid),
    "etime": lambda p, now: busybox_time(max(now - p.started, 0)),
    "time": lambda p, now: busybox_time(p.cpu_time),
    "tty": lambda p, now: f"{PTS_MAJOR},{p.tty[4:]}" if p.tty.startswith("pts/") else "?",
    "stat": lambda p, now: f"{p.state:<3}",
}


# --- procps-ng --------------------------------------------------------------------------------

#: (name, header, width, alignment)
GnuColumn = tuple[str, str, int, str]


def gnu_columns(lists: list[str]) -> list[GnuColumn]:
    """The columns of `-o` lists, in order (raises ColumnError)."""
    columns: list[GnuColumn] = []
    for text in lists:
        if not text:
            raise ColumnError("empty")
        items = re.split(r"[ ,\t\n]", text)
        if items[-1] == "" and len(items) > 1:
            items.pop()  # (one separator may end the list)
        if any(item == "" for item in items):
            raise ColumnError("improper")
        for item in items:
            spec, _, header = item.partition("=")
            name, colon, width_text = spec.partition(":")
            if name not in GNU_COLUMNS:
                raise ColumnError("not simulated" if name in GNU_UNSIMULATED else "unknown", name)
            default_header, width, align = GNU_COLUMNS[name]
            if colon:
                if not width_text.isdigit() or int(width_text) == 0:
                    raise ColumnError("width")
                width = int(width_text)
            if "=" in item:  # (a header of its own widens the column, never narrows it)
                columns.append((name, header, max(width, len(header)), align))
            else:
                columns.append((name, default_header, width, align))
    return columns


def gnu_table(columns: list[GnuColumn], procs: list[ProcInfo], now: float) -> str:
    lines: list[str] = []
    if any(header for _, header, _, _ in columns):
        lines.append(_gnu_line(columns, [header for _, header, _, _ in columns], header=True))
    for p in procs:
        lines.append(_gnu_line(columns, [_GNU_VALUES[c[0]](p, now) for c in columns]))
    return "".join(line + "\n" for line in lines)


def _gnu_line(columns: list[GnuColumn], values: list[str], header: bool = False) -> str:
    out = ""
    actual = correct = 0
    gap = 0
    last = len(columns) - 1
    for i, ((_, _, width, align), value) in enumerate(zip(columns, values, strict=True)):
        if not header:
            if align == "unlimited" and i != last:
                value = value[:width]
            elif align == "user" and i != last and len(value) > width:
                value = value[: width - 1] + "+"
        numeric = value.isdigit()
        right = align == "right" or (align == "user" and numeric)
        left_pad = max(width - len(value), 0) if right else 0
        space = correct - actual + left_pad
        if space < 1:
            space = gap
        out += " " * space + value
        actual += space + len(value)
        correct += width + 1
        gap = 1
    return out


#: each procps-ng column's text for a process (at `now`), aliases included
_GNU_VALUES: dict[str, Callable[[ProcInfo, float], str]] = {
    "%cpu": lambda p, now: "0.0",
    "%mem": lambda p, now: "0.0",
    "args": lambda p, now: p.command,
    "comm": lambda p, now: comm(p),
    "etime": lambda p, now: gnu_time(max(now - p.started, 0), elapsed=True),
    "pid": lambda p, now: str(p.pid),
    "ppid": lambda p, now: str(p.ppid),
    "rss": lambda p, now: str(p.rss_kb or RSS_KB),
    "stat": lambda p, now: gnu_stat(p),
    "time": lambda p, now: gnu_time(p.cpu_time, elapsed=False),
    "tty": lambda p, now: p.tty,
    "user": lambda p, now: p.user,
    "vsz": lambda p, now: str(p.vsz_kb or VSZ_KB),
}
for _alias, _name in (
    ("pcpu", "%cpu"), ("pmem", "%mem"), ("cmd", "args"), ("command", "args"), ("ucomm", "comm"),
    ("ucmd", "comm"), ("tt", "tty"), ("tname", "tty"), ("euser", "user"), ("vsize", "vsz"),
):  # fmt: skip
    _GNU_VALUES[_alias] = _GNU_VALUES[_name]
