"""`docker network create/ls/inspect/rm/connect/disconnect/prune` (docker/cli
cli/command/network)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
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


@attrs.frozen
class NetworkCreateOptions(Options):
    driver: str
    subnet: list[str]
    gateway: list[str]
    ip_range: list[str]
    internal: bool
    attachable: bool
    label: list[str]
    opt: dict[str, str]


def run_create(ctx: Context, opts: NetworkCreateOptions) -> None:
    (name,) = opts.args
    labels = dict(item.partition("=")[::2] for item in opts.label)
    network = ctx.engine.network_create(
        name,
        driver=opts.driver or "bridge",
        subnet=opts.subnet[0] if opts.subnet else "",
        gateway=opts.gateway[0] if opts.gateway else "",
        ip_range=opts.ip_range[0] if opts.ip_range else "",
        internal=opts.internal,
        attachable=opts.attachable,
        labels=labels,
        options=dict(opts.opt),
    )
    ctx.line(network.id)


@attrs.frozen
class NetworkLsOptions(Options):
    filter: list[str]
    no_trunc: bool
    quiet: bool
    format: str


def run_ls(ctx: Context, opts: NetworkLsOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    networks = sorted(ctx.engine.visible_networks().values(), key=lambda n: n.name)
    rows = []
    for network in networks:
        if not _matches(network, filters):
            continue
        rows.append(
            {
                "ID": network.id if opts.no_trunc else network.id[:12],
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
    if opts.quiet:
        ctx.out("".join(f"{row['ID']}\n" for row in rows))
        return
    try:
        ctx.out(format_rows(opts.format, rows, LS_HEADERS, LS_TABLE))
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


@attrs.frozen
class NetworkInspectOptions(Options):
    format: str


def run_inspect(ctx: Context, opts: NetworkInspectOptions) -> None:
    from dockersim.docker.commands.inspect import _network, inspect_objects

    inspect_objects(ctx, opts.format, opts.args, [_network], kind="network")


@attrs.frozen
class NetworkRmOptions(Options):
    force: bool


def run_rm(ctx: Context, opts: NetworkRmOptions) -> None:
    failed = False
    for name in opts.args:
        try:
            ctx.engine.network_remove(name)
        except NotFound as exc:
            if opts.force:
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


@attrs.frozen
class ConnectOptions(Options):
    alias: list[str]
    ip: str


def run_connect(ctx: Context, opts: ConnectOptions) -> None:
    network, container = opts.args
    ctx.engine.network_connect(network, container, list(opts.alias), opts.ip)


@attrs.frozen
class DisconnectOptions(Options):
    force: bool


def run_disconnect(ctx: Context, opts: DisconnectOptions) -> None:
    network, container = opts.args
    ctx.engine.network_disconnect(network, container, opts.force)
