"""`docker compose config`: the project in compose-go's canonical form (types.Project
MarshalYAML, go-yaml v3 with an indent of 2).

The top level is `name`, `services` (by name), `networks`, `volumes`; a service's keys come
in the order of compose-go's ServiceConfig fields; defaults are filled in (the `default`
network, `depends_on` with `condition` and `required`, ports and volumes in their long
forms, `build.dockerfile`), paths are absolute, `environment` is resolved (env_file read in)
and `$` is written `$$` (cmd/compose/config.go escapeDollarSign).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersim.compose.model import Project, Service
    from dockersim.model.machine import Machine

#: types.ServiceConfig's fields in order (yaml tags), the ones dockersim renders
_ORDER = (
    "profiles", "build", "command", "container_name", "depends_on", "deploy", "entrypoint",
    "environment", "expose", "hostname", "healthcheck", "image", "labels", "networks",
    "ports", "restart", "scale", "user", "volumes", "working_dir",
)  # fmt: skip
_HEALTH_ORDER = ("test", "timeout", "interval", "retries", "start_period", "start_interval",
                 "disable")  # fmt: skip


def _duration(text: str) -> str:
    """A Go time.Duration's String() (`1m30s`, `500ms`)."""
    from dockersim.compose.up import go_duration

    ns = go_duration(text, "healthcheck")
    if ns == 0:
        return "0s"
    if ns < 10**9:
        for unit, size in (("ms", 10**6), ("µs", 10**3), ("ns", 1)):
            if ns >= size:
                return f"{ns / size:g}{unit}"
    hours, rest = divmod(ns, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    seconds = f"{rest / 10**9:.9f}".rstrip("0").rstrip(".")
    out = f"{hours}h" if hours else ""
    if hours or minutes:
        out += f"{minutes}m"
    return out + f"{seconds}s"


def _service(machine: Machine, project: Project, service: Service) -> dict[str, Any]:
    from dockersim.compose.file import env_file_values

    raw = service.raw
    out: dict[str, Any] = {}
    if service.profiles:
        out["profiles"] = list(service.profiles)
    if service.build is not None:
        build: dict[str, Any] = {"context": service.build.context,
                                 "dockerfile": service.build.dockerfile}  # fmt: skip
        if service.build.args:
            build["args"] = dict(sorted(service.build.args))
        if service.build.target:
            build["target"] = service.build.target
        out["build"] = build
    if service.command is not None:
        out["command"] = list(service.command)
    if service.container_name:
        out["container_name"] = service.container_name
    if service.depends_on:
        out["depends_on"] = {
            d.service: {"condition": d.condition, **({"restart": True} if d.restart else {}),
                        "required": d.required}
            for d in sorted(service.depends_on, key=lambda d: d.service)
        }  # fmt: skip
    if isinstance(raw.get("deploy"), dict) and raw["deploy"]:
        out["deploy"] = raw["deploy"]
    if service.entrypoint is not None:
        out["entrypoint"] = list(service.entrypoint)
    env: dict[str, str | None] = dict(env_file_values(machine, service.env_files))
    env.update(dict(service.environment))
    if env:
        out["environment"] = dict(sorted(env.items()))
    if service.expose:
        out["expose"] = list(service.expose)
    if service.hostname:
        out["hostname"] = service.hostname
    if service.healthcheck:
        health = service.healthcheck
        test = health.get("test")
        rendered: dict[str, Any] = {}
        for key in _HEALTH_ORDER:
            if key not in health or health[key] is None:
                continue
            value = health[key]
            if key == "test":
                value = ["CMD-SHELL", test] if isinstance(test, str) else list(test or [])
            elif key in ("timeout", "interval", "start_period", "start_interval"):
                value = _duration(str(value))
            rendered[key] = value
        out["healthcheck"] = rendered
    if service.image:
        out["image"] = service.image
    if service.labels:
        out["labels"] = dict(sorted(service.labels))
    out["networks"] = {
        key: {"aliases": list(aliases)} if aliases else None
        for key, aliases in sorted(service.networks)
    }
    if service.ports:
        out["ports"] = [p for spec in service.ports for p in _ports(spec)]
    if service.restart:
        out["restart"] = service.restart
    if "scale" in raw:
        out["scale"] = raw["scale"]
    if service.user:
        out["user"] = service.user
    if service.volumes:
        out["volumes"] = [_volume(project, m) for m in service.volumes]
    if service.working_dir:
        out["working_dir"] = service.working_dir
    return {key: out[key] for key in _ORDER if key in out}


def _ports(spec: str) -> list[dict[str, Any]]:
    """types.ParsePortConfig: one long form per port of a range, mode ingress."""
    from dockersim.compose.model import ComposeError
    from dockersim.docker.commands.run_opts import OptionError, parse_publish

    try:
        bindings = parse_publish(spec)
    except OptionError as exc:
        raise ComposeError(exc.message) from None
    out = []
    for host_ip, host_port, port, proto in bindings:
        entry: dict[str, Any] = {"mode": "ingress"}
        if host_ip:
            entry["host_ip"] = host_ip
        entry["target"] = port
        if host_port:
            entry["published"] = str(host_port)
        entry["protocol"] = proto
        out.append(entry)
    return out


def _volume(project: Project, mount: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": mount.kind}
    if mount.source:
        entry["source"] = mount.source
    entry["target"] = mount.target
    if mount.read_only:
        entry["read_only"] = True
    if mount.kind == "bind":
        entry["bind"] = {"create_host_path": True}
    elif mount.kind == "volume":
        entry["volume"] = {}
    return entry


def config_yaml(machine: Machine, project: Project) -> str:
    data: dict[str, Any] = {"name": project.name, "services": {}}
    for service in sorted(project.services, key=lambda s: s.name):
        data["services"][service.name] = _service(machine, project, service)
    if project.networks:
        data["networks"] = {
            n.key: {"name": n.name, **({"external": True} if n.external else {})}
            for n in sorted(project.networks, key=lambda n: n.key)
        }
    if project.volumes:
        data["volumes"] = {
            v.key: {"name": v.name, **({"external": True} if v.external else {})}
            for v in sorted(project.volumes, key=lambda v: v.key)
        }
    return "".join(_emit(data, 0)).replace("$", "$$")


#: plain scalars go-yaml would read back as something other than a string
_NOT_STRING = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On"
    r"|ON|off|Off|OFF|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<)$"
)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text == "" or _NOT_STRING.match(text) or "\n" in text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if (
        (
            text[0] in "-?:,[]{}#&*!|>'\"%@`"
            and not (text[0] == "-" and len(text) > 1 and text[1] != " ")
        )
        or ": " in text
        or " #" in text
        or text != text.strip()
        or text.endswith(":")
    ):
        return "'" + text.replace("'", "''") + "'"
    return text


def _emit(value: Any, indent: int) -> list[str]:
    """go-yaml v3 block style, indent 2 (sequences indented under their key)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{pad}{_scalar(key)}:"
            if (isinstance(item, dict) and item) or (isinstance(item, list) and item):
                lines.append(head + "\n")
                lines.extend(_emit(item, indent + 2))
            elif isinstance(item, (dict, list)):
                lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}\n")
            else:
                lines.append(f"{head} {_scalar(item)}\n")
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            inner = _emit(item, indent + 2)
            inner[0] = f"{pad}- " + inner[0][indent + 2 :]
            lines.extend(inner)
        else:
            lines.append(f"{pad}- {_scalar(item)}\n")
    return lines
