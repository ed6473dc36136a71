"""`docker ps` / `docker container ls` (docker/cli formatter/container.go; moby daemon/list.go)."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, ClassVar

import attrs

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.docker.render.lazyrow import LazyRow
from dockersim.docker.render.table import ellipsis
from dockersim.engine import errors
from dockersim.model.container import STATES, Container
from dockersim.model.humanize import go_quote, human_duration, human_size_with_precision

DEFAULT_TABLE = (
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
)
HEADERS = {
    "ID": "CONTAINER ID",
    "Image": "IMAGE",
    "Command": "COMMAND",
    "CreatedAt": "CREATED AT",
    "RunningFor": "CREATED",
    "Ports": "PORTS",
    "State": "STATE",
    "Status": "STATUS",
    "Size": "SIZE",
    "Names": "NAMES",
    "Labels": "LABELS",
    "Mounts": "MOUNTS",
    "Networks": "NETWORKS",
    "LocalVolumes": "LOCAL VOLUMES",
}
ACCEPTED = (
    "ancestor", "before", "exited", "expose", "health", "id", "isolation", "is-task", "label",
    "name", "network", "publish", "since", "status", "volume",
)  # fmt: skip


#: container.IsValidHealthString
HEALTH_VALUES = ("starting", "healthy", "unhealthy", "none")


@attrs.frozen
class PsOptions(Options):
    filter: list[str]
    all: bool
    last: int
    latest: bool
    no_trunc: bool
    quiet: bool
    size: bool
    format: str


def run_ps(ctx: Context, opts: PsOptions) -> None:
    engine = ctx.engine
    everything = engine.container_list()
    filters = parse_filters(ctx, opts.filter)
    for key in filters:
        if key not in ACCEPTED:
            raise ctx.daemon_fail(errors.invalid_filter(key))
    for status in filters.get("status", []):
        if status not in STATES:
            raise ctx.daemon_fail(errors.invalid_state_filter(status, STATES))
    for health in filters.get("health", []):
        if health not in HEALTH_VALUES:
            raise ctx.daemon_fail(errors.invalid_health_filter(health))
    last = opts.last or -1
    if opts.latest:
        last = 1
    show_all = opts.all or last > 0 or "status" in filters
    containers = everything
    if not show_all:
        containers = [c for c in containers if c.state.running]
    if filters:
        containers = [c for c in containers if _matches(ctx, c, filters)]
    if last > 0:
        containers = containers[:last]
    no_trunc = opts.no_trunc
    fmt = opts.format
    if opts.quiet:
        if fmt:
            ctx.err("WARNING: Ignoring custom format, because both --format and --quiet are set.\n")
        ctx.out("".join(f"{c.id if no_trunc else c.id[:12]}\n" for c in containers))
        return
    table = DEFAULT_TABLE + ("\t{{.Size}}" if opts.size else "")
    images: dict[str, str] = {}  # each image reference resolved once for all rows
    # the cyclic collector is paused while the rows are made and printed: tens of thousands
    # of objects and no cycles among them, where each collection they would trigger could
    # walk the whole world (as store.py pauses it to read the world)
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows = [_Row(ctx, c, no_trunc, images) for c in containers]
        ctx.out(format_rows(fmt, rows, HEADERS, table))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
    finally:
        if collecting:
            gc.enable()


class _Row(LazyRow):
    """One container's `docker ps` fields, each computed when the format reads it."""

    __slots__ = ("c", "ctx", "images", "no_trunc")

    def __init__(self, ctx: Context, c: Container, no_trunc: bool, images: dict[str, str]):
        self.ctx, self.c, self.no_trunc, self.images = ctx, c, no_trunc, images

    def _command(self) -> str:
        return _quoted_command(self.c.ps_command, self.no_trunc)

    def _size(self) -> str:
        engine, c = self.ctx.engine, self.c
        size = engine.container_fs(c).size() if engine.container_exists(c.id) else 0
        virtual = engine.container_image_size(c)  # its layers, kept when the image is deleted
        return (
            f"{human_size_with_precision(size, 3)} "
            f"(virtual {human_size_with_precision(size + virtual, 3)})"
        )

    COLUMNS: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "ID": lambda r: r.c.id if r.no_trunc else r.c.id[:12],
        "Image": lambda r: _image_name(r.ctx, r.c, r.no_trunc, r.images),
        "Command": _command,
        "CreatedAt": lambda r: _created_at(r.c.created),
        "RunningFor": lambda r: f"{human_duration(r.ctx.engine.now - r.c.created)} ago",
        "Ports": lambda r: ports_text(r.c),
        "State": lambda r: r.c.state.status,
        "Status": lambda r: r.c.state.status_text(r.ctx.engine.now),
        "Size": _size,
        "Names": lambda r: r.c.display_name,
        "Labels": lambda r: ",".join(f"{k}={v}" for k, v in sorted(r.c.config.labels.items())),
        "Mounts": lambda r: "",
        "Networks": lambda r: r.c.host_config.network_mode,
        "LocalVolumes": lambda r: "0",
    }

    @classmethod
    def column(cls, field: str, rows: Sequence[Any]) -> list[Any] | None:
        """A whole column at once (rows made by one `run_ps`: one context, one `--no-trunc`),
        each distinct command, image, creation or start time worked out once."""
        whole = _WHOLE.get(field)
        return whole(rows) if whole is not None and rows else None


def _ids(rows: Sequence[_Row]) -> list[str]:
    if rows[0].no_trunc:
        return [r.c.id for r in rows]
    return [r.c.id[:12] for r in rows]


def _names(rows: Sequence[_Row]) -> list[str]:
    return [r.c.name.removeprefix("/") for r in rows]  # Container.display_name


def _ports(rows: Sequence[_Row]) -> list[str]:
    return [ports_text(r.c) if r.c.ports or r.c.config.exposed_ports else "" for r in rows]


def _running_for(rows: Sequence[_Row]) -> list[str]:
    now = rows[0].ctx.engine.now
    seen: dict[float, str] = {}
    out = []
    for r in rows:
        created = r.c.created
        text = seen.get(created)
        if text is None:
            text = seen[created] = f"{human_duration(now - created)} ago"
        out.append(text)
    return out


def _statuses(rows: Sequence[_Row]) -> list[str]:
    """STATUS; a plain running container's (no pause, restart or health check) depends on its
    start time alone (State.status_text)."""
    now = rows[0].ctx.engine.now
    seen: dict[float | None, str] = {}
    out = []
    for r in rows:
        state = r.c.state
        if state.running and not (state.paused or state.restarting) and state.health is None:
            started = state.started_at
            text = seen.get(started)
            if text is None:
                text = seen[started] = f"Up {human_duration(now - (started or now))}"
        else:
            text = state.status_text(now)
        out.append(text)
    return out


def _commands(rows: Sequence[_Row]) -> list[str]:
    no_trunc = rows[0].no_trunc
    seen: dict[tuple[str, ...], str] = {}
    out = []
    for r in rows:
        c = r.c
        if not no_trunc:
            # Ellipsis keeps 19 columns and "…" of a command longer than 20, so no more of it
            # than 21 characters is needed; the whole command when it is not ASCII
            short = c.path
            for arg in c.args:
                if len(short) > 20:
                    break
                short = f"{short} '{arg}'" if " " in arg else f"{short} {arg}"
            if short.isascii():
                if len(short) > 20:
                    short = short[:19] + "…"
                if short.isprintable() and '"' not in short and "\\" not in short:
                    out.append(f'"{short}"')  # go_quote, with nothing to escape
                else:
                    out.append(go_quote(short))
                continue
        key = (c.path, *c.args)
        text = seen.get(key)
        if text is None:
            text = seen[key] = _quoted_command(c.ps_command, no_trunc)
        out.append(text)
    return out


def _images(rows: Sequence[_Row]) -> list[str]:
    first = rows[0]
    seen: dict[tuple[str, str], str] = {}
    out = []
    for r in rows:
        c = r.c
        key = (c.image_ref, c.image_id)
        text = seen.get(key)
        if text is None:
            text = seen[key] = _image_name(first.ctx, c, first.no_trunc, first.images)
        out.append(text)
    return out


_WHOLE: dict[str, Callable[[Sequence[_Row]], list[str]]] = {
    "ID": _ids,
    "Image": _images,
    "Command": _commands,
    "RunningFor": _running_for,
    "Status": _statuses,
    "Ports": _ports,
    "Names": _names,
}


@lru_cache(maxsize=1024)  # many containers run the same command
def _quoted_command(command: str, no_trunc: bool) -> str:
    return go_quote(command if no_trunc else ellipsis(command, 20))


def ports_text(c: Container) -> str:
    """PORTS (formatter DisplayablePorts): a port published on another host port as
    `0.0.0.0:8080->80/tcp` (and the IPv6 `[::]` twin when no host address was given), last;
    before them, exposed but unpublished ports bare and ports published on the same number,
    consecutive ones folded into ranges (`9000-9001/udp`); only a running container has any."""
    if not c.state.running or not (c.ports or c.config.exposed_ports):
        return ""
    ports: list[tuple[int, str | None, int, str]] = []  # (port, host address, host port, proto)
    published = set()
    for host_ip, host_port, port, proto in c.ports:
        published.add(f"{port}/{proto}")
        for host in [host_ip] if host_ip else ["0.0.0.0", "::"]:
            ports.append((port, host, host_port, proto))
    for port_text in c.config.exposed_ports:
        if port_text not in published and c.host_config.network_mode != "host":
            number, _, proto = port_text.partition("/")
            ports.append((int(number) if number.isdigit() else 0, None, 0, proto))
    # comparePorts: by port, then address as text (no address prints as "invalid IP")
    ports.sort(key=lambda p: (p[0], "invalid IP" if p[1] is None else p[1], p[2], p[3]))
    groups: dict[str, list[int]] = {}  # key -> [first, last]: in the order keys were made
    shown: list[str] = []
    mappings: list[str] = []
    for port, address, host_port, proto in ports:
        key = proto
        if address is not None:
            if host_port != port:
                mappings.append(f"{_host_port(address, host_port)}->{port}/{proto}")
                continue
            key = f"{address}/{proto}"
        group = groups.get(key)
        if group is None:
            groups[key] = [port, port]
        elif port == group[1] + 1:
            group[1] = port
        else:  # a gap: the range so far is shown now, a new one starts
            shown.append(_port_group(key, *group))
            groups[key] = [port, port]
    shown += [_port_group(key, *group) for key, group in groups.items()]
    return ", ".join(shown + mappings)


def _host_port(address: str, port: int | str) -> str:
    """net.JoinHostPort: an IPv6 address in brackets."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _port_group(key: str, first: int, last: int) -> str:
    """formGroup: `80/tcp`, `9000-9001/udp`, `0.0.0.0:80-81->80-81/tcp`."""
    address, _, proto = key.rpartition("/")
    span = str(first) if first == last else f"{first}-{last}"
    return f"{_host_port(address, span)}->{span}/{proto}" if address else f"{span}/{proto}"


def _port_key(port: str) -> tuple[int, str]:
    number, _, proto = port.partition("/")
    return (int(number) if number.isdigit() else 0, proto)


def _image_name(ctx: Context, c: Container, no_trunc: bool, images: dict[str, str]) -> str:
    """The reference the container was made from while it still names the same image."""
    if c.image_ref not in images:
        try:
            images[c.image_ref] = ctx.engine.image_get(c.image_ref).id
        except Exception:  # a ref that no longer resolves shows the image ID
            images[c.image_ref] = ""
    if images[c.image_ref] == c.image_id:
        if not no_trunc and "@" in c.image_ref:  # formatter/container.go: digest stripped
            return c.image_ref.partition("@")[0]
        return c.image_ref
    return c.image_id if no_trunc else c.image_id.split(":", 1)[-1][:12]


def _created_at(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _matches(ctx: Context, c: Container, filters: dict[str, list[str]]) -> bool:
    """daemon/list.go: values of one key are ORed, keys are ANDed; name/status are regexes."""
    for key, values in filters.items():
        if key == "status" and not any(v == c.state.status for v in values):
            return False
        if key == "health" and _health(c) not in values:  # an exact match
            return False
        if key == "name" and not any(re.search(v, c.display_name) for v in values):
            return False
        if key == "id" and not any(c.id.startswith(v) for v in values):
            return False
        if key == "exited":
            if c.state.running or c.state.started_at is None:
                return False
            if not any(str(c.state.exit_code) == v for v in values):
                return False
        if key == "label" and not all(_label(c, v) for v in values):
            return False
        if key == "ancestor" and not any(_ancestor(ctx, c, v) for v in values):
            return False
        if key in ("before", "since"):
            other = ctx.engine.container_get(values[-1])
            if key == "before" and not c.created < other.created:
                return False
            if key == "since" and not c.created > other.created:
                return False
    return True


def _health(c: Container) -> str:
    """The container's health for the `health` filter (container/view.go: `none` without a
    check; a stopped container keeps the status its monitor left)."""
    health = c.state.health
    return health.status if health is not None else "none"


def _label(c: Container, spec: str) -> bool:
    key, sep, value = spec.partition("=")
    return key in c.config.labels and (not sep or c.config.labels[key] == value)


def _ancestor(ctx: Context, c: Container, ref: str) -> bool:
    try:
        return ctx.engine.image_get(ref).id == c.image_id
    except Exception:  # an unknown image matches nothing
        return False
