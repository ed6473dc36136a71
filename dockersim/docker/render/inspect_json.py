"""The Engine API's inspect documents, in its field order (API v1.52, Docker Engine 29)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from dockersim.engine.world import ImageRecord
from dockersim.model.reference import parse_reference

if TYPE_CHECKING:
    from dockersim.engine import Engine


def indent_json(value: Any) -> str:
    """Go's json.Indent(raw, "", "    ") of the daemon's JSON (which does not escape HTML).

    The text of `json.dumps(value, indent=4, separators=(",", ": "), ensure_ascii=False)`,
    made several times faster than that (the json module has no C encoder for indented
    output) by joining each object's members in one step; anything but dicts, lists, strings,
    booleans, None and integers (or a key that is not a string) is left to the json module.
    """
    try:
        return _indent(value, "\n")
    except _Unusual:
        return json.dumps(value, indent=4, separators=(",", ": "), ensure_ascii=False)


class _Unusual(Exception):
    """A value `_indent` leaves to the json module."""


_STR = {str}
_pair = "{}: {}".format
_quote = json.encoder.encode_basestring


class TextRows(dict[str, dict[str, str]]):
    """Rows of text that never change once made (a network's containers, kept while its
    endpoints stay the same), with their JSON text kept for each indentation it is written
    at. Read-only: a change makes a new one."""

    def __init__(self, rows: dict[str, dict[str, str]]) -> None:
        super().__init__(rows)
        self._texts: dict[str, str] = {}

    def members(self, newline: str) -> str:
        """The members of the object, each on a line indented by `newline`."""
        text = self._texts.get(newline)
        if text is None:
            rows = _rows_of_text(self, newline)
            if rows is None:
                rows = ("," + newline).join(
                    f"{_quote(k)}: {_indent(v, newline)}" for k, v in self.items()
                )
            text = self._texts[newline] = rows
        return text

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("TextRows is read-only")

    __setitem__ = __delitem__ = pop = popitem = clear = update = setdefault = _read_only


def _indent(value: Any, newline: str) -> str:
    kind = type(value)
    if kind is str:
        return str(_quote(value))
    if kind is TextRows:
        if not value:
            return "{}"
        inner = newline + "    "
        return "".join(("{", inner, value.members(inner), newline, "}"))  # one copy
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "    "
        if not set(map(type, value)) <= _STR:
            raise _Unusual
        if set(map(type, value.values())) <= _STR:  # all strings: one step in C
            body = ("," + inner).join(map(_pair, map(_quote, value), map(_quote, value.values())))
        elif (rows := _rows_of_text(value, inner)) is not None:  # rows of text: one format each
            body = rows
        else:
            body = ("," + inner).join(
                f"{_quote(k)}: {_quote(v) if type(v) is str else _indent(v, inner)}"
                for k, v in value.items()
            )
        return "{" + inner + body + newline + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = newline + "    "
        return "[" + inner + ("," + inner).join(_indent(v, inner) for v in value) + newline + "]"
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    raise _Unusual


def _rows_of_text(value: dict[Any, Any], newline: str) -> str | None:
    """The members of a mapping (indented by `newline`) whose values are all mappings of
    text with the same keys in the same order (a network's containers), each written by one
    format string; None for any other mapping."""
    first = next(iter(value.values()))
    if type(first) is not dict or not first:
        return None
    keys = tuple(first)
    if not set(map(type, keys)) <= _STR:
        return None
    inner = newline + "    "
    shape = (
        _braces("{" + inner)
        + _braces("," + inner).join(_braces(f"{_quote(k)}: ") + "{}" for k in keys)
        + _braces(newline + "}")
    )
    out = []
    for k, v in value.items():
        if type(v) is not dict or tuple(v) != keys or not set(map(type, v.values())) <= _STR:
            return None
        out.append(f"{_quote(k)}: " + shape.format(*map(_quote, v.values())))
    return ("," + newline).join(out)


def _braces(text: str) -> str:
    """`text` as a literal in a format string."""
    return text.replace("{", "{{").replace("}", "}}")


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def image_config_json(image: ImageRecord) -> dict[str, Any]:
    """`.Config` of an image at API 1.52: the OCI image config fields, all omitempty."""
    cfg = image.config.config
    out: dict[str, Any] = {}
    if cfg.user:
        out["User"] = cfg.user
    if cfg.exposed_ports:
        out["ExposedPorts"] = {p: {} for p in cfg.exposed_ports}
    if cfg.env:
        out["Env"] = list(cfg.env)
    if cfg.entrypoint:
        out["Entrypoint"] = list(cfg.entrypoint)
    if cfg.cmd:
        out["Cmd"] = list(cfg.cmd)
    if cfg.volumes:
        out["Volumes"] = {v: {} for v in cfg.volumes}
    if cfg.working_dir:
        out["WorkingDir"] = cfg.working_dir
    if cfg.labels:
        out["Labels"] = dict(cfg.labels)
    if cfg.stop_signal:
        out["StopSignal"] = cfg.stop_signal
    if cfg.args_escaped:
        out["ArgsEscaped"] = True
    if cfg.healthcheck is not None:
        out["Healthcheck"] = cfg.healthcheck.to_json()
    if cfg.on_build:
        out["OnBuild"] = list(cfg.on_build)
    if cfg.shell:
        out["Shell"] = list(cfg.shell)
    return out


def graph_driver(seed: str, chain_ids: list[str]) -> dict[str, Any]:
    """overlay2's directories: one cache-id per layer, stable for the same layer."""

    def cache_id(chain: str) -> str:
        return hashlib.sha256(f"{seed}:{chain}".encode()).hexdigest()

    root = "/var/lib/docker/overlay2"
    if not chain_ids:
        return {"Data": None, "Name": "overlay2"}
    top = cache_id(chain_ids[-1])
    lowers = [f"{root}/{cache_id(c)}/diff" for c in reversed(chain_ids[:-1])]
    data: dict[str, str] = {}
    if lowers:
        data["LowerDir"] = ":".join(lowers)
    data["MergedDir"] = f"{root}/{top}/merged"
    data["UpperDir"] = f"{root}/{top}/diff"
    data["WorkDir"] = f"{root}/{top}/work"
    return {"Data": data, "Name": "overlay2"}


def image_inspect_json(engine: Engine, image: ImageRecord) -> dict[str, Any]:
    """`GET /images/{name}/json` at API 1.52 with the graphdriver store, in the API's order.

    An image with a parent (commit, classic builder) goes through moby's compat wrapper, which
    re-marshals it through a map: every key, nested ones too, comes out sorted.
    """
    config = image.config
    tags = [parse_reference(r).familiar for r in engine.references_of(image.id)]
    digests = [parse_reference(r).familiar for r in sorted(image.repo_digests)]
    last = image.last_tag_time
    comment = image.comment or (config.history[-1].comment if config.history else "")
    out: dict[str, Any] = {"Id": image.id, "RepoTags": tags, "RepoDigests": digests}
    if comment:
        out["Comment"] = comment
    if config.created:
        out["Created"] = config.created
    if config.author:
        out["Author"] = config.author
    out["Config"] = image_config_json(image)
    out["Architecture"] = config.architecture
    if config.variant:
        out["Variant"] = config.variant
    out["Os"] = config.os
    out["Size"] = engine.image_size(image)
    out["GraphDriver"] = graph_driver(str(engine.seed), [str(c) for c in config.chain_ids])
    out["RootFS"] = {"Type": "layers", "Layers": [str(d) for d in config.diff_ids]}
    out["Metadata"] = {
        "LastTagTime": engine.rfc3339(last) if last is not None else "0001-01-01T00:00:00Z"
    }
    if image.parent:
        out["Parent"] = image.parent
        out["DockerVersion"] = ""
        sorted_out: dict[str, Any] = _sorted(out)
        return sorted_out
    return out


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def go_time_string(engine: Engine, when: float | None) -> str:
    """Go's time.Time.String() in UTC (what a template prints for a time field)."""
    if when is None:
        return "0001-01-01 00:00:00 +0000 UTC"
    stamp = engine.rfc3339(when)  # 2025-06-15T12:00:00.5Z
    date, _, rest = stamp.partition("T")
    return f"{date} {rest.rstrip('Z')} +0000 UTC"


def image_template_view(engine: Engine, image: ImageRecord) -> Any:
    """The typed `image.InspectResponse` docker/cli runs `--format` templates on: every field
    exists (omitempty only affects JSON), nil maps print `map[]`, nil pointers `<nil>`."""
    from dockersim.docker.render.template import NIL_MAP, NIL_SLICE, GoNil, GoStruct, GoTime

    data = image_inspect_json(engine, image)
    cfg = image.config.config
    unit = GoStruct("struct {}", {})
    config = GoStruct(
        "*v1.DockerOCIImageConfig",
        {
            "User": cfg.user,
            "ExposedPorts": {p: unit for p in cfg.exposed_ports} if cfg.exposed_ports else NIL_MAP,
            "Env": list(cfg.env) if cfg.env else NIL_SLICE,
            "Entrypoint": list(cfg.entrypoint) if cfg.entrypoint else NIL_SLICE,
            "Cmd": list(cfg.cmd) if cfg.cmd else NIL_SLICE,
            "Volumes": {v: unit for v in cfg.volumes} if cfg.volumes else NIL_MAP,
            "WorkingDir": cfg.working_dir,
            "Labels": dict(cfg.labels) if cfg.labels else NIL_MAP,
            "StopSignal": cfg.stop_signal,
            "ArgsEscaped": cfg.args_escaped,
            "Healthcheck": (
                GoStruct("*v1.HealthcheckConfig", cfg.healthcheck.to_json())
                if cfg.healthcheck is not None
                else GoNil("*v1.HealthcheckConfig")
            ),
            "OnBuild": list(cfg.on_build) if cfg.on_build else NIL_SLICE,
            "Shell": list(cfg.shell) if cfg.shell else NIL_SLICE,
        },
    )
    graph = data["GraphDriver"]
    return GoStruct(
        "image.InspectResponse",
        {
            "ID": data["Id"],
            "Id": data["Id"],
            "RepoTags": data["RepoTags"],
            "RepoDigests": data["RepoDigests"],
            "Parent": image.parent,
            "Comment": data.get("Comment", ""),
            "Created": data.get("Created", ""),
            "DockerVersion": "",
            "Author": image.config.author,
            "Config": config,
            "Architecture": image.config.architecture,
            "Variant": image.config.variant,
            "Os": image.config.os,
            "OsVersion": "",
            "Size": data["Size"],
            "GraphDriver": GoStruct(
                "storage.DriverData",
                {"Data": graph["Data"] or NIL_MAP, "Name": graph["Name"]},
            ),
            "RootFS": GoStruct("image.RootFS", data["RootFS"]),
            "Metadata": GoStruct(
                "image.Metadata",
                {
                    "LastTagTime": GoTime(
                        go_time_string(engine, image.last_tag_time),
                        data["Metadata"]["LastTagTime"],
                    )
                },
            ),
            "Descriptor": GoNil("*v1.Descriptor"),
            "Manifests": NIL_SLICE,
            "Identity": GoNil("*image.Identity"),
        },
    )
