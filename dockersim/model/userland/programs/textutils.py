"""Line filters: tac, rev, nl, paste, comm, fold."""

from __future__ import annotations

import re

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.operands import meta, read_text


def _records(text: str) -> list[str]:
    """Lines with their newlines (the last may lack one)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _inputs(ctx: Ctx, files: list[str]) -> tuple[list[str], int]:
    texts, status = [], 0
    for name in files or ["-"]:
        text = read_text(ctx, name)
        if text is None:
            status = 1
        else:
            texts.append(text)
    return texts, status


@register("tac")
def tac(ctx: Ctx) -> int:
    meta(ctx)
    _opts, files = ctx.parse(ctx.argv[1:], "")
    texts, status = _inputs(ctx, files)
    for text in texts:
        ctx.write("".join(reversed(_records(text))))
    return status


@register("rev")
def rev(ctx: Ctx) -> int:
    meta(ctx)
    _opts, files = ctx.parse(ctx.argv[1:], "")
    status = 0
    for name in files or ["-"]:
        text = read_text(ctx, name)
        if text is None:
            status = 1
            continue
        for line in _records(text):
            body = line.rstrip("\n")
            ctx.write(body[::-1] + line[len(body) :])
    return status


_NL_FORMATS = {"ln": "{:<{w}}", "rn": "{:>{w}}", "rz": "{:0>{w}}"}


@register("nl")
def nl(ctx: Ctx) -> int:
    meta(ctx)
    longs = {
        "body-numbering": "b=",
        "number-format": "n=",
        "number-width": "w=",
        "number-separator": "s=",
        "starting-line-number": "v=",
        "line-increment": "i=",
    }
    opts, files = ctx.parse(ctx.argv[1:], "p", "bnwsvi", longs=longs)
    style = opts.get("b", "t")
    fmt = _NL_FORMATS.get(opts.get("n", "rn"))
    if style not in ("a", "t", "n") or fmt is None:
        what = "body numbering" if style not in ("a", "t", "n") else "line number format"
        bad = style if style not in ("a", "t", "n") else opts["n"]
        ctx.error(f"invalid {what}: '{bad}'")  # est. for busybox
        return 1
    try:
        width, number, step = (int(opts.get(k, d)) for k, d in (("w", "6"), ("v", "1"), ("i", "1")))
    except ValueError:
        raise ctx.not_simulated("a non-numeric -w/-v/-i") from None
    sep = opts.get("s", "\t")
    texts, status = _inputs(ctx, files)
    for text in texts:
        for line in _records(text):
            numbered = style == "a" or (style == "t" and line.strip("\n") != "")
            if numbered:
                ctx.write(fmt.format(number, w=width) + sep + line)
                number += step
            else:
                ctx.write(" " * (width + len(sep)) + line)
    return status


@register("paste")
def paste(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "s", "d", longs={"serial": "s", "delimiters": "d="})
    delims = opts.get("d", "\t").replace("\\t", "\t").replace("\\n", "\n").replace("\\0", "")
    if "d" in opts and not opts["d"] and not ctx.busybox:
        delims = ""
    texts, status = _inputs(ctx, files)
    if status:
        return status
    rows = [[line.rstrip("\n") for line in _records(text)] for text in texts]

    def join(cells: list[str]) -> str:
        out = ""
        for i, cell in enumerate(cells):
            if i and delims:
                out += delims[(i - 1) % len(delims)]
            out += cell
        return out

    if "s" in opts:
        for cells in rows:
            ctx.write(join(cells) + "\n")
        return 0
    for i in range(max((len(r) for r in rows), default=0)):
        ctx.write(join([r[i] if i < len(r) else "" for r in rows]) + "\n")
    return 0


@register("comm")
def comm(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "123", longs={"check-order": "C", "nocheck-order": "N"})
    if len(files) != 2:
        if ctx.busybox:
            ctx.err.write("BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n")
            ctx.err.write("Usage: comm [-123] FILE1 FILE2\n\nCompare FILE1 with FILE2\n")
            return 1
        if not files:
            ctx.error("missing operand")
        elif len(files) == 1:
            ctx.error(f"missing operand after '{files[0]}'")
        else:
            ctx.error(f"extra operand '{files[2]}'")
        ctx.err.write("Try 'comm --help' for more information.\n")
        return 1
    texts, status = _inputs(ctx, files)
    if status:
        return status
    a = [line.rstrip("\n") for line in _records(texts[0])]
    b = [line.rstrip("\n") for line in _records(texts[1])]
    shown = [str(col) not in opts for col in (1, 2, 3)]

    def emit(col: int, line: str) -> None:
        if shown[col]:
            ctx.write("\t" * sum(shown[:col]) + line + "\n")

    i = j = 0
    unsorted = [False, False]
    while i < len(a) or j < len(b):
        for k, (seq, pos) in enumerate(((a, i), (b, j))):
            if (
                0 < pos < len(seq)
                and seq[pos - 1] > seq[pos]
                and not unsorted[k]
                and not ctx.busybox
            ):
                unsorted[k] = True
                if "N" not in opts:
                    ctx.error(f"file {k + 1} is not in sorted order")
        if j >= len(b) or (i < len(a) and a[i] < b[j]):
            emit(0, a[i])
            i += 1
        elif i >= len(a) or b[j] < a[i]:
            emit(1, b[j])
            j += 1
        else:
            emit(2, a[i])
            i += 1
            j += 1
    if any(unsorted) and "N" not in opts:
        ctx.error("input is not in sorted order")
        return 1
    return 0


@register("fold")
def fold(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(
        ctx.argv[1:], "bs", "w", longs={"bytes": "b", "spaces": "s", "width": "w="}, numeric="w"
    )
    raw = opts.get("w", "80")
    if not raw.isdigit() or int(raw) == 0:
        ctx.error(f"invalid number of columns: '{raw}'")
        return 1
    width = int(raw)
    texts, status = _inputs(ctx, files)
    for text in texts:
        for line in _records(text):
            body = line.rstrip("\n")
            ctx.write(_fold_line(body, width, "s" in opts, "b" in opts) + line[len(body) :])
    return status


def _advance(column: int, char: str, by_bytes: bool) -> int:
    if by_bytes:
        return column + 1
    if char == "\t":
        return column + 8 - column % 8
    if char == "\b":
        return max(column - 1, 0)
    if char == "\r":
        return 0
    return column + 1


def _fold_line(body: str, width: int, spaces: bool, by_bytes: bool) -> str:
    out: list[str] = []
    current = ""
    column = 0
    for char in body:
        nxt = _advance(column, char, by_bytes)
        if nxt > width and current:
            cut = current.rfind(" ") if spaces else -1
            if cut >= 0:
                out.append(current[: cut + 1])
                current = current[cut + 1 :]
            else:
                out.append(current)
                current = ""
            column = 0
            for c in current:
                column = _advance(column, c, by_bytes)
            nxt = _advance(column, char, by_bytes)
        current += char
        column = nxt
    out.append(current)
    return "\n".join(out)
