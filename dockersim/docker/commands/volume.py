"""`docker volume create/ls/inspect/rm/prune` (docker/cli cli/command/volume)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context, daemon_text
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.errors import DockerError

LS_TABLE = "table {{.Driver}}\t{{.Name}}"
LS_HEADERS = {
    "Driver": "DRIVER",
    "Name": "VOLUME NAME",
    "Scope": "SCOPE",
    "Mountpoint": "MOUNTPOINT",
    "Labels": "LABELS",
    "Links": "LINKS",
    "Size": "SIZE",
    "Availability": "AVAILABILITY",
    "Group": "GROUP",
}


@attrs.frozen
class VolumeCreateOptions(Options):
    name: str
    driver: str
    label: list[str]
    opt: dict[str, str]


def run_create(ctx: Context, opts: VolumeCreateOptions) -> None:
    name = opts.args[0] if opts.args else opts.name
    labels = dict(item.partition("=")[::2] for item in opts.label)
    volume = ctx.engine.volume_create(
        name, driver=opts.driver or "local", labels=labels, options=dict(opts.opt)
    )
    ctx.line(volume.name)


@attrs.frozen
class VolumeLsOptions(Options):
    filter: list[str]
    quiet: bool
    format: str


def run_ls(ctx: Context, opts: VolumeLsOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    engine = ctx.engine
    rows = []
    for volume in engine.volume_list():
        name = volume.name
        users = engine.volume_users(name)
        if "dangling" in filters:
            dangling = filters["dangling"][-1] in ("true", "1")
            if dangling == bool(users):
                continue
        if "name" in filters and not any(v in name for v in filters["name"]):
            continue
        if "driver" in filters and volume.driver not in filters["driver"]:
            continue
        if "label" in filters:
            wanted = [item.partition("=") for item in filters["label"]]
            if not all(
                k in volume.labels and (not s or volume.labels[k] == v) for k, s, v in wanted
            ):
                continue
        rows.append(
            {
                "Driver": volume.driver,
                "Name": name,
                "Scope": "local",
                "Mountpoint": volume.mountpoint,
                "Labels": ",".join(f"{k}={v}" for k, v in sorted(volume.labels.items())),
                "Links": "N/A",
                "Size": "N/A",
                "Availability": "N/A",
                "Group": "N/A",
            }
        )
    if opts.quiet:
        ctx.out("".join(f"{row['Name']}\n" for row in rows))
        return
    try:
        ctx.out(format_rows(opts.format, rows, LS_HEADERS, LS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


@attrs.frozen
class VolumeInspectOptions(Options):
    format: str


def run_inspect(ctx: Context, opts: VolumeInspectOptions) -> None:
    from dockersim.docker.commands.inspect import _volume, inspect_objects

    inspect_objects(ctx, opts.format, opts.args, [_volume], kind="volume")


@attrs.frozen
class VolumeRmOptions(Options):
    force: bool


def run_rm(ctx: Context, opts: VolumeRmOptions) -> None:
    errors = []
    for name in opts.args:
        try:
            ctx.engine.volume_remove(name, force=opts.force)
        except DockerError as exc:
            errors.append(daemon_text(exc))
            continue
        ctx.line(name)
    if errors:
        ctx.err("\n".join(errors) + "\n")
        ctx.exit_code = 1
