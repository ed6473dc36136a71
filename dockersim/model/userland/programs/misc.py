"""Small wrappers: nohup, timeout."""

from __future__ import annotations

from dockersim.model.userland import resolve
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.system import parse_duration
from dockersim.model.userland.types import Blocked


def _spawn(ctx: Ctx, argv: list[str]) -> int:
    sub = Ctx(
        ctx.proc,
        argv,
        ctx.env,
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
        return ctx.spawn(argv, sub)
    except resolve.NotFound:
        ctx.error(f"failed to run command '{argv[0]}': No such file or directory")
        return 127
    except (resolve.IsDirectory, resolve.NoPermission):
        ctx.error(f"failed to run command '{argv[0]}': Permission denied")
        return 126


@register("nohup")
def nohup(ctx: Ctx) -> int:
    if len(ctx.argv) < 2:
        ctx.error("missing operand")
        return 125
    return _spawn(ctx, ctx.argv[1:])


@register("tini", "docker-init")
def tini(ctx: Ctx) -> int:
    """tini, the tiny init some images start their program under (`tini -- CMD ARGS`): it runs
    the program and ends with its status. Its own options, and tini alone, are not simulated."""
    args = ctx.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args or args[0].startswith("-"):
        ctx.name = "tini"
        raise ctx.not_simulated(f"tini {' '.join(ctx.argv[1:2])}".strip())
    return _spawn(ctx, args)


@register("timeout")
def timeout(ctx: Ctx) -> int:
    args = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if len(args) < 2:
        ctx.error("missing operand")
        return 125
    limit = parse_duration(args[0])
    if limit is None:
        ctx.error(f"invalid time interval '{args[0]}'")
        return 125
    start = ctx.rec.now
    try:
        status = _spawn(ctx, args[1:])
    except Blocked:
        ctx.rec.now = start + limit
        return 124
    if ctx.rec.now - start > limit:
        ctx.rec.now = start + limit
        return 124
    return status
