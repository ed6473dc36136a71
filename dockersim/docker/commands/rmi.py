"""`docker rmi` / `docker image rm` and `docker image prune` (docker/cli cli/command/image)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.engine import errors
from dockersim.errors import DockerError, NotFound
from dockersim.model.humanize import human_size


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


PRUNE_WARNING = "WARNING! This will remove all dangling images."
PRUNE_ALL_WARNING = (
    "WARNING! This will remove all images without at least one container associated to them."
)


PRUNE_FILTERS = ("dangling", "label", "label!", "until")


@attrs.frozen
class ImagePruneOptions(Options):
    all: bool
    filter: list[str]
    force: bool


def run_prune(ctx: Context, opts: ImagePruneOptions) -> None:
    """prune.go: the prompt (stdout, no newline), then the daemon's report."""
    from dockersim.docker.filters import parse_filters

    all_images = opts.all
    filters = parse_filters(ctx, opts.filter)
    if not opts.force:
        warning = PRUNE_ALL_WARNING if all_images else PRUNE_WARNING
        ctx.out(f"{warning}\nAre you sure you want to continue? [y/N] ")
        answer = ctx.stdin_text.splitlines()[0].strip() if ctx.stdin_text else ""
        if answer.lower() != "y":
            # a refusal (or EOF) cancels; main() prints nothing for a cancelled command, exit 0
            return
    for key in filters:
        if key not in PRUNE_FILTERS:
            raise ctx.daemon_fail(errors.invalid_filter(key))
    if len(filters.get("until", [])) > 1:
        raise ctx.daemon_fail(errors.too_many_until())
    records, reclaimed = ctx.engine.image_prune(all_images)
    if records:
        ctx.line("Deleted Images:")
        for record in records:
            if record.deleted:
                ctx.line(f"deleted: {record.deleted}")
            else:
                ctx.line(f"untagged: {record.untagged}")
        ctx.line()
    ctx.line(f"Total reclaimed space: {human_size(reclaimed)}")
