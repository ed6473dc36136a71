"""Checks on volumes, networks, published ports, HTTP and DNS.

These read what the engine's networking and volume areas provide: `engine.world.volumes`,
`engine.world.networks`, `engine.http(url, source=None)` (a response with `status`, `headers`,
`body`; raises when the connection is refused or the host unreachable) and
`engine.dns(name, source=container) -> list[str]`. An engine without them answers every such
check with a failure saying it is "not supported by this engine yet". Field names follow goss
(`status`, `body`, `headers`, `resolvable`, `addrs`, `listening`, `ip`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dockersim.errors import DockerError
from dockersim.scenario.checks.base import (
    NOT_SUPPORTED,
    Fields,
    Mismatch,
    compare,
    compare_map,
    register,
    show,
)
from dockersim.scenario.compound import Field, ListOf, MapOf
from dockersim.scenario.matchers import SHAPE as MATCHER
from dockersim.scenario.matchers import Matcher
from dockersim.scenario.shape import Boolean, Integer, Text

if TYPE_CHECKING:
    from dockersim.engine import Engine

_NAME = Text(nonempty=True)
_EXISTS = Boolean(doc="false: it must not exist (default true)")


def _find(table: Any, name: str) -> Any:
    """An entity by key, by `.name`, or by unique ID prefix."""
    if not isinstance(table, Mapping):
        return None
    if name in table:
        return table[name]
    for item in table.values():
        if getattr(item, "name", None) == name:
            return item
    matches = [v for k, v in table.items() if isinstance(k, str) and k.startswith(name)]
    return matches[0] if len(matches) == 1 else None


def _describe_named(what: str) -> Any:
    def describe(f: Fields) -> str:
        if f.get("exists") is False:
            return f"{what} {f['name']} does not exist"
        phrases = {"driver": "has driver", "labels": "has labels", "containers": "connects"}
        parts = [f"{phrase} {show(f[key])}" for key, phrase in phrases.items() if key in f]
        return f"{what} {f['name']} " + (", ".join(parts) if parts else "exists")

    return describe


def _entity(engine: Engine, attr: str, what: str, f: Fields) -> tuple[Any, list[Mismatch]]:
    """The volume or network `f["name"]`: by the engine's own lookup (`volume_get`,
    `network_get`) when it has one, else from `engine.world.<attr>`."""
    lookup = getattr(engine, f"{what}_get", None)
    table = getattr(engine.world, attr, None)
    if lookup is None and table is None:
        return None, [Mismatch(f"{what} checks are {NOT_SUPPORTED}")]
    if lookup is not None:
        try:
            found = lookup(f["name"])
        except DockerError:
            found = None
    else:
        found = _find(table, f["name"])
    if f.get("exists", True) is False:
        bad = [Mismatch(f"{what} {f['name']} exists", "absent", "present")] if found else []
        return None, bad
    if found is None:
        return None, [Mismatch(f"there is no {what} {f['name']}", "present", "absent")]
    return found, []


@register(
    "volume",
    "a volume",
    (
        Field("name", _NAME, required=True),
        Field("exists", _EXISTS),
        Field("driver", Text()),
        Field("labels", MapOf(Text())),
    ),
    _describe_named("volume"),
)
def volume(engine: Engine, f: Fields) -> list[Mismatch]:
    found, out = _entity(engine, "volumes", "volume", f)
    if found is None:
        return out
    if "driver" in f:
        out += compare("driver", f["driver"], getattr(found, "driver", "local"))
    if "labels" in f:
        out += compare_map("label", f["labels"], dict(getattr(found, "labels", {}) or {}))
    return out


@register(
    "network",
    "a network and the containers attached to it",
    (
        Field("name", _NAME, required=True),
        Field("exists", _EXISTS),
        Field("driver", Text()),
        Field("containers", ListOf(Text(), doc="containers that must be attached (by name)")),
    ),
    _describe_named("network"),
)
def network(engine: Engine, f: Fields) -> list[Mismatch]:
    found, out = _entity(engine, "networks", "network", f)
    if found is None:
        return out
    if "driver" in f:
        out += compare("driver", f["driver"], getattr(found, "driver", ""))
    if "containers" in f:
        attached = getattr(found, "endpoints", getattr(found, "containers", None))
        if attached is None:
            return [*out, Mismatch(f"attached containers are {NOT_SUPPORTED}")]
        names = set()
        for ref in attached:
            try:
                names.add(engine.container_get(str(ref)).display_name)
            except DockerError:
                names.add(str(ref))
        for name in f["containers"]:
            if name not in names:
                out.append(Mismatch(f"{name} is not attached", name, show(sorted(names))))
    return out


def _describe_port(f: Fields) -> str:
    port = f"{f.get('protocol', 'tcp')} port {f['port']} on the host"
    listening = "is published" if f.get("listening", True) else "is not published"
    extra = f" on {f['ip']}" if "ip" in f else ""
    by = f" by container {f['container']}" if "container" in f else ""
    return f"{port} {listening}{extra}{by}"


@register(
    "port",
    "a port on the host that a container publishes (`-p`)",
    (
        Field("port", Integer(minimum=1, maximum=65535), required=True),
        Field("protocol", Text(enum=("tcp", "udp"))),
        Field("listening", Boolean(doc="default true")),
        Field("ip", Text(doc="the host address it is bound to, e.g. 0.0.0.0")),
        Field("container", Text(doc="the container that publishes it")),
    ),
    _describe_port,
)
def port(engine: Engine, f: Fields) -> list[Mismatch]:
    proto, number = f.get("protocol", "tcp"), f["port"]
    owners: list[tuple[str, str]] = []
    for item in engine.world.containers.values():
        bound = getattr(item, "ports", None)
        if bound is None:
            return [Mismatch(f"port checks are {NOT_SUPPORTED}")]
        if not item.state.running:
            continue
        for host_ip, host_port, _, item_proto in bound:
            if int(host_port) == number and item_proto == proto:
                owners.append((item.display_name, host_ip or "0.0.0.0"))
    if not f.get("listening", True):
        return [Mismatch(f"{owners[0][0]} publishes it", "closed", "open")] if owners else []
    if not owners:
        return [Mismatch("no running container publishes it", "open", "closed")]
    out: list[Mismatch] = []
    names = {name for name, _ in owners}
    if "container" in f and f["container"] not in names:
        out.append(Mismatch(f"it is published by {owners[0][0]}", f["container"], owners[0][0]))
    if "ip" in f and f["ip"] not in {ip for _, ip in owners}:
        out.append(Mismatch(f"it is bound to {owners[0][1]}", f["ip"], owners[0][1]))
    return out


def _describe_http(f: Fields) -> str:
    parts = []
    if "status" in f:
        parts.append(f"answers {f['status']}")
    if "body" in f:
        parts.append(Matcher.parse(f["body"]).describe("body"))
    for name, value in (f.get("headers") or {}).items():
        parts.append(f"with {name}: {value}")
    source = f" from {f['from']}" if "from" in f else ""
    return f"GET {f['url']}{source} " + (", ".join(parts) if parts else "answers")


def _source(engine: Engine, f: Fields) -> tuple[str | None, list[Mismatch]]:
    """The ID of the container named in `from` (None: the host)."""
    if "from" not in f:
        return None, []
    try:
        return engine.container_get(f["from"]).id, []
    except DockerError:
        return None, [Mismatch(f"there is no container {f['from']}")]


@register(
    "http",
    "an HTTP GET, from the host or from a container",
    (
        Field("url", Text(pattern="https?://.+", pattern_doc="an http:// URL"), required=True),
        Field("status", Integer(minimum=100, maximum=599, range_doc="HTTP status codes")),
        Field("body", MATCHER),
        Field("headers", MapOf(Text(), doc="headers whose value must contain this text")),
        Field("from", Text(doc="a container to send the request from (default: the host)")),
    ),
    _describe_http,
    lambda f: Matcher.parse(f["body"]).contradiction() if "body" in f else None,
)
def http(engine: Engine, f: Fields) -> list[Mismatch]:
    fetch = getattr(engine, "http", None)
    if fetch is None:
        return [Mismatch(f"http checks are {NOT_SUPPORTED}")]
    source, out = _source(engine, f)
    if out:
        return out
    try:
        response = fetch(f["url"], source=source)
    except Exception as exc:  # any refusal is a failed check, said in words
        return [Mismatch(f"no response: {exc}", "a response", "no response")]
    if "status" in f:
        out += compare("status", f["status"], getattr(response, "status", None))
    if "body" in f:
        body = getattr(response, "body", b"")
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        matcher = Matcher.parse(f["body"])
        why = matcher.mismatch(text, "the body")
        if why is not None:
            out.append(Mismatch(why, matcher.expected(), text))
    headers = getattr(response, "headers", {}) or {}
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    got = {str(k).lower(): str(v) for k, v in pairs}
    for name, value in (f.get("headers") or {}).items():
        have = got.get(name.lower())
        if have is None or value not in have:
            out.append(Mismatch(f"header {name} is {show(have or '')}", value, have or ""))
    return out


def _describe_dns(f: Fields) -> str:
    source = f" in {f['from']}"
    if f.get("resolvable") is False:
        return f"{f['name']} does not resolve{source}"
    addrs = f" to {show(f['addrs'])}" if "addrs" in f else ""
    return f"{f['name']} resolves{source}{addrs}"


@register(
    "dns",
    "a name looked up from a container (Docker's embedded DNS on user-defined networks)",
    (
        Field("name", _NAME, required=True),
        Field("from", Text(doc="the container that looks the name up"), required=True),
        Field("resolvable", Boolean(doc="default true")),
        Field("addrs", ListOf(Text(), doc="exactly these addresses (any order)")),
    ),
    _describe_dns,
    lambda f: (
        "a name that does not resolve has no addresses"
        if f.get("resolvable") is False and "addrs" in f
        else None
    ),
)
def dns(engine: Engine, f: Fields) -> list[Mismatch]:
    lookup = getattr(engine, "dns", None)
    if lookup is None:
        return [Mismatch(f"dns checks are {NOT_SUPPORTED}")]
    source, out = _source(engine, f)
    if out:
        return out
    try:
        addrs = [str(a) for a in lookup(f["name"], source=source)]
    except Exception as exc:  # a failed lookup is an answer, not a crash
        addrs, why = [], str(exc)
    else:
        why = "no addresses"
    if f.get("resolvable", True) is False:
        return (
            [Mismatch(f"it resolves to {show(addrs)}", "unresolvable", show(addrs))]
            if addrs
            else []
        )
    if not addrs:
        return [Mismatch(f"{f['name']} does not resolve ({why})", "resolvable", "unresolvable")]
    if "addrs" in f and sorted(f["addrs"]) != sorted(addrs):
        return [Mismatch(f"it resolves to {show(addrs)}", show(f["addrs"]), show(addrs))]
    return []
