"""`docker rmi` / `docker image rm` and `docker image prune` (docker/cli cli/command/image)."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.errors import DockerError, NotFound
from dockersim.model.humanize import human_size


def run_rmi(ctx: Context, opts: Any) -> None:
    force = bool(opts.values.get("force"))
    prune = not opts.values.get("no-prune")
    failed = False
    for name in opts.args:
        try:
            records = ctx.engine.image_delete(name, force=force, prune=prune)
        except DockerError as exc:
            ctx.err(f"Error response from daemon: {exc}\n")
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


def run_prune(ctx: Context, opts: Any) -> None:
    all_images = bool(opts.values.get("all"))
    if not opts.values.get("force"):
        # no terminal to answer on: the CLI's prompt reads EOF, the prune is cancelled, and
        # main() prints nothing more for a cancelled command and exits 0 (docker.go:44)
        warning = PRUNE_ALL_WARNING if all_images else PRUNE_WARNING
        ctx.out(f"{warning}\nAre you sure you want to continue? [y/N] ")
        return
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
