"""`docker swarm init/join/leave/join-token`, `docker node ls` (docker/cli cli/command/swarm)."""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.table import TabWriter
from dockersim.engine import errors
from dockersim.engine.system import ENGINE_VERSION


def _join_hint(token: str, addr: str) -> str:
    return f"    docker swarm join --token {token} {addr}:2377\n"


@attrs.frozen
class SwarmInitOptions(Options):
    advertise_addr: str


def run_init(ctx: Context, opts: SwarmInitOptions) -> None:
    state = ctx.engine.swarm_init(opts.advertise_addr.split(":")[0])
    ctx.out(
        f"Swarm initialized: current node ({state['node_id']}) is now a manager.\n\n"
        "To add a worker to this swarm, run the following command:\n\n"
        + _join_hint(state["worker_token"], state["addr"])
        + "\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow "
        "the instructions.\n\n"
    )


@attrs.frozen
class SwarmJoinOptions(Options):
    token: str


def run_join(ctx: Context, opts: SwarmJoinOptions) -> None:
    (address,) = opts.args
    role = ctx.engine.swarm_join(opts.token, address)
    ctx.line(f"This node joined a swarm as a {role}.")


@attrs.frozen
class SwarmLeaveOptions(Options):
    force: bool


def run_leave(ctx: Context, opts: SwarmLeaveOptions) -> None:
    ctx.engine.swarm_leave(opts.force)
    ctx.line("Node left the swarm.")


@attrs.frozen
class JoinTokenOptions(Options):
    quiet: bool


def run_join_token(ctx: Context, opts: JoinTokenOptions) -> None:
    (role,) = opts.args
    state = ctx.engine.swarm_state
    if not ctx.engine.swarm_active():
        raise ctx.daemon_fail(errors.not_swarm_manager())
    if role not in ("worker", "manager"):
        raise ctx.fail(f"unknown role {role}")
    token = state[f"{role}_token"]
    if opts.quiet:
        ctx.line(token)
        return
    ctx.out(
        f"To add a {role} to this swarm, run the following command:\n\n"
        + _join_hint(token, state["addr"])
        + "\n"
    )


@attrs.frozen
class NodeLsOptions(Options):
    quiet: bool
    format: str
    filter: list[str]


#: node/formatter.go: the headers a `table` template gets
NODE_HEADERS = {
    "ID": "ID",
    "Self": "",
    "Hostname": "HOSTNAME",
    "Status": "STATUS",
    "Availability": "AVAILABILITY",
    "ManagerStatus": "MANAGER STATUS",
    "EngineVersion": "ENGINE VERSION",
    "TLSStatus": "TLS STATUS",
}
NODE_TABLE = (
    "table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t"
    "{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}"
)


def run_node_ls(ctx: Context, opts: NodeLsOptions) -> None:
    if opts.filter:
        raise ctx.fail("dockersim: not simulated in node ls: --filter")
    nodes = ctx.engine.node_list()
    current = ctx.engine.node_name
    if opts.quiet:
        ctx.out("".join(f"{n['id']}\n" for n in nodes))
        return
    if opts.format and opts.format != "table":
        _node_rows(ctx, nodes, opts.format)
        return
    writer = TabWriter(10, 1, 3, " ", 0)
    writer.write("ID\tHOSTNAME\tSTATUS\tAVAILABILITY\tMANAGER STATUS\tENGINE VERSION\n")
    for node in nodes:
        mark = " *" if node["hostname"] == current else ""
        manager = (
            "Leader" if node.get("leader") else ("Reachable" if node["role"] == "manager" else "")
        )
        writer.write(
            f"{node['id']}{mark}\t{node['hostname']}\t{node['status']}\t{node['availability']}\t"
            f"{manager}\t{ENGINE_VERSION}\n"
        )
    ctx.out(writer.flush())


def _node_rows(ctx: Context, nodes: list[dict[str, Any]], fmt: str) -> None:
    """A user's `--format` over node/formatter.go's nodeContext fields."""
    from dockersim.docker.render.formatter import FormatError, format_rows

    rows = [
        {
            "ID": n["id"],
            "Self": n["hostname"] == ctx.engine.node_name,
            "Hostname": n["hostname"],
            "Status": n["status"],
            "Availability": n["availability"],
            "ManagerStatus": (
                "Leader" if n.get("leader") else ("Reachable" if n["role"] == "manager" else "")
            ),
            "EngineVersion": ENGINE_VERSION,
            "TLSStatus": "Ready",
        }
        for n in nodes
    ]
    try:
        ctx.out(format_rows(fmt, rows, NODE_HEADERS, NODE_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
