"""What the small coreutils/busybox programs of this package share: `--help`/`--version`
handling and reading an operand's bytes with each flavour's error text."""

from __future__ import annotations

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs.base import Ctx, UsageError, busybox_usage


def meta(ctx: Ctx) -> None:
    """`--help`/`--version` as the only argument: busybox prints its usage on stderr and
    exits 1 (`--version` is an unknown option there, left to the parser); GNU's texts are
    not modelled: said so (status 1)."""
    args = ctx.argv[1:]
    if args == ["--help"]:
        if ctx.busybox:
            ctx.err.write(busybox_usage(ctx.name))
            raise UsageError(1)
        raise ctx.not_simulated("option --help")
    if args == ["--version"] and not ctx.busybox:
        raise ctx.not_simulated("option --version")


def to_bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def read_bytes(ctx: Ctx, name: str, busybox_open: bool = True) -> bytes | None:
    """An operand's bytes (`-` is stdin), or None after printing the flavour's error:
    GNU `NAME: FILE: No such file or directory`, busybox `NAME: can't open 'FILE': ...`."""
    if name == "-":
        data = to_bytes(ctx.stdin.read_all())
        ctx.hold(len(data))
        return data
    try:
        if ctx.fs.stat(name, ctx.cwd).kind == "dir":
            ctx.error("read error: Is a directory" if ctx.busybox else f"{name}: Is a directory")
            return None
        data = ctx.fs.read(name, ctx.cwd)
    except FsError as exc:
        if ctx.busybox and busybox_open:
            ctx.error(f"can't open '{name}': {exc}")
        else:
            ctx.error(f"{name}: {exc}")
        return None
    ctx.hold(len(data))
    return data


def read_text(ctx: Ctx, name: str) -> str | None:
    data = read_bytes(ctx, name)
    return None if data is None else data.decode("utf-8", errors="replace")


def from_bytes(data: bytes) -> str:
    """Bytes to write on a stream (streams carry text and files get it back as UTF-8: bytes
    that are not UTF-8 become U+FFFD, a simplification)."""
    return data.decode("utf-8", errors="replace")


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many
