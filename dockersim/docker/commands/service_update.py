"""`docker service update/rollback/logs` (docker/cli cli/command/service update.go,
rollback.go, logs.go) and the progress of a rolling update (progress/progress.go
ServiceProgress: one poll every 200ms of the virtual clock)."""

from __future__ import annotations

import attrs

from dockersim.docker.commands.service import MONITOR, POLL, RUNNING_BAR, _parse_port, _print
from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.errors import DockerError
from dockersim.model.service import Service

#: polls before the simulation gives up on a service that cannot converge (Docker waits on)
MAX_POLLS = 100_000


@attrs.frozen
class UpdateOptions(Options):
    constraint_add: list[str]
    constraint_rm: list[str]
    detach: bool
    env_add: list[str]
    env_rm: list[str]
    force: bool
    image: str
    publish_add: list[str]
    publish_rm: list[str]
    quiet: bool
    replicas: int
    rollback: bool
    update_delay: int
    update_order: str
    update_parallelism: int


def run_update(ctx: Context, opts: UpdateOptions) -> None:
    from dockersim.engine.service_update import ServiceChange

    (ref,) = opts.args
    if opts.rollback:
        others = [
            name
            for name in (
                "constraint-add", "constraint-rm", "env-add", "env-rm", "force",
                "image", "publish-add", "publish-rm", "replicas", "update-delay",
                "update-order", "update-parallelism",
            )
            if opts.given(name)
        ]  # fmt: skip
        if others:
            raise ctx.fail("other flags may not be combined with --rollback")
        _rollback(ctx, ref, opts.detach, opts.quiet)
        return
    if opts.given("update-order") and opts.update_order not in ("start-first", "stop-first"):
        raise ctx.fail(
            f"dockersim: not simulated in service update: --update-order {opts.update_order}"
        )
    change = ServiceChange(
        image=opts.image if opts.given("image") else None,
        replicas=opts.replicas if opts.given("replicas") else None,
        env_add=tuple(opts.env_add),
        env_rm=tuple(opts.env_rm),
        publish_add=tuple(_parse_port(ctx, p) for p in opts.publish_add),
        publish_rm=tuple(_parse_port(ctx, p).target for p in opts.publish_rm),
        constraint_add=tuple(opts.constraint_add),
        constraint_rm=tuple(opts.constraint_rm),
        parallelism=opts.update_parallelism if opts.given("update-parallelism") else None,
        delay=opts.update_delay / 1e9 if opts.given("update-delay") else None,
        order=opts.update_order if opts.given("update-order") else None,
        force=opts.force,
    )
    try:
        service, warnings = ctx.engine.service_update(ref, change)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    for warning in warnings:
        ctx.err(warning + "\n")
    ctx.line(ref)
    if not opts.detach:
        wait_rolling(ctx, ref, service, opts.quiet)


@attrs.frozen
class RollbackOptions(Options):
    detach: bool
    quiet: bool


def run_rollback(ctx: Context, opts: RollbackOptions) -> None:
    (ref,) = opts.args
    _rollback(ctx, ref, opts.detach, opts.quiet)


def _rollback(ctx: Context, ref: str, detach: bool, quiet: bool) -> None:
    try:
        service = ctx.engine.service_rollback(ref)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    ctx.line(ref)
    if not detach:
        wait_rolling(ctx, ref, service, quiet)


def wait_rolling(ctx: Context, ref: str, service: Service, quiet: bool) -> None:
    """ServiceProgress polled every 200ms on the virtual clock: the update status first (a
    completed update before the service converged ends the wait at once), the up-to-date
    tasks counted by slot, then the monitor period and `verify: Service REF converged`."""
    engine = ctx.engine
    messages: list[tuple[str, str]] = []
    rollback = converged = done = initialized = False
    converged_at: float | None = None
    for _ in range(MAX_POLLS):
        service = engine.service_get(service.id)
        status = service.update_state
        if status == "updating":
            rollback = False
        elif status == "completed" and not converged:
            break
        elif status == "rollback_started":
            if not rollback and service.update_message:
                messages.append(("rollback", service.update_message))
            rollback = True
        elif status == "rollback_completed":
            rollback = True
            if not converged:
                break
        if converged and converged_at is not None and engine.now - converged_at >= MONITOR - 1e-6:
            messages.append(("verify", f"Service {ref} converged"))
            break
        key = service.task_key()
        tasks = [
            t for t in engine.service_tasks(service.id) if t.key == key and t.desired == "running"
        ]
        total = service.replicas if service.mode == "replicated" else len(tasks)
        word = "rolling back update: " if rollback else ""
        if not initialized:
            messages.append(("overall progress", f"{word}0 out of {total} tasks"))
            if service.mode == "replicated" and total <= 20:
                messages += [(f"{n}/{total}", " ") for n in range(1, total + 1)]
            initialized = True
        stuck = [t for t in tasks if t.state in ("pending", "rejected", "failed")]
        if stuck:
            if not quiet:
                _print(ctx, messages + [(f"{t.slot}/{total}", t.error) for t in stuck])
            raise ctx.fail(
                "dockersim: not simulated in service update: waiting on tasks that cannot "
                "start (Docker keeps waiting until Ctrl-C; use --detach)"
            )
        running = sum(1 for t in tasks if t.state == "running")
        if ctx.tty and service.mode == "replicated" and total <= 20:
            messages += [
                (f"{t.slot}/{total}", RUNNING_BAR) for t in sorted(tasks, key=lambda t: t.slot)
            ]
        if not done:
            messages.append(("overall progress", f"{word}{running} out of {total} tasks"))
            done = running == total
        converged = running == total
        if converged:
            converged_at = engine.now if converged_at is None else converged_at
            left = MONITOR - (engine.now - converged_at) - 1e-3
            if left >= 0:
                messages.append(
                    (
                        "verify",
                        f"Waiting {int(left) + 1} seconds to verify that tasks are stable...",
                    )
                )
        else:
            if converged_at is not None:
                messages.append(("verify", "Detected task failure"))
            converged_at = None
        engine.advance(POLL)
    if not quiet:
        _print(ctx, messages)


@attrs.frozen
class LogsOptions(Options):
    details: bool
    follow: bool
    no_resolve: bool
    no_task_ids: bool
    no_trunc: bool
    raw: bool
    since: str
    tail: str
    timestamps: bool


def run_logs(ctx: Context, opts: LogsOptions) -> None:
    """logs.go: `NAME.SLOT.TASKID@NODE    | line`, the slot padded to the width of the
    replica count; stderr lines to stderr."""
    for flag in ("details", "follow", "raw", "since", "timestamps"):
        if opts.given(flag):
            raise ctx.fail(f"dockersim: not simulated in service logs: option --{flag}")
    if opts.tail != "all":
        raise ctx.fail("dockersim: not simulated in service logs: option --tail")
    (ref,) = opts.args
    try:
        service = ctx.engine.service_get(ref)
        entries = ctx.engine.service_logs(service.id)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    width = len(str(service.replicas)) if service.mode == "replicated" else 1
    for _, stream, line, task in entries:
        name = f"{service.name}.{task.slot}"
        if not opts.no_task_ids:
            name += "." + (task.id if opts.no_trunc else task.id[:12])
        node = ctx.engine.service_node_id(task.node) if opts.no_resolve else task.node
        prefix = f"{name}@{node}" + " " * max(0, width - len(str(task.slot)))
        text = f"{prefix}    | {line}"
        if stream == "stderr":
            ctx.err(text)
        else:
            ctx.out(text)
