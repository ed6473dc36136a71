"""`docker container/network/volume/image prune` and `docker system prune` (docker/cli
cli/command/{container,network,volume,image,builder,system}/prune.go, cli/command/system/pruner).

Each content type has a pruner as in docker/cli: in a dry run it names what it would remove
(the lines of `system prune`'s confirmation), confirmed it calls the daemon and returns (bytes
reclaimed, its report). Without `--force` the command asks on stdout (internal/prompt Confirm:
`[y/N] `, the first line of stdin, `y` in any case is yes); any other answer, or no input,
cancels: nothing more is printed and the exit status is 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
from dockersim.model.humanize import human_size

Filters = Mapping[str, Sequence[str]]

CONTAINER_WARNING = "WARNING! This will remove all stopped containers."
NETWORK_WARNING = (
    "WARNING! This will remove all custom networks not used by at least one container."
)
VOLUME_WARNING = (
    "WARNING! This will remove anonymous local volumes not used by at least one container."
)
VOLUME_ALL_WARNING = (
    "WARNING! This will remove all local volumes not used by at least one container."
)
IMAGE_WARNING = "WARNING! This will remove all dangling images."
IMAGE_ALL_WARNING = (
    "WARNING! This will remove all images without at least one container associated to them."
)
CONTINUE = "Are you sure you want to continue?"


def confirm(ctx: Context, message: str, forced: Callable[[Context], None] | None = None) -> bool:
    """internal/prompt Confirm: the message and ` [y/N] ` on stdout, then one line of stdin.
    At a real terminal (`ctx.live`) the answer is typed after the question: the command ends
    here (False) and its follower (docker/confirm_prompt.py) runs `forced`, the command with
    `--force`, on a yes."""
    if ctx.live and forced is not None:
        from dockersim.docker.confirm_prompt import ConfirmFollow
        from dockersim.docker.live import host_of

        head, _, question = message.rpartition("\n")
        if head:
            ctx.out(head + "\n")
        ctx.follow = ConfirmFollow(f"{question} [y/N] ", forced, host_of(ctx.engine))
        return False
    ctx.out(f"{message} [y/N] ")
    lines = ctx.stdin_text.splitlines()
    return bool(lines) and lines[0].strip().lower() == "y"


def _report(title: str, items: Sequence[str]) -> str:
    return f"{title}\n" + "".join(f"{item}\n" for item in items) if items else ""


# --- the pruners (each: dry-run text; confirmed: (space, report)) ------------------------------
def prune_containers(ctx: Context, filters: Filters) -> tuple[int, str]:
    removed, space = ctx.engine.container_prune(filters)
    return (space if removed else 0), _report("Deleted Containers:", removed)


def prune_networks(ctx: Context, filters: Filters) -> tuple[int, str]:
    return 0, _report("Deleted Networks:", ctx.engine.network_prune(filters))


def prune_volumes(ctx: Context, filters: Filters, all_volumes: bool) -> tuple[int, str]:
    removed, space = ctx.engine.volume_prune(all_volumes, filters)
    return (space if removed else 0), _report("Deleted Volumes:", removed)


def prune_images(ctx: Context, filters: Filters, all_images: bool) -> tuple[int, str]:
    records, space = ctx.engine.image_prune(all_images, filters)
    lines = [f"untagged: {r.untagged}" if r.untagged else f"deleted: {r.deleted}" for r in records]
    return space, _report("Deleted Images:", lines)


def prune_build_cache(ctx: Context) -> tuple[int, str]:
    ids = ctx.engine.build_cache_ids()
    _, space = ctx.engine.build_cache_prune()
    return space, _report("Deleted build cache objects:", ids)


def _print(ctx: Context, output: str, space: int | None) -> None:
    if output:
        ctx.out(output + "\n")  # fmt.Fprintln of a report that ends in a newline
    if space is not None:
        ctx.line(f"Total reclaimed space: {human_size(space)}")


# --- docker container / network / volume / image prune -----------------------------------------
@attrs.frozen
class ContainerPruneOptions(Options):
    force: bool
    filter: list[str]


def run_container_prune(ctx: Context, opts: ContainerPruneOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    if not opts.force and not confirm(
        ctx,
        f"{CONTAINER_WARNING}\n{CONTINUE}",
        lambda c: run_container_prune(c, attrs.evolve(opts, force=True)),
    ):
        return
    space, output = prune_containers(ctx, filters)
    _print(ctx, output, space)


@attrs.frozen
class NetworkPruneOptions(Options):
    force: bool
    filter: list[str]


def run_network_prune(ctx: Context, opts: NetworkPruneOptions) -> None:
    """network/prune.go: the report alone, no total."""
    filters = parse_filters(ctx, opts.filter)
    if not opts.force and not confirm(
        ctx,
        f"{NETWORK_WARNING}\n{CONTINUE}",
        lambda c: run_network_prune(c, attrs.evolve(opts, force=True)),
    ):
        return
    _, output = prune_networks(ctx, filters)
    _print(ctx, output, None)


@attrs.frozen
class VolumePruneOptions(Options):
    all: bool
    force: bool
    filter: list[str]


def run_volume_prune(ctx: Context, opts: VolumePruneOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    warning = VOLUME_WARNING
    if opts.all:
        if "all" in filters:
            raise ctx.fail("conflicting options: cannot specify both --all and --filter all=1")
        warning = VOLUME_ALL_WARNING
    if not opts.force and not confirm(
        ctx, f"{warning}\n{CONTINUE}", lambda c: run_volume_prune(c, attrs.evolve(opts, force=True))
    ):
        return
    space, output = prune_volumes(ctx, filters, opts.all)
    _print(ctx, output, space)


@attrs.frozen
class ImagePruneOptions(Options):
    all: bool
    filter: list[str]
    force: bool


def run_image_prune(ctx: Context, opts: ImagePruneOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    warning = IMAGE_ALL_WARNING if opts.all else IMAGE_WARNING
    if not opts.force and not confirm(
        ctx, f"{warning}\n{CONTINUE}", lambda c: run_image_prune(c, attrs.evolve(opts, force=True))
    ):
        return
    space, output = prune_images(ctx, filters, opts.all)
    _print(ctx, output, space)


# --- docker system prune -----------------------------------------------------------------------
@attrs.frozen
class SystemPruneOptions(Options):
    force: bool
    all: bool
    volumes: bool
    filter: list[str]


def _go_natural_key(text: str) -> list[object]:
    """fvbommel/sortorder NaturalLess: runs of digits compare as numbers."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def system_confirmation(opts: SystemPruneOptions, filters: Filters) -> str:
    """system/prune.go confirmationTemplate, from each pruner's dry-run line."""
    warnings = ["all stopped containers", "all networks not used by at least one container"]
    if opts.volumes:
        warnings.append("all anonymous volumes not used by at least one container")
    if opts.all:
        warnings += ["all images without at least one container associated to them"]
        warnings += ["all build cache"]
    else:
        warnings += ["all dangling images", "unused build cache"]
    shown = [
        f"{name}={value}"
        for name in ("label", "label!", "until")
        for value in dict.fromkeys(filters.get(name, ()))
    ]
    shown.sort(key=_go_natural_key)
    text = "WARNING! This will remove:" + "".join(f"\n  - {w}" for w in warnings) + "\n"
    if shown:
        text += "\n  Items to be pruned will be filtered with:"
        text += "".join(f"\n  - {f}" for f in shown) + "\n"
    return text + "\n" + CONTINUE


def run_system_prune(ctx: Context, opts: SystemPruneOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    if opts.volumes and "until" in filters:  # volume/prune.go pruneFn, in the dry run
        raise ctx.fail('ERROR: The "until" filter is not supported with "--volumes"')
    if not opts.force and not confirm(
        ctx,
        system_confirmation(opts, filters),
        lambda c: run_system_prune(c, attrs.evolve(opts, force=True)),
    ):
        return
    steps: list[Callable[[], tuple[int, str]]] = [
        lambda: prune_containers(ctx, filters),
        lambda: prune_networks(ctx, filters),
    ]
    if opts.volumes:
        steps.append(lambda: prune_volumes(ctx, filters, False))
    steps.append(lambda: prune_images(ctx, filters, opts.all))
    steps.append(lambda: prune_build_cache(ctx))
    total = 0
    for step in steps:
        space, output = step()
        total += space
        if output:
            ctx.out(output + "\n")
    ctx.line(f"Total reclaimed space: {human_size(total)}")
