"""`docker rmi` / `docker image rm` and `docker image prune` (docker/cli cli/command/image)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.errors import DockerError, NotFound


@attrs.frozen
class RmiOptions(Options):
    force: bool
    no_prune: bool
    platform: list[str]


def run_rmi(ctx: Context, opts: RmiOptions) -> None:
    from dockersim.docker.commands.platforms import parse_platform

    force = opts.force
    prune = not opts.no_prune
    platform = parse_platform(ctx, opts.platform)
    failed = False
    for name in opts.args:
        try:
            records = ctx.engine.image_delete(name, force=force, prune=prune, platform=platform)
        except DockerError as exc:
            ctx.daemon_error(exc)
            if not (force and isinstance(exc, NotFound)):
                failed = True
            continue
        for record in records:
            if record.deleted:
                ctx.line(f"Deleted: {record.deleted}")
            else:
                ctx.line(f"Untagged: {record.untagged}")
    if failed:
        ctx.exit_code = 1
