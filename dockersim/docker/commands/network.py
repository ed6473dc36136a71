"""`docker network create/ls/inspect/rm/connect/disconnect/prune` (docker/cli
cli/command/network)."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.errors import DockerError, NotFound
from dockersim.model.network import Network

LS_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
LS_HEADERS = {
    "ID": "NETWORK ID",
    "Name": "NAME",
    "Driver": "DRIVER",
    "Scope": "SCOPE",
    "IPv4": "IPV4",
    "IPv6": "IPV6",
    "Internal": "INTERNAL",
    "Labels": "LABELS",
    "CreatedAt": "CREATED AT",
}


def run_create(ctx: Context, opts: Any) -> None:
    values = opts.values
    (name,) = opts.args
    subnets = [str(s) for s in values.get("subnet") or []]
    gateways = [str(g) for g in values.get("gateway") or []]
    ranges = [str(r) for r in values.get("ip-range") or []]
    labels = dict(str(item).partition("=")[::2] for item in values.get("label") or [])
    network = ctx.engine.network_create(
        name,
        driver=str(values.get("driver") or "bridge"),
        subnet=subnets[0] if subnets else "",
        gateway=gateways[0] if gateways else "",
        ip_range=ranges[0] if ranges else "",
        internal=bool(values.get("internal")),
        attachable=bool(values.get("attachable")),
        labels=labels,
        options=dict(values.get("opt") or {}),
    )
    ctx.line(network.id)


def run_ls(ctx: Context, opts: Any) -> None:
    values = opts.values
    filters = parse_filters(ctx, values.get("filter") or [])
    networks = sorted(ctx.engine.visible_networks().values(), key=lambda n: n.name)
    rows = []
    for network in networks:
        if not _matches(network, filters):
            continue
        rows.append(
            {
                "ID": network.id if values.get("no-trunc") else network.id[:12],
                "Name": network.name,
                "Driver": network.driver,
                "Scope": network.scope,
                "IPv4": "true" if network.driver != "null" else "false",
                "IPv6": "false",
                "Internal": str(network.internal).lower(),
                "Labels": ",".join(f"{k}={v}" for k, v in sorted(network.labels.items())),
                "CreatedAt": "",
            }
        )
    if values.get("quiet"):
        ctx.out("".join(f"{row['ID']}\n" for row in rows))
        return
    try:
        ctx.out(format_rows(str(values.get("format") or ""), rows, LS_HEADERS, LS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def _matches(network: Network, filters: dict[str, list[str]]) -> bool:
    for key, wanted in filters.items():
        if key == "name" and not any(w in network.name for w in wanted):
            return False
        if key == "driver" and network.driver not in wanted:
            return False
        if key == "id" and not any(network.id.startswith(w) for w in wanted):
            return False
        if key == "type":
            kind = "custom" if network.user_defined else "builtin"
            if kind not in wanted:
                return False
        if key == "scope" and network.scope not in wanted:
            return False
    return True


def run_inspect(ctx: Context, opts: Any) -> None:
    from dockersim.docker.commands.inspect import _network, inspect_objects

    inspect_objects(ctx, opts, [_network], kind="network")


def run_rm(ctx: Context, opts: Any) -> None:
    failed = False
    for name in opts.args:
        try:
            ctx.engine.network_remove(name)
        except NotFound as exc:
            if opts.values.get("force"):
                continue
            ctx.daemon_error(exc)
            failed = True
            continue
        except DockerError as exc:
            ctx.daemon_error(exc)
            failed = True
            continue
        ctx.line(name)
    if failed:
        ctx.err("exit status 1\n")
        ctx.exit_code = 1


def run_connect(ctx: Context, opts: Any) -> None:
    network, container = opts.args
    aliases = [str(a) for a in opts.values.get("alias") or []]
    ctx.engine.network_connect(network, container, aliases, str(opts.values.get("ip") or ""))


def run_disconnect(ctx: Context, opts: Any) -> None:
    network, container = opts.args
    ctx.engine.network_disconnect(network, container, bool(opts.values.get("force")))


def run_prune(ctx: Context, opts: Any) -> None:
    if not opts.values.get("force"):
        ctx.out(
            "WARNING! This will remove all custom networks not used by at least one container.\n"
            "Are you sure you want to continue? [y/N] "
        )
        return
    removed = ctx.engine.network_prune()
    if removed:
        ctx.line("Deleted Networks:")
        for name in removed:
            ctx.line(name)
        ctx.line()
