"""less, more and most: a pager copies its files through when its output is not a terminal,
as the real ones do; paging at a terminal is not simulated."""

from __future__ import annotations

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx


@register("less", "more", "most")
def pager(ctx: Ctx) -> int:
    names = [a for a in ctx.argv[1:] if not a.startswith("-") or a == "-"]
    options = [a for a in ctx.argv[1:] if a.startswith("-") and a != "-"]
    if ctx.proc.tty or options:
        what = "paging at a terminal" if ctx.proc.tty else f"option {options[0]}"
        raise ctx.not_simulated(what)
    if not names:
        if ctx.busybox or ctx.name.endswith("less"):
            ctx.write(ctx.stdin.read_all())
            return 0
        ctx.err.write("Usage:\n more [options] <file>...\n")  # est.: util-linux prints more
        return 1
    status = 0
    for name in names:
        try:
            text = ctx.read_file(name)
        except FsError as exc:
            if ctx.busybox:
                ctx.error(f"can't open '{name}': {exc}")
            else:
                ctx.err.write(f"{name}: {exc}\n")
            status = 1
            continue
        if len(names) > 1 and not ctx.busybox and ctx.name.endswith("more"):
            ctx.write(f"::::::::::::::\n{name}\n::::::::::::::\n")
        ctx.write(text)
    return status
