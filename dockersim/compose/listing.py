"""The Compose commands that read: `ps`, `images`, `top`, `port`, `config`, `version`, and
`pull` (cmd/compose/ps.go, images.go, top.go, port.go, config.go, version.go;
pkg/compose/ps.go, images.go, top.go, port.go, pull.go; cmd/formatter/container.go)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.compose import ops
from dockersim.compose.common import _flush, _has, events_for, project_of
from dockersim.compose.file import Options
from dockersim.compose.model import ComposeError

if TYPE_CHECKING:
    from dockersim.docker.context import Context
    from dockersim.engine import Engine
    from dockersim.model.container import Container

Flags = dict[str, list[str]]

#: cmd/formatter/container.go defaultContainerTableFormat
PS_TABLE = (
    "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t"
    "{{.Ports}}"
)
PS_HEADERS = {
    "ID": "CONTAINER ID", "Name": "NAME", "Project": "PROJECT", "Service": "SERVICE",
    "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT", "RunningFor": "CREATED",
    "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Size": "SIZE", "Labels": "LABELS",
}  # fmt: skip
#: the states `ps --status` takes (cmd/compose/ps.go)
STATES = ("paused", "restarting", "removing", "running", "dead", "created", "exited")


def _ps_row(engine: Engine, c: Container, trunc: bool) -> dict[str, Any]:
    """What ContainerContext's methods give (the keys of `ps --format json`)."""
    from dockersim.docker.commands.ps import ports_text
    from dockersim.docker.render.gofmt import go_quote
    from dockersim.docker.render.table import ellipsis
    from dockersim.model.humanize import human_duration

    state = c.state
    health = state.health.status if state.running and state.health is not None else ""
    exit_code = state.exit_code if state.status in ("exited", "dead") else 0
    mounts = [str(m.get("Name") or m.get("Source") or "") for m in c.mounts]
    local = len([m for m in c.mounts if m.get("Type") == "volume"])
    command = c.ps_command
    return {
        "Command": go_quote(ellipsis(command, 20) if trunc else command),
        "CreatedAt": _created_at(c.created),
        "ExitCode": exit_code,
        "Health": health,
        "ID": c.id[:12] if trunc else c.id,
        "Image": c.image_ref,
        "Labels": ",".join(f"{k}={v}" for k, v in sorted(c.config.labels.items())),
        "LocalVolumes": str(local),
        "Mounts": ",".join(ellipsis(m, 15) if trunc else m for m in mounts),
        "Name": c.display_name,
        "Names": c.display_name,
        "Networks": ",".join(sorted(c.networks)),
        "Ports": ports_text(c),
        "Project": c.config.labels.get(ops.PROJECT, ""),
        "Publishers": _publishers(c),
        "RunningFor": f"{human_duration(engine.now - c.created)} ago",
        "Service": c.config.labels.get(ops.SERVICE, ""),
        "Size": "0B",
        "State": state.status,
        "Status": state.status_text(engine.now),
    }


def _created_at(epoch: float) -> str:
    import datetime

    when = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _publisher(url: str, target: int, published: int, protocol: str) -> dict[str, Any]:
    """api.PortPublisher, a struct: its JSON keeps the fields' order."""
    from dockersim.docker.render.govalues import GoStruct

    return GoStruct(
        "api.PortPublisher",
        {"URL": url, "TargetPort": target, "PublishedPort": published, "Protocol": protocol},
    )


def _publishers(c: Container) -> list[dict[str, Any]]:
    """pkg/compose/ps.go: the container's ports (the API's list: an IPv4 and an IPv6 entry
    for a port published on every address), sorted by container port."""
    out: list[tuple[int, dict[str, Any]]] = []
    if not c.state.running:
        return []
    published = set()
    for host_ip, host_port, port, proto in c.ports:
        published.add(f"{port}/{proto}")
        for address in [host_ip] if host_ip else ["0.0.0.0", "::"]:
            out.append((port, _publisher(address, port, host_port, proto)))
    for text in c.config.exposed_ports:
        if text not in published:
            number, _, proto = text.partition("/")
            port = int(number) if number.isdigit() else 0
            out.append((port, _publisher("", port, 0, proto)))
    return [p for _, p in sorted(out, key=lambda item: item[0])]


def run_ps(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    from dockersim.docker.render.formatter import FormatError, format_rows

    project = project_of(ctx, options)
    ctx.read_only = True
    statuses = list(flags.get("status", []))
    for spec in flags.get("filter", []):
        key, eq, value = spec.partition("=")
        if not eq:
            raise ComposeError("arguments to --filter should be in form KEY=VAL")
        if key == "source":
            raise ComposeError("not implemented")
        if key != "status":
            raise ComposeError(f"unknown filter {key}")
        statuses.append(value)
    known = [s.name for s in project.services]
    for name in names:
        if name not in known:
            raise ComposeError(f"no such service: {name}")
    if not names and not _has({"o": flags.get("orphans", ["true"])}, "o"):
        names = known
    show_all = _has(flags, "all") or bool(statuses)
    containers = [
        c for c in ops.containers_of(ctx.engine, project.name)
        + (ops.containers_of(ctx.engine, project.name, oneoff=True) if show_all else [])
        if (not names or c.config.labels.get(ops.SERVICE) in names)
        and (show_all or c.state.running)
        and (not statuses or c.state.status in statuses)
    ]  # fmt: skip
    containers.sort(key=lambda c: c.display_name)
    if _has(flags, "quiet"):
        ctx.out("".join(c.id + "\n" for c in containers))
        return
    if _has(flags, "services"):
        seen: list[str] = []
        for c in containers:
            service = c.config.labels.get(ops.SERVICE, "")
            if service not in seen:
                seen.append(service)
        ctx.out("\n".join(seen) + "\n")
        return
    trunc = not _has(flags, "no-trunc")
    rows = [_ps_row(ctx.engine, c, trunc) for c in containers]
    fmt = (flags.get("format") or ["table"])[-1]
    try:
        ctx.out(format_rows(fmt, rows, PS_HEADERS, PS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def run_images(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    """images.go: one row per container (sorted by name) with its image."""
    from dockersim.docker.render.table import TabWriter
    from dockersim.errors import DockerError
    from dockersim.model.humanize import human_duration, human_size_with_precision
    from dockersim.model.reference import InvalidReference, parse_reference

    project = project_of(ctx, options)
    ctx.read_only = True
    engine = ctx.engine
    fmt = (flags.get("format") or ["table"])[-1]
    if fmt not in ("table", ""):
        raise ComposeError(f"dockersim: not simulated in compose images: --format {fmt}")
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    ids: list[str] = []
    everything = [
        *ops.containers_of(engine, project.name),
        *ops.containers_of(engine, project.name, oneoff=True),
    ]
    for c in sorted(everything, key=lambda c: c.display_name):
        if names and c.config.labels.get(ops.SERVICE) not in names:
            continue
        try:
            image = engine.image_get(c.image_ref)
        except DockerError as exc:
            from dockersim.docker.context import daemon_text

            raise ComposeError(daemon_text(exc)) from None
        repo = tag = ""
        try:
            ref = parse_reference(c.image_ref).with_default_tag()
            repo, tag = ref.familiar_name, ref.tag or ""
        except InvalidReference:
            pass
        # LastTagTime: zero for a pulled image, so Go's time.Since saturates (292 years)
        tagged = image.last_tag_time
        age = engine.now - tagged if tagged is not None else 9_223_372_036.854775
        size = human_size_with_precision(engine.image_size(image), 3)
        short = image.id.split(":", 1)[-1]
        if short not in ids:
            ids.append(short)
        rows.append((c.display_name, repo or "<none>", tag or "<none>", image.platform,
                     short[:12], size, f"{human_duration(age)} ago"))  # fmt: skip
    if _has(flags, "quiet"):
        ctx.out("".join(i + "\n" for i in ids))
        return
    writer = TabWriter(20, 1, 3, " ", 0)
    writer.write("CONTAINER\tREPOSITORY\tTAG\tPLATFORM\tIMAGE ID\tSIZE\tCREATED\n")
    for row in rows:
        writer.write("\t".join(row) + "\n")
    ctx.out(writer.flush())


def run_top(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    """top.go: `docker top` of every running container, one table with SERVICE and # (the
    container number) first; containers by name; nothing when none runs."""
    import datetime

    from dockersim.docker.render.table import TabWriter

    project = project_of(ctx, options)
    ctx.read_only = True
    engine = ctx.engine
    running = [
        c for c in [*ops.containers_of(engine, project.name),
                    *ops.containers_of(engine, project.name, oneoff=True)]
        if c.state.running and (not names or c.config.labels.get(ops.SERVICE) in names)
    ]  # fmt: skip
    lines = []
    for c in sorted(running, key=lambda c: c.display_name):
        c = engine.container_inspect(c.id)
        if not c.state.running:
            continue
        started = datetime.datetime.fromtimestamp(
            c.state.started_at or engine.now, datetime.UTC
        ).strftime("%H:%M")
        service = c.config.labels.get(ops.SERVICE, c.display_name)
        number = c.config.labels.get(ops.NUMBER, "")
        host_pid = c.state.pid
        for proc in engine.container_processes(c):
            pid = host_pid + proc.pid - 1
            ppid = host_pid - 23 if proc.ppid == 0 else host_pid + proc.ppid - 1
            lines.append(
                f"{service}\t{number}\t{proc.user}\t{pid}\t{ppid}\t0\t{started}\t{proc.tty}\t"
                f"00:00:00\t{proc.command}\n"
            )
    if not lines:
        return
    writer = TabWriter(4, 1, 2, " ", 0)
    writer.write("SERVICE\t#\tUID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\n")
    for line in lines:
        writer.write(line)
    ctx.out(writer.flush())


def run_port(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    """port.go: `IP:PORT` of the first container (or `--index`) publishing the port."""
    if len(names) < 2:
        raise ComposeError(f"requires at least 2 arg(s), only received {len(names)}")
    service, private = names[0], names[1]
    if not private.isdigit() or int(private) > 65535:
        reason = "value out of range" if private.isdigit() else "invalid syntax"
        raise ComposeError(f'strconv.ParseUint: parsing "{private}": {reason}')
    protocol = (flags.get("protocol") or ["tcp"])[-1].lower()
    index_text = (flags.get("index") or ["0"])[-1]
    if not index_text.lstrip("-").isdigit():
        raise ComposeError(
            f'invalid argument "{index_text}" for "--index" flag: strconv.ParseInt: parsing '
            f'"{index_text}": invalid syntax'
        )
    index = int(index_text)
    project = project_of(ctx, options)
    ctx.read_only = True
    candidates = [
        c for c in [*ops.containers_of(ctx.engine, project.name, service),
                    *ops.containers_of(ctx.engine, project.name, service, oneoff=True)]
        if c.state.running and (index <= 0 or ops.number(c) == index)
    ]  # fmt: skip
    if not candidates:
        if index > 0:
            raise ComposeError(f'service "{service}" is not running container #{index}')
        raise ComposeError(f'service "{service}" is not running')
    candidates.sort(key=lambda c: (ops.number(c), c.config.labels.get(ops.ONEOFF) == "True"))
    target = candidates[0]
    publishers = _publishers(target)
    for p in publishers:
        if p["TargetPort"] == int(private) and p["Protocol"] == protocol:
            ctx.out(f"{p['URL']}:{p['PublishedPort']}\n")
            return
    listed = ", ".join(f"{p['PublishedPort']}/{p['Protocol']}" for p in publishers)
    raise ComposeError(
        f"no port {int(private)}/{protocol} for container {target.display_name}: {listed}"
    )


def run_config(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    from dockersim.compose.config import config_yaml

    project = project_of(ctx, options)
    ctx.read_only = True
    if _has(flags, "quiet"):
        return
    if _has(flags, "services"):
        ctx.out("".join(s.name + "\n" for s in project.services))
        return
    if _has(flags, "volumes"):
        ctx.out("".join(v.key + "\n" for v in project.volumes))
        return
    ctx.out(config_yaml(ctx.machine, project))


def run_version(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    """version.go: `--short` without the `v`, `--format json`, else the sentence."""
    ctx.read_only = True
    fmt = (flags.get("format") or [""])[-1]
    if _has(flags, "short"):
        ctx.out(f"{ops.VERSION}\n")
    elif fmt == "json":
        ctx.out(f'{{"version":"v{ops.VERSION}"}}\n')
    else:
        ctx.out(f"Docker Compose version v{ops.VERSION}\n")


def run_pull(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    from dockersim.compose.up import with_dependencies

    project = project_of(ctx, options)
    events = events_for(ctx, options, "pull")
    quiet = _has(flags, "quiet")
    sink = ops.Events() if quiet else events
    try:
        for service in with_dependencies(project, names) if names else project.services:
            if not service.image:
                sink(service.name, "", "Skipped - No image to be pulled")
                continue
            ops.pull_one(ctx.engine, service.name, service.image, sink)
    finally:
        _flush(ctx, events)
