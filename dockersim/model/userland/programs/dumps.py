"""Byte dumps: od (-c -x -o -b -d, -A, -v), xxd (the default dump, -p), hexdump -C (hd),
strings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.operands import meta, read_bytes

_ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}


def _concat(ctx: Ctx, files: list[str]) -> tuple[bytes, int]:
    data, status = b"", 0
    for name in files or ["-"]:
        got = read_bytes(ctx, name)
        if got is None:
            status = 1
        else:
            data += got
    return data, status


def _rows(data: bytes, squeeze: bool) -> Iterator[tuple[int, bytes | None]]:
    """The 16-byte rows od and hexdump print, by offset; with `squeeze` (no `-v`), a run of
    rows equal to the one before is one None (printed `*`)."""
    previous: bytes | None = None
    starred = False
    for offset in range(0, len(data), 16):
        row = data[offset : offset + 16]
        if squeeze and row == previous and len(row) == 16:
            if not starred:
                yield offset, None
                starred = True
            continue
        previous, starred = row, False
        yield offset, row


def _char(b: int) -> str:
    if b in _ESCAPES:
        return f"{_ESCAPES[b]:>4}"
    if 32 <= b < 127:
        return f"{chr(b):>4}"
    return f" {b:03o}"


def _words(fmt: str) -> Callable[[bytes], str]:
    def render(row: bytes) -> str:
        padded = row + b"\0" * (len(row) % 2)
        return "".join(fmt.format(padded[i] | padded[i + 1] << 8) for i in range(0, len(padded), 2))

    return render


_OD_TYPES: dict[str, Callable[[bytes], str]] = {
    "c": lambda row: "".join(_char(b) for b in row),
    "b": lambda row: "".join(f" {b:03o}" for b in row),
    "o": _words(" {:06o}"),
    "x": _words(" {:04x}"),
    "d": _words(" {:5d}"),
}
_RADIX = {"o": "{:07o}", "d": "{:07d}", "x": "{:06x}", "n": ""}


@register("od")
def od(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "cbxodvs", "Atj N")
    if "t" in opts or "j" in opts or "N" in opts or "s" in opts:
        raise ctx.not_simulated("options -t/-j/-N/-s")
    radix = opts.get("A", "o")
    if radix not in _RADIX:
        ctx.error(f"invalid output address radix '{radix}'; it must be one character from [doxn]")
        return 1
    kinds = [k for k in ctx.argv[1:] if k.startswith("-") and not k.startswith("-A")]
    order = [c for arg in kinds for c in arg[1:] if c in _OD_TYPES] or ["o"]
    data, status = _concat(ctx, files)
    address = _RADIX[radix]
    for offset, row in _rows(data, squeeze="v" not in opts):
        if row is None:
            ctx.write("*\n")
            continue
        for n, kind in enumerate(order):
            lead = address.format(offset) if n == 0 else " " * len(address.format(offset))
            ctx.write(lead + _OD_TYPES[kind](row) + "\n")
    if address:
        ctx.write(address.format(len(data)) + "\n")
    return status


def _shown(b: int) -> str:
    return chr(b) if 32 <= b < 127 else "."


@register("xxd")
def xxd(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "pru", "cgls")
    if {"r", "c", "g", "l", "s", "u"} & opts.keys():
        raise ctx.not_simulated("options other than -p")
    if len(files) > 1:
        raise ctx.not_simulated("an output file operand")
    data, status = _concat(ctx, files[:1])
    if status:
        return 2
    if "p" in opts:
        hexed = data.hex()
        ctx.write("".join(hexed[i : i + 60] + "\n" for i in range(0, len(hexed), 60)))
        return 0
    for offset in range(0, len(data), 16):
        row = data[offset : offset + 16]
        groups = " ".join(row[i : i + 2].hex() for i in range(0, len(row), 2))
        ctx.write(f"{offset:08x}: {groups:<39}  {''.join(_shown(b) for b in row)}\n")
    return 0


@register("hexdump", "hd")
def hexdump(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "Cv", "ns")
    if ctx.name == "hexdump" and "C" not in opts:
        raise ctx.not_simulated("formats other than -C")
    if "n" in opts or "s" in opts:
        raise ctx.not_simulated("options -n/-s")
    data, status = _concat(ctx, files)
    for offset, row in _rows(data, squeeze="v" not in opts):
        if row is None:
            ctx.write("*\n")
            continue
        left = " ".join(f"{b:02x}" for b in row[:8])
        right = " ".join(f"{b:02x}" for b in row[8:])
        ctx.write(f"{offset:08x}  {left:<23}  {right:<23}  |{''.join(_shown(b) for b in row)}|\n")
    if data:
        ctx.write(f"{len(data):08x}\n")
    return status


@register("strings")
def strings(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "a", "n", longs={"bytes": "n="}, numeric="n")
    raw = opts.get("n", "4")
    if not raw.isdigit() or int(raw) < 1:
        ctx.error(f"invalid minimum string length {raw}")
        return 1
    least = int(raw)
    status = 0
    for name in files or ["-"]:
        data = read_bytes(ctx, name)
        if data is None:
            status = 1
            continue
        run: list[str] = []
        for b in data + b"\0":
            if 32 <= b < 127 or b == 9:
                run.append(chr(b))
                continue
            if len(run) >= least:
                ctx.write("".join(run) + "\n")
            run = []
    return status
