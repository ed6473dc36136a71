"""`docker version`, `docker info`, `docker system df` (docker/cli cli/command/system)."""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.docker.render.table import TabWriter, ellipsis
from dockersim.engine.system import (
    API_VERSION,
    CONTAINERD_COMMIT,
    CONTAINERD_VERSION,
    ENGINE_VERSION,
    GIT_COMMIT,
    GO_VERSION,
    MIN_API_VERSION,
    PLUGINS,
    RUNC_VERSION,
)
from dockersim.model.digest import truncate_id
from dockersim.model.host import HOST_CPUS, KERNEL
from dockersim.model.humanize import (
    created_since,
    go_quote,
    human_duration,
    human_size,
    human_size_with_precision,
)
from dockersim.model.reference import parse_reference

CLIENT_COMMIT = "f52814d"
BUILT = "Fri Dec 12 14:49:37 2025"


@attrs.frozen
class FormatOptions(Options):
    """`docker version` and `docker info`: only `--format`."""

    format: str


def _formatted(ctx: Context, fmt: str, data: Any) -> bool:
    """`--format`: run the template on the typed object (True if it did)."""
    from dockersim.docker.render import template

    if not fmt:
        return False
    if fmt == "json":
        from dockersim.docker.render.gojson import go_json

        ctx.out(go_json(data) + "\n")
        return True
    _, text = template.prepare_format(fmt)
    try:
        ctx.out(template.parse(text).execute(data) + "\n")
    except template.TemplateError as exc:
        raise ctx.fail(f"template parsing error: {exc}") from None
    return True


def version_view() -> Any:
    from dockersim.docker.render.template import GoStruct

    client = GoStruct(
        "*command.ClientVersion",
        {
            "Platform": GoStruct("struct", {"Name": "Docker Engine - Community"}),
            "Version": ENGINE_VERSION,
            "APIVersion": API_VERSION,
            "DefaultAPIVersion": API_VERSION,
            "GitCommit": CLIENT_COMMIT,
            "GoVersion": GO_VERSION,
            "Os": "linux",
            "Arch": "amd64",
            "BuildTime": BUILT,
            "Context": "default",
        },
    )
    server = GoStruct(
        "*types.Version",
        {
            "Platform": GoStruct("struct", {"Name": "Docker Engine - Community"}),
            "Version": ENGINE_VERSION,
            "APIVersion": API_VERSION,
            "MinAPIVersion": MIN_API_VERSION,
            "GitCommit": GIT_COMMIT,
            "GoVersion": GO_VERSION,
            "Os": "linux",
            "Arch": "amd64",
            "KernelVersion": KERNEL,
            "BuildTime": "2025-12-12T14:49:37.000000000+00:00",
        },
    )
    return GoStruct("command.versionInfo", {"Client": client, "Server": server})


def run_version(ctx: Context, opts: FormatOptions) -> None:
    if _formatted(ctx, opts.format, version_view()):
        return
    ctx.out(
        "Client: Docker Engine - Community\n"
        f" Version:           {ENGINE_VERSION}\n"
        f" API version:       {API_VERSION}\n"
        f" Go version:        {GO_VERSION}\n"
        f" Git commit:        {CLIENT_COMMIT}\n"
        f" Built:             {BUILT}\n"
        " OS/Arch:           linux/amd64\n"
        " Context:           default\n"
        "\n"
        "Server: Docker Engine - Community\n"
        " Engine:\n"
        f"  Version:          {ENGINE_VERSION}\n"
        f"  API version:      {API_VERSION} (minimum version {MIN_API_VERSION})\n"
        f"  Go version:       {GO_VERSION}\n"
        f"  Git commit:       {GIT_COMMIT}\n"
        f"  Built:            {BUILT}\n"
        "  OS/Arch:          linux/amd64\n"
        "  Experimental:     false\n"
        " containerd:\n"
        f"  Version:          {CONTAINERD_VERSION}\n"
        f"  GitCommit:        {CONTAINERD_COMMIT}\n"
        " runc:\n"
        f"  Version:          {RUNC_VERSION}\n"
        f"  GitCommit:        v{RUNC_VERSION}-0-gd6d73eb8\n"
        " docker-init:\n"
        "  Version:          0.19.0\n"
        "  GitCommit:        de40ad0\n"
    )


def info_view(ctx: Context) -> Any:
    from dockersim.docker.render.template import GoStruct

    engine = ctx.engine
    containers = engine.container_list()
    running = sum(1 for c in containers if c.state.running and not c.state.paused)
    paused = sum(1 for c in containers if c.state.paused)
    return GoStruct(
        "system.Info",
        {
            "ID": "6f0c1d3e-5b7a-4c2e-9d8f-0a1b2c3d4e5f",
            "Containers": len(containers),
            "ContainersRunning": running,
            "ContainersPaused": paused,
            "ContainersStopped": len(containers) - running - paused,
            "Images": engine.image_count(),
            "Driver": "overlay2",
            "LoggingDriver": "json-file",
            "CgroupDriver": "systemd",
            "CgroupVersion": "2",
            "KernelVersion": KERNEL,
            "OperatingSystem": "Ubuntu 24.04.2 LTS",
            "OSType": "linux",
            "Architecture": "x86_64",
            "NCPU": HOST_CPUS,
            "MemTotal": 8326414336,
            "DockerRootDir": "/var/lib/docker",
            "Name": engine.node_name,
            "ServerVersion": ENGINE_VERSION,
            "DefaultRuntime": "runc",
            "LiveRestoreEnabled": False,
            "Swarm": _swarm_view(ctx),
        },
    )


def _swarm_facts(ctx: Context) -> dict[str, Any]:
    """This node's view of the swarm: empty when it is not a member."""
    engine = ctx.engine
    if not engine.swarm_active():
        return {}
    state = engine.swarm_state
    nodes = state["nodes"]
    me = nodes[engine.node_name]
    managers = [n for n in nodes.values() if n["role"] == "manager"]
    return {
        "id": me["id"],
        "addr": me.get("addr") or state["addr"],
        "manager": me["role"] == "manager",
        "cluster": state["id"],
        "nodes": len(nodes),
        "managers": len(managers),
        "manager_addrs": sorted(f"{n.get('addr') or state['addr']}:2377" for n in managers),
        "manager_ids": [(n["id"], f"{n.get('addr') or state['addr']}:2377") for n in managers],
    }


def _swarm_view(ctx: Context) -> Any:
    from dockersim.docker.render.template import GoStruct

    facts = _swarm_facts(ctx)
    if not facts:
        return GoStruct(
            "swarm.Info",
            {
                "NodeID": "",
                "NodeAddr": "",
                "LocalNodeState": "inactive",
                "ControlAvailable": False,
                "Error": "",
                "RemoteManagers": None,
                "Nodes": 0,
                "Managers": 0,
                "Cluster": None,
            },
        )
    peers = [GoStruct("swarm.Peer", {"NodeID": i, "Addr": a}) for i, a in facts["manager_ids"]]
    cluster = (
        GoStruct("*swarm.ClusterInfo", {"ID": facts["cluster"], "DataPathPort": 4789})
        if facts["manager"]
        else None
    )
    return GoStruct(
        "swarm.Info",
        {
            "NodeID": facts["id"],
            "NodeAddr": facts["addr"],
            "LocalNodeState": "active",
            "ControlAvailable": facts["manager"],
            "Error": "",
            "RemoteManagers": peers,
            "Nodes": facts["nodes"] if facts["manager"] else 0,
            "Managers": facts["managers"] if facts["manager"] else 0,
            "Cluster": cluster,
        },
    )


def _swarm_text(ctx: Context) -> str:
    """The Swarm section of `docker info` (cli/command/system/info.go printSwarmInfo)."""
    facts = _swarm_facts(ctx)
    if not facts:
        return " Swarm: inactive\n"
    text = f" Swarm: active\n  NodeID: {facts['id']}\n"
    text += f"  Is Manager: {'true' if facts['manager'] else 'false'}\n"
    if facts["manager"]:
        text += (
            f"  ClusterID: {facts['cluster']}\n"
            f"  Managers: {facts['managers']}\n"
            f"  Nodes: {facts['nodes']}\n"
            "  Default Address Pool: 10.0.0.0/8  \n"
            "  SubnetSize: 24\n"
            "  Data Path Port: 4789\n"
            "  Orchestration:\n"
            "   Task History Retention Limit: 5\n"
            "  Raft:\n"
            "   Snapshot Interval: 10000\n"
            "   Number of Old Snapshots to Retain: 0\n"
            "   Heartbeat Tick: 1\n"
            "   Election Tick: 10\n"
            "  Dispatcher:\n"
            "   Heartbeat Period: 5 seconds\n"
            "  CA Configuration:\n"
            "   Expiry Duration: 3 months\n"
            "   Force Rotate: 0\n"
            "  Autolock Managers: false\n"
            "  Root Rotation In Progress: false\n"
        )
    text += f"  Node Address: {facts['addr']}\n  Manager Addresses:\n"
    text += "".join(f"   {addr}\n" for addr in facts["manager_addrs"])
    return text


def run_info(ctx: Context, opts: FormatOptions) -> None:
    if _formatted(ctx, opts.format, info_view(ctx)):
        return
    engine = ctx.engine
    images = engine.image_count()
    containers = engine.container_list()
    running = sum(1 for c in containers if c.state.running and not c.state.paused)
    paused = sum(1 for c in containers if c.state.paused)
    ctx.out(
        "Client: Docker Engine - Community\n"
        f" Version:    {ENGINE_VERSION}\n"
        " Context:    default\n"
        " Debug Mode: false\n"
        "\n"
        "Server:\n"
        f" Containers: {len(containers)}\n"
        f"  Running: {running}\n"
        f"  Paused: {paused}\n"
        f"  Stopped: {len(containers) - running - paused}\n"
        f" Images: {images}\n"
        f" Server Version: {ENGINE_VERSION}\n"
        " Storage Driver: overlay2\n"
        "  Backing Filesystem: extfs\n"
        "  Supports d_type: true\n"
        "  Using metacopy: false\n"
        "  Native Overlay Diff: true\n"
        "  userxattr: false\n"
        " Logging Driver: json-file\n"
        " Cgroup Driver: systemd\n"
        " Cgroup Version: 2\n"
        " Plugins:\n"
        + "".join(f"  {kind}: {' '.join(names)}\n" for kind, names in PLUGINS.items())
        + " CDI spec directories:\n"
        "  /etc/cdi\n"
        "  /var/run/cdi\n" + _swarm_text(ctx) + " Runtimes: io.containerd.runc.v2 runc\n"
        " Default Runtime: runc\n"
        " Init Binary: docker-init\n"
        f" containerd version: {CONTAINERD_COMMIT}\n"
        f" runc version: v{RUNC_VERSION}-0-gd6d73eb8\n"
        " init version: de40ad0\n"
        " Security Options:\n"
        "  apparmor\n"
        "  seccomp\n"
        "   Profile: builtin\n"
        "  cgroupns\n"
        f" Kernel Version: {KERNEL}\n"
        " Operating System: Ubuntu 24.04.2 LTS\n"
        " OSType: linux\n"
        " Architecture: x86_64\n"
        f" CPUs: {HOST_CPUS}\n"
        " Total Memory: 7.755GiB\n"
        f" Name: {engine.node_name}\n"
        " ID: 6f0c1d3e-5b7a-4c2e-9d8f-0a1b2c3d4e5f\n"
        " Docker Root Dir: /var/lib/docker\n"
        " Debug Mode: false\n"
        " Experimental: false\n"
        " Insecure Registries:\n"
        "  127.0.0.0/8\n"
        "  ::1/128\n"
        " Live Restore Enabled: false\n"
        " Firewall Backend: iptables\n"
        "\n"
    )


DF_TABLE = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}"
DF_HEADERS = {
    "Type": "TYPE",
    "TotalCount": "TOTAL",
    "Active": "ACTIVE",
    "Size": "SIZE",
    "Reclaimable": "RECLAIMABLE",
}


@attrs.frozen
class DfOptions(Options):
    verbose: bool
    format: str


def run_df(ctx: Context, opts: DfOptions) -> None:
    """`docker system df` (formatter/disk_usage.go): four rows, or four sections with -v."""
    usage = ctx.engine.system_df()
    if opts.verbose:
        ctx.out(_df_verbose(ctx, usage))
        return
    containers = ctx.engine.container_list()
    active = [c for c in containers if c.state.running]
    sizes = {c.id: ctx.engine.container_fs(c).size() for c in containers}
    total_rw = sum(sizes.values())
    idle_rw = sum(sizes[c.id] for c in containers if not c.state.running)
    volumes = _volume_usage(ctx)
    volumes_total = sum(size for _, _, size in volumes)
    volumes_idle = sum(size for _, links, size in volumes if not links)
    rows = [
        {
            "Type": "Images",
            "TotalCount": str(len(usage.images)),
            "Active": str(usage.images_active),
            "Size": human_size(usage.layers_size),
            "Reclaimable": _reclaimable(usage.images_reclaimable, usage.layers_size),
        },
        {
            "Type": "Containers",
            "TotalCount": str(len(containers)),
            "Active": str(len(active)),
            "Size": human_size(total_rw),
            "Reclaimable": _reclaimable(idle_rw, total_rw),
        },
        {
            "Type": "Local Volumes",
            "TotalCount": str(len(volumes)),
            "Active": str(sum(1 for _, links, _ in volumes if links)),
            "Size": human_size(volumes_total),
            "Reclaimable": _reclaimable(volumes_idle, volumes_total),
        },
        {
            "Type": "Build Cache",
            "TotalCount": "0",
            "Active": "0",
            "Size": "0B",
            "Reclaimable": "0B",
        },
    ]
    try:
        ctx.out(format_rows(opts.format, rows, DF_HEADERS, DF_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def _volume_usage(ctx: Context) -> list[tuple[str, int, int]]:
    """(name, containers using it, size) for every volume, by name."""
    engine = ctx.engine
    return [
        (name, len(engine.volume_users(name)), engine.volume_size(name))
        for name in (volume.name for volume in engine.volume_list())
    ]


def _df_verbose(ctx: Context, usage: Any) -> str:
    now = ctx.engine.now
    images = TabWriter(10, 1, 3, " ", 0)
    images.write("REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\tSHARED SIZE\tUNIQUE SIZE\tCONTAINERS\n")
    for row in usage.images:
        if row.repo_tags:
            ref = parse_reference(row.repo_tags[0])
            repo, tag = ref.familiar_name, ref.tag or ""
        else:
            repo, tag = "<none>", "<none>"
        images.write(
            f"{repo}\t{tag}\t{truncate_id(row.id)}\t{created_since(now, row.created)}\t"
            f"{human_size_with_precision(row.size, 3)}\t{human_size(row.shared_size)}\t"
            f"{human_size(row.size - row.shared_size)}\t{row.containers}\n"
        )
    containers = TabWriter(10, 1, 3, " ", 0)
    containers.write("CONTAINER ID\tIMAGE\tCOMMAND\tLOCAL VOLUMES\tSIZE\tCREATED\tSTATUS\tNAMES\n")
    for c in ctx.engine.container_list():
        image = ctx.engine.image_by_id(c.image_id)
        shown = c.config.image or (truncate_id(image.id) if image else "")
        local = sum(1 for m in c.mounts if m.get("Type") == "volume")
        size = ctx.engine.container_fs(c).size()
        containers.write(
            f"{c.id[:12]}\t{shown}\t{go_quote(ellipsis(c.ps_command, 20))}\t{local}\t"
            f"{human_size(size)}\t{human_duration(now - c.created)} ago\t"
            f"{c.state.status_text(now)}\t{c.display_name}\n"
        )
    volumes = TabWriter(10, 1, 3, " ", 0)
    volumes.write("VOLUME NAME\tLINKS\tSIZE\n")
    for name, links, size in _volume_usage(ctx):
        volumes.write(f"{name}\t{links}\t{human_size(size)}\n")
    cache = TabWriter(10, 1, 3, " ", 0)
    cache.write("CACHE ID\tCACHE TYPE\tSIZE\tCREATED\tLAST USED\tUSAGE\tSHARED\n")
    return (
        "Images space usage:\n\n"
        + images.flush()
        + "\nContainers space usage:\n\n"
        + containers.flush()
        + "\nLocal Volumes space usage:\n\n"
        + volumes.flush()
        + "\nBuild cache usage: 0B\n\n"
        + cache.flush()
    )


def _reclaimable(reclaimable: int, total: int) -> str:
    text = human_size(reclaimable)
    if total:
        text += f" ({reclaimable * 100 // total}%)"
    return text
