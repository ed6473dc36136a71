"""Programs that make files: mktemp, truncate, split, install, mkfifo; and shuf.

Names mktemp picks and the order shuf gives come from the container (hostname, PID, clock):
the same run gives the same result, as a seeded world should."""

from __future__ import annotations

import hashlib
import posixpath
import random
import re
import string

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx, UsageError
from dockersim.model.userland.programs.operands import from_bytes, meta, read_bytes

_ALNUM = string.ascii_letters + string.digits


def _try(ctx: Ctx) -> None:
    if not ctx.busybox:
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")


def _seed(ctx: Ctx, what: str) -> str:
    return f"{ctx.proc.hostname}:{ctx.proc.pid}:{ctx.now()}:{what}"


@register("mktemp")
def mktemp(ctx: Ctx) -> int:
    meta(ctx)
    longs = {"directory": "d", "dry-run": "u", "quiet": "q", "tmpdir": "p="}
    opts, operands = ctx.parse(ctx.argv[1:], "duqt", "p", longs=longs)
    if len(operands) > 1:
        ctx.error("too many templates")
        _try(ctx)
        return 1
    default = "tmp.XXXXXXXXXX" if not ctx.busybox else "tmp.XXXXXX"
    template = operands[0] if operands else default
    if not template.endswith("XXX"):
        if not ctx.busybox:
            ctx.error(f"too few X's in template '{template}'")
        else:
            ctx.error("Invalid argument")  # mkstemp(3)'s EINVAL, as busybox shows it
        return 1
    tmpdir = opts.get("p") or ctx.env.get("TMPDIR") or "/tmp"
    if not operands or "t" in opts or "p" in opts:
        template = posixpath.join(tmpdir, template)
    stem = template.rstrip("X")
    count = len(template) - len(stem)
    for attempt in range(100):
        digest = hashlib.sha256(f"{_seed(ctx, template)}:{attempt}".encode()).digest()
        name = stem + "".join(_ALNUM[b % len(_ALNUM)] for b in digest[:count])
        if not ctx.fs.exists(name, ctx.cwd):
            break
    try:
        if "u" not in opts:
            if "d" in opts:
                ctx.fs.mkdir(name, ctx.cwd, mode=0o700)
            else:
                ctx.fs.write(name, b"", ctx.cwd, mode=0o600)
            ctx.touch(name)
    except FsError as exc:
        if "q" not in opts:
            what = "directory" if "d" in opts else "file"
            if ctx.busybox:
                ctx.error(f"{exc}")
            else:
                ctx.error(f"failed to create {what} via template '{template}': {exc}")
        return 1
    ctx.write(name + "\n")
    return 0


_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
_SIZE = re.compile(r"([0-9]+)([KMGT]?)(iB|B)?", re.IGNORECASE)


def _size(text: str) -> int | None:
    found = _SIZE.fullmatch(text)
    if found is None:
        return None
    unit = _UNITS[found[2].upper()]
    if found[3] == "B" and found[2]:
        unit = 1000 ** "KMGT".index(found[2].upper()) * 1000
    return int(found[1]) * unit


@register("truncate")
def truncate(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "co", "sr", longs={"size": "s=", "no-create": "c"})
    if "r" in opts:
        raise ctx.not_simulated("option -r")
    if "s" not in opts:
        if ctx.busybox:
            ctx.err.write("BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n")
            ctx.err.write("Usage: truncate [-c] -s SIZE FILE...\n\nTruncate FILEs to SIZE\n")
            return 1
        ctx.error("you must specify either '--size' or '--reference'")
        _try(ctx)
        return 1
    if not files:
        ctx.error("missing file operand")
        _try(ctx)
        return 1
    raw = opts["s"]
    sign = raw[0] if raw[:1] in ("+", "-", "<", ">", "/", "%") else ""
    amount = _size(raw[len(sign) :])
    if amount is None:
        ctx.error(f"Invalid number: '{raw}'" if not ctx.busybox else f"invalid number '{raw}'")
        return 1
    status = 0
    for name in files:
        try:
            old = ctx.fs.read(name, ctx.cwd) if ctx.fs.exists(name, ctx.cwd) else None
            if old is None and "c" in opts:
                continue
            have = len(old or b"")
            size = {"+": have + amount, "-": max(have - amount, 0), "": amount}.get(sign)
            if size is None:
                raise ctx.not_simulated(f"size prefix '{sign}'")
            data = (old or b"")[:size] + b"\0" * max(size - have, 0)
            ctx.fs.write(name, data, ctx.cwd)
            ctx.touch(name)
        except FsError as exc:
            ctx.error(f"cannot open '{name}' for writing: {exc}")
            status = 1
    return status


def _suffix(n: int, length: int, numeric: bool) -> str | None:
    base = 10 if numeric else 26
    if n >= base**length:
        return None
    digits = []
    for _ in range(length):
        n, d = divmod(n, base)
        digits.append(str(d) if numeric else chr(ord("a") + d))
    return "".join(reversed(digits))


@register("split")
def split(ctx: Ctx) -> int:
    meta(ctx)
    longs = {"lines": "l=", "bytes": "b=", "suffix-length": "a=", "numeric-suffixes": "d"}
    opts, operands = ctx.parse(ctx.argv[1:], "d", "lba", longs=longs)
    if len(operands) > 2:
        ctx.error(f"extra operand '{operands[2]}'")
        _try(ctx)
        return 1
    source = operands[0] if operands else "-"
    prefix = operands[1] if len(operands) > 1 else "x"
    by_bytes = "b" in opts
    raw = opts.get("b") or opts.get("l") or "1000"
    count = _size(raw)
    if count is None or count == 0:
        what = "bytes" if by_bytes else "lines"
        ctx.error(f"invalid number of {what}: '{raw}'")
        return 1
    length = int(opts.get("a", "2")) if opts.get("a", "2").isdigit() else 2
    data = read_bytes(ctx, source)
    if data is None:
        return 1
    if by_bytes:
        pieces = [data[i : i + count] for i in range(0, len(data), count)]
    else:
        lines = data.splitlines(keepends=True)
        pieces = [b"".join(lines[i : i + count]) for i in range(0, len(lines), count)]
    for n, piece in enumerate(pieces):
        suffix = _suffix(n, length, "d" in opts)
        if suffix is None:
            ctx.error("output file suffixes exhausted")
            return 1
        try:
            ctx.fs.write(prefix + suffix, piece, ctx.cwd)
            ctx.touch(prefix + suffix)
        except FsError as exc:
            ctx.error(f"{prefix + suffix}: {exc}")
            return 1
    return 0


@register("shuf")
def shuf(ctx: Ctx) -> int:
    meta(ctx)
    longs = {"echo": "e", "input-range": "i=", "head-count": "n=", "zero-terminated": "z"}
    opts, operands = ctx.parse(ctx.argv[1:], "ez", "inor", longs=longs)
    if {"o", "r", "z"} & opts.keys():
        raise ctx.not_simulated("options -o/-r/-z")
    if "i" in opts:
        found = re.fullmatch(r"([0-9]+)-([0-9]+)", opts["i"])
        if found is None or int(found[1]) > int(found[2]) + 1:
            ctx.error(f"invalid input range: '{opts['i']}'")
            return 1
        items = [str(n) for n in range(int(found[1]), int(found[2]) + 1)]
    elif "e" in opts:
        items = operands
    else:
        if len(operands) > 1:
            ctx.error(f"extra operand '{operands[1]}'")
            _try(ctx)
            return 1
        data = read_bytes(ctx, operands[0] if operands else "-")
        if data is None:
            return 1
        items = from_bytes(data).splitlines()
    limit = len(items)
    if "n" in opts:
        if not opts["n"].isdigit():
            ctx.error(f"invalid line count: '{opts['n']}'")
            return 1
        limit = min(limit, int(opts["n"]))
    rng = random.Random(_seed(ctx, "shuf"))
    rng.shuffle(items)
    ctx.write("".join(item + "\n" for item in items[:limit]))
    return 0


@register("install")
def install(ctx: Ctx) -> int:
    meta(ctx)
    opts, operands = ctx.parse(
        ctx.argv[1:], "dDcsvp", "mogt", longs={"mode": "m=", "directory": "d"}
    )
    if "o" in opts or "g" in opts or "t" in opts or "s" in opts:
        raise ctx.not_simulated("options -o/-g/-t/-s")
    mode_text = opts.get("m", "755")
    if not re.fullmatch("[0-7]{1,4}", mode_text):
        raise ctx.not_simulated(f"symbolic mode '{mode_text}'")
    mode = int(mode_text, 8)
    if not operands or (len(operands) == 1 and "d" not in opts):
        if operands:
            ctx.error(f"missing destination file operand after '{operands[0]}'")
        else:
            ctx.error("missing file operand")
        _try(ctx)
        return 1
    try:
        if "d" in opts:
            for name in operands:
                ctx.fs.mkdir(name, ctx.cwd, parents=True)
                ctx.fs.chmod(name, mode, ctx.cwd)
            return 0
        *sources, target = operands
        into = ctx.fs.exists(target, ctx.cwd) and ctx.fs.stat(target, ctx.cwd).kind == "dir"
        if len(sources) > 1 and not into:
            ctx.error(f"target '{target}' is not a directory")
            return 1
        if "D" in opts and not into:
            ctx.fs.mkdir(posixpath.dirname(ctx.path(target)), ctx.cwd, parents=True)
    except FsError as exc:
        ctx.error(f"cannot create directory '{exc.path}': {exc}")
        return 1
    status = 0
    for src in sources:
        try:
            data = ctx.fs.read(src, ctx.cwd)
        except FsError as exc:
            ctx.error(f"cannot stat '{src}': {exc}")
            status = 1
            continue
        dest = posixpath.join(target, posixpath.basename(src)) if into else target
        try:
            ctx.fs.write(dest, data, ctx.cwd)
            ctx.fs.chmod(dest, mode, ctx.cwd)
            ctx.touch(dest)
        except FsError as exc:
            ctx.error(f"cannot create regular file '{dest}': {exc}")
            status = 1
    return status


@register("mkfifo")
def mkfifo(ctx: Ctx) -> int:
    meta(ctx)
    _opts, operands = ctx.parse(ctx.argv[1:], "", "m", longs={"mode": "m="})
    if not operands:
        if ctx.busybox:
            ctx.err.write("BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n")
            ctx.err.write("Usage: mkfifo [-m MODE] NAME\n\nCreate named pipe\n")
            return 1
        ctx.error("missing operand")
        _try(ctx)
        return 1
    raise ctx.not_simulated("named pipes (the filesystem has no FIFOs)")


__all__ = ["UsageError", "install", "mkfifo", "mktemp", "shuf", "split", "truncate"]
