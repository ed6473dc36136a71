"""`start`, `stop`, `kill`, `pause`, `unpause`, `restart`, `rm`, `wait`, `rename`, `update`,
`container prune` (docker/cli cli/command/container).

Multi-argument commands report in argument order: each success prints the argument as typed,
errors are joined one per line on stderr, and the exit status is 1 if any failed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from dockersim.docker.commands.run import RunError, parse_restart, wait_for, write_logs
from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.engine import errors as engine_errors
from dockersim.errors import DockerError, NotFound

if TYPE_CHECKING:
    from dockersim.engine import Engine


def _each(ctx: Context, args: Sequence[str], action: Callable[[str], object]) -> None:
    errors: list[str] = []
    for name in args:
        try:
            action(name)
        except DockerError as exc:
            errors.append(daemon_text(exc))
            continue
        ctx.line(name)
    if errors:
        ctx.err("\n".join(errors) + "\n")
        ctx.exit_code = 1


@attrs.frozen
class StartOptions(Options):
    attach: bool
    interactive: bool
    detach_keys: str


def run_start(ctx: Context, opts: StartOptions) -> None:
    engine = ctx.engine
    if opts.attach or opts.interactive:
        name = opts.args[0]
        try:
            container = engine.container_get(name)
        except DockerError as exc:
            raise ctx.daemon_fail(exc) from None
        ctx.check_tty(opts.interactive, container.config.tty)
        live = ctx.live
        stdin = None if live or not opts.interactive else ctx.stdin_text
        try:
            since = engine.now
            engine.container_attach(name)  # start.go: the client attaches, then starts
            engine.container_start(name, stdin=stdin)
        except DockerError as exc:
            raise ctx.daemon_fail(exc) from None
        if live:
            from dockersim.docker.live import attach_to, keys_for

            keys = keys_for(ctx.fail, opts.detach_keys)
            ctx.follow = attach_to(engine, container.id, since, None, opts.interactive, keys)
            return
        code = wait_for(ctx, container)
        write_logs(ctx, container, since, tty=container.config.tty)
        ctx.exit_code = code if code is not None else 0
        return
    failed: list[str] = []
    for name in opts.args:
        try:
            engine.container_start(name)
        except DockerError as exc:
            ctx.daemon_error(exc)
            failed.append(name)
            continue
        ctx.line(name)
    if failed:
        ctx.err(f"failed to start containers: {', '.join(failed)}\n")
        ctx.exit_code = 1


@attrs.frozen
class StopOptions(Options):
    signal: str
    timeout: int


def run_stop(ctx: Context, opts: StopOptions) -> None:
    # the deprecated `--time` writes into `timeout` (stop.go honours either)
    timeout = opts.timeout if opts.given("timeout") or opts.given("time") else None
    outcomes = iter(ctx.engine.containers_stop(list(opts.args), opts.signal, timeout))

    def reported(_name: str) -> None:
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    _each(ctx, opts.args, reported)


@attrs.frozen
class KillOptions(Options):
    signal: str


def run_kill(ctx: Context, opts: KillOptions) -> None:
    signal = opts.signal or "KILL"
    _each(ctx, opts.args, lambda n: ctx.engine.container_kill(n, signal))


def run_pause(ctx: Context, opts: Options) -> None:
    _each(ctx, opts.args, ctx.engine.container_pause)


def run_unpause(ctx: Context, opts: Options) -> None:
    _each(ctx, opts.args, ctx.engine.container_unpause)


@attrs.frozen
class RestartOptions(Options):
    timeout: int


def run_restart(ctx: Context, opts: RestartOptions) -> None:
    timeout = opts.timeout if opts.given("timeout") or opts.given("time") else None
    _each(ctx, opts.args, lambda n: ctx.engine.container_restart(n, timeout))


@attrs.frozen
class RmOptions(Options):
    force: bool
    volumes: bool


def run_rm(ctx: Context, opts: RmOptions) -> None:
    force = opts.force
    errors: list[str] = []
    for name in opts.args:
        if name.strip("/") == "":
            errors.append("container name cannot be empty")
            continue
        try:
            ctx.engine.container_remove(name, force=force, volumes=opts.volumes)
        except NotFound:
            if force:
                continue
            errors.append(daemon_text(engine_errors.no_such_container(name)))
            continue
        except DockerError as exc:
            errors.append(daemon_text(exc))
            continue
        ctx.line(name)
    if errors:
        ctx.err("\n".join(errors) + "\n")
        ctx.exit_code = 1


def run_wait(ctx: Context, opts: Options) -> None:
    errors: list[str] = []
    for name in opts.args:
        try:
            code = ctx.engine.container_wait(name)
        except DockerError as exc:
            errors.append(daemon_text(exc))
            continue
        if code is None:
            if ctx.live:  # at a terminal: wait for it, and for the rest after it
                _wait_live(ctx, list(opts.args[opts.args.index(name) :]), errors)
                return
            ctx.err(
                f"dockersim: {name} runs until it is stopped; the real `docker wait` would block "
                "here (advance the clock or stop it first)\n"
            )
            ctx.exit_code = 1
            return
        ctx.line(str(code))
    if errors:
        ctx.err("\n".join(errors) + "\n")
        ctx.exit_code = 1


def _wait_live(ctx: Context, names: list[str], errors: list[str]) -> None:
    """`docker wait` at a terminal: each container's exit code as it exits, in order."""
    from dockersim.docker.live import StreamFollow, Update, host_of

    left = list(names)
    failed = list(errors)

    def render(engine: Engine, since: float, until: float) -> Update:
        out: list[str] = []
        while left:
            try:
                code = engine.container_wait(left[0])
            except DockerError as exc:
                failed.append(daemon_text(exc))
                left.pop(0)
                continue
            if code is None:
                return Update("".join(out))
            out.append(f"{code}\n")
            left.pop(0)
        err = "\n".join(failed) + "\n" if failed else ""
        return Update("".join(out), err, True, 1 if failed else 0)

    ctx.follow = StreamFollow(host_of(ctx.engine), ctx.engine.now, render)


def run_rename(ctx: Context, opts: Options) -> None:
    old, new = opts.args
    ctx.engine.container_rename(old, new)


#: `docker update` flags dockersim does not model (said so, never ignored)
_UPDATE_NOT_SIMULATED = (
    "blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpuset-cpus",
    "cpuset-mems", "cpu-shares", "memory-reservation", "memory-swap", "kernel-memory",
)  # fmt: skip


@attrs.frozen
class UpdateOptions(Options):
    restart: str
    memory: int
    cpus: int
    pids_limit: int


def run_update(ctx: Context, opts: UpdateOptions) -> None:
    """docker/cli container/update.go: at least one flag; each container updated in turn."""
    if not opts.given_flags:
        raise ctx.fail("you must provide one or more flags when using this command")
    unsupported = [f"--{name}" for name in _UPDATE_NOT_SIMULATED if opts.given(name)]
    if unsupported:
        raise ctx.fail(f"dockersim: docker update {', '.join(unsupported)} is not simulated")
    policy = None
    if opts.given("restart"):
        try:
            policy = parse_restart(opts.restart)
        except RunError as exc:
            raise ctx.fail(exc.message) from None
    memory = opts.memory if opts.given("memory") else None
    cpus = opts.cpus if opts.given("cpus") else None
    pids = opts.pids_limit if opts.given("pids-limit") else None
    _each(
        ctx,
        opts.args,
        lambda name: ctx.engine.container_update(name, policy, memory, cpus, pids),
    )
