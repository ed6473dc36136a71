"""`docker node update/promote/demote/rm/inspect` (docker/cli cli/command/node)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.docker.commands.tasks import TasksOptions
from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.docker.commands.inspect import Found


def _ref(ctx: Context, ref: str) -> str:
    """cmd.go Reference: `self` is this node's ID."""
    return ctx.engine.service_node_id(ctx.engine.node_name) if ref == "self" else ref


@attrs.frozen
class UpdateOptions(Options):
    availability: str
    role: str
    label_add: list[str]
    label_rm: list[str]


def run_update(ctx: Context, opts: UpdateOptions) -> None:
    (ref,) = opts.args
    try:
        ctx.engine.node_update(
            _ref(ctx, ref),
            availability=opts.availability if opts.given("availability") else None,
            role=opts.role if opts.given("role") else None,
            label_add=tuple(opts.label_add),
            label_rm=tuple(opts.label_rm),
        )
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    ctx.line(ref)


def _set_role(ctx: Context, refs: list[str], role: str) -> None:
    """promote.go / demote.go: `already` is printed, not an error."""
    failures: list[str] = []
    for ref in refs:
        try:
            node = ctx.engine.node_get(_ref(ctx, ref))
            if node["role"] == role:
                ctx.line(f"Node {node['id']} is already a {role}.")
                continue
            ctx.engine.node_update(node["id"], role=role)
        except DockerError as exc:
            failures.append(daemon_text(exc))
            continue
        if role == "manager":
            ctx.line(f"Node {ref} promoted to a manager in the swarm.")
        else:
            ctx.line(f"Manager {ref} demoted in the swarm.")
    if failures:
        raise ctx.fail("\n".join(failures))


def run_promote(ctx: Context, opts: Options) -> None:
    _set_role(ctx, list(opts.args), "manager")


def run_demote(ctx: Context, opts: Options) -> None:
    _set_role(ctx, list(opts.args), "worker")


@attrs.frozen
class RmOptions(Options):
    force: bool


def run_rm(ctx: Context, opts: RmOptions) -> None:
    failures: list[str] = []
    for ref in opts.args:
        try:
            ctx.engine.node_remove(_ref(ctx, ref), opts.force)
        except DockerError as exc:
            failures.append(daemon_text(exc))
            continue
        ctx.line(ref)
    if failures:
        raise ctx.fail("\n".join(failures))


@attrs.frozen
class InspectOptions(Options):
    format: str
    pretty: bool


def run_inspect(ctx: Context, opts: InspectOptions) -> None:
    """inspect.go: `--pretty` (with no other format) or JSON/templates through inspect."""
    from dockersim.docker.commands.inspect import inspect_objects, template_data
    from dockersim.docker.commands.node_json import node_json, node_pretty

    if opts.pretty and opts.format:
        raise ctx.fail("cannot supply extra formatting options to the pretty template")
    try:
        ctx.engine.node_list()
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    if opts.pretty:
        failures: list[str] = []
        for ref in opts.args:
            try:
                node = ctx.engine.node_get(_ref(ctx, ref))
            except DockerError as exc:
                failures.append(daemon_text(exc))
                continue
            ctx.out(node_pretty(node_json(ctx, node)))
        if failures:
            raise ctx.fail("\n".join(failures))
        return

    def getter(ctx: Context, ref: str) -> Found:
        document = node_json(ctx, ctx.engine.node_get(_ref(ctx, ref)))
        return document, lambda: template_data(document)

    inspect_objects(ctx, opts.format, opts.args, [getter], kind="node")


def run_ps(ctx: Context, opts: TasksOptions) -> None:
    """ps.go: the tasks on each node given (this node by default), every error joined."""
    from dockersim.docker.commands.tasks import print_tasks
    from dockersim.model.service import Service, Task

    if opts.filter:
        raise ctx.fail("dockersim: not simulated in node ps: --filter")
    try:
        ctx.engine.node_list()
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    failures: list[str] = []
    items: list[tuple[Task, Service]] = []
    state = ctx.engine.swarm_state
    for ref in opts.args or ("self",):
        try:
            node = ctx.engine.node_get(_ref(ctx, ref))
        except DockerError as exc:
            failures.append(daemon_text(exc))
            continue
        for data in state.get("tasks", {}).values():
            if data["host"] == node["hostname"]:
                service = Service.from_json(state["services"][data["service_id"]])
                items.append((Task.from_json(data), service))
    if not failures or items:
        print_tasks(ctx, items, opts)
    if failures:
        raise ctx.fail("\n".join(failures))
