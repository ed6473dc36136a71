"""The saved world's document, field by field (the first pass of `worldcheck`).

Each record lists the fields `World.from_json` requires and those it may default; no others
are accepted, so a misspelt field is named rather than ignored. Required and optional follow
what `World.from_json` and the model classes' defaults allow.
"""

from __future__ import annotations

from typing import Any

from dockersim.engine.worldfields import (
    INT32,
    INT64,
    MAX_TIME,
    Chain,
    Check,
    InvalidWorld,
    abs_path,
    absolute,
    base64_text,
    boolean,
    container_name,
    digest,
    entries,
    exposed_port,
    flat,
    hex_id,
    host_name,
    integer,
    json_value,
    labels,
    list_of,
    mapping,
    name,
    network_id,
    nullable,
    number,
    one_of,
    optional_ipv4,
    pattern,
    port,
    record,
    rfc3339,
    row,
    signal_name,
    string,
    strings,
    subnet,
    time,
)

_empty = record({})


def record_of_json(value: Any, path: Chain) -> None:
    """A JSON object (a program's saved state: its own reader checks the fields)."""
    if not isinstance(value, dict):
        raise InvalidWorld(flat(path), "expected a JSON object")
    json_value(value, path)


healthcheck = record(
    {"Test": strings},
    {
        "Interval": integer(),
        "Timeout": integer(),
        "StartPeriod": integer(),
        "StartInterval": integer(),
        "Retries": integer(0, INT32),
    },
)
image_container_config = nullable(
    record(
        {},
        {
            "User": string,
            "ExposedPorts": mapping(_empty, key=exposed_port),
            "Env": nullable(strings),
            "Entrypoint": nullable(strings),
            "Cmd": nullable(strings),
            "Volumes": mapping(_empty, key=absolute),
            "WorkingDir": string,
            "Labels": nullable(labels),
            "StopSignal": signal_name,
            "ArgsEscaped": boolean,
            "Healthcheck": healthcheck,
            "OnBuild": nullable(strings),
            "Shell": nullable(strings),
        },
    )
)
image_config = record(
    {
        "architecture": string,
        "os": string,
        "rootfs": record({"type": one_of("layers"), "diff_ids": list_of(digest)}),
    },
    {
        "variant": string,
        "author": string,
        "created": rfc3339,
        "config": image_container_config,
        "history": list_of(
            record(
                {},
                {
                    "created": rfc3339,
                    "created_by": string,
                    "comment": string,
                    "author": string,
                    "empty_layer": boolean,
                },
            )
        ),
    },
)
image = record(
    {
        "id": digest,
        "config": image_config,
        "parent": pattern(r"(sha256:[a-f0-9]{64})?", "an image ID or an empty string"),
        "repo_digests": list_of(pattern(r"[^@]+@sha256:[a-f0-9]{64}", "name@sha256:digest")),
        "last_tag_time": nullable(time),
    },
    {"comment": string},
)
layer = record(
    {
        "chain_id": digest,
        "diff_id": digest,
        "parent": nullable(digest),
        "size": integer(),
        "compressed_size": integer(),
        "blob_digest": digest,
    },
    {
        "refs": integer(),
        "source": pattern(r"hub(:[^|]+\|[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?)?|local", "hub or local"),
        "mtime": integer(0, int(MAX_TIME)),
    },
)
event = record(
    {"time": time, "type": string, "action": string, "actor": string},
    {"attributes": labels},
)
publish = row(optional_ipv4, port, integer(1, 65535), one_of("tcp", "udp", "sctp"))
run_healthcheck = record(
    {"test": strings},
    {
        "interval": integer(),
        "timeout": integer(),
        "start_period": integer(),
        "start_interval": integer(),
        "retries": integer(0, INT32),
    },
)
run_config = record(
    {"hostname": string, "image": string},
    {
        "healthcheck": nullable(run_healthcheck),
        "env": strings,
        "cmd": nullable(strings),
        "entrypoint": nullable(strings),
        "working_dir": string,
        "user": string,
        "labels": labels,
        "exposed_ports": list_of(exposed_port),
        "volumes": list_of(absolute),
        "stop_signal": signal_name,
        "stop_timeout": nullable(integer(-1, INT32)),
        "tty": boolean,
        "open_stdin": boolean,
        "attach_stdout": boolean,
        "attach_stderr": boolean,
        "domainname": string,
    },
)
host_config = record(
    {},
    {
        "restart_policy": record(
            {"name": one_of("no", "always", "unless-stopped", "on-failure")},
            {"maximum_retry_count": integer(0, INT32)},
        ),
        "auto_remove": boolean,
        "memory": integer(),
        "nano_cpus": integer(),
        "pids_limit": nullable(integer(-1, INT64)),
        "read_only": boolean,
        "network_mode": pattern(r"[^\0]+", "a network mode like bridge"),
        "publish": list_of(publish),
        "publish_all": boolean,
        "binds": strings,
        "init": boolean,
        "links": strings,
    },
)
probe_result = record(
    {"start": time, "end": time, "exit_code": integer(-INT32 - 1, INT32), "output": string}
)
health = record(
    {"status": one_of("starting", "healthy", "unhealthy")},
    {
        "failing_streak": integer(0, INT64),
        "log": list_of(probe_result),
        "monitoring": boolean,
        "pending": nullable(probe_result),
        "pending_exec": string,
        "pending_die": nullable(integer(-INT32 - 1, INT32)),
        "probes": integer(0, INT64),
    },
)
state = record(
    {},
    {
        "running": boolean,
        "paused": boolean,
        "restarting": boolean,
        "oom_killed": boolean,
        "removal_in_progress": boolean,
        "dead": boolean,
        "pid": integer(0, INT32),
        "exit_code": integer(-INT32 - 1, INT32),
        "error": string,
        "started_at": nullable(time),
        "finished_at": nullable(time),
        "health": nullable(health),
    },
)
mount = record(
    {"Type": one_of("volume", "bind", "tmpfs"), "Destination": abs_path},
    {
        "Name": string,
        "Source": string,
        "Driver": string,
        "Mode": string,
        "RW": boolean,
        "Propagation": string,
    },
)
container = record(
    {
        "id": hex_id,
        "name": container_name,
        "created": time,
        "image_id": digest,
        "image_ref": string,
        "path": string,
        "args": strings,
        "config": run_config,
        "host_config": host_config,
        "state": state,
    },
    {
        "logs": list_of(row(time, one_of("stdout", "stderr"), string)),
        "handles": strings,
        "image_platform": string,  # as the image's config says (a loaded archive's may be odd)
        "restart_count": integer(0, INT32),
        "manually_stopped": boolean,
        "restart_delay": number(0.0, 3600.0),
        "exit_at": nullable(time),
        "exit_code_at": integer(-INT32 - 1, INT32),
        "exit_oom": boolean,
        "blocked_in": string,
        "daemons": list_of(strings),
        "traps": mapping(record_of_json, key=signal_name),
        "served": list_of(record_of_json),
        "restart_at": nullable(time),
        "probe_at": nullable(time),
        "paused_at": nullable(time),
        "next_pid": integer(0, INT32),
        "serial": integer(),
        "networks": mapping(record({}, {"aliases": strings, "ip": optional_ipv4})),
        "ports": list_of(publish),
        "mounts": list_of(mount),
    },
)
endpoint = record(
    {"container_id": hex_id, "ip": optional_ipv4, "mac": string},
    {"aliases": strings, "endpoint_id": string, "requested_ip": optional_ipv4},
)
network = record(
    {
        "id": network_id,
        "name": name,  # docker accepts any network name
        "driver": one_of("bridge", "host", "null", "overlay"),
        "endpoints": mapping(endpoint, key=hex_id),
    },
    {
        "scope": one_of("local", "swarm", "global"),
        "subnet": subnet,
        "gateway": optional_ipv4,
        "ip_range": subnet,
        "internal": boolean,
        "attachable": boolean,
        "ingress": boolean,
        "labels": labels,
        "options": labels,
        "created": time,
        "node": string,
    },
)
volume = record(
    {"name": pattern(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+", "a volume name"), "created": time},
    {"driver": string, "labels": labels, "options": labels, "anonymous": boolean},
)
swarm_node = record(
    {
        "addr": string,
        "id": string,
        "role": one_of("manager", "worker"),
        "leader": boolean,
        "hostname": string,
        "status": string,
        "availability": string,
    },
    {
        "labels": labels,
        "left": boolean,
        "created": time,
        "updated": time,
        "updates": integer(0, INT64),
    },
)
_port_config = record(
    {"Protocol": one_of("tcp", "udp", "sctp"), "TargetPort": port, "PublishedPort": port},
    {"PublishMode": one_of("ingress", "host")},
)
swarm_service = record(
    {"id": string, "name": string, "image": string},
    {
        "mode": one_of("replicated", "global"),
        "replicas": integer(0, INT32),
        "args": strings,
        "env": strings,
        "networks": strings,
        "ports": list_of(_port_config),
        "created": time,
        "updated": time,
        "version": integer(0, INT64),
        "labels": labels,
        "constraints": strings,
        "endpoint_mode": one_of("vip", "dnsrr"),
        "update_parallelism": integer(0, INT64),
        "update_delay": time,
        "update_order": one_of("stop-first", "start-first"),
        "force_update": integer(0, INT64),
        "previous": string,
        "update_state": string,
        "update_started": time,
        "update_completed": time,
        "update_message": string,
        "pending": json_value,
        "vips": json_value,
        "secrets": json_value,
        "configs": json_value,
        "mounts": json_value,
        "restart": json_value,
        "health_cmd": strings,
        "health": json_value,
        "limits": json_value,
        "reservations": json_value,
        "hostname": string,
        "user": string,
        "workdir": string,
        "entrypoint": strings,
        "container_labels": labels,
        "update_failure_action": one_of("pause", "continue", "rollback"),
    },
)
#: a secret or a config (data base64-encoded)
swarm_file_object = record(
    {"id": string, "name": string, "data": string},
    {"labels": labels, "created": time, "updated": time, "version": integer(0, INT64)},
)


def _task_host(value: Any, path: Chain) -> None:
    """The node's hostname, or "" for a task no node suits yet (pending)."""
    if value != "":
        host_name(value, path)


swarm_task = record(
    {"id": string, "service_id": string, "slot": integer(0, INT32), "host": _task_host},
    {
        "container_id": string,
        "state": string,
        "desired": string,
        "since": time,
        "created": time,
        "error": string,
        "image": string,
        "key": string,
    },
)
_swarm = record(
    {
        "id": string,
        "addr": string,
        "worker_token": string,
        "manager_token": string,
        "nodes": mapping(swarm_node, key=host_name),
    },
    {
        "services": mapping(swarm_service),
        "tasks": mapping(swarm_task),
        "secrets": mapping(swarm_file_object),
        "configs": mapping(swarm_file_object),
        "serial": integer(0, INT64),
        "balance": integer(0, INT64),
    },
)


def swarm(value: Any, path: Chain) -> None:
    """`{}` outside a swarm; else the cluster's ID, address, join tokens and nodes."""
    if value != {}:
        _swarm(value, path)


build_cache = nullable(
    record(
        {},
        {
            "records": list_of(
                record(
                    {"key": string, "chain": list_of(digest), "created": time},
                    {"description": string},
                )
            ),
            "content": mapping(entries, key=digest),
            "mtimes": mapping(integer(0, int(MAX_TIME)), key=digest),
            "classic": mapping(string),
            "bases": strings,
            "builds": mapping(
                list_of(
                    record(
                        {"name": string, "key": string, "instruction": string},
                        {"files": labels, "args": labels, "parent": string},
                    )
                )
            ),
        },
    )
)


def _never(value: Any, path: Chain) -> None:
    raise InvalidWorld(flat(path), "only the first host's world holds overlay networks")


terminal = record(
    {"id": hex_id, "container": hex_id, "pid": integer(1, INT32), "argv": strings},
    {
        "user": string,
        "env": strings,
        "workdir": string,
        "tty": boolean,
        "state": record_of_json,
        "busy_until": nullable(time),
        "blocked": string,
        "output": list_of(row(time, one_of("stdout", "stderr"), string)),
        "started": time,
        "nested": list_of(
            record({"argv": strings, "env": labels, "cwd": string, "state": record_of_json})
        ),
    },
)


#: The fields every host's world has; `nodes`, `overlays` and `swarm` only the first host's.
_HOST_REQUIRED: dict[str, Check] = {
    "now": time,
    "seed": integer(0, INT64),
    "counter": integer(),
    "images": list_of(image),
    "references": mapping(digest),
    "layers": list_of(layer),
    "layer_content": mapping(entries, key=digest),
    "auths": mapping(string),
    "pushed": mapping(mapping(mapping(digest))),
    "events": list_of(event),
}
_HOST_OPTIONAL: dict[str, Check] = {
    "version": integer(1, INT32),
    "containers": list_of(container),
    "rw_layers": mapping(nullable(digest), key=hex_id),
    "uppers": mapping(entries, key=hex_id),
    "opaques": mapping(list_of(abs_path), key=hex_id),
    "mtimes": mapping(mapping(time, key=abs_path), key=hex_id),
    "next_pid": integer(0, INT32),
    "host_upper": entries,
    "host_opaque": list_of(abs_path),
    "host_mtimes": mapping(time, key=abs_path),
    "networks": list_of(network),
    "volumes": list_of(volume),
    "volume_data": mapping(entries),
    "memory": mapping(labels, key=hex_id),
    "node_name": host_name,
    "build_cache": build_cache,
    "raw_configs": mapping(string, key=digest),
    "raw_layers": mapping(base64_text, key=digest),
    "terminals": list_of(terminal),
}
_node_world = record(
    _HOST_REQUIRED,
    {
        **_HOST_OPTIONAL,
        "swarm": record({}),
        "nodes": record({}),
        "overlays": list_of(_never),
    },
)
world = record(
    _HOST_REQUIRED,
    {
        **_HOST_OPTIONAL,
        "swarm": swarm,
        "nodes": mapping(_node_world, key=host_name),
        "overlays": list_of(network),
        "clock": one_of("real", "frozen"),
        "wall": time,
    },
)
