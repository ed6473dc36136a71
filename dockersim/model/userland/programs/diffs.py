"""diff (GNU: normal and -u output; busybox: unified only) and cmp.

Hunks come from difflib's matching, which finds GNU diff's minimal edit script in the common
cases; where several minimal scripts exist the one chosen may differ (a simplification)."""

from __future__ import annotations

import difflib
import time

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx, busybox_usage
from dockersim.model.userland.programs.listing import mtime_of
from dockersim.model.userland.programs.operands import from_bytes, meta

_NO_NEWLINE = "\\ No newline at end of file\n"


def _load(ctx: Ctx, name: str) -> bytes | None:
    try:
        if name == "-":
            return ctx.stdin.read_all().encode()
        if ctx.fs.stat(name, ctx.cwd).kind == "dir":
            raise ctx.not_simulated("comparing directories")
        return ctx.fs.read(name, ctx.cwd)
    except FsError as exc:
        if ctx.busybox:
            ctx.error(f"can't stat '{name}': {exc}")
        else:
            ctx.error(f"{name}: {exc}")
        return None


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _show(prefix: str, line: str) -> str:
    return prefix + line if line.endswith("\n") else prefix + line + "\n" + _NO_NEWLINE


def _range(start: int, end: int) -> str:
    """GNU's normal-format range of lines start+1..end (1-based)."""
    return str(end) if end - start <= 1 else f"{start + 1},{end}"


def _normal(a: list[str], b: list[str]) -> str:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        letter = {"replace": "c", "delete": "d", "insert": "a"}[tag]
        left = _range(i1, i2) if tag != "insert" else str(i1)
        right = _range(j1, j2) if tag != "delete" else str(j1)
        out.append(f"{left}{letter}{right}\n")
        out.extend(_show("< ", line) for line in a[i1:i2])
        if tag == "replace":
            out.append("---\n")
        out.extend(_show("> ", line) for line in b[j1:j2])
    return "".join(out)


def _hunk_range(start: int, length: int) -> str:
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def _unified(a: list[str], b: list[str], context: int) -> str:
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_hunk_range(i1, i2 - i1)} +{_hunk_range(j1, j2 - j1)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_show(" ", line) for line in a[a1:a2])
                continue
            out.extend(_show("-", line) for line in a[a1:a2])
            out.extend(_show("+", line) for line in b[b1:b2])
    return "".join(out)


def _stamp(ctx: Ctx, name: str) -> str:
    if name == "-":
        when = ctx.now()
    else:
        when = mtime_of(ctx, ctx.fs.resolve(name, ctx.cwd))
    text = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(when))
    return f"{text}.{round(when % 1 * 1e9):09d} +0000"


@register("diff")
def diff(ctx: Ctx) -> int:
    meta(ctx)
    longs = {"unified": "u", "brief": "q", "report-identical-files": "s", "recursive": "r"}
    opts, files = ctx.parse(ctx.argv[1:], "uqsrNaiwbB", "UL", longs=longs)
    unsupported = {"r", "N", "i", "w", "b", "B", "L"} & opts.keys()
    if unsupported:
        raise ctx.not_simulated(f"option -{sorted(unsupported)[0]}")
    if len(files) != 2:
        if ctx.busybox:
            ctx.err.write(busybox_usage("diff"))
            return 2
        if not files:
            ctx.error("missing operand after 'diff'")
        elif len(files) == 1:
            ctx.error(f"missing operand after '{files[0]}'")
        else:
            ctx.error(f"extra operand '{files[2]}'")
        ctx.err.write("diff: Try 'diff --help' for more information.\n")
        return 2
    data = [_load(ctx, name) for name in files]
    if data[0] is None or data[1] is None:
        return 2
    if data[0] == data[1]:
        if "s" in opts:
            ctx.write(f"Files {files[0]} and {files[1]} are identical\n")
        return 0
    if "q" in opts:
        ctx.write(f"Files {files[0]} and {files[1]} differ\n")
        return 1
    a, b = _lines(from_bytes(data[0])), _lines(from_bytes(data[1]))
    unified = ctx.busybox or "u" in opts or "U" in opts
    if not unified:
        ctx.write(_normal(a, b))
        return 1
    context = opts.get("U", "3")
    if not context.isdigit():
        ctx.error(f"invalid context length '{context}'")
        return 2
    if ctx.busybox:
        ctx.write(f"--- {files[0]}\n+++ {files[1]}\n")
    else:
        ctx.write(f"--- {files[0]}\t{_stamp(ctx, files[0])}\n")
        ctx.write(f"+++ {files[1]}\t{_stamp(ctx, files[1])}\n")
    ctx.write(_unified(a, b, int(context)))
    return 1


@register("cmp")
def cmp(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "ls", longs={"quiet": "s", "silent": "s"})
    if "l" in opts:
        raise ctx.not_simulated("option -l")
    if not files or len(files) > 2:
        if ctx.busybox:
            ctx.err.write(busybox_usage("cmp"))
            return 2
        ctx.error(
            "missing operand after 'cmp'"
            if not files
            else f"invalid --ignore-initial value '{files[2]}'"
        )
        ctx.err.write("cmp: Try 'cmp --help' for more information.\n")
        return 2
    names = [*files, "-"][:2]
    data = []
    for name in names:
        try:
            data.append(
                ctx.stdin.read_all().encode() if name == "-" else ctx.fs.read(name, ctx.cwd)
            )
        except FsError as exc:
            ctx.error(f"{name}: {exc}" if not ctx.busybox else f"can't open '{name}': {exc}")
            return 2
    a, b = data
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if "s" not in opts:
                line = a[:i].count(b"\n") + 1
                unit = "char" if ctx.busybox else "byte"
                ctx.write(f"{names[0]} {names[1]} differ: {unit} {i + 1}, line {line}\n")
            return 1
    if len(a) == len(b):
        return 0
    if "s" not in opts:
        short, shorter = (names[0], a) if len(a) < len(b) else (names[1], b)
        if ctx.busybox:
            ctx.error(f"EOF on {short}")
        elif not shorter:
            ctx.error(f"EOF on {short} which is empty")
        else:
            lines = shorter.count(b"\n")
            where = f"line {lines}" if shorter.endswith(b"\n") else f"in line {lines + 1}"
            ctx.error(f"EOF on {short} after byte {len(shorter)}, {where}")
    return 1
