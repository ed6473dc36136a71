"""`docker events`, `docker stats`, `docker port` (docker/cli cli/command/system/events.go,
container/stats.go, container/port.go)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render import template
from dockersim.docker.render.govalues import GoStruct
from dockersim.docker.render.table import TabWriter
from dockersim.engine import errors
from dockersim.engine.eventfilter import EventKey, event_key, include
from dockersim.errors import DockerError
from dockersim.model.humanize import bytes_size

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: Resident memory of each program while it waits (MiB): plausible figures for `docker stats`.
HOST_MEMORY = 8_326_414_336


def _parse_time(ctx: Context, text: str, now: float) -> float:
    """--since/--until: RFC 3339, a Unix time, or a duration before now (`10m`, `1h30m`)."""
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?", text)
    if match and any(match.groups()):
        hours, minutes, seconds = (float(g or 0) for g in match.groups())
        return now - (hours * 3600 + minutes * 60 + seconds)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ctx.daemon_fail(errors.bad_time_value("since", text)) from None


@attrs.frozen
class EventsOptions(Options):
    since: str
    until: str
    filter: list[str]
    format: str


def event_message(
    kind: str, action: str, actor: str, attributes: Mapping[str, str], when: float
) -> GoStruct:
    """moby's events.Message, as `--format` templates and `{{json .}}` see it. The deprecated
    status/id/from are empty (API 1.52 no longer fills them) and left out of JSON."""
    who = GoStruct(
        "events.Actor", [("ID", actor), ("Attributes", dict(sorted(attributes.items())))]
    )
    fields: list[tuple[str, object]] = [("Status", ""), ("ID", ""), ("From", "")]
    fields += [("Type", kind), ("Action", action)]
    fields += [("Actor", who), ("Scope", "local"), ("Time", int(when))]
    fields += [("TimeNano", round(when * 1e9))]
    return GoStruct("events.Message", fields, json_names=_MESSAGE_JSON, omitempty=_MESSAGE_JSON)


#: events.Message's json tags (each also `omitempty`)
_MESSAGE_JSON = {
    "Status": "status",
    "ID": "id",
    "From": "from",
    "Scope": "scope",
    "Time": "time",
    "TimeNano": "timeNano",
}


class _EventsStopped(Exception):
    """A template that failed on an event: what was printed up to it, and the error."""

    def __init__(self, printed: str, error: str) -> None:
        super().__init__(error)
        self.printed = printed
        self.error = error


def _events_template(ctx: Context, fmt: str) -> template.Template | None:
    """cli/command/system/events.go makeTemplate: none for the default lines; `json` is
    `{{json .}}`; a template that does not parse, or fails on an empty message, is exit 64."""
    if not fmt:
        return None
    try:
        tmpl = template.parse("{{json .}}" if fmt == "json" else fmt)
        tmpl.execute(event_message("", "", "", {}, 0.0))
    except template.TemplateError as exc:
        raise ctx.fail(f"Error parsing format: {exc}", 64) from None
    return tmpl


def run_events(ctx: Context, opts: EventsOptions) -> None:
    engine = ctx.engine
    now = engine.now
    since = _parse_time(ctx, opts.since, now) if opts.since else now
    until = _parse_time(ctx, opts.until, now) if opts.until else now
    wanted: dict[str, list[str]] = {}
    for item in opts.filter:
        key, _, value = item.partition("=")
        wanted.setdefault(key, []).append(value)
    tmpl = _events_template(ctx, opts.format)
    try:
        ctx.out(_events_text(engine, wanted, since, until, True, tmpl=tmpl))
    except _EventsStopped as stopped:
        ctx.out(stopped.printed)
        raise ctx.fail(stopped.error) from None
    if opts.until:
        return
    if ctx.live:  # at a terminal: new events as they happen, until Ctrl-C
        from dockersim.docker.live import Fresh, StreamFollow, Update, host_of

        fresh: Fresh[EventKey] = Fresh(until)
        fresh.shown(event_key(e) for e in engine.system_events())

        def render(engine: Engine, since: float, until: float) -> Update:
            keys = [event_key(e) for e in engine.system_events()]
            shown = set(fresh.take(keys, until))
            try:
                return Update(_events_text(engine, wanted, 0.0, until, True, shown, tmpl))
            except _EventsStopped as stopped:
                return Update(stopped.printed, err=stopped.error + "\n", done=True, exit_code=1)

        ctx.follow = StreamFollow(host_of(engine), until, render)
        return
    ctx.err(
        "dockersim: events shown up to the current virtual time; the real `docker events` "
        "keeps waiting for new ones\n"
    )


def _events_text(
    engine: Engine,
    wanted: dict[str, list[str]],
    since: float,
    until: float,
    first: bool,
    only: set[EventKey] | None = None,
    tmpl: template.Template | None = None,
) -> str:
    """The events from `since` to `until` (`since` itself only in the `first` look), or
    only those `only` names by (time, type, action, actor)."""
    lines: list[str] = []
    for event in engine.system_events():
        if not (since <= event.time if first else since < event.time) or event.time > until:
            continue
        if only is not None and event_key(event) not in only:
            continue
        if not include(event, wanted):  # the daemon's filter: the CLI sends --filter on
            continue
        attributes = dict(event.attributes)
        if tmpl is not None:
            message = event_message(event.type, event.action, event.actor, attributes, event.time)
            try:
                lines.append(tmpl.execute(message) + "\n")
            except template.TemplateError as exc:  # the CLI stops at the event it cannot print
                lines.append(exc.partial + "\n" if isinstance(exc, template.ExecError) else "")
                raise _EventsStopped("".join(lines), str(exc)) from None
            continue
        moment = datetime.fromtimestamp(event.time, UTC)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}000Z"
        attrs = ", ".join(f"{k}={v}" for k, v in sorted(attributes.items()))
        lines.append(f"{stamp} {event.type} {event.action} {event.actor} ({attrs})\n")
    return "".join(lines)


@attrs.frozen
class StatsOptions(Options):
    all: bool
    no_stream: bool


def run_stats(ctx: Context, opts: StatsOptions) -> None:
    engine = ctx.engine
    try:
        table = _stats_table(engine, opts)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    if opts.no_stream:
        ctx.out(table)
        return
    if ctx.live:  # at a terminal: the table drawn again each second, until Ctrl-C
        from dockersim.docker.live import StreamFollow, Update, host_of

        ctx.out(CLEAR_SCREEN + table)
        drawn = [engine.now]

        def render(engine: Engine, since: float, until: float) -> Update:
            if until - drawn[0] < 1.0:
                return Update()
            drawn[0] = until
            try:
                return Update(CLEAR_SCREEN + _stats_table(engine, opts))
            except DockerError as exc:  # a container named on the line is gone
                return Update(err=f"{exc}\n", done=True, exit_code=1)

        ctx.follow = StreamFollow(host_of(engine), engine.now, render)
        return
    ctx.out(table)
    ctx.err("dockersim: one sample shown; the real `docker stats` keeps refreshing\n")


#: what `docker stats` writes before each redraw on a terminal: clear, cursor home
CLEAR_SCREEN = "\x1b[2J\x1b[H"


def _stats_table(engine: Engine, opts: StatsOptions) -> str:
    everything = engine.container_list()
    if opts.args:
        containers = [engine.container_get(name) for name in opts.args]
    else:
        containers = sorted(
            (c for c in everything if c.state.running), key=lambda c: c.created, reverse=True
        )
        if opts.all:
            containers = sorted(everything, key=lambda c: c.created)
    writer = TabWriter(10, 1, 3, " ", 0)
    writer.write("CONTAINER ID\tNAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\tNET I/O\tBLOCK I/O\tPIDS\n")
    for c in containers:
        running = c.state.running and not c.state.restarting
        limit = c.host_config.memory or HOST_MEMORY
        used, pids = engine.container_usage(c)
        usage = f"{bytes_size(used)} / {bytes_size(limit)}" if running else "0B / 0B"
        percent = f"{used * 100 / limit:.2f}%"
        net = "1.05kB / 0B" if running else "0B / 0B"
        writer.write(
            f"{c.id[:12]}\t{c.display_name}\t0.00%\t{usage}\t{percent}\t{net}\t0B / 0B\t{pids}\n"
        )
    return writer.flush()


def run_port(ctx: Context, opts: Options) -> None:
    engine = ctx.engine
    container = engine.container_get(opts.args[0])
    typed = opts.args[1] if len(opts.args) > 1 else ""
    wanted = typed if not typed or "/" in typed else typed + "/tcp"
    ports = container.ports if container.state.running else []
    lines = []
    for host_ip, host_port, port, proto in sorted(ports, key=lambda p: (p[2], p[3])):
        key = f"{port}/{proto}"
        if wanted and key != wanted:
            continue
        for address in [host_ip] if host_ip else ["0.0.0.0", "[::]"]:
            lines.append(f"{address}:{host_port}" if wanted else f"{key} -> {address}:{host_port}")
    if wanted and not lines:  # docker/cli 29 container/port.go: the port as typed
        raise ctx.fail(f"no public port '{typed}' published for {opts.args[0]}")
    ctx.out("".join(line + "\n" for line in lines))
