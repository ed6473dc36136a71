"""Text filters: head, tail, wc, sort, uniq, tr, cut, seq, yes, tee."""

from __future__ import annotations

import re

from dockersim.model.cowfs import FsError
from dockersim.model.userland import printnum
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx


def _open_error(ctx: Ctx, name: str, exc: FsError) -> None:
    if ctx.busybox:
        ctx.error(f"can't open '{name}': {exc}")
    elif ctx.name.endswith("head") or ctx.name.endswith("tail"):
        ctx.error(f"cannot open '{name}' for reading: {exc}")
    else:
        ctx.error(f"{name}: {exc}")


def _read(ctx: Ctx, name: str) -> str | None:
    try:
        if name != "-" and ctx.fs.stat(name, ctx.cwd).kind == "dir":
            if ctx.name.endswith(("head", "tail")) and not ctx.busybox:
                ctx.error(f"error reading '{name}': Is a directory")
            else:
                ctx.error(
                    f"{name}: Is a directory" if not ctx.busybox else "read error: Is a directory"
                )
            return None
        return ctx.read_file(name)
    except FsError as exc:
        _open_error(ctx, name, exc)
        return None


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _count(ctx: Ctx, value: str, what: str) -> int:
    if re.fullmatch("[+-]?[0-9]+", value, re.ASCII):
        return int(value)
    if ctx.busybox:
        ctx.error(f"invalid number '{value}'")
    else:
        ctx.error(f"invalid number of {what}: '{value}'")
    raise _Fail()


class _Fail(Exception):
    pass


@register("head")
def head(ctx: Ctx) -> int:
    opts, files = ctx.parse(
        ctx.argv[1:], "qv", "nc", {"lines": "n=", "bytes": "c=", "quiet": "q"}, numeric="n"
    )
    try:
        n = _count(ctx, opts.get("n", "10"), "lines")
        c = _count(ctx, opts["c"], "bytes") if "c" in opts else None
    except _Fail:
        return 1
    return _head_tail(ctx, files, n, c, tail=False, plus=False)


@register("tail")
def tail(ctx: Ctx) -> int:
    opts, files = ctx.parse(
        ctx.argv[1:], "fFqv", "nc", {"lines": "n=", "bytes": "c=", "follow": "f"}, numeric="n"
    )
    raw = opts.get("n", "10")
    try:
        n = _count(ctx, raw, "lines")
        c = _count(ctx, opts["c"], "bytes") if "c" in opts else None
    except _Fail:
        return 1
    status = _head_tail(ctx, files, abs(n), c, tail=True, plus=raw.startswith("+"))
    if "f" in opts or "F" in opts:
        ctx.block()
    return status


def _head_tail(ctx: Ctx, files: list[str], n: int, c: int | None, tail: bool, plus: bool) -> int:
    status = 0
    names = files or ["-"]
    for i, name in enumerate(names):
        text = _read(ctx, name)
        if text is None:
            status = 1
            continue
        if len(names) > 1:
            shown = "standard input" if name == "-" else name
            ctx.write(("\n" if i else "") + f"==> {shown} <==\n")
        if c is not None:
            ctx.write(text[-c:] if tail and c else ("" if tail else text[:c]))
            continue
        lines = _lines(text)
        if not tail:
            chosen = lines[:n]
        elif plus:
            chosen = lines[max(n - 1, 0) :]
        else:
            chosen = lines[-n:] if n else []
        ctx.write("".join(chosen))
    return status


@register("wc")
def wc(ctx: Ctx) -> int:
    opts, files = ctx.parse(ctx.argv[1:], "lwcmL", longs={"lines": "l", "words": "w", "bytes": "c"})
    which = [k for k in "lwc" if k in opts] or ["l", "w", "c"]
    if "m" in opts and "c" not in which:
        which.append("m")
    rows: list[tuple[list[int], str]] = []
    status = 0
    regular_total = 0
    stdin_used = not files
    for name in files or ["-"]:
        text = _read(ctx, name)
        if text is None:
            status = 1
            continue
        if name == "-":
            stdin_used = True
        else:
            regular_total += len(text.encode())
        tally = {
            "l": text.count("\n"),
            "w": sum(1 for _ in re.finditer(r"\S+", text)),  # no list of every word
            "c": len(text.encode()),
            "m": len(text),
        }
        rows.append(([tally[k] for k in which], "" if name == "-" else name))
    if len(rows) > 1:
        totals = [sum(r[0][i] for r in rows) for i in range(len(which))]
        rows.append((totals, "total"))
    if ctx.busybox:
        width = 0 if len(which) == 1 and len(rows) == 1 else 7
    elif len(which) == 1 and len(rows) == 1:
        width = 1
    else:
        width = max(len(str(regular_total)), 7 if stdin_used else 1)
    for counts, name in rows:
        line = " ".join(f"{v:>{width}}" for v in counts)
        ctx.write(line + (f" {name}" if name else "") + "\n")
    return status


def _sort_key(line: str, opts: dict[str, str]) -> tuple[object, ...]:
    field = line
    if "k" in opts:
        spec = opts["k"].split(",")[0]
        idx = int(re.match(r"\d+", spec).group(0)) if re.match(r"\d+", spec) else 1  # type: ignore[union-attr]
        sep = opts.get("t")
        parts = line.split(sep) if sep else line.split()
        field = parts[idx - 1] if idx - 1 < len(parts) else ""
        if spec.endswith("n"):
            opts = {**opts, "n": ""}
    if "f" in opts:
        field = field.upper()
    if "n" in opts:
        m = re.match(r"\s*(-?\d+(?:\.\d+)?)", field)
        return (float(m.group(1)) if m else 0.0, line.encode())
    return (field.encode(), line.encode()) if "k" in opts else (field.encode(),)


@register("sort")
def sort(ctx: Ctx) -> int:
    opts, files = ctx.parse(ctx.argv[1:], "rnufbhVs", "kto", {"reverse": "r", "unique": "u"})
    lines: list[str] = []
    status = 0
    for name in files or ["-"]:
        text = _read(ctx, name)
        if text is None:
            return 2
        lines.extend(text.splitlines())
    lines.sort(key=lambda ln: _sort_key(ln, opts), reverse="r" in opts)
    if "u" in opts:
        seen: set[object] = set()
        unique = []
        for ln in lines:
            key = _sort_key(ln, opts)[0]
            if key not in seen:
                seen.add(key)
                unique.append(ln)
        lines = unique
    text = "".join(ln + "\n" for ln in lines)
    if "o" in opts:
        ctx.fs.write(opts["o"], text.encode(), ctx.cwd)
    else:
        ctx.write(text)
    return status


@register("uniq")
def uniq(ctx: Ctx) -> int:
    opts, files = ctx.parse(ctx.argv[1:], "cdui", longs={"count": "c"})
    text = _read(ctx, files[0] if files else "-")
    if text is None:
        return 1
    groups: list[list[str]] = []
    for line in text.splitlines():
        key = line.lower() if "i" in opts else line
        if groups and (groups[-1][0].lower() if "i" in opts else groups[-1][0]) == key:
            groups[-1].append(line)
        else:
            groups.append([line])
    out = []
    for g in groups:
        if ("d" in opts and len(g) < 2) or ("u" in opts and len(g) > 1):
            continue
        out.append(f"{len(g):7d} {g[0]}" if "c" in opts else g[0])
    ctx.write("".join(line + "\n" for line in out))
    return 0


CLASSES = {
    "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "[:lower:]": "abcdefghijklmnopqrstuvwxyz",
    "[:digit:]": "0123456789",
    "[:space:]": " \t\n\r\f\v",
    "[:blank:]": " \t",
    "[:punct:]": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
}
CLASSES["[:alpha:]"] = CLASSES["[:upper:]"] + CLASSES["[:lower:]"]
CLASSES["[:alnum:]"] = CLASSES["[:alpha:]"] + CLASSES["[:digit:]"]


#: tr's backslash escapes (coreutils tr.c unquote, busybox bb_process_escape_sequence)
_TR_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _tr_unescape(spec: str) -> str:
    """`\\n`, `\\t`, ..., `\\\\` and octal `\\NNN` (`\\0` is NUL) as the characters."""
    out: list[str] = []
    i = 0
    while i < len(spec):
        ch = spec[i]
        if ch != "\\" or i + 1 == len(spec):
            out.append(ch)
            i += 1
            continue
        nxt = spec[i + 1]
        digits = 0
        while digits < 3 and i + 1 + digits < len(spec) and spec[i + 1 + digits] in "01234567":
            digits += 1
        if digits:
            out.append(chr(int(spec[i + 1 : i + 1 + digits], 8) & 0xFF))
            i += 1 + digits
            continue
        out.append(_TR_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def _tr_set(spec: str) -> str:
    out: list[str] = []
    i = 0
    spec = _tr_unescape(spec)
    while i < len(spec):
        cls = next((k for k in CLASSES if spec.startswith(k, i)), None)
        if cls:
            out.append(CLASSES[cls])
            i += len(cls)
            continue
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
            continue
        out.append(spec[i])
        i += 1
    return "".join(out)


@register("tr")
def tr(ctx: Ctx) -> int:
    opts, sets = ctx.parse(ctx.argv[1:], "dscC")
    if not sets:
        ctx.error("missing operand")
        if not ctx.busybox:
            ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    text = ctx.read_file("-")
    first = _tr_set(sets[0])
    if "d" in opts:
        if "c" in opts or "C" in opts:
            text = "".join(ch for ch in text if ch in first)
        else:
            text = "".join(ch for ch in text if ch not in first)
    elif len(sets) > 1:
        second = _tr_set(sets[1])
        if second:
            second = second + second[-1] * max(0, len(first) - len(second))
            table = {ord(a): b for a, b in zip(first, second, strict=False)}
            text = text.translate(table)
        first = second if "s" in opts else first
    if "s" in opts:
        squeeze = _tr_set(sets[-1])
        text = re.sub("([" + re.escape(squeeze) + "])\\1+", r"\1", text) if squeeze else text
    ctx.write(text)
    return 0


class _BadList(Exception):
    """A cut list GNU refuses; `str()` is its message (coreutils set-fields.c)."""


def _cut_list(spec: str, fields: bool) -> list[tuple[int, int]]:
    """GNU cut's LIST: ranges `N`, `N-`, `N-M`, `-M` separated by commas or blanks.

    Positions count from 1; the messages are set-fields.c's for fields or for positions.
    """
    noun = "fields are" if fields else "byte/character positions are"
    numbered = f"{noun} numbered from 1"
    ranges: list[tuple[int, int]] = []
    initial, value = 1, 0
    lhs = rhs = dash = False
    number_start = 0
    i = 0
    while True:
        char = spec[i] if i < len(spec) else ""
        if char == "-":
            if dash:
                raise _BadList(
                    "invalid field range" if fields else "invalid byte or character range"
                )
            dash = True
            if lhs and not value:
                raise _BadList(numbered)
            initial, value = (value if lhs else 1), 0
        elif char in (",", " ", "\t", ""):
            if dash:
                dash = False
                if not lhs and not rhs:
                    raise _BadList("invalid range with no endpoint: -")
                if not rhs:
                    ranges.append((initial, _END))
                elif value < initial:
                    raise _BadList("invalid decreasing range")
                else:
                    ranges.append((initial, value))
            elif value == 0:
                raise _BadList(numbered)
            else:
                ranges.append((value, value))
            value = 0
            if not char:
                return ranges
            lhs = rhs = False
        elif char in "0123456789":
            if i == 0 or spec[i - 1] not in "0123456789":
                number_start = i
            rhs, lhs = (True, lhs) if dash else (rhs, True)
            value = value * 10 + int(char)
            if value >= _END:
                digits = re.match("[0-9]*", spec[number_start:])
                shown = digits.group() if digits else ""
                what = "field number" if fields else "byte/character offset"
                raise _BadList(f"{what} '{shown}' is too large")
        else:
            what = "field value" if fields else "byte/character position"
            raise _BadList(f"invalid {what} '{spec[i:]}'")
        i += 1


#: uintmax_t's largest value: positions at or past it are refused, and `N-` ends there.
_END = 2**64 - 1


def _list_options(args: list[str]) -> int:
    """How many of -b, -c, -f (or --bytes, --characters, --fields) the arguments give."""
    count = 0
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            break
        if arg.startswith("--"):
            name, eq, _ = arg[2:].partition("=")
            takes = ("bytes", "characters", "fields", "delimiter", "output-delimiter")
            hits = [k for k in takes if k.startswith(name)] if name else []
            count += bool(hits) and hits[0] in ("bytes", "characters", "fields")
            i += bool(hits) and not eq
            continue
        if not arg.startswith("-") or arg == "-":
            continue
        for j, char in enumerate(arg[1:], 1):
            if char in "bcfdO":
                count += char in "bcf"
                i += j == len(arg) - 1
                break
    return count


def _usage(ctx: Ctx, message: str) -> int:
    ctx.error(message)
    if not ctx.busybox:
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
    return 1


@register("cut")
def cut(ctx: Ctx) -> int:
    longs = {
        "bytes": "b=", "characters": "c=", "fields": "f=", "delimiter": "d=",
        "only-delimited": "s", "output-delimiter": "O=", "complement": "C",
        "zero-terminated": "z",
    }  # fmt: skip
    opts, files = ctx.parse(ctx.argv[1:], "snzC", "dfcbO", longs)
    if _list_options(ctx.argv[1:]) > 1:
        return _usage(ctx, "only one list may be specified")
    if len(opts.get("d", "")) > 1:
        return _usage(ctx, "the delimiter must be a single character")
    chosen = [flag for flag in "bcf" if flag in opts]
    if not chosen:
        return _usage(ctx, "you must specify a list of bytes, characters, or fields")
    fields = chosen[0] == "f"
    if "d" in opts and not fields:
        return _usage(ctx, "an input delimiter may be specified only when operating on fields")
    if "s" in opts and not fields:
        return _usage(
            ctx, "suppressing non-delimited lines makes sense\n\tonly when operating on fields"
        )
    try:
        ranges = _cut_list(opts[chosen[0]], fields)
    except _BadList as exc:
        return _usage(ctx, str(exc))
    delim = (opts["d"] or "\0") if "d" in opts else "\t"  # -d '' is the NUL byte
    joiner = opts.get("O", delim if fields else "")
    newline = "\0" if "z" in opts else "\n"
    complement = "C" in opts
    status = 0
    for name in files or ["-"]:
        text = _read(ctx, name)
        if text is None:
            status = 1
            continue
        for line in _records(text, newline):
            ctx.rec.step()
            if fields and delim not in line:
                if "s" not in opts:
                    ctx.write(line + newline)
                continue
            parts = line.split(delim) if fields else list(line)
            runs = _selected(len(parts), ranges, complement)
            if fields:
                picked = [parts[i] for start, stop in runs for i in range(start, stop)]
                ctx.write(joiner.join(picked) + newline)
            else:
                ctx.write(joiner.join(line[start:stop] for start, stop in runs) + newline)
    return status


def _records(text: str, newline: str) -> list[str]:
    records = text.split(newline)
    if records and records[-1] == "":
        records.pop()
    return records


def _selected(count: int, ranges: list[tuple[int, int]], complement: bool) -> list[tuple[int, int]]:
    """The 0-based [start, stop) runs of `count` items that the 1-based ranges select."""
    keep = [False] * count
    for first, last in ranges:
        for index in range(first - 1, min(last, count)):
            keep[index] = True
    if complement:
        keep = [not k for k in keep]
    runs: list[tuple[int, int]] = []
    for index, wanted in enumerate(keep):
        if not wanted:
            continue
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def _float(value: printnum.Real) -> float:
    """A C value as a Python float (beyond a double's range: infinity)."""
    if isinstance(value.magnitude, str):
        magnitude = float(value.magnitude)
    else:
        try:
            magnitude = float(value.magnitude)
        except OverflowError:
            magnitude = float("inf")
    return -magnitude if value.negative else magnitude


@register("seq")
def seq(ctx: Ctx) -> int:
    argv = ctx.argv[1:]
    numbers = next((i for i, a in enumerate(argv) if re.match(r"-[.0-9]", a)), len(argv))
    # options end at the first negative number (GNU seq: `seq 3 -1 1`)
    opts, args = ctx.parse(argv[:numbers], "w", "sf", {"separator": "s=", "format": "f="})
    args += argv[numbers:]
    if len(args) > 3:
        return _usage(ctx, f"extra operand '{args[3]}'")
    nums: list[float] = []
    for a in args:
        parsed, end, _ = printnum.c_real(a, 64)
        if not a or end < len(a):
            return _usage(ctx, f"invalid floating point argument: '{a}'")
        if parsed.magnitude == "nan":
            return _usage(ctx, f"invalid 'not-a-number' argument: '{a}'")
        nums.append(_float(parsed))
    if not nums:
        return _usage(ctx, "missing operand")
    if len(nums) == 3 and nums[1] == 0:
        return _usage(ctx, f"invalid Zero increment value: '{args[1]}'")
    first, step, last = (
        (1.0, 1.0, nums[0])
        if len(nums) == 1
        else ((nums[0], 1.0, nums[1]) if len(nums) == 2 else (nums[0], nums[1], nums[2]))
    )
    integral = all(float(x).is_integer() for x in nums)
    out: list[str] = []
    value = first
    while (step > 0 and value <= last) or (step < 0 and value >= last):
        ctx.rec.step()
        out.append(str(int(value)) if integral else f"{value:g}")
        value += step
        if step == 0:
            break
    if "w" in opts and out:
        width = max(len(x) for x in out)
        out = [x.zfill(width) for x in out]
    sep = opts.get("s", "\n")
    if out:
        ctx.write(sep.join(out) + "\n")
    return 0


@register("yes")
def yes(ctx: Ctx) -> int:
    word = " ".join(ctx.argv[1:]) or "y"
    chunk = (word + "\n") * max(1, 8192 // (len(word) + 1))
    while True:
        ctx.rec.step()
        ctx.write(chunk)


@register("tee")
def tee(ctx: Ctx) -> int:
    opts, files = ctx.parse(ctx.argv[1:], "ai", longs={"append": "a"})
    text = ctx.read_file("-")
    status = 0
    for name in files:
        if name == "/dev/null":
            continue
        try:
            ctx.fs.write(name, text.encode(), ctx.cwd, append="a" in opts)
            ctx.touch(name)
        except FsError as exc:
            status = 1
            ctx.error(f"{name}: {exc}")
    ctx.write(text)
    return status
