"""`docker service inspect --pretty`: docker/cli cli/command/service/formatter.go
serviceInspectPrettyTemplate and its serviceInspectContext methods, rendered from the same
document `service inspect` prints (service_json.py), so the two always agree.

The template's whitespace is kept as Go's text/template leaves it: the text opens with a newline,
the tabs are not aligned, `Args:`/`Env:` put a space after every item, `Networks:` and the
ports block end with a space, a log driver block ends with an empty line, and
formatter.Context.Write adds a newline after each service.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from dockersim.build.durations import duration_string
from dockersim.docker.render.gofmt import format_float
from dockersim.model.humanize import bytes_size, human_duration

_NANO = 1_000_000_000


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _list(values: list[Any]) -> str:
    """A []string printed by the template (fmt's `%v`): `[a b]`."""
    return "[" + " ".join(str(v) for v in values) + "]"


def _number(value: float) -> str:
    """A float32/float64 printed with `%v` (`0`, `0.5`, `100`)."""
    return format_float(float(value), "g")


def _seconds(rfc3339: str) -> float:
    """Seconds since the epoch of an RFC 3339 time as the Engine API writes it (ns precision)."""
    stamp, _, frac = rfc3339.rstrip("Z").partition(".")
    moment = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
    return moment.timestamp() + (float("0." + frac) if frac else 0.0)


def _ago(rfc3339: str, now: float) -> str:
    """UpdateStatusStarted / Completed: `units.HumanDuration(time.Since(t)) + " ago"`."""
    return human_duration(now - _seconds(rfc3339)) + " ago"


def _mapping(values: Mapping[str, Any] | None, sep: str, indent: str) -> list[str]:
    """`range $k, $v` over a map (keys sorted), the value only when it is not empty."""
    return [f"{indent}{k}{sep + str(v) if v else ''}" for k, v in sorted((values or {}).items())]


def _head(service: dict[str, Any], now: float) -> list[str]:
    """ID, Name, Labels, Service Mode, UpdateStatus, Placement."""
    spec = service["Spec"]
    out = ["", f"ID:\t\t{service['ID']}", f"Name:\t\t{spec.get('Name', '')}"]
    if spec.get("Labels"):
        out += ["Labels:", *_mapping(spec["Labels"], "=", " ")]
    mode = spec.get("Mode", {})
    if "Global" in mode:
        out.append("Service Mode:\tGlobal")
    elif "Replicated" in mode:
        out.append("Service Mode:\tReplicated")
        replicas = mode["Replicated"].get("Replicas")
        if replicas is not None:
            out.append(f" Replicas:\t{replicas}")
    else:
        out.append("Service Mode:")
    status = service.get("UpdateStatus") or {}
    if status.get("State"):
        out += ["UpdateStatus:", f" State:\t\t{status['State']}"]
        if status.get("StartedAt"):
            out.append(f" Started:\t{_ago(status['StartedAt'], now)}")
        if status["State"] == "completed" and status.get("CompletedAt"):
            out.append(f" Completed:\t{_ago(status['CompletedAt'], now)}")
        out.append(f" Message:\t{status.get('Message', '')}")
    out.append("Placement:")
    placement = spec.get("TaskTemplate", {}).get("Placement") or {}
    if placement.get("Constraints"):
        out.append(f" Constraints:\t{_list(placement['Constraints'])}")
    spreads = [
        "spread=" + p["Spread"].get("SpreadDescriptor", "")
        for p in placement.get("Preferences") or []
        if p.get("Spread") is not None
    ]
    if spreads:
        out.append(f" Preferences:   {_list(spreads)}")
    if placement.get("MaxReplicas"):
        out.append(f" Max Replicas Per Node:   {placement['MaxReplicas']}")
    return out


def _update(config: dict[str, Any] | None, title: str, order: str) -> list[str]:
    """UpdateConfig / RollbackConfig: Delay and Monitoring Period only when above zero."""
    if config is None:
        return []
    out = [f"{title}:", f" Parallelism:\t{config.get('Parallelism', 0)}"]
    if config.get("Delay", 0) > 0:
        out.append(f" Delay:\t\t{duration_string(config['Delay'])}")
    out.append(f" On failure:\t{config.get('FailureAction', '')}")
    if config.get("Monitor", 0) > 0:
        out.append(f" Monitoring Period: {duration_string(config['Monitor'])}")
    out.append(f" Max failure ratio: {_number(config.get('MaxFailureRatio', 0))}")
    out.append(f" {order} order:{' ' * (12 - len(order))}{config.get('Order', '')}")
    return out


def _container(template: dict[str, Any]) -> list[str]:
    """ContainerSpec, Capabilities, SysCtls, Ulimits, Mounts, Configs, Secrets."""
    spec = template.get("ContainerSpec") or {}
    out = ["ContainerSpec:", f" Image:\t\t{spec.get('Image', '')}"]
    if spec.get("Args"):
        out.append(" Args:\t\t" + "".join(f"{arg} " for arg in spec["Args"]))
    if spec.get("Env"):
        out.append(" Env:\t\t" + "".join(f"{env} " for env in spec["Env"]))
    if spec.get("Dir"):
        out.append(f" Dir:\t\t{spec['Dir']}")
    if spec.get("Init") is not None:
        out.append(f" Init:\t\t{_bool(spec['Init'])}")
    if spec.get("User"):
        out.append(f" User: {spec['User']}")
    add, drop = spec.get("CapabilityAdd") or [], spec.get("CapabilityDrop") or []
    if add or drop:
        out.append("Capabilities:")
        if add:
            out.append(" Add: " + ", ".join(add))
        if drop:
            out.append(" Drop: " + ", ".join(drop))
    if spec.get("Sysctls"):
        out += ["SysCtls:", *_mapping(spec["Sysctls"], ": ", " ")]
    if spec.get("Ulimits"):
        limits = {u["Name"]: f"{u.get('Soft', 0)}:{u.get('Hard', 0)}" for u in spec["Ulimits"]}
        out += ["Ulimits:", *(f" {k}: {v}" for k, v in sorted(limits.items()))]
    if spec.get("Mounts"):
        out.append("Mounts:")
    for mount in spec.get("Mounts") or []:
        out += [
            f" Target:\t{mount.get('Target', '')}",
            f"  Source:\t{mount.get('Source', '')}",
            f"  ReadOnly:\t{_bool(mount.get('ReadOnly'))}",
            f"  Type:\t\t{mount.get('Type', '')}",
        ]
    for key in ("Config", "Secret"):
        if spec.get(key + "s"):
            out.append(f"{key}s:")
            for ref in spec[key + "s"]:
                name = (ref.get("File") or {}).get("Name", "")
                out += [f" Target:\t{name}", f"  Source:\t{ref.get(key + 'Name', '')}"]
    return out


def _log_driver(driver: dict[str, Any] | None) -> list[str]:
    """Log Driver: its block ends with the template's newline (an empty line)."""
    if driver is None:
        return []
    out = ["Log Driver:"]
    if driver.get("Name"):
        out.append(f" Name:\t\t{driver['Name']}")
    if driver.get("Options"):
        out += [" LogOpts:", *_mapping(driver["Options"], ":       ", "  ")]
    return [*out, ""]


def _resources(resources: dict[str, Any] | None) -> list[str]:
    """Resources: CPUs as NanoCPUs / 1e9, memory with go-units BytesSize; PIDs outside."""
    out: list[str] = []
    limits = (resources or {}).get("Limits") or {}
    if resources is not None:
        out.append("Resources:")
        for title, part in (("Reservations", "Reservations"), ("Limits", "Limits")):
            values = resources.get(part) or {}
            cpus, memory = values.get("NanoCPUs", 0), values.get("MemoryBytes", 0)
            pids = values.get("Pids", 0) if part == "Limits" else 0
            if cpus > 0 or memory > 0 or pids > 0:
                out.append(f" {title}:")
                if cpus > 0:
                    out.append(f"  CPU:\t\t{_number(cpus / _NANO)}")
                if memory:
                    out.append(f"  Memory:\t{bytes_size(memory)}")
    if limits.get("Pids", 0) > 0:
        out.append(f"  PIDs:\t\t{limits['Pids']}")
    return out


def _endpoint(service: dict[str, Any], networks: Mapping[str, str]) -> list[str]:
    """Networks (names resolved as `network inspect` would), Endpoint Mode, Ports."""
    spec = service["Spec"]
    out: list[str] = []
    targets = [n.get("Target", "") for n in spec.get("TaskTemplate", {}).get("Networks") or []]
    if targets:
        out.append("Networks:" + "".join(f" {networks.get(t, t)}" for t in targets) + " ")
    out.append(f"Endpoint Mode:\t{(spec.get('EndpointSpec') or {}).get('Mode', '')}")
    ports = (service.get("Endpoint") or {}).get("Ports") or []
    if ports:
        out.append("Ports:")
        for port in ports:
            out += [
                f" PublishedPort = {port.get('PublishedPort', 0)}",
                f"  Protocol = {port.get('Protocol', '')}",
                f"  TargetPort = {port.get('TargetPort', 0)}",
                f"  PublishMode = {port.get('PublishMode', '')}",
            ]
        out[-1] += " "
    return out


def _healthcheck(health: dict[str, Any] | None) -> list[str]:
    if health is None:
        return []
    out = [
        " Healthcheck:",
        f"  Interval = {duration_string(health.get('Interval', 0))}",
        f"  Retries = {health.get('Retries', 0)}",
        f"  StartPeriod =\t{duration_string(health.get('StartPeriod', 0))}",
        f"  Timeout =\t{duration_string(health.get('Timeout', 0))}",
    ]
    if health.get("Test"):
        out += ["  Tests:", *(f"\t Test = {test}" for test in health["Test"])]
        out[-1] += " "
    return out


def service_pretty(service: dict[str, Any], networks: Mapping[str, str], now: float) -> str:
    """One service's pretty text: `service` is the inspect document, `networks` maps network
    IDs to names, `now` (epoch seconds) dates the update status."""
    spec = service["Spec"]
    template = spec.get("TaskTemplate", {})
    lines = [
        *_head(service, now),
        *_update(spec.get("UpdateConfig"), "UpdateConfig", "Update"),
        *_update(spec.get("RollbackConfig"), "RollbackConfig", "Rollback"),
        *_container(template),
        *_log_driver(template.get("LogDriver")),
        *_resources(template.get("Resources")),
        *_endpoint(service, networks),
        *_healthcheck((template.get("ContainerSpec") or {}).get("Healthcheck")),
    ]
    return "\n".join(lines) + "\n\n"
