"""`docker create` and `docker run` (docker/cli cli/command/container/create.go, run.go).

`create` reports daemon errors as they are (exit 1). `run` wraps every error as
`docker: <err>\\n\\nRun 'docker run --help' for more information` and picks 125, 126 or 127
(toStatusError). A missing image is pulled first, its progress on stderr.
"""

from __future__ import annotations

import posixpath

import attrs

from dockersim.docker.commands.envfiles import EnvFileError, container_env, container_labels
from dockersim.docker.commands.run_opts import (
    OptionError,
    parse_expose,
    parse_mount,
    parse_publish,
    parse_volume,
)
from dockersim.docker.context import CommandFailed, Context, daemon_text
from dockersim.docker.options import Options, flag_fields
from dockersim.docker.render.progress import render_stream
from dockersim.engine.containers import CreateRequest
from dockersim.errors import DockerError, NotFound
from dockersim.model.container import Container, RestartPolicy
from dockersim.model.image import Healthcheck
from dockersim.model.machine import MachineError
from dockersim.model.reference import InvalidReference, parse_reference


class RunError(Exception):
    def __init__(self, message: str, daemon: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.daemon = daemon


def parse_restart(text: str) -> RestartPolicy:
    """opts.ParseRestartPolicy: `name[:count]`."""
    if not text:
        return RestartPolicy()
    name, sep, count = text.partition(":")
    if sep and not name:
        raise RunError("invalid restart policy format: no policy provided before colon", False)
    if sep:
        if not count.lstrip("-").isdigit():
            raise RunError(
                "invalid restart policy format: maximum retry count must be an integer", False
            )
        return RestartPolicy(name, int(count))
    return RestartPolicy(name, 0)


@attrs.frozen
class CreateOptions(Options):
    """The flags `docker create` reads (`docker run` reads them too, see `RunOptions`)."""

    name: str
    env: list[str]
    env_file: list[str]
    label: list[str]
    label_file: list[str]
    entrypoint: str
    workdir: str
    user: str
    hostname: str
    restart: str
    rm: bool
    stop_signal: str
    stop_timeout: int
    tty: bool
    interactive: bool
    memory: int
    cpus: int
    pids_limit: int
    read_only: bool
    network: list[str]
    network_alias: list[str]
    ip: str
    publish: list[str]
    publish_all: bool
    expose: list[str]
    volume: list[str]
    mount: list[str]
    tmpfs: list[str]
    link: list[str]
    pull: str
    cidfile: str
    platform: str
    quiet: bool
    health_cmd: str
    health_interval: int
    health_retries: int
    health_timeout: int
    health_start_period: int
    health_start_interval: int
    no_healthcheck: bool
    # read to refuse them when set (`unmodelled`)
    privileged: bool
    init: bool
    oom_kill_disable: bool
    use_api_socket: bool


@attrs.frozen
class RunOptions(CreateOptions):
    detach: bool
    detach_keys: str
    sig_proxy: bool


#: flags dockersim models in a form that is not a field: --net and --net-alias (spellings of
#: --network and --network-alias) and the deprecated --disable-content-trust (the CLI warns)
_MODELLED_ELSEWHERE = frozenset({"help", "net", "net-alias", "disable-content-trust"})


def unmodelled(opts: CreateOptions) -> str | None:
    """The first flag given that dockersim does not model (a flag that only repeats its
    default is fine): the command is refused rather than run as if it were not given."""
    switched = {
        "privileged": opts.privileged,
        "init": opts.init,
        "oom-kill-disable": opts.oom_kill_disable,
        "use-api-socket": opts.use_api_socket,
        "sig-proxy": isinstance(opts, RunOptions) and not opts.sig_proxy,
    }
    read = {flag for _, flag in flag_fields(type(opts))}
    for flag in opts.spec.flags:
        name = flag.name
        if not opts.given(name) or name in _MODELLED_ELSEWHERE:
            continue
        if switched.get(name, name not in read):
            return name
    return None


def parse_health(opts: CreateOptions) -> Healthcheck | None:
    """cli/command/container/opts.go: the `--health-*` flags as a HealthConfig."""
    durations = (
        ("interval", opts.health_interval),
        ("timeout", opts.health_timeout),
        ("retries", opts.health_retries),
        ("start-period", opts.health_start_period),
        ("start-interval", opts.health_start_interval),
    )
    have = bool(opts.health_cmd) or any(value != 0 for _, value in durations)
    if opts.no_healthcheck:
        if have:
            raise RunError("--no-healthcheck conflicts with --health-* options", False)
        return Healthcheck(test=("NONE",))
    if not have:
        return None
    for name, value in durations:
        if value < 0:
            raise RunError(f"--health-{name} cannot be negative", False)
    return Healthcheck(
        test=("CMD-SHELL", opts.health_cmd) if opts.health_cmd else (),
        interval=opts.health_interval,
        timeout=opts.health_timeout,
        start_period=opts.health_start_period,
        start_interval=opts.health_start_interval,
        retries=opts.health_retries,
    )


def build_request(ctx: Context, opts: CreateOptions) -> CreateRequest:
    image, *command = opts.args
    try:
        env = container_env(ctx, opts.env_file, opts.env)
        label_items = container_labels(ctx, opts.label_file, opts.label)
    except EnvFileError as exc:
        raise RunError(str(exc), False) from None
    policy = parse_restart(opts.restart)
    healthcheck = parse_health(opts)  # opts.go: after the restart policy
    if opts.rm and policy.name not in ("", "no"):
        raise RunError("conflicting options: cannot specify both --restart and --rm", False)
    labels = []
    for item in label_items:
        key, _, value = item.partition("=")
        labels.append((key, value))
    pids = opts.pids_limit
    try:
        publish = [b for spec in opts.publish for b in parse_publish(spec)]
        expose = [port for spec in opts.expose for port in parse_expose(spec)]
        mounts = [parse_volume(spec) for spec in opts.volume]
        mounts += [parse_mount(spec) for spec in opts.mount]
        mounts += [("tmpfs", "", spec.split(":")[0], False) for spec in opts.tmpfs]
    except OptionError as exc:
        raise RunError(exc.message, False) from None
    # docker/cli opts: a bind source starting with `.` is relative to the client's directory
    mounts = [
        (kind, ctx.machine.abspath(source) if kind == "bind" and source.startswith(".") else source,
         destination, read_only)
        for kind, source, destination, read_only in mounts
    ]  # fmt: skip
    networks = opts.network
    if len(networks) > 1:
        raise RunError("Container cannot be connected to network endpoints: " + ", ".join(networks))
    return CreateRequest(
        image=image,
        name=opts.name,
        cmd=tuple(command) or None,
        entrypoint=(opts.entrypoint,) if opts.given("entrypoint") else None,
        env=tuple(env),
        working_dir=opts.workdir,
        user=opts.user,
        hostname=opts.hostname,
        labels=tuple(labels),
        restart=policy,
        auto_remove=opts.rm,
        stop_signal=opts.stop_signal,
        stop_timeout=opts.stop_timeout if opts.given("stop-timeout") else None,
        tty=opts.tty,
        open_stdin=opts.interactive,
        memory=opts.memory,
        nano_cpus=opts.cpus,
        pids_limit=pids if pids and opts.given("pids-limit") else None,
        read_only=opts.read_only,
        network=networks[0] if networks else "",
        aliases=tuple(opts.network_alias),
        ip=opts.ip,
        publish=tuple(publish),
        publish_all=opts.publish_all,
        expose=tuple(expose),
        mounts=tuple(mounts),
        links=tuple(opts.link),
        healthcheck=healthcheck,
    )


def _create(
    ctx: Context,
    request: CreateRequest,
    pull: str,
    cidfile: str = "",
    platform: str = "",
    quiet: bool = False,
) -> Container:
    """Create, pulling the image first when it is missing (create.go createContainer); the
    container ID file (`--cidfile`) is checked first and written once the container exists.

    With `--platform`, a local image of another platform counts as missing (the daemon's
    lookup says it was found but does not match, a not-found error), so that platform is
    pulled, and its image takes the tag."""
    from dockersim.docker.commands.platforms import BadPlatform, platform_of

    engine = ctx.engine
    try:  # create.go: checked by the CLI before it asks the daemon
        wanted = platform_of(platform)
    except BadPlatform as exc:
        raise RunError(f"error parsing specified platform: {exc}", False) from None
    _check_cidfile(ctx, cidfile)
    try:
        ref = parse_reference(request.image)
    except InvalidReference as exc:
        raise RunError(str(exc), False) from None
    if ref.tag is None and ref.digest is None:
        ref = ref.with_default_tag()
    lookup: NotFound | None = None  # no such image, or one of another platform
    try:
        engine.image_get(request.image, wanted)
    except NotFound as exc:
        lookup = exc
    missing = lookup is not None
    if pull == "always" or (missing and pull != "never"):
        if missing:
            ctx.err(f"Unable to find image '{ref.familiar}' locally\n")
        try:
            result = engine.image_pull(ref, wanted)
        except DockerError as exc:
            raise RunError(daemon_text(exc)) from None
        if not quiet:  # create.go pullImage: -q discards the progress, not the error
            ctx.err(render_stream(result.messages, tty=ctx.tty))
        if result.error:
            raise RunError(result.error, False)
    elif lookup is not None:
        raise RunError(daemon_text(lookup))
    try:
        container = engine.container_create(request)
    except DockerError as exc:
        raise RunError(daemon_text(exc)) from None
    for warning in engine.container_create_warnings(request):  # create.go: on stderr
        ctx.err(f"WARNING: {warning}\n")
    if cidfile:
        try:
            ctx.machine.write(cidfile, container.id.encode())
        except MachineError as exc:  # checked before the create; only a race gets here
            raise RunError(f"failed to create the container ID file: {exc}") from None
    return container


def _check_cidfile(ctx: Context, path: str) -> None:
    """create.go newCIDFile: refuse an existing file, and a file that cannot be created."""
    if not path:
        return
    try:
        if ctx.machine.stat(path) is not None:
            raise RunError(
                "container ID file found, make sure the other container isn't running or "
                f"delete {path}"
            )
        parent = ctx.machine.stat(posixpath.dirname(ctx.machine.abspath(path)))
    except MachineError as exc:
        raise RunError(f"failed to create the container ID file: {exc}") from None
    if parent is None or parent.kind != "dir":
        reason = "no such file or directory" if parent is None else "not a directory"
        raise RunError(f"failed to create the container ID file: open {path}: {reason}")


def _request_and_create(ctx: Context, opts: CreateOptions) -> tuple[CreateRequest, Container]:
    request = build_request(ctx, opts)
    return request, _create(
        ctx, request, opts.pull or "missing", opts.cidfile, opts.platform, opts.quiet
    )


def refuse_unmodelled(ctx: Context, opts: CreateOptions) -> None:
    """Say so, before anything happens, when a flag dockersim does not model was given."""
    flag = unmodelled(opts)
    if flag is not None:
        raise ctx.fail(f"dockersim: not simulated in {opts.spec.name}: option --{flag}", 125)


def run_create(ctx: Context, opts: CreateOptions) -> None:
    refuse_unmodelled(ctx, opts)
    try:
        _, container = _request_and_create(ctx, opts)
    except RunError as exc:
        if not exc.daemon:
            raise ctx.fail(
                f"docker: {exc.message}\n\nRun 'docker create --help' for more information", 125
            ) from None
        raise ctx.fail(exc.message, 1) from None
    ctx.line(container.id)


def run_run(ctx: Context, opts: RunOptions) -> None:
    refuse_unmodelled(ctx, opts)
    if not opts.detach:  # run.go: before anything is created
        ctx.check_tty(opts.interactive, opts.tty)
    try:
        request, container = _request_and_create(ctx, opts)
    except RunError as exc:
        raise _run_failure(ctx, exc.message, 125) from None
    engine = ctx.engine
    detach = opts.detach
    # a detached container's input is nobody's: what it reads waits (`-dit bash` stays up);
    # live at a terminal, the learner types into it as it runs (docker/live.py)
    live = ctx.live and not detach
    if live:
        from dockersim.docker.live import keys_for

        keys = keys_for(ctx.fail, opts.detach_keys)
    stdin = None if detach or live else ctx.stdin_text if request.open_stdin else ""
    try:
        if not detach:  # run.go: the client attaches before it starts the container
            engine.container_attach(container.id)
        engine.container_start(container.id, stdin=stdin)
    except DockerError as exc:
        message = daemon_text(exc)
        if detach:
            ctx.line(container.id)
        raise _run_failure(ctx, message, exc.exit_status or 125) from None
    if detach:
        ctx.line(container.id)
        return
    since = container.state.started_at or engine.now
    if live and engine.container_exists(container.id):
        from dockersim.docker.live import attach_to

        ctx.follow = attach_to(engine, container.id, since, None, request.open_stdin, keys)
        return
    code = wait_for(ctx, container)
    write_logs(ctx, container, since, tty=request.tty)
    if code is None:
        ctx.err(
            "dockersim: the container keeps running; the real `docker run` would stay attached "
            "here (use -d, then docker logs / docker stop)\n"
        )
        return
    ctx.exit_code = code


def wait_for(ctx: Context, container: Container) -> int | None:
    """The exit code once it stops; a `--rm` container may already be gone (then its last)."""
    if not ctx.engine.container_exists(container.id):
        return container.state.exit_code
    return ctx.engine.container_wait(container.id)


def write_logs(ctx: Context, container: Container, since: float, tty: bool) -> None:
    """An attached client's view: stdout and stderr as the process wrote them up to now."""
    now = ctx.engine.now
    for when, stream, text in container.logs:
        if when < since or when > now:
            continue
        if tty:
            ctx.out(text.replace("\n", "\r\n"))
        elif stream == "stderr":
            ctx.err(text)
        else:
            ctx.out(text)


def _run_failure(ctx: Context, message: str, status: int) -> CommandFailed:
    return ctx.fail(f"docker: {message}\n\nRun 'docker run --help' for more information", status)
