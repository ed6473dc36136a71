"""`docker inspect` and `docker image inspect` (docker/cli cli/command/inspect/inspector.go).

Without `--format` the objects are printed as one JSON array indented with four spaces, with
`<`, `>`, `&` escaped as Go's encoder does; with a template, the template runs once per object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dockersim.docker.context import Context
from dockersim.docker.render import template
from dockersim.docker.render.inspect_json import compact_json, image_inspect_json, indent_json
from dockersim.errors import NotFound


def run_image_inspect(ctx: Context, opts: Any) -> None:
    _inspect(ctx, opts, [_image], kind="image")


def run_container_inspect(ctx: Context, opts: Any) -> None:
    _inspect(ctx, opts, [_container], kind="container")


def run_inspect(ctx: Context, opts: Any) -> None:
    """Generic inspect: a container first, then an image (or only the `--type` given)."""
    kind = str(opts.values.get("type") or "")
    by_kind: dict[str, list[Callable[[Context, str], dict[str, Any]]]] = {
        "container": [_container],
        "image": [_image],
        "": [_container, _image],
    }
    _inspect(ctx, opts, by_kind.get(kind, [_container, _image]), kind="object")


def _container(ctx: Context, name: str) -> dict[str, Any]:
    from dockersim.docker.render.container_json import container_inspect_json

    engine = ctx.engine
    engine.settle()
    return container_inspect_json(engine, engine.container_get(name))


def _image(ctx: Context, name: str) -> dict[str, Any]:
    engine = ctx.engine
    image = engine.image_get(name)
    return image_inspect_json(engine, image)


def _inspect(
    ctx: Context,
    opts: Any,
    getters: list[Callable[[Context, str], dict[str, Any]]],
    kind: str,
) -> None:
    """inspector.go: print what was found, then every error joined by newlines; exit 1."""
    fmt = str(opts.values.get("format") or "")
    tmpl = None
    if fmt and fmt != "json":
        _, text = template.prepare_format(fmt)
        try:
            tmpl = template.parse(text)
        except template.TemplateError as exc:
            raise ctx.fail(f"template parsing error: {exc}", 64) from None
    objects: list[dict[str, Any]] = []
    failures: list[str] = []
    for name in opts.args:
        found = None
        last_error: NotFound | None = None
        for getter in getters:
            try:
                found = getter(ctx, name)
                break
            except NotFound as exc:
                last_error = exc
        if found is None:
            if kind == "object":
                failures.append(f"error: no such object: {name}")
            else:
                failures.append(f"Error response from daemon: {last_error}")
        else:
            objects.append(found)
    if tmpl is not None:
        if not objects:
            ctx.out("\n")
        for obj in objects:
            try:
                ctx.out(tmpl.execute(template_data(obj)) + "\n")
            except template.TemplateError as exc:
                raise ctx.fail(str(exc)) from None
    elif fmt == "json":
        ctx.out(compact_json(objects) + "\n")
    else:
        ctx.out(indent_json(objects) + "\n")
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
