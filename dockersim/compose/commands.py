"""One function per `docker compose` subcommand: (ctx, options, flags, services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.compose import listing, ops, up, views
from dockersim.compose.common import _flush, _has, events_for, project_of, warner
from dockersim.compose.file import Options
from dockersim.compose.model import ComposeError, Service
from dockersim.docker.context import daemon_text
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.docker.context import Context

Flags = dict[str, list[str]]


def _scale(flags: Flags) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in flags.get("scale", []):
        name, _, count = item.partition("=")
        if not count.isdigit():
            raise ComposeError(f"invalid scale value: {item}")  # est.
        out[name] = int(count)
    return out


def _unsupported(services: list[Service]) -> None:
    for service in services:
        if service.unsupported:
            raise ComposeError(
                f"dockersim: not simulated in compose: services.{service.name}."
                f"{service.unsupported[0]}"
            )


def run_up(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    project = project_of(ctx, options)
    services = up.with_dependencies(project, names)
    _unsupported(services)
    events = events_for(ctx, options, "up")
    engine = ctx.engine

    def build_one(service: Service) -> None:
        _build(ctx, project.name, service, events)

    force, never = _has(flags, "force-recreate"), _has(flags, "no-recreate")
    if force and never:
        raise ComposeError("--force-recreate and --no-recreate are incompatible")
    try:
        up.handle_orphans(engine, project, events, _has(flags, "remove-orphans"), warner(ctx))
        up.ensure_images(engine, project, services, events, _has(flags, "build"), build_one)
        recreate = "force" if force else "never" if never else "diverged"
        up.create(engine, ctx.machine, project, services, events, _scale(flags), recreate)
        up.start(engine, project, services, events)
        if _has(flags, "wait"):
            _wait(ctx, project.name, services, events)
    finally:
        _flush(ctx, events)
    if _has(flags, "detach") or _has(flags, "wait"):
        return
    containers = [c for s in services for c in ops.containers_of(engine, project.name, s.name)]
    ctx.out(f"Attaching to {', '.join(views.short_name(c) for c in containers)}\n")
    lines, _ = views.log_lines(engine, containers, None, True)
    for _, _, text in lines:
        ctx.out(text)
    ctx.err(
        "dockersim: following the logs live is not simulated; the containers keep running "
        "(docker compose logs, docker compose down)\n"
    )


def _wait(ctx: Context, project: str, services: list[Service], events: ops.Events) -> None:
    """`up --wait`: every container running, and healthy when it has a health check."""
    engine = ctx.engine
    containers = [c for s in services for c in ops.containers_of(engine, project, s.name)]
    for c in containers:
        events(f"Container {c.display_name}", "Waiting")
    deadline = engine.now + ops.WAIT_LIMIT
    pending = list(containers)
    while pending and engine.now < deadline:
        engine.settle(engine.now + ops.TICK)
        for c in list(pending):
            c = engine.container_inspect(c.id)
            health = c.state.health
            if c.state.status == "exited":
                raise ComposeError(f"container {c.display_name} exited ({c.state.exit_code})")
            if health is not None and health.status == "unhealthy":
                raise ComposeError(f"container {c.display_name} is unhealthy")
            if health is None or health.status == "healthy":
                events(f"Container {c.display_name}", "Healthy")
                pending = [p for p in pending if p.id != c.id]


def _build(ctx: Context, project: str, service: Service, events: ops.Events) -> None:
    from dockersim.build import transcript
    from dockersim.build.backend import BuildRequest
    from dockersim.build.context import ContextError, read_context
    from dockersim.model.reference import parse_reference

    assert service.build is not None
    spec = service.build
    try:
        context = read_context(ctx.machine, spec.context, f"{spec.context}/{spec.dockerfile}")
    except ContextError as exc:
        raise ComposeError(f"failed to solve: {exc}") from None  # est.
    tag = (
        parse_reference(service.image or f"{project}-{service.name}").with_default_tag().normalized
    )
    request = BuildRequest(context, (tag,), dict(spec.args), spec.target)
    _flush(ctx, events)
    report = ctx.engine.image_build(request)
    if events.display == "tty":
        ctx.err(transcript.tty(report))
    elif events.display == "plain" or not report.ok:
        ctx.err(transcript.plain(report))
    if not report.ok:
        raise ComposeError("failed to solve: process did not complete successfully")  # est.
    events(f"{service.name}", "Built")


def run_down(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    project = project_of(ctx, options)
    rmi = (flags.get("rmi") or [""])[-1]
    if rmi not in ("", "all", "local"):
        raise ComposeError(f"invalid value for --rmi: {rmi}")  # est.
    events = events_for(ctx, options, "down")
    timeout = flags.get("timeout")
    try:
        if _has(flags, "remove-orphans"):
            found = up.orphans(ctx.engine, project)
            ops.stop_containers(ctx.engine, found, events)
            ops.remove_containers(ctx.engine, found, events)
        ops.down(ctx.engine, project, events, warner(ctx), _has(flags, "volumes"), rmi,
                 int(timeout[-1]) if timeout else None)  # fmt: skip
    finally:
        _flush(ctx, events)


def run_ls(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    from dockersim.docker.render.table import render_table

    rows = views.ls_table(ctx.engine, _has(flags, "all"))
    if _has(flags, "quiet"):
        ctx.out("".join(name + "\n" for name, _, _ in rows))
        return
    ctx.out(render_table([("NAME", "STATUS", "CONFIG FILES"), *rows]))


def run_logs(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    project = project_of(ctx, options)
    ctx.read_only = True
    tail_text = (flags.get("tail") or ["all"])[-1]
    tail = None if tail_text == "all" else int(tail_text) if tail_text.isdigit() else None
    containers = [
        c for c in ops.containers_of(ctx.engine, project.name)
        if not names or c.config.labels.get(ops.SERVICE) in names
    ]  # fmt: skip
    lines, _ = views.log_lines(ctx.engine, containers, tail, not _has(flags, "no-log-prefix"))
    for _, stream, text in lines:
        (ctx.err if stream == "stderr" else ctx.out)(text)
    if _has(flags, "follow"):
        ctx.err("dockersim: following the logs live (-f) is not simulated in compose\n")


def _container_of(ctx: Context, project: str, service: str, index: int = 1) -> str:
    for c in ops.containers_of(ctx.engine, project, service):
        if c.config.labels.get(ops.NUMBER) == str(index) and c.state.running:
            return c.id
    raise ComposeError(f'service "{service}" is not running')


def _docker(ctx: Context, argv: list[str]) -> None:
    from dockersim.docker import main

    result = main(argv, ctx.engine, tty=ctx.tty, stdin=ctx.stdin, env=ctx.env)
    ctx.out(result.stdout)
    ctx.err(result.stderr)
    ctx.exit_code = result.exit_code


def run_exec(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    if not names:
        raise ComposeError('"docker compose exec" requires at least 2 arguments.')  # est.
    project = project_of(ctx, options)
    service, command = names[0], names[1:]
    project.service(service)
    index = int((flags.get("index") or ["1"])[-1])
    target = _container_of(ctx, project.name, service, index)
    argv = ["exec"]
    if not _has(flags, "no-TTY") and ctx.tty:
        argv.append("-it")
    elif ctx.stdin:
        argv.append("-i")
    for env in flags.get("env", []):
        argv += ["-e", env]
    for key in ("user", "workdir"):
        for value in flags.get(key, []):
            argv += [f"--{key}", value]
    _docker(ctx, [*argv, target, *command])


def run_run(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    import secrets

    if not names:
        raise ComposeError('"docker compose run" requires at least 1 argument.')  # est.
    project = project_of(ctx, options)
    service = project.service(names[0])
    _unsupported([service])
    events = events_for(ctx, options, "run")
    try:
        deps = [s for s in up.with_dependencies(project, [service.name]) if s != service]
        if not _has(flags, "no-deps") and deps:
            up.ensure_images(ctx.engine, project, deps, events, False, None)
            up.create(ctx.engine, ctx.machine, project, deps, events, {})
            up.start(ctx.engine, project, deps, events)
        else:
            ops.ensure_networks(ctx.engine, project, events)
            ops.ensure_volumes(ctx.engine, project, events)
        up.ensure_images(ctx.engine, project, [service], events, False, None)
    finally:
        _flush(ctx, events)
    name = (flags.get("name") or [f"{project.name}-{service.name}-run-{secrets.token_hex(6)}"])[-1]
    request = up.request_for(ctx.machine, project, service, 0, name, "")
    argv = ["run", "--name", name, "--network", request.network]
    if _has(flags, "rm"):
        argv.append("--rm")
    if _has(flags, "detach"):
        argv.append("-d")
    for key, value in request.labels:
        if key == ops.ONEOFF:
            value = "True"
        if key != ops.NUMBER:
            argv += ["--label", f"{key}={value}"]
    for env in [*request.env, *flags.get("env", [])]:
        argv += ["-e", env]
    for alias in request.aliases:
        argv += ["--network-alias", alias]
    for _kind, source, target, read_only in request.mounts:
        spec = f"{source}:{target}" if source else target
        argv += ["-v", spec + (":ro" if read_only else "")]
    if request.working_dir:
        argv += ["-w", request.working_dir]
    if request.user:
        argv += ["-u", request.user]
    entry = flags.get("entrypoint")
    if entry:
        argv += ["--entrypoint", entry[-1]]
    elif request.entrypoint:
        argv += ["--entrypoint", request.entrypoint[0]]
    command = names[1:] or list(request.cmd or ())
    _docker(ctx, [*argv, request.image, *command])


def _each(
    command: str,
    action: Callable[[Context, list[Any], ops.Events], None],
) -> Callable[[Context, Options, Flags, list[str]], None]:
    def handler(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
        project = project_of(ctx, options)
        containers = [
            c for c in ops.containers_of(ctx.engine, project.name)
            if not names or c.config.labels.get(ops.SERVICE) in names
        ]  # fmt: skip
        events = events_for(ctx, options, command)
        try:
            action(ctx, containers, events)
        finally:
            _flush(ctx, events)

    return handler


def _stop(ctx: Context, containers: list[Any], events: ops.Events) -> None:
    ops.stop_containers(ctx.engine, containers[::-1], events)


def _kill(ctx: Context, containers: list[Any], events: ops.Events, signal: str) -> None:
    """kill.go: every running container of the project, `Killing` then `Killed`."""
    running = [c for c in containers if c.state.running]
    if not running:
        ctx.err("no container to kill")
        return
    for c in running:
        ident = f"Container {c.display_name}"
        events(ident, "Killing")
        try:
            ctx.engine.container_kill(c.id, signal)
        except DockerError as exc:
            events(ident, "Error while Killing")
            raise ComposeError(daemon_text(exc)) from None
        events(ident, "Killed")


def run_kill(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    signal = (flags.get("signal") or ["SIGKILL"])[-1]
    _each("kill", lambda c, found, events: _kill(c, found, events, signal))(
        ctx, options, flags, names
    )


def _pausing(verb: str, done: str) -> Callable[[Context, list[Any], ops.Events], None]:
    """pause.go / unpause.go: the running containers, each `Paused` or `Unpaused` (no line
    before)."""

    def act(ctx: Context, containers: list[Any], events: ops.Events) -> None:
        call = ctx.engine.container_pause if verb == "pause" else ctx.engine.container_unpause
        for c in containers:
            if c.state.running:
                try:
                    call(c.id)
                except DockerError as exc:
                    raise ComposeError(daemon_text(exc)) from None
                events(f"Container {c.display_name}", done)

    return act


def _restart(ctx: Context, containers: list[Any], events: ops.Events) -> None:
    for c in containers:
        events(f"Container {c.display_name}", "Restarting")
        ctx.engine.container_restart(c.id)
        events(f"Container {c.display_name}", "Started")


def run_start(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    project = project_of(ctx, options)
    events = events_for(ctx, options, "start")
    try:
        up.start(ctx.engine, project, up.with_dependencies(project, names), events)
    finally:
        _flush(ctx, events)


def run_rm(ctx: Context, options: Options, flags: Flags, names: list[str]) -> None:
    project = project_of(ctx, options)
    engine = ctx.engine
    containers = [
        c for c in ops.containers_of(engine, project.name)
        if not names or c.config.labels.get(ops.SERVICE) in names
    ]  # fmt: skip
    events = events_for(ctx, options, "rm")
    if _has(flags, "stop"):
        ops.stop_containers(engine, [c for c in containers if c.state.running], events)
        containers = [engine.container_inspect(c.id) for c in containers]
    stopped = [c for c in containers if not c.state.running]
    if not stopped:
        _flush(ctx, events)
        ctx.err("No stopped containers\n")
        return
    if not _has(flags, "force"):
        ctx.out(f"Going to remove {', '.join(c.display_name for c in stopped)}\n")
        ctx.err("dockersim: `rm` without -f asks for confirmation; not simulated (use -f)\n")
        ctx.exit_code = 1
        return
    ops.remove_containers(engine, stopped, events, _has(flags, "volumes"))
    _flush(ctx, events)


HANDLERS: dict[str, Callable[[Context, Options, Flags, list[str]], None]] = {
    "up": run_up,
    "down": run_down,
    "ps": listing.run_ps,
    "ls": run_ls,
    "logs": run_logs,
    "exec": run_exec,
    "run": run_run,
    "start": run_start,
    "stop": _each("stop", _stop),
    "restart": _each("restart", _restart),
    "rm": run_rm,
    "pull": listing.run_pull,
    "config": listing.run_config,
    "version": listing.run_version,
    "pause": _each("pause", _pausing("pause", "Paused")),
    "unpause": _each("unpause", _pausing("unpause", "Unpaused")),
    "kill": run_kill,
    "top": listing.run_top,
    "port": listing.run_port,
    "images": listing.run_images,
}
