"""Checks on containers and images.

Field names follow container-structure-test's `metadataTest` (`entrypoint`, `cmd`,
`exposedPorts`, `env`, `workdir`, `user`), its `commandTests` (`exitCode`) and goss (`exists`,
`filetype`, `contents`, `mode`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.errors import DockerError
from dockersim.model.container import STATES
from dockersim.scenario.checks.base import (
    Fields,
    Mismatch,
    compare,
    compare_map,
    env_dict,
    register,
    show,
)
from dockersim.scenario.compound import Field, ListOf, MapOf
from dockersim.scenario.shape import Boolean, Integer, Text

if TYPE_CHECKING:
    from dockersim.engine import Engine

NAME = Text(doc="a name or ID, as docker commands take it", nonempty=True)
_ARGV = ListOf(Text(), doc='the exact list, as `docker inspect` shows it (e.g. ["nginx", "-g"])')
_ENV = MapOf(Text(), doc="variables that must be set to these values (others may exist)")
_LABELS = MapOf(Text(), doc="labels that must have these values (others may exist)")
EXIT = Integer(minimum=0, maximum=255, range_doc="exit statuses are 0 to 255")
EXISTS = Boolean(doc="false: it must not exist (default true)")
_POLICIES = ("no", "always", "on-failure", "unless-stopped")


def _parts(fields: Fields, phrases: dict[str, str]) -> list[str]:
    out = []
    for key, phrase in phrases.items():
        if key in fields:
            text = phrase.format(show(fields[key]))
            if "(s)" in text:
                text = text.replace("(s)", "" if fields[key] == 1 else "s")
            out.append(text)
    return out


_ONLY_EXISTS = {"name", "exists", "id", "title", "points"}


def _describe_container(f: Fields) -> str:
    if f.get("exists") is False:
        return f"container {f['name']} does not exist"
    parts = _parts(
        f,
        {
            "state": "is {}",
            "exitCode": "exit code {}",
            "image": "from image {}",
            "entrypoint": "has entrypoint {}",
            "cmd": "has cmd {}",
            "env": "has env {}",
            "hostname": "has hostname {}",
            "restartPolicy": "has restart policy {}",
            "restartCount": "restarted {} time(s)",
            "labels": "has labels {}",
        },
    )
    if "oomKilled" in f:
        parts.append("killed by the OOM killer" if f["oomKilled"] else "not OOM-killed")
    return f"container {f['name']} {', '.join(parts) or 'exists'}"


def _container_contradiction(f: Fields) -> str | None:
    if f.get("exists") is False and set(f) - _ONLY_EXISTS:
        return "a container that must not exist can have no other property"
    if f.get("state") in ("running", "paused", "created") and f.get("exitCode", 0) != 0:
        return f"a {f['state']} container always has exit code 0"
    return None


@register(
    "container",
    "a container: its state, exit code and configuration",
    (
        Field("name", NAME, required=True),
        Field("exists", EXISTS),
        Field("state", Text(enum=STATES, doc="State.Status as docker inspect shows it")),
        Field("exitCode", EXIT),
        Field("oomKilled", Boolean(doc="State.OOMKilled")),
        Field("image", Text(doc="the image it was created from (reference or ID)")),
        Field("entrypoint", _ARGV),
        Field("cmd", _ARGV),
        Field("env", _ENV),
        Field("hostname", Text()),
        Field("restartPolicy", Text(enum=_POLICIES)),
        Field("restartCount", Integer(minimum=0)),
        Field("labels", _LABELS),
    ),
    _describe_container,
    _container_contradiction,
)
def container(engine: Engine, f: Fields) -> list[Mismatch]:
    name = f["name"]
    try:
        found = engine.container_get(name)
    except DockerError:
        found = None
    if f.get("exists", True) is False:
        if found is None:
            return []
        status = found.state.status
        return [Mismatch(f"container {name} exists ({status})", "no such container", status)]
    if found is None:
        return [Mismatch(f"there is no container {name}", "a container", "no such container")]
    state, config = found.state, found.config
    out: list[Mismatch] = []
    if "state" in f:
        out += compare("state", f["state"], state.status)
    if "exitCode" in f:
        out += compare("exit code", f["exitCode"], state.exit_code)
    if "oomKilled" in f:
        out += compare("OOMKilled", f["oomKilled"], state.oom_killed)
    if "image" in f:
        out += _same_image(engine, f["image"], found.image_id, found.image_ref)
    if "entrypoint" in f:
        out += compare("entrypoint", list(f["entrypoint"]), list(config.entrypoint or []))
    if "cmd" in f:
        out += compare("cmd", list(f["cmd"]), list(config.cmd or []))
    if "env" in f:
        out += compare_map("env", f["env"], env_dict(config.env))
    if "hostname" in f:
        out += compare("hostname", f["hostname"], config.hostname)
    if "restartPolicy" in f:
        out += compare("restart policy", f["restartPolicy"], found.host_config.restart_policy.name)
    if "restartCount" in f:
        out += compare("restart count", f["restartCount"], found.restart_count)
    if "labels" in f:
        out += compare_map("label", f["labels"], config.labels)
    return out


def _same_image(engine: Engine, ref: str, image_id: str, given: str) -> list[Mismatch]:
    try:
        wanted = engine.image_get(ref).id
    except (DockerError, ValueError):
        wanted = ""
    if wanted == image_id or ref == given:
        return []
    return [Mismatch(f"it was created from {given}, expected {ref}", ref, given)]


def _describe_image(f: Fields) -> str:
    if f.get("exists") is False:
        return f"image {f['name']} is not present"
    parts = _parts(
        f,
        {
            "entrypoint": "has entrypoint {}",
            "cmd": "has cmd {}",
            "exposedPorts": "exposes {}",
            "env": "has env {}",
            "workdir": "has workdir {}",
            "user": "has user {}",
            "labels": "has labels {}",
            "layers": "has {} layer(s)",
            "sharesLayersWith": "shares a layer with {}",
            "architecture": "is for architecture {}",
        },
    )
    return f"image {f['name']} {', '.join(parts) or 'is present'}"


def _image_contradiction(f: Fields) -> str | None:
    if f.get("exists") is False and set(f) - _ONLY_EXISTS:
        return "an image that must not be present can have no other property"
    return None


@register(
    "image",
    "a local image: its configuration and layers",
    (
        Field("name", NAME, required=True),
        Field("exists", EXISTS),
        Field("entrypoint", _ARGV),
        Field("cmd", _ARGV),
        Field("exposedPorts", ListOf(Text(), doc='e.g. ["80/tcp"]')),
        Field("env", _ENV),
        Field("workdir", Text()),
        Field("user", Text()),
        Field("labels", _LABELS),
        Field("layers", Integer(minimum=0, doc="how many layers RootFS lists")),
        Field("sharesLayersWith", Text(doc="another image with at least one layer in common")),
        Field("architecture", Text()),
    ),
    _describe_image,
    _image_contradiction,
)
def image(engine: Engine, f: Fields) -> list[Mismatch]:
    name = f["name"]
    try:
        found = engine.image_get(name)
    except (DockerError, ValueError):
        found = None
    if f.get("exists", True) is False:
        if found is None:
            return []
        return [Mismatch(f"image {name} is present ({found.id[7:19]})", "absent", "present")]
    if found is None:
        return [Mismatch(f"there is no image {name}", "present", "no such image")]
    cfg = found.config.config
    out: list[Mismatch] = []
    if "entrypoint" in f:
        out += compare("entrypoint", list(f["entrypoint"]), list(cfg.entrypoint or []))
    if "cmd" in f:
        out += compare("cmd", list(f["cmd"]), list(cfg.cmd or []))
    if "exposedPorts" in f:
        out += compare("exposed ports", sorted(f["exposedPorts"]), sorted(cfg.exposed_ports or []))
    if "env" in f:
        out += compare_map("env", f["env"], env_dict(cfg.env))
    if "workdir" in f:
        out += compare("workdir", f["workdir"], cfg.working_dir)
    if "user" in f:
        out += compare("user", f["user"], cfg.user)
    if "labels" in f:
        out += compare_map("label", f["labels"], cfg.labels_dict)
    if "layers" in f:
        out += compare("layer count", f["layers"], len(found.config.diff_ids))
    if "architecture" in f:
        out += compare("architecture", f["architecture"], found.config.architecture)
    if "sharesLayersWith" in f:
        other = f["sharesLayersWith"]
        try:
            theirs = set(engine.image_get(other).config.diff_ids)
        except (DockerError, ValueError):
            return [*out, Mismatch(f"there is no image {other} to compare with")]
        if not theirs & set(found.config.diff_ids):
            out.append(Mismatch(f"no layer of {name} is a layer of {other}", "shared", "none"))
    return out
