"""`start`, `stop`, `kill`, `pause`, `unpause`, `restart`, `rm`, `wait`, `rename`, `update`,
`container prune` (docker/cli cli/command/container).

Multi-argument commands report in argument order: each success prints the argument as typed,
errors are joined one per line on stderr, and the exit status is 1 if any failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dockersim.docker.commands.run import RunError, parse_restart, wait_for, write_logs
from dockersim.docker.context import Context, daemon_text
from dockersim.engine import errors as engine_errors
from dockersim.errors import DockerError, NotFound
from dockersim.model.humanize import human_size


def _each(ctx: Context, args: list[str], action: Callable[[str], object]) -> None:
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


def run_start(ctx: Context, opts: Any) -> None:
    engine = ctx.engine
    attach = bool(opts.values.get("attach"))
    if attach:
        name = opts.args[0]
        try:
            container = engine.container_get(name)
            since = engine.now
            engine.container_start(
                name, stdin=ctx.stdin_text if opts.values.get("interactive") else ""
            )
        except DockerError as exc:
            raise ctx.daemon_fail(exc) from None
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


def run_stop(ctx: Context, opts: Any) -> None:
    timeout = opts.values.get("timeout") if "timeout" in opts.set else None
    if timeout is None and "time" in opts.set:
        timeout = opts.values.get("time")
    signal = str(opts.values.get("signal") or "")
    outcomes = iter(ctx.engine.containers_stop(list(opts.args), signal, timeout))

    def reported(_name: str) -> None:
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    _each(ctx, opts.args, reported)


def run_kill(ctx: Context, opts: Any) -> None:
    signal = str(opts.values.get("signal") or "KILL")
    _each(ctx, opts.args, lambda n: ctx.engine.container_kill(n, signal))


def run_pause(ctx: Context, opts: Any) -> None:
    _each(ctx, opts.args, ctx.engine.container_pause)


def run_unpause(ctx: Context, opts: Any) -> None:
    _each(ctx, opts.args, ctx.engine.container_unpause)


def run_restart(ctx: Context, opts: Any) -> None:
    timeout = opts.values.get("timeout") if "timeout" in opts.set else None
    _each(ctx, opts.args, lambda n: ctx.engine.container_restart(n, timeout))


def run_rm(ctx: Context, opts: Any) -> None:
    force = bool(opts.values.get("force"))
    errors: list[str] = []
    for name in opts.args:
        if name.strip("/") == "":
            errors.append("container name cannot be empty")
            continue
        try:
            ctx.engine.container_remove(name, force=force, volumes=bool(opts.values.get("volumes")))
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


def run_wait(ctx: Context, opts: Any) -> None:
    errors: list[str] = []
    for name in opts.args:
        try:
            code = ctx.engine.container_wait(name)
        except DockerError as exc:
            errors.append(daemon_text(exc))
            continue
        if code is None:
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


def run_rename(ctx: Context, opts: Any) -> None:
    old, new = opts.args
    ctx.engine.container_rename(old, new)


#: `docker update` flags dockersim does not model (said so, never ignored)
_UPDATE_NOT_SIMULATED = (
    "blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpuset-cpus",
    "cpuset-mems", "cpu-shares", "memory-reservation", "memory-swap", "kernel-memory",
)  # fmt: skip


def run_update(ctx: Context, opts: Any) -> None:
    """docker/cli container/update.go: at least one flag; each container updated in turn."""
    values = opts.values
    if not opts.set:
        raise ctx.fail("you must provide one or more flags when using this command")
    unsupported = [f"--{name}" for name in _UPDATE_NOT_SIMULATED if name in opts.set]
    if unsupported:
        raise ctx.fail(f"dockersim: docker update {', '.join(unsupported)} is not simulated")
    policy = None
    if "restart" in opts.set:
        try:
            policy = parse_restart(str(values.get("restart") or ""))
        except RunError as exc:
            raise ctx.fail(exc.message) from None
    memory = int(values.get("memory") or 0) if "memory" in opts.set else None
    cpus = int(values.get("cpus") or 0) if "cpus" in opts.set else None
    pids = int(values.get("pids-limit") or 0) if "pids-limit" in opts.set else None
    _each(
        ctx,
        opts.args,
        lambda name: ctx.engine.container_update(name, policy, memory, cpus, pids),
    )


def run_prune(ctx: Context, opts: Any) -> None:
    if not opts.values.get("force"):
        ctx.out(
            "WARNING! This will remove all stopped containers.\n"
            "Are you sure you want to continue? [y/N] "
        )
        return
    removed, reclaimed = ctx.engine.container_prune()
    if removed:
        ctx.line("Deleted Containers:")
        for container_id in removed:
            ctx.line(container_id)
        ctx.line()
    ctx.line(f"Total reclaimed space: {human_size(reclaimed)}")
