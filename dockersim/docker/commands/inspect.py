"""`docker inspect` and `docker image inspect` (docker/cli cli/command/inspect/inspector.go).

Without `--format` the objects are printed as one JSON array indented with four spaces, with
`<`, `>`, `&` escaped as Go's encoder does; with a template, the template runs once per object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import attrs

from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.docker.render import template
from dockersim.docker.render.inspect_json import (
    TextRows,
    compact_json,
    image_inspect_json,
    image_template_view,
    indent_json,
)
from dockersim.errors import NotFound
from dockersim.model.network import Network

#: the JSON document, and what makes the typed view templates see (only a --format needs it)
Found = tuple[dict[str, Any], Callable[[], Any]]
Getter = Callable[[Context, str], Found]
TYPES = ("config", "container", "image", "network", "node", "plugin", "secret", "service",
         "task", "volume")  # fmt: skip


@attrs.frozen
class ImageInspectOptions(Options):
    format: str
    platform: str


def run_image_inspect(ctx: Context, opts: ImageInspectOptions) -> None:
    getter = _image_getter(opts.platform, size=False)
    inspect_objects(ctx, opts.format, opts.args, [getter], kind="image")


@attrs.frozen
class ContainerInspectOptions(Options):
    format: str


def run_container_inspect(ctx: Context, opts: ContainerInspectOptions) -> None:
    inspect_objects(ctx, opts.format, opts.args, [_container], kind="container")


@attrs.frozen
class InspectOptions(Options):
    format: str
    type: str
    size: bool


def run_inspect(ctx: Context, opts: InspectOptions) -> None:
    """Generic inspect: a container, then an image, network, volume (or only `--type`)."""
    kind = opts.type
    if kind and kind not in TYPES:
        raise ctx.fail(
            f'unknown type: "{kind}": must be one of ' + ", ".join(f'"{t}"' for t in TYPES)
        )
    image = _image_getter("", opts.size)
    by_kind: dict[str, list[Getter]] = {
        "container": [_container],
        "image": [image],
        "network": [_network],
        "volume": [_volume],
    }
    if kind == "image" and opts.size:
        ctx.err("WARNING: --size ignored for image\n")
    getters = by_kind.get(kind, [_container, image, _network, _volume])
    inspect_objects(ctx, opts.format, opts.args, getters, kind=kind or "object")


def _image_getter(platform: str, size: bool) -> Getter:
    """Finds an image for `--platform` (image inspect); `--size` (inspect) is warned about."""

    def image(ctx: Context, name: str) -> Found:
        from dockersim.docker.commands.platforms import parse_platform

        engine = ctx.engine
        found = engine.image_get(name, parse_platform(ctx, platform))
        if size:
            ctx.err("WARNING: --size ignored for image\n")
        return image_inspect_json(engine, found), lambda: image_template_view(engine, found)

    return image


def _container(ctx: Context, name: str) -> Found:
    from dockersim.docker.render.container_json import container_inspect_json

    engine = ctx.engine
    document = container_inspect_json(engine, engine.container_inspect(name))
    return document, lambda: _container_view(document)


def _container_view(document: dict[str, Any]) -> Any:
    """The typed `InspectResponse`: a container without a health check has a nil
    `State.Health` pointer (`<nil>`, and `nil pointer evaluating` for its fields)."""
    from dockersim.build.durations import duration_string

    view = template_data(document)
    state = view.get("State")
    if isinstance(state, template.GoStruct) and "Health" not in state:
        state["Health"] = template.GoNil("*container.Health")
    elif isinstance(state, template.GoStruct) and isinstance(state["Health"], dict):
        health = template.GoStruct("*container.Health", state["Health"])
        state["Health"] = health
        health["Log"] = [  # []*HealthcheckResult: pointers, times as time.Time
            template.GoStruct(
                "*container.HealthcheckResult",
                {
                    **result,
                    "Start": _go_time(str(result["Start"])),
                    "End": _go_time(str(result["End"])),
                },
            )
            for result in cast("list[dict[str, Any]]", health["Log"])
        ]
    config = view.get("Config")
    check = config.get("Healthcheck") if isinstance(config, template.GoStruct) else None
    if isinstance(config, template.GoStruct) and isinstance(check, dict):
        fields: dict[str, object] = {"Test": check.get("Test", template.NIL_SLICE)}
        for key in ("Interval", "Timeout", "StartPeriod", "StartInterval"):
            value = check.get(key, 0)
            fields[key] = template.GoDuration(value, duration_string(value))
        fields["Retries"] = check.get("Retries", 0)
        config["Healthcheck"] = template.GoStruct(
            "*container.HealthConfig", fields, omitempty=fields
        )
    return view


def _go_time(stamp: str) -> Any:
    """An RFC 3339 time as a template's time.Time (Go's String() when printed)."""
    date, _, rest = stamp.partition("T")
    return template.GoTime(f"{date} {rest.rstrip('Z')} +0000 UTC", stamp)


def _network(ctx: Context, name: str) -> Found:
    document = network_json(ctx, ctx.engine.network_get(name))
    return document, lambda: template_data(document)


#: id(network) -> (the network, its endpoints table, the revision, the subnet, `Containers`)
_CONTAINERS: dict[int, tuple[Network, object, int, str, TextRows]] = {}


def _network_containers(ctx: Context, network: Network) -> TextRows:
    """`Containers` of a network's inspect document: made again only when a network or an
    endpoint changed since (the engine's network revision), its text written once."""
    engine = ctx.engine
    revision = engine.network_revision()
    known = _CONTAINERS.get(id(network))
    if (
        known is not None
        and known[0] is network
        and known[1] is network.endpoints
        and known[2] == revision
        and known[3] == network.subnet
    ):
        return known[4]
    containers = {}
    prefix = "/" + network.subnet.partition("/")[2]
    for cid, endpoint in sorted(network.endpoints.items()):
        container = engine.container_by_id(cid)
        containers[cid] = {
            "Name": container.display_name if container else cid[:12],
            "EndpointID": endpoint.endpoint_id,
            "MacAddress": endpoint.mac,
            "IPv4Address": endpoint.ip + prefix if endpoint.ip else "",
            "IPv6Address": "",
        }
    rows = TextRows(containers)
    if len(_CONTAINERS) > 64:
        _CONTAINERS.clear()
    _CONTAINERS[id(network)] = (network, network.endpoints, revision, network.subnet, rows)
    return rows


def network_json(ctx: Context, network: Network) -> dict[str, Any]:
    engine = ctx.engine
    containers = _network_containers(ctx, network)
    config = [{"Subnet": network.subnet, "Gateway": network.gateway}] if network.subnet else []
    if config and network.ip_range:
        config[0]["IPRange"] = network.ip_range
    return {
        "Name": network.name,
        "Id": network.id,
        "Created": engine.rfc3339(network.created),
        "Scope": network.scope,
        "Driver": network.driver,
        "EnableIPv4": network.driver != "null",
        "EnableIPv6": False,
        "IPAM": {
            "Driver": "default",
            "Options": None,
            "Config": config,
        },
        "Internal": network.internal,
        "Attachable": network.attachable,
        "Ingress": network.ingress,
        "ConfigFrom": {"Network": ""},
        "ConfigOnly": False,
        "Containers": containers,
        "Options": dict(network.options),
        "Labels": dict(network.labels),
    }


def _volume(ctx: Context, name: str) -> Found:
    document = ctx.engine.volume_inspect_json(name)
    return document, lambda: template_data(document)


def inspect_objects(
    ctx: Context, fmt: str, names: Sequence[str], getters: list[Getter], kind: str
) -> None:
    """inspector.go: print what was found, then every error joined by newlines; exit 1.

    `fmt` is `--format`; `names` the objects asked for, each tried with `getters` in turn. A
    template runs on the typed object; if that fails it is tried again on the raw JSON with
    missingkey=error, and a second failure is reported as a template error (exit 1).
    """
    tmpl = None
    if fmt and fmt != "json":
        _, text = template.prepare_format(fmt)
        try:
            tmpl = template.parse(text)
        except template.TemplateError as exc:
            raise ctx.fail(f"template parsing error: {exc}", 64) from None
    found: list[Found] = []
    failures: list[str] = []
    for name in names:
        result = None
        last_error: NotFound | None = None
        for getter in getters:
            try:
                result = getter(ctx, name)
                break
            except NotFound as exc:
                last_error = exc
        if result is None:
            if kind == "object":
                failures.append(f"error: no such object: {name}")
            elif kind == "service":  # service/inspect.go: the CLI's own sentence
                failures.append(str(last_error))
            else:
                failures.append(daemon_text(last_error))
        else:
            found.append(result)
    if tmpl is not None:
        printed = 0
        for document, view in found:
            try:
                ctx.out(tmpl.execute(view()) + "\n")
                printed += 1
                continue
            except template.TemplateError:
                pass
            try:
                ctx.out(tmpl.execute(document, missing_key_error=True) + "\n")
                printed += 1
            except template.TemplateError as exc:
                if not printed:
                    ctx.out("\n")
                raise ctx.fail(f"template parsing error: {exc}") from None
        if not found:
            ctx.out("\n")
    elif fmt == "json":
        ctx.out(compact_json([d for d, _ in found]) + "\n")
    else:
        ctx.out(indent_json([d for d, _ in found]) + "\n")
    if failures:
        ctx.err("\n".join(failures) + "\n")
        ctx.exit_code = 1


_SLICE_FIELDS = {
    "Env", "Cmd", "Entrypoint", "OnBuild", "Shell", "RepoTags", "RepoDigests", "Args",
    "Aliases", "DNSNames", "Binds", "Links", "ExecIDs", "CapAdd", "CapDrop",
}  # fmt: skip
_MAP_FIELDS = {"ExposedPorts", "Volumes", "Labels"}
#: Objects keyed by data (Go maps): a template prints them sorted; every other object is a
#: struct and keeps the API's field order.
_MAPS = {
    "Labels", "ExposedPorts", "Volumes", "Ports", "Networks", "Containers", "Options", "Data",
    "DriverOpts", "Config", "Status",
}  # fmt: skip


def template_data(value: Any, key: str = "") -> Any:
    """The inspect document as Go values: structs keep their order, a null slice prints
    `[]`, a null map `map[]`."""
    if isinstance(value, dict):
        converted = {k: template_data(v, k) for k, v in value.items()}
        is_map = key in _MAPS and not (key == "Config" and "Hostname" in value)
        if key == "Config" and ("Env" in value or "Cmd" in value or not value):
            is_map = False
        return converted if is_map else template.GoStruct(key or "inspect", converted)
    if isinstance(value, list):
        return [template_data(v) for v in value]
    if value is None:
        if key in _SLICE_FIELDS:
            return template.NIL_SLICE
        if key in _MAP_FIELDS:
            return template.NIL_MAP
    return value
