"""`docker service create/ls/ps/inspect/scale/rm` (docker/cli cli/command/service and task).

Facts and their sources are listed in docs/swarm.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from dockersim.docker.commands.service_opts import ExtraOptions, extra_spec, labels
from dockersim.docker.commands.tasks import TasksOptions, print_tasks
from dockersim.docker.commands.tasks import natural_key as _natural_key
from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.errors import DockerError, NotFound
from dockersim.model.service import PortConfig, Service, Task, image_display, ports_text

if TYPE_CHECKING:
    from dockersim.docker.commands.inspect import Found

#: progress.go: the monitor period (UpdateConfig.Monitor defaults to 5s) and the poll interval
MONITOR = 5.0
POLL = 0.2
#: progress.go: task bars are drawn for up to this many replicas
MAX_PROGRESS_BARS = 20
#: the bar of a running task on a terminal wider than 110 columns (jsonmessage
#: RenderTUIProgress: 9 of 9 steps, HideCounts), after the state padded to 9 characters
RUNNING_BAR = "running   [" + "=" * 50 + ">] "


def _manager_check(ctx: Context) -> None:
    try:
        ctx.engine.service_list()
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None


# --- create -------------------------------------------------------------------------------
@attrs.frozen
class CreateOptions(ExtraOptions):
    constraint: list[str]
    endpoint_mode: str
    update_delay: int
    update_order: str
    update_parallelism: int
    detach: bool
    env: list[str]
    mode: str
    name: str
    network: list[str]
    publish: list[str]
    quiet: bool
    replicas: int


def _parse_port(ctx: Context, text: str) -> PortConfig:
    """swarmopts.PortOpt.Set: `[published:]target[/protocol]` or the long
    `published=8080,target=80[,protocol=udp][,mode=host]` form."""
    if "=" in text:
        fields = dict(part.partition("=")[::2] for part in text.split(","))
        unknown = set(fields) - {"published", "target", "protocol", "mode"}
        if unknown or not fields.get("target", "").isdigit():
            raise ctx.fail(f"dockersim: not simulated in service create: --publish {text}")
        return PortConfig(
            int(fields.get("published") or 0),
            int(fields["target"]),
            fields.get("protocol", "tcp"),
            fields.get("mode", "ingress"),
        )
    spec, _, protocol = text.partition("/")
    published, _, target = spec.rpartition(":")
    if not target.isdigit() or (published and not published.isdigit()):
        raise ctx.fail(f"dockersim: not simulated in service create: --publish {text}")
    return PortConfig(int(published or 0), int(target), protocol or "tcp")


def run_create(ctx: Context, opts: CreateOptions) -> None:
    if opts.mode not in ("replicated", "global"):
        raise ctx.fail(f"dockersim: not simulated in service create: --mode {opts.mode}")
    if opts.mode == "global" and opts.given("replicas"):
        raise ctx.fail("replicas can only be used with replicated or replicated-job mode")
    ports = tuple(_parse_port(ctx, p) for p in opts.publish)
    if opts.endpoint_mode not in ("vip", "dnsrr") or opts.update_order not in (
        "",
        "start-first",
        "stop-first",
    ):
        raise ctx.fail("dockersim: not simulated in service create: that endpoint mode or order")
    extra = extra_spec(ctx, opts)
    image, *args = opts.args
    try:
        service, warnings = ctx.engine.service_create(
            image,
            name=opts.name,
            mode=opts.mode,
            replicas=opts.replicas if opts.given("replicas") else 1,
            args=tuple(args),
            env=tuple(opts.env),
            networks=tuple(opts.network),
            ports=ports,
            constraints=tuple(opts.constraint),
            endpoint_mode=opts.endpoint_mode,
            update=(
                opts.update_parallelism,
                opts.update_delay / 1e9,
                opts.update_order or "stop-first",
            ),
            labels=labels(opts),
            extra=extra,
        )
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    for warning in warnings:
        ctx.err(warning + "\n")
    ctx.line(service.id)
    if not opts.detach:
        _wait(ctx, service, opts.quiet)


def _wait(ctx: Context, service: Service, quiet: bool) -> None:
    """WaitOnService (helpers.go) with ServiceProgress (progress/progress.go): the progress a
    converged service shows, then the 5 seconds the CLI watches it before it says so."""
    tasks = [t for t in ctx.engine.service_tasks(service.id) if t.desired == "running"]
    failed = [
        t
        for t in ctx.engine.service_tasks(service.id)
        if t.state in ("rejected", "failed") and t.since >= service.updated
    ]
    if service.mode == "replicated":
        total = service.replicas
        bars = [f"{n}/{total}" for n in range(1, total + 1)] if total <= MAX_PROGRESS_BARS else []
        ids = {t.slot: f"{t.slot}/{total}" for t in tasks}
        fail_ids = {t.id: f"{t.slot}/{total}" for t in failed}
    else:
        total = len({t.node for t in tasks} | {t.node for t in failed})
        bars = []
        ids = {t.slot: ctx.engine.service_node_id(t.node)[:12] for t in tasks}
        fail_ids = {t.id: ctx.engine.service_node_id(t.node)[:12] for t in failed}
    messages: list[tuple[str, str]] = []
    if service.mode == "global" and not total:
        messages.append(("overall progress", "waiting for new tasks"))
    else:
        messages.append(("overall progress", f"0 out of {total} tasks"))
        messages += [(bar, " ") for bar in bars]
    if failed:
        messages += [(fail_ids[t.id], _trunc_error(t.error)) for t in failed]
        if not quiet:
            _print(ctx, messages)
        raise ctx.fail(
            "dockersim: not simulated in service create: waiting on tasks that cannot start "
            "(Docker keeps retrying until Ctrl-C; use --detach)"
        )
    running = len(tasks)
    if ctx.tty and total <= MAX_PROGRESS_BARS:
        messages += [(ids[t.slot], RUNNING_BAR) for t in sorted(tasks, key=lambda t: t.slot)]
    messages.append(("overall progress", f"{running} out of {total} tasks"))
    polls = round(MONITOR / POLL)
    for poll in range(polls):
        left = MONITOR - poll * POLL - 1e-3
        messages.append(
            ("verify", f"Waiting {int(left) + 1} seconds to verify that tasks are stable...")
        )
    messages.append(("verify", f"Service {service.id} converged"))
    ctx.engine.advance(MONITOR)
    if not quiet:
        _print(ctx, messages)


def _trunc_error(text: str) -> str:
    """progress.go truncError: one line, at most 75 characters."""
    text = text.replace("\n", " ")
    return text if len(text) <= 75 else text[:74] + "…"


def _print(ctx: Context, messages: list[tuple[str, str]]) -> None:
    """jsonmessage.Display: off a terminal a line per message, the bars left out; on one, the
    final screen (each id's last message on its line, with the space after the status)."""
    if not ctx.tty:
        ctx.out("".join(f"{key}: {status}\n" for key, status in messages if status != RUNNING_BAR))
        return
    lines: dict[str, str] = {}
    for key, status in messages:
        lines[key] = f"{key}: {status} \n" if status != RUNNING_BAR else f"{key}: {status}\n"
    ctx.out("".join(lines.values()))


# --- ls and ps ------------------------------------------------------------------------------
@attrs.frozen
class LsOptions(Options):
    quiet: bool
    format: str
    filter: list[str]


LS_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}"
LS_HEADERS = {
    "ID": "ID",
    "Name": "NAME",
    "Mode": "MODE",
    "Replicas": "REPLICAS",
    "Image": "IMAGE",
    "Ports": "PORTS",
}


def run_ls(ctx: Context, opts: LsOptions) -> None:
    if opts.filter:
        raise ctx.fail("dockersim: not simulated in service ls: --filter")
    try:
        services = ctx.engine.service_list()
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    print_services(ctx, services, opts.quiet, opts.format)


def print_services(ctx: Context, services: list[Service], quiet: bool, fmt: str) -> None:
    """formatter.go ListFormatWrite: by name (NaturalLess), replicas running/desired."""
    services = sorted(services, key=lambda s: _natural_key(s.name))
    rows = []
    for service in services:
        running, desired = ctx.engine.service_running(service)
        rows.append(
            {
                "ID": service.id[:12],
                "Name": service.name,
                "Mode": service.mode,
                "Replicas": f"{running}/{desired}",
                "Image": image_display(service.image),
                "Ports": ports_text(service.ports),
            }
        )
    if quiet:
        ctx.out("".join(f"{row['ID']}\n" for row in rows))
        return
    try:
        ctx.out(format_rows(fmt, rows, LS_HEADERS, LS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def _find(ctx: Context, ref: str) -> Service | None:
    """ps.go createFilter: full ID, then full name, then an ID prefix."""
    services = ctx.engine.service_list()
    for match in (
        [s for s in services if s.id == ref],
        [s for s in services if s.name == ref],
        [s for s in services if s.id.startswith(ref)],
    ):
        if len(match) > 1:
            raise ctx.fail(f"multiple services found with provided prefix: {ref}")
        if match:
            return match[0]
    return None


def run_ps(ctx: Context, opts: TasksOptions) -> None:
    keep = _task_filter(ctx, opts.filter)
    _manager_check(ctx)
    found: list[Service] = []
    missing: list[str] = []
    for ref in opts.args:
        service = _find(ctx, ref)
        if service is None:
            missing.append(f"no such service: {ref}")
        else:
            found.append(service)
    if not found:
        raise ctx.fail("\n".join(missing))
    items = [
        (t, service)
        for service in found
        for t in ctx.engine.service_tasks(service.id)
        if keep(t, service)
    ]
    print_tasks(ctx, items, opts)
    if missing:
        raise ctx.fail("\n".join(missing))


def _task_filter(ctx: Context, filters: list[str]) -> Callable[[Task, Service], bool]:
    """The task filters `service ps -f` sends (moby daemon/cluster/filters.go
    newListTasksFilters): desired-state (running, shutdown, accepted), node (ID or hostname),
    name and id (prefixes); values of one key are alternatives, keys must all hold."""
    wanted: dict[str, set[str]] = {}
    for item in filters:
        key, _, value = item.partition("=")
        if key not in ("desired-state", "node", "name", "id"):
            raise ctx.fail(f"dockersim: not simulated in service ps: --filter {key}")
        if key == "desired-state" and value not in ("running", "shutdown", "accepted"):
            raise ctx.fail(f"dockersim: not simulated in service ps: --filter {item}")
        wanted.setdefault(key, set()).add(value)

    def keep(task: Task, service: Service) -> bool:
        label = str(task.slot) if task.slot else ctx.engine.service_node_id(task.node)
        facts: dict[str, Callable[[str], bool]] = {
            "desired-state": lambda v: task.desired == v,
            "node": lambda v: v in (task.node, ctx.engine.service_node_id(task.node)),
            "name": lambda v: f"{service.name}.{label}".startswith(v),
            "id": lambda v: task.id.startswith(v),
        }
        return all(any(facts[k](v) for v in values) for k, values in wanted.items())

    return keep


# --- inspect, scale, rm ---------------------------------------------------------------------
@attrs.frozen
class InspectOptions(Options):
    format: str
    pretty: bool


def run_inspect(ctx: Context, opts: InspectOptions) -> None:
    from dockersim.docker.commands.inspect import inspect_objects
    from dockersim.docker.commands.service_json import service_json

    if opts.pretty and opts.format:
        raise ctx.fail("--format is incompatible with human friendly format")
    pretty = opts.pretty or opts.format == "pretty"
    if opts.format.startswith("pretty") and not pretty:
        raise ctx.fail("cannot supply extra formatting options to the pretty template")
    _manager_check(ctx)
    if pretty:
        _inspect_pretty(ctx, opts.args)
        return

    def getter(ctx: Context, ref: str) -> Found:
        from dockersim.docker.commands.inspect import template_data

        try:
            service = ctx.engine.service_get(ref)
        except NotFound:
            raise NotFound(f"no such service: {ref}") from None
        document = service_json(ctx, service)
        return document, lambda: template_data(document)

    inspect_objects(ctx, opts.format, opts.args, [getter], kind="service")


def _inspect_pretty(ctx: Context, refs: tuple[str, ...]) -> None:
    """inspect.go with the pretty template: every service is looked up before anything is
    written (formatter.Context.Write), so one unknown name prints nothing but the error."""
    from dockersim.docker.commands.service_json import service_json
    from dockersim.docker.commands.service_pretty import service_pretty

    services: list[Service] = []
    for ref in refs:
        try:
            services.append(ctx.engine.service_get(ref))
        except NotFound:
            raise ctx.fail(f"no such service: {ref}") from None
        except DockerError as exc:
            raise ctx.fail(daemon_text(exc)) from None
    names = {n.id: n.name for n in ctx.engine.cluster_overlays().values()}
    for service in services:
        ctx.out(service_pretty(service_json(ctx, service), names, ctx.engine.now))


@attrs.frozen
class ScaleOptions(Options):
    detach: bool


def run_scale(ctx: Context, opts: ScaleOptions) -> None:
    for arg in opts.args:
        name, eq, value = arg.partition("=")
        if not eq or not name or not value:
            spec = opts.spec
            raise ctx.fail(
                f"invalid scale specifier '{arg}'.\nSee 'docker service scale --help'.\n\n"
                f"Usage:  docker service scale {spec.use.partition(' ')[2]}\n\n{spec.short}"
            )
    errors: list[str] = []
    scaled: list[Service] = []
    for arg in opts.args:
        name, _, value = arg.partition("=")
        if not value.isdigit() or int(value) >= 2**64:
            errors.append(_scale_value_error(name, value))
            continue
        try:
            service = ctx.engine.service_get(name)
            if service.mode != "replicated":
                errors.append(f"{name}: scale can only be used with replicated or "
                              "replicated-job mode")  # fmt: skip
                continue
            scaled.append(ctx.engine.service_scale(service.id, int(value)))
        except DockerError as exc:
            errors.append(f"{name}: {daemon_text(exc)}")
            continue
        ctx.line(f"{name} scaled to {int(value)}")
    if scaled and not opts.detach:
        for service in scaled:
            _wait(ctx, service, quiet=False)
    if errors:
        raise ctx.fail("\n".join(errors))


def _scale_value_error(name: str, value: str) -> str:
    """strconv.ParseUint's error in scale.go's sentence."""
    why = "value out of range" if value.isdigit() else "invalid syntax"
    return f'{name}: invalid replicas value {value}: strconv.ParseUint: parsing "{value}": {why}'


def run_rm(ctx: Context, opts: Options) -> None:
    failures: list[str] = []
    for ref in opts.args:
        try:
            ctx.engine.service_remove(ref)
        except DockerError as exc:
            failures.append(daemon_text(exc))
            continue
        ctx.line(ref)
    if failures:
        raise ctx.fail("\n".join(failures))
