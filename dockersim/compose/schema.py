"""The checks of compose-spec.json (compose-go v2.6.4) that dockersim makes, with
gojsonschema's texts as compose-go prints them (schema/schema.go): the field path
(`(root)` for the top), then `Additional property NAME is not allowed` or
`must be a TYPE`. A `oneOf` that no branch matches reports its first branch's type (the
best-scoring result gojsonschema keeps; # est. for ties)."""

from __future__ import annotations

from typing import Any

SERVICE_KEYS = frozenset(
    [
        "annotations",
        "attach",
        "blkio_config",
        "build",
        "cap_add",
        "cap_drop",
        "cgroup",
        "cgroup_parent",
        "command",
        "configs",
        "container_name",
        "cpu_count",
        "cpu_percent",
        "cpu_period",
        "cpu_quota",
        "cpu_rt_period",
        "cpu_rt_runtime",
        "cpu_shares",
        "cpus",
        "cpuset",
        "credential_spec",
        "depends_on",
        "deploy",
        "develop",
        "device_cgroup_rules",
        "devices",
        "dns",
        "dns_opt",
        "dns_search",
        "domainname",
        "entrypoint",
        "env_file",
        "environment",
        "expose",
        "extends",
        "external_links",
        "extra_hosts",
        "gpus",
        "group_add",
        "healthcheck",
        "hostname",
        "image",
        "init",
        "ipc",
        "isolation",
        "label_file",
        "labels",
        "links",
        "logging",
        "mac_address",
        "mem_limit",
        "mem_reservation",
        "mem_swappiness",
        "memswap_limit",
        "network_mode",
        "networks",
        "oom_kill_disable",
        "oom_score_adj",
        "pid",
        "pids_limit",
        "platform",
        "ports",
        "post_start",
        "pre_stop",
        "privileged",
        "profiles",
        "provider",
        "pull_policy",
        "pull_refresh_after",
        "read_only",
        "restart",
        "runtime",
        "scale",
        "secrets",
        "security_opt",
        "shm_size",
        "stdin_open",
        "stop_grace_period",
        "stop_signal",
        "storage_opt",
        "sysctls",
        "tmpfs",
        "tty",
        "ulimits",
        "user",
        "userns_mode",
        "uts",
        "volumes",
        "volumes_from",
        "working_dir",
    ]
)
TOP_KEYS = frozenset(
    ["version", "name", "include", "services", "networks", "volumes", "secrets", "configs"]
)
NETWORK_KEYS = frozenset(
    [
        "attachable",
        "driver",
        "driver_opts",
        "enable_ipv4",
        "enable_ipv6",
        "external",
        "internal",
        "ipam",
        "labels",
        "name",
    ]
)
VOLUME_KEYS = frozenset(["driver", "driver_opts", "external", "labels", "name"])
HEALTH_KEYS = frozenset(
    ["disable", "interval", "retries", "start_interval", "start_period", "test", "timeout"]
)
BUILD_KEYS = frozenset(
    [
        "context",
        "dockerfile",
        "dockerfile_inline",
        "entitlements",
        "args",
        "ssh",
        "labels",
        "cache_from",
        "cache_to",
        "no_cache",
        "additional_contexts",
        "network",
        "pull",
        "target",
        "shm_size",
        "extra_hosts",
        "isolation",
        "privileged",
        "secrets",
        "tags",
        "ulimits",
        "platforms",
    ]
)
DEPENDS_KEYS = frozenset(("condition", "restart", "required"))

#: field -> the schema type (a name, or several); `*` is any service or top-level name
_TYPES: dict[str, tuple[str, ...]] = {
    "name": ("string",),
    "services": ("object",),
    "networks": ("object",),
    "volumes": ("object",),
    "services.*": ("object",),
    "services.*.image": ("string",),
    "services.*.build": ("string",),  # oneOf: string first
    "services.*.command": ("null",),  # oneOf: null first  # est.
    "services.*.entrypoint": ("null",),  # est.
    "services.*.environment": ("object",),  # list_or_dict: object first
    "services.*.labels": ("object",),
    "services.*.env_file": ("string",),
    "services.*.ports": ("array",),
    "services.*.expose": ("array",),
    "services.*.volumes": ("array",),
    "services.*.networks": ("array",),  # list_of_strings first
    "services.*.depends_on": ("array",),
    "services.*.healthcheck": ("object",),
    "services.*.restart": ("string",),
    "services.*.deploy": ("object",),
    "services.*.profiles": ("array",),
    "services.*.container_name": ("string",),
    "services.*.hostname": ("string",),
    "services.*.user": ("string",),
    "services.*.working_dir": ("string",),
    "services.*.scale": ("integer", "string"),
    "services.*.healthcheck.interval": ("string",),
    "services.*.healthcheck.timeout": ("string",),
    "services.*.healthcheck.start_period": ("string",),
    "services.*.healthcheck.start_interval": ("string",),
    "services.*.healthcheck.retries": ("number", "string"),
    "services.*.healthcheck.disable": ("boolean", "string"),
    "services.*.deploy.replicas": ("integer", "string"),
}
_HUMAN = {"object": "mapping", "array": "list"}


class SchemaError(Exception):
    """One validation failure: `field description` as compose-go prints it."""


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return value is None


def _check_type(field: str, pattern: str, value: Any, oneof_ok: tuple[str, ...] = ()) -> None:
    kinds = _TYPES.get(pattern)
    if kinds is None or any(_type_ok(value, k) for k in (*kinds, *oneof_ok)):
        return
    names = [_HUMAN.get(k, k) for k in kinds]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    raise SchemaError(f"{field} must be a {text}")


def _keys(field: str, value: dict[str, Any], allowed: frozenset[str]) -> None:
    for key in value:
        if key not in allowed and not key.startswith("x-"):
            raise SchemaError(f"{field} Additional property {key} is not allowed")


#: oneOf alternatives that are valid besides the type named in `_TYPES`
_ALSO: dict[str, tuple[str, ...]] = {
    "build": ("object",),
    "command": ("string", "array"),
    "entrypoint": ("string", "array"),
    "environment": ("array",),
    "labels": ("array",),
    "env_file": ("array",),
    "networks": ("object",),
    "depends_on": ("object",),
}


def validate(data: dict[str, Any]) -> None:
    """Raise `SchemaError` for the first problem found (compose-go reports the most specific
    of all; dockersim checks outside in, which agrees for one problem)."""
    _keys("(root)", data, TOP_KEYS)
    for key in ("name", "services", "networks", "volumes"):
        if key in data and data[key] is not None:
            _check_type(key, key, data[key])
    for name, service in (data.get("services") or {}).items():
        field = f"services.{name}"
        if service is None:
            continue
        _check_type(field, "services.*", service)
        _keys(field, service, SERVICE_KEYS)
        for key, value in service.items():
            _check_type(f"{field}.{key}", f"services.*.{key}", value, _ALSO.get(key, ()))
        build = service.get("build")
        if isinstance(build, dict):
            _keys(f"{field}.build", build, BUILD_KEYS)
        health = service.get("healthcheck")
        if isinstance(health, dict):
            _keys(f"{field}.healthcheck", health, HEALTH_KEYS)
            for key, value in health.items():
                _check_type(f"{field}.healthcheck.{key}", f"services.*.healthcheck.{key}", value)
        deploy = service.get("deploy")
        if isinstance(deploy, dict) and "replicas" in deploy:
            _check_type(
                f"{field}.deploy.replicas", "services.*.deploy.replicas", deploy["replicas"]
            )
        depends = service.get("depends_on")
        if isinstance(depends, dict):
            for dep, config in depends.items():
                if isinstance(config, dict):
                    _keys(f"{field}.depends_on.{dep}", config, DEPENDS_KEYS)
    for section, allowed in (("networks", NETWORK_KEYS), ("volumes", VOLUME_KEYS)):
        for name, config in (data.get(section) or {}).items():
            if isinstance(config, dict):
                _keys(f"{section}.{name}", config, allowed)
            elif config is not None:
                raise SchemaError(f"{section}.{name} must be a mapping")
