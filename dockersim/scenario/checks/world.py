"""Checks on containers, images, files and command output.

Field names follow container-structure-test's `metadataTest` (`entrypoint`, `cmd`,
`exposedPorts`, `env`, `workdir`, `user`), its `commandTests` (`exitCode`) and goss (`exists`,
`filetype`, `contents`, `mode`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.errors import DockerError
from dockersim.model.container import STATES
from dockersim.model.cowfs import CowFS, FsError
from dockersim.scenario.checks.base import (
    Fields,
    Mismatch,
    compare,
    compare_map,
    env_dict,
    register,
    show,
)
from dockersim.scenario.matchers import SHAPE as MATCHER
from dockersim.scenario.matchers import Matcher
from dockersim.scenario.shape import Boolean, Either, Field, Integer, ListOf, MapOf, Text

if TYPE_CHECKING:
    from dockersim.engine import Engine

_NAME = Text(doc="a name or ID, as docker commands take it", nonempty=True)
_ARGV = ListOf(Text(), doc='the exact list, as `docker inspect` shows it (e.g. ["nginx", "-g"])')
_ENV = MapOf(Text(), doc="variables that must be set to these values (others may exist)")
_LABELS = MapOf(Text(), doc="labels that must have these values (others may exist)")
_EXIT = Integer(minimum=0, maximum=255, range_doc="exit statuses are 0 to 255")
_EXISTS = Boolean(doc="false: it must not exist (default true)")
_POLICIES = ("no", "always", "on-failure", "unless-stopped")


def _parts(fields: Fields, phrases: dict[str, str]) -> list[str]:
    return [phrase.format(show(fields[key])) for key, phrase in phrases.items() if key in fields]


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
            "entrypoint": "entrypoint {}",
            "cmd": "cmd {}",
            "env": "env {}",
            "hostname": "hostname {}",
            "restartPolicy": "restart policy {}",
            "restartCount": "restarted {} times",
            "labels": "labels {}",
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
        Field("name", _NAME, required=True),
        Field("exists", _EXISTS),
        Field("state", Text(enum=STATES, doc="State.Status as docker inspect shows it")),
        Field("exitCode", _EXIT),
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
            "entrypoint": "entrypoint {}",
            "cmd": "cmd {}",
            "exposedPorts": "exposes {}",
            "env": "env {}",
            "workdir": "workdir {}",
            "user": "user {}",
            "labels": "labels {}",
            "layers": "{} layers",
            "sharesLayersWith": "shares layers with {}",
            "architecture": "architecture {}",
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
        Field("name", _NAME, required=True),
        Field("exists", _EXISTS),
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


_FILETYPES = {"file": "file", "dir": "directory", "symlink": "symlink"}


def _file_contradiction(f: Fields) -> str | None:
    if "container" in f and "image" in f:
        return "give either container or image, not both"
    if f.get("exists") is False and {"contents", "filetype", "mode"} & set(f):
        return "a file that must not exist can have no contents, type or mode"
    if "contents" in f:
        why = Matcher.parse(f["contents"]).contradiction()
        return f"its contents can never match: {why}" if why else None
    return None


def _describe_file(f: Fields) -> str:
    where = (
        f" in container {f['container']}"
        if "container" in f
        else (f" in image {f['image']}" if "image" in f else " on the host")
    )
    subject = f"file {f['path']}{where}"
    if f.get("exists") is False:
        return f"{subject} does not exist"
    parts = []
    if "filetype" in f:
        parts.append(f"is a {f['filetype']}")
    if "mode" in f:
        parts.append(f"has mode {f['mode']}")
    if "contents" in f:
        parts.append(Matcher.parse(f["contents"]).describe("").strip())
    return f"{subject} {', '.join(parts) if parts else 'exists'}"


@register(
    "file",
    "a file on the host (default), in a container, or in an image",
    (
        Field(
            "path",
            Text(pattern="/.*", pattern_doc="an absolute path", doc="absolute path"),
            required=True,
        ),
        Field("container", _NAME),
        Field("image", _NAME),
        Field("exists", _EXISTS),
        Field("filetype", Text(enum=("file", "directory", "symlink"))),
        Field("contents", MATCHER),
        Field("mode", Text(pattern="0?[0-7]{3,4}", pattern_doc="an octal mode such as 0644")),
    ),
    _describe_file,
    _file_contradiction,
)
def file(engine: Engine, f: Fields) -> list[Mismatch]:
    fs, problem = _filesystem(engine, f)
    if fs is None:
        return [Mismatch(problem)]
    path = f["path"]
    try:
        entry = fs.stat(path, follow=f.get("filetype") != "symlink")
    except FsError:
        entry = None
    if f.get("exists", True) is False:
        return [] if entry is None else [Mismatch(f"{path} exists", "absent", "present")]
    if entry is None:
        return [Mismatch(f"there is no {path}", "present", "absent")]
    out: list[Mismatch] = []
    if "filetype" in f:
        out += compare("its type", f["filetype"], _FILETYPES.get(entry.kind, entry.kind))
    if "mode" in f:
        out += compare("its mode", f"{int(f['mode'], 8):04o}", f"{entry.mode & 0o7777:04o}")
    if "contents" in f:
        try:
            text = fs.read(path).decode("utf-8", "replace")
        except FsError as exc:
            return [*out, Mismatch(f"{path} cannot be read: {exc}")]
        why = Matcher.parse(f["contents"]).mismatch(text, "its contents")
        if why is not None:
            out.append(Mismatch(why, "", text))
    return out


def _filesystem(engine: Engine, f: Fields) -> tuple[CowFS | None, str]:
    if "container" in f:
        try:
            return engine.container_fs(engine.container_get(f["container"])), ""
        except DockerError:
            return None, f"there is no container {f['container']}"
    if "image" in f:
        try:
            found = engine.image_get(f["image"])
        except (DockerError, ValueError):
            return None, f"there is no image {f['image']}"
        return CowFS(engine.image_tree(found.id), read_only=True), ""
    return engine.host_fs(), ""


def _describe_command(f: Fields) -> str:
    parts = []
    if "exitCode" in f:
        parts.append(f"exits {f['exitCode']}")
    for stream in ("stdout", "stderr"):
        if stream in f:
            parts.append(Matcher.parse(f[stream]).describe(stream))
    return f"`{f['exec']}` " + (", ".join(parts) if parts else "runs")


def _command_contradiction(f: Fields) -> str | None:
    for stream in ("stdout", "stderr"):
        if stream in f:
            why = Matcher.parse(f[stream]).contradiction()
            if why:
                return f"{stream} can never match: {why}"
    return None


@register(
    "command",
    "a command line run on a copy of the world (it changes nothing)",
    (
        Field(
            "exec",
            Text(doc="a docker command line or a host command", nonempty=True),
            required=True,
        ),
        Field("input", Either((Text(), ListOf(Text())), doc="what the command reads on stdin")),
        Field("exitCode", _EXIT),
        Field("stdout", MATCHER),
        Field("stderr", MATCHER),
    ),
    _describe_command,
    _command_contradiction,
)
def command(engine: Engine, f: Fields) -> list[Mismatch]:
    from dockersim.engine import Engine as _Engine
    from dockersim.scenario.commands import run_line

    copy = _Engine.from_json(engine.to_json(), catalog=getattr(engine, "_catalog", None))
    result, _ = run_line(copy, f["exec"], stdin_text(f.get("input")))
    out: list[Mismatch] = []
    if "exitCode" in f:
        out += compare("exit status", f["exitCode"], result.exit_code)
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if stream in f:
            why = Matcher.parse(f[stream]).mismatch(text, stream)
            if why is not None:
                out.append(Mismatch(why, "", text))
    return out


def stdin_text(value: Any) -> str:
    """`input:` as the bytes a command reads: a list is one line per item."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "".join(f"{line}\n" for line in value)
    text = str(value)
    return text if text.endswith("\n") or not text else text + "\n"
