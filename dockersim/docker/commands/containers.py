"""`logs`, `exec`, `diff`, `top`, `commit` (docker/cli cli/command/container)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from dockersim.docker.commands.envfiles import EnvFileError, container_env
from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.table import TabWriter
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.model.container import Container


def rfc3339_nano(epoch: float) -> str:
    moment = datetime.fromtimestamp(epoch, UTC)
    frac = f"{moment.microsecond:06d}000".rstrip("0") or "0"
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + frac.ljust(9, "0") + "Z"


@attrs.frozen
class LogsOptions(Options):
    tail: str
    timestamps: bool
    follow: bool


def run_logs(ctx: Context, opts: LogsOptions) -> None:
    engine = ctx.engine
    (name,) = opts.args
    container = engine.container_inspect(name)
    entries = [entry for entry in container.logs if entry[0] <= engine.now]
    out, err = _log_text(container, entries, opts.tail or "all", opts.timestamps)
    if out:
        ctx.out(out)
    if err:
        ctx.err(err)
    state = container.state
    if opts.follow and ctx.live and (state.running or state.restarting):
        from dockersim.docker.live import LogsFollow, host_of

        def render(entries: list[tuple[float, str, str]]) -> tuple[str, str]:
            return _log_text(container, entries, "all", opts.timestamps)

        follow = LogsFollow(container.id, host_of(engine), engine.now, render)
        follow.fresh.shown(container.logs)  # printed above
        ctx.follow = follow
    elif opts.follow and (state.running or state.restarting):
        ctx.err(
            "dockersim: logs shown up to the current virtual time; the real `docker logs -f` "
            "keeps waiting for new lines until the container stops (Ctrl-C ends it)\n"
        )


def _log_text(
    container: Container, entries: list[tuple[float, str, str]], tail: str, stamps: bool
) -> tuple[str, str]:
    """What `docker logs` prints of these log entries: a tty container's one stream with
    the terminal's line ends (\\r\\n), else stdout and stderr."""
    lines: list[tuple[float, str, str]] = []
    for when, stream, text in entries:
        for line in text.splitlines(keepends=True):
            lines.append((when, stream, line))
    if tail != "all" and tail.lstrip("-").isdigit() and int(tail) >= 0:
        lines = lines[max(0, len(lines) - int(tail)) :] if int(tail) else []
    out: list[str] = []
    err: list[str] = []
    tty = container.config.tty
    for when, stream, line in lines:
        if tty and line.endswith("\n") and not line.endswith("\r\n"):
            line = line[:-1] + "\r\n"
        text = f"{rfc3339_nano(when)} {line}" if stamps else line
        (err if stream == "stderr" and not tty else out).append(text)
    return "".join(out), "".join(err)


@attrs.frozen
class ExecOptions(Options):
    env: list[str]
    env_file: list[str]
    workdir: str
    interactive: bool
    user: str
    tty: bool
    detach: bool
    detach_keys: str


def run_exec(ctx: Context, opts: ExecOptions) -> None:
    engine = ctx.engine
    name, *argv = opts.args
    try:
        env = container_env(ctx, opts.env_file, opts.env)
    except EnvFileError as exc:
        raise ctx.fail(str(exc)) from None
    if not opts.detach:  # exec.go: after an inspect, so a missing container is said first
        try:
            engine.container_get(name)
        except DockerError as exc:
            raise ctx.daemon_fail(exc) from None
        ctx.check_tty(opts.interactive, opts.tty)
    if ctx.live and opts.interactive and not opts.detach and _exec_live(ctx, opts, argv, env):
        return
    try:
        timeline = engine.container_exec(
            name,
            argv,
            env=env,
            workdir=opts.workdir,
            stdin=ctx.stdin_text if opts.interactive else "",
            user=opts.user or None,
            tty=opts.tty,
            interactive=opts.interactive,
        )
    except DockerError as exc:
        if exc.exit_status:  # runc's own text, without the daemon prefix (exec.go)
            raise ctx.fail(str(exc), exc.exit_status) from None
        raise ctx.daemon_fail(exc) from None
    if opts.detach:
        return
    for item in timeline.outputs:
        if opts.tty:
            ctx.out(item.text.replace("\n", "\r\n"))
        elif item.stream == "stderr":
            ctx.err(item.text)
        else:
            ctx.out(item.text)
    if timeline.exit_code is None:
        ctx.err("dockersim: the command keeps running; the real `docker exec` would wait here\n")
        return
    if timeline.duration:
        engine.settle(engine.now + timeline.duration)
    ctx.exit_code = timeline.exit_code


def _exec_live(ctx: Context, opts: ExecOptions, argv: list[str], env: list[str]) -> bool:
    """`exec -i` at a real terminal into a program that reads lines: a live session."""
    from dockersim.docker.live import ESCAPE_ERROR, TerminalFollow, host_of, keys_for

    engine = ctx.engine
    keys = keys_for(ctx.fail, opts.detach_keys)
    try:
        terminal = engine.terminal_exec(
            opts.args[0],
            argv,
            env=env,
            workdir=opts.workdir,
            user=opts.user or None,
            tty=opts.tty,
        )
    except DockerError as exc:
        if exc.exit_status:
            raise ctx.fail(str(exc), exc.exit_status) from None
        raise ctx.daemon_fail(exc) from None
    if terminal is None:
        return False
    ctx.follow = TerminalFollow(
        terminal.id,
        terminal.container,
        host_of(engine),
        engine.now,
        main=False,
        detachable=opts.tty,
        detach_message=ESCAPE_ERROR,
        keys=keys,
    )
    return True


@attrs.frozen
class AttachOptions(Options):
    no_stdin: bool
    detach_keys: str


def run_attach(ctx: Context, opts: AttachOptions) -> None:
    """attach.go: the CLI refuses stopped, paused and restarting containers; otherwise it
    streams what the container writes from now on and returns its exit status."""
    engine = ctx.engine
    container = engine.container_inspect(opts.args[0])
    state = container.state
    if not state.running:
        raise ctx.fail("You cannot attach to a stopped container, start it first")
    if state.paused:
        raise ctx.fail("You cannot attach to a paused container, unpause it first")
    if state.restarting:
        raise ctx.fail("You cannot attach to a restarting container, wait until it is running")
    ctx.check_tty(not opts.no_stdin, container.config.tty)
    engine.container_attach(container.id)
    since = engine.now
    if ctx.live:
        from dockersim.docker.live import ESCAPE_ERROR, attach_to, keys_for

        keys = keys_for(ctx.fail, opts.detach_keys)
        ctx.follow = attach_to(engine, container.id, since, ESCAPE_ERROR, not opts.no_stdin, keys)
        return
    end = container.exit_at
    if end is None:
        ctx.err(
            "dockersim: the container keeps running; the real `docker attach` would wait here "
            "(Ctrl-C sends it SIGINT; Ctrl-P Ctrl-Q detaches)\n"
        )
        return
    engine.settle(end)
    for when, stream, text in container.logs:
        if since < when <= engine.now:
            if stream == "stderr" and not container.config.tty:
                ctx.err(text)
            else:
                ctx.out(text)
    ctx.exit_code = state.exit_code


def run_diff(ctx: Context, opts: Options) -> None:
    (name,) = opts.args
    container = ctx.engine.container_get(name)
    for kind, path in ctx.engine.container_fs(container).diff():
        ctx.line(f"{kind} {path}")


def run_top(ctx: Context, opts: Options) -> None:
    try:
        titles, rows = ctx.engine.container_top(opts.args[0])
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    writer = TabWriter(20, 1, 3, " ", 0)
    for row in [titles, *rows]:
        writer.write("\t".join(row) + "\n")
    ctx.out(writer.flush())


@attrs.frozen
class CommitOptions(Options):
    message: str
    author: str
    change: list[str]


def run_commit(ctx: Context, opts: CommitOptions) -> None:
    name = opts.args[0]
    target = opts.args[1] if len(opts.args) > 1 else ""
    image_id = ctx.engine.container_commit(
        name,
        target,
        message=opts.message,
        author=opts.author,
        changes=opts.change,
    )
    ctx.line(image_id)
