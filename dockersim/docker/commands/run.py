"""`docker create` and `docker run` (docker/cli cli/command/container/create.go, run.go).

`create` reports daemon errors as they are (exit 1). `run` wraps every error as
`docker: <err>\\n\\nRun 'docker run --help' for more information` and picks 125, 126 or 127
(toStatusError). A missing image is pulled first, its progress on stderr.
"""

from __future__ import annotations

import posixpath
from typing import Any

from dockersim.docker.commands.envfiles import EnvFileError, container_env, container_labels
from dockersim.docker.commands.run_opts import (
    OptionError,
    parse_mount,
    parse_publish,
    parse_volume,
)
from dockersim.docker.context import CommandFailed, Context, daemon_text
from dockersim.docker.render.progress import render_stream
from dockersim.engine import errors
from dockersim.engine.containers import CreateRequest
from dockersim.errors import DockerError, NotFound
from dockersim.model.container import Container, RestartPolicy
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


def build_request(ctx: Context, opts: Any) -> CreateRequest:
    values = opts.values
    image, *command = opts.args
    try:
        env = container_env(ctx, values)
        label_items = container_labels(ctx, values)
    except EnvFileError as exc:
        raise RunError(str(exc), False) from None
    policy = parse_restart(str(values.get("restart") or ""))
    if values.get("rm") and policy.name not in ("", "no"):
        raise RunError("conflicting options: cannot specify both --restart and --rm", False)
    entrypoint = values.get("entrypoint")
    labels = []
    for item in label_items:
        key, _, value = item.partition("=")
        labels.append((key, value))
    pids = values.get("pids-limit")
    try:
        publish = [b for spec in values.get("publish") or [] for b in parse_publish(str(spec))]
        mounts = [parse_volume(str(spec)) for spec in values.get("volume") or []]
        mounts += [parse_mount(str(spec)) for spec in values.get("mount") or []]
        mounts += [
            ("tmpfs", "", str(spec).split(":")[0], False) for spec in values.get("tmpfs") or []
        ]
    except OptionError as exc:
        raise RunError(exc.message, False) from None
    # docker/cli opts: a bind source starting with `.` is relative to the client's directory
    mounts = [
        (kind, ctx.machine.abspath(source) if kind == "bind" and source.startswith(".") else source,
         destination, read_only)
        for kind, source, destination, read_only in mounts
    ]  # fmt: skip
    networks = [str(n) for n in values.get("network") or []]
    if len(networks) > 1:
        raise RunError("Container cannot be connected to network endpoints: " + ", ".join(networks))
    return CreateRequest(
        image=image,
        name=str(values.get("name") or ""),
        cmd=tuple(command) or None,
        entrypoint=(str(entrypoint),) if "entrypoint" in opts.set else None,
        env=tuple(env),
        working_dir=str(values.get("workdir") or ""),
        user=str(values.get("user") or ""),
        hostname=str(values.get("hostname") or ""),
        labels=tuple(labels),
        restart=policy,
        auto_remove=bool(values.get("rm")),
        stop_signal=str(values.get("stop-signal") or ""),
        stop_timeout=values.get("stop-timeout") if "stop-timeout" in opts.set else None,
        tty=bool(values.get("tty")),
        open_stdin=bool(values.get("interactive")),
        memory=int(values.get("memory") or 0),
        nano_cpus=int(values.get("cpus") or 0),
        pids_limit=int(pids) if pids and "pids-limit" in opts.set else None,
        read_only=bool(values.get("read-only")),
        network=networks[0] if networks else "",
        aliases=tuple(str(a) for a in values.get("network-alias") or []),
        ip=str(values.get("ip") or ""),
        publish=tuple(publish),
        publish_all=bool(values.get("publish-all")),
        mounts=tuple(mounts),
        links=tuple(str(link) for link in values.get("link") or []),
    )


def _create(ctx: Context, request: CreateRequest, pull: str, cidfile: str = "") -> Container:
    """Create, pulling the image first when it is missing (create.go createContainer); the
    container ID file (`--cidfile`) is checked first and written once the container exists."""
    engine = ctx.engine
    _check_cidfile(ctx, cidfile)
    try:
        ref = parse_reference(request.image)
    except InvalidReference as exc:
        raise RunError(str(exc), False) from None
    if ref.tag is None and ref.digest is None:
        ref = ref.with_default_tag()
    missing = False
    try:
        engine.image_get(request.image)
    except NotFound:
        missing = True
    if pull == "always" or (missing and pull != "never"):
        if missing:
            ctx.err(f"Unable to find image '{ref.familiar}' locally\n")
        try:
            result = engine.image_pull(ref)
        except DockerError as exc:
            raise RunError(daemon_text(exc)) from None
        ctx.err(render_stream(result.messages, tty=ctx.tty))
        if result.error:
            raise RunError(result.error, False)
    elif missing:
        raise RunError(daemon_text(errors.no_such_image(ref.familiar)))
    try:
        container = engine.container_create(request)
    except DockerError as exc:
        raise RunError(daemon_text(exc)) from None
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


def _request_and_create(ctx: Context, opts: Any) -> tuple[CreateRequest, Container]:
    request = build_request(ctx, opts)
    values = opts.values
    pull = str(values.get("pull") or "missing")
    return request, _create(ctx, request, pull, str(values.get("cidfile") or ""))


def run_create(ctx: Context, opts: Any) -> None:
    try:
        _, container = _request_and_create(ctx, opts)
    except RunError as exc:
        if not exc.daemon:
            raise ctx.fail(
                f"docker: {exc.message}\n\nRun 'docker create --help' for more information", 125
            ) from None
        raise ctx.fail(exc.message, 1) from None
    ctx.line(container.id)


def run_run(ctx: Context, opts: Any) -> None:
    try:
        request, container = _request_and_create(ctx, opts)
    except RunError as exc:
        raise _run_failure(ctx, exc.message, 125) from None
    engine = ctx.engine
    detach = bool(opts.values.get("detach"))
    stdin = ctx.stdin_text if request.open_stdin else ""
    try:
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
