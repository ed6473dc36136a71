"""`docker node update/promote/demote/rm/inspect` (docker/cli cli/command/node)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.errors import DockerError


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
    raise ctx.fail("dockersim: not simulated: node inspect")
