"""A container's resources: stats and update (moby container_routes.go getContainersStats,
postContainerUpdate; daemon/stats.go, daemon/update.go).

A stats sample is container.StatsResponse (API 1.52, cgroup v2) in moby's field order. Its
figures are the ones `dockersim docker stats` shows (engine `container_usage`): the real CLI
computes the same table from them. The CPU counters of a sample and of the one before it
are equal, so the CLI shows 0.00% as `dockersim docker stats` does (simplified: no CPU time
is simulated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.api.routes import ApiError, Call, Reply, encode, route

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container

ZERO_TIME = "0001-01-01T00:00:00Z"
#: the network counters of a running container: what `dockersim docker stats` shows
#: ("1.05kB / 0B"; est.)
RX_BYTES = 1050
RX_PACKETS = 13  # est.
#: the machine's CPU time, nanoseconds (est.: any fixed figure gives 0.00%)
SYSTEM_CPU = 4_800_000_000_000
ONLINE_CPUS = 2
#: the kernel's pid limit a container without --pids-limit reports (est.)
PIDS_MAX = 4194304
STREAM_EVERY = 1.0


def _blkio() -> dict[str, Any]:
    keys = (
        "io_service_bytes_recursive",
        "io_serviced_recursive",
        "io_queue_recursive",
        "io_service_time_recursive",
        "io_wait_time_recursive",
        "io_merged_recursive",
        "io_time_recursive",
        "sectors_recursive",
    )
    return dict.fromkeys(keys)


def _cpu(total: int, system: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "cpu_usage": {"total_usage": total, "usage_in_kernelmode": 0, "usage_in_usermode": 0}
    }
    if system:
        out["system_cpu_usage"] = system
        out["online_cpus"] = ONLINE_CPUS
    out["throttling_data"] = {"periods": 0, "throttled_periods": 0, "throttled_time": 0}
    return out


def sample(engine: Engine, container: Container, previous: str = "") -> dict[str, Any]:
    """One stats sample; `previous` is the time of the sample before (a stream's)."""
    from dockersim.api.handlers.streams import rfc3339_nano
    from dockersim.docker.commands.observe import HOST_MEMORY

    running = container.state.running and not container.state.restarting
    out: dict[str, Any] = {"name": container.name, "id": container.id}
    if not running:  # daemon/stats.go: an empty sample for a container that is not running
        out.update(read=ZERO_TIME, preread=ZERO_TIME, pids_stats={}, blkio_stats=_blkio())
        out.update(num_procs=0, storage_stats={}, cpu_stats=_cpu(0, 0))
        out.update(precpu_stats=_cpu(0, 0), memory_stats={})
        return out
    used, pids = engine.container_usage(container)
    limit = container.host_config.memory or HOST_MEMORY
    cpu = _cpu(0, SYSTEM_CPU)
    out["read"] = rfc3339_nano(engine.now)
    out["preread"] = previous or ZERO_TIME
    out["pids_stats"] = {"current": pids, "limit": container.host_config.pids_limit or PIDS_MAX}
    out.update(blkio_stats=_blkio(), num_procs=0, storage_stats={})
    out.update(cpu_stats=cpu, precpu_stats=cpu if previous else _cpu(0, 0))
    out["memory_stats"] = {
        "usage": used,
        "stats": {"anon": used, "file": 0, "inactive_file": 0, "active_file": 0},
        "limit": limit,
    }
    if container.host_config.network_mode not in ("none", "host"):
        out["networks"] = {
            "eth0": {
                "rx_bytes": RX_BYTES,
                "rx_packets": RX_PACKETS,
                "rx_errors": 0,
                "rx_dropped": 0,
                "tx_bytes": 0,
                "tx_packets": 0,
                "tx_errors": 0,
                "tx_dropped": 0,
            }
        }
    return out


@route("GET", "/containers/{name}/stats")
def stats(call: Call) -> Reply | None:
    """`stream` (default true) sends a sample a second until the client hangs up; false
    (`docker stats --no-stream`) sends one."""
    name = call.params["name"]
    with call.world.reading() as engine:
        container = engine.container_get(name)
        first = sample(engine, container)
    if not call.flag("stream", True) or call.flag("one-shot"):
        return Reply(200, first)
    conn = call.conn
    conn.start_stream(200, "application/json")
    conn.chunk(encode(first))
    previous = first["read"]
    while not call.server.stopping.wait(STREAM_EVERY):
        if conn.peer_closed():
            break
        with call.world.reading() as engine:
            found = engine.container_by_id(container.id)
            if found is None:  # removed: the daemon ends the stream
                break
            now = sample(engine, found, previous)
        previous = now["read"]
        conn.chunk(encode(now))
    conn.end_stream()
    return None


#: UpdateConfig fields the model keeps; any other one set is not simulated
_KEPT = {"Memory", "NanoCpus", "PidsLimit", "RestartPolicy"}


@route("POST", "/containers/{name}/update")
def update(call: Call) -> Reply:
    """The restart policy, memory, CPUs and pids limit (what `dockersim docker update`
    changes); a zero leaves a resource as it is (daemon/update.go)."""
    from dockersim.model.container import RestartPolicy

    body = call.json_body()
    if not isinstance(body, dict):
        raise ApiError(400, "invalid JSON: the body is not an object")  # est. wording
    other = sorted(k for k, v in body.items() if k not in _KEPT and v not in (None, 0, "", [], {}))
    if other:
        raise ApiError(501, f"dockersim: not simulated in serve: update of {', '.join(other)}")
    restart = None
    policy = body.get("RestartPolicy") or {}
    if isinstance(policy, dict) and policy.get("Name"):
        restart = RestartPolicy(str(policy["Name"]), int(policy.get("MaximumRetryCount") or 0))
    memory = int(body.get("Memory") or 0) or None
    nano_cpus = int(body.get("NanoCpus") or 0) or None
    pids = body.get("PidsLimit")
    with call.world.writing() as engine:
        engine.container_update(
            call.params["name"], restart, memory, nano_cpus, None if pids is None else int(pids)
        )
    return Reply(200, {"Warnings": None})
