"""Checks on files (on the host, in a container, in an image) and on a command's output.

Field names follow goss (`exists`, `filetype`, `contents`, `mode`) and container-structure-test's
`commandTests` (`exitCode`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.errors import DockerError
from dockersim.model.cowfs import CowFS, FsError
from dockersim.scenario.checks.base import Fields, Mismatch, compare, register
from dockersim.scenario.checks.world import EXISTS, EXIT, NAME
from dockersim.scenario.compound import Either, Field, ListOf
from dockersim.scenario.matchers import SHAPE as MATCHER
from dockersim.scenario.matchers import Matcher
from dockersim.scenario.shape import Text

if TYPE_CHECKING:
    from dockersim.engine import Engine


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
        Field("container", NAME),
        Field("image", NAME),
        Field("exists", EXISTS),
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
        matcher = Matcher.parse(f["contents"])
        why = matcher.mismatch(text, "its contents")
        if why is not None:
            out.append(Mismatch(why, matcher.expected(), text))
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
        Field("exitCode", EXIT),
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
            matcher = Matcher.parse(f[stream])
            why = matcher.mismatch(text, stream)
            if why is not None:
                out.append(Mismatch(why, matcher.expected(), text))
    return out


def stdin_text(value: Any) -> str:
    """`input:` as the bytes a command reads: a list is one line per item."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "".join(f"{line}\n" for line in value)
    text = str(value)
    return text if text.endswith("\n") or not text else text + "\n"
