"""The legacy builder: `POST /build` with a tar of the context (`DOCKER_BUILDKIT=0 docker
build`, docker-py's `images.build`); engine-api.md §3.14.

The build runs as `dockersim docker build` runs it with the classic builder (the engine's
`image_build`), and its transcript goes out as the daemon's JSON stream: each piece of the
log as `{"stream": ...}` (RUN's stderr in red, as moby's stream writer colours it), a pull
inside the build as `{"status": ..., "id": ...}`, `{"aux": {"ID": "sha256:..."}}` before
`Successfully built`, then `Successfully tagged` for each tag. A step that fails is an error
in the stream (`errorDetail` with the command's `code`); an error before the first step is
the daemon's error reply. With `q=1` the only line is the image ID.
"""

from __future__ import annotations

import json
import posixpath
import tarfile
from typing import TYPE_CHECKING, Any

from dockersim.api.routes import ApiError, Call, Reply, encode, route

if TYPE_CHECKING:
    from dockersim.build.context import BuildContext
    from dockersim.build.report import BuildReport


@route("POST", "/build")
def build(call: Call) -> Reply | None:
    from dockersim.build.backend import BuildRequest
    from dockersim.model.image import Platform

    _refuse_what_is_not_simulated(call)
    tags = _tags(call)
    platform_text = call.arg("platform")
    try:
        platform = Platform.parse(platform_text) if platform_text else Platform("linux", "amd64")
    except (ValueError, IndexError):
        raise ApiError(
            400, f'"{platform_text}": unknown operating system or architecture'
        ) from None
    context = _context(call)
    request = BuildRequest(
        context,
        tags,
        _json_map(call, "buildargs"),
        call.arg("target"),
        call.flag("nocache"),
        call.flag("pull"),
        _json_map(call, "labels"),
        platform,
        "classic",
        history_key=f"api|{context.dockerfile_name}|{call.arg('target')}",
    )
    with call.world.writing() as engine:
        report = engine.image_build(request)
    failure = report.failure
    if failure is not None and not failure.bare:  # before the first step: the reply is it
        raise ApiError(_status(failure.message), failure.message)
    conn = call.conn
    conn.start_stream(200, "application/json")
    for message in _messages(report, call.flag("q")):
        conn.chunk(encode(message))
    conn.end_stream()
    return None


def _refuse_what_is_not_simulated(call: Call) -> None:
    if call.arg("version") == "2":
        raise ApiError(
            501,
            "dockersim: not simulated in serve: BuildKit builds (version=2, the buildx "
            "session); build with DOCKER_BUILDKIT=0",
        )
    if call.arg("remote"):
        raise ApiError(501, "dockersim: not simulated in serve: build from a remote context")
    if "rm" in call.request.query and not call.flag("rm"):
        raise ApiError(
            501, "dockersim: not simulated in serve: build keeping intermediate containers (rm=0)"
        )
    if call.arg("networkmode") not in ("", "default", "bridge"):
        raise ApiError(501, "dockersim: not simulated in serve: build --network")
    if call.flag("squash"):
        raise ApiError(501, "dockersim: not simulated in serve: build --squash")


def _tags(call: Call) -> tuple[str, ...]:
    """`t` (repeated): moby sanitizeRepoAndTags, names normalised, duplicates once."""
    from dockersim.model.reference import InvalidReference, parse_reference

    out: list[str] = []
    for text in call.request.query.get("t", []):
        if not text:
            continue
        try:
            ref = parse_reference(text)
        except InvalidReference as exc:
            raise ApiError(400, str(exc)) from None
        if ref.digest:
            raise ApiError(400, "build tag cannot contain a digest")
        out.append(ref.with_default_tag().normalized)
    return tuple(dict.fromkeys(out))


def _json_map(call: Call, key: str) -> dict[str, str]:
    """`buildargs` / `labels`: a JSON object of strings (a null value: an ARG without one)."""
    text = call.arg(key)
    if not text:
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        what = "build args" if key == "buildargs" else "labels"
        raise ApiError(400, f"failed to parse {what}: {text}")  # est. wording
    return {str(k): str(v) for k, v in data.items() if v is not None}


def _context(call: Call) -> BuildContext:
    """The uploaded tar (plain or compressed) as a context, and its Dockerfile."""
    from dockersim.build.context import BuildContext
    from dockersim.model.fs import FileEntry, normalize
    from dockersim.model.tarball import entries_from_tar

    body = call.request.body
    try:
        entries = entries_from_tar(body) if body else []
    except (tarfile.TarError, EOFError, ValueError, OSError):
        raise ApiError(500, "archive/tar: invalid tar header") from None  # est. wording
    files: dict[str, FileEntry] = {e.path: e for e in entries if e.path != "/"}
    name = call.arg("dockerfile") or "Dockerfile"
    wanted = normalize("/" + name)
    entry = files.get(wanted)
    if entry is None and wanted == "/Dockerfile":
        entry = files.get("/dockerfile")  # detect.go: the lower-case name is taken too
    if entry is None or entry.kind != "file":
        raise ApiError(500, f"Cannot locate specified Dockerfile: {name}")
    return BuildContext(files, entry.content, posixpath.basename(name), "api")


def _status(message: str) -> int:
    """The status of an error before the first step: a Dockerfile that cannot be read is
    the client's fault (errdefs.InvalidParameter), anything else the daemon's (est.)."""
    lowered = message.lower()
    if "dockerfile parse error" in lowered or "unknown instruction" in lowered:
        return 400
    return 500


def _messages(report: BuildReport, quiet: bool) -> list[dict[str, Any]]:
    from dockersim.build.report import PullMessage
    from dockersim.model.reference import parse_reference

    failure = report.failure
    out: list[dict[str, Any]] = []
    if not quiet:
        for item in report.stream:
            if isinstance(item, PullMessage):
                out.append({"status": item.status, "id": item.id} if item.id else
                           {"status": item.status})  # fmt: skip
                continue
            if failure is None and item.startswith("Successfully built "):
                out.append({"aux": {"ID": report.image_id}})
            out.append({"stream": item})
    if failure is not None:
        detail: dict[str, Any] = {"message": failure.message}
        if failure.exit_code:
            detail = {"code": failure.exit_code, **detail}
        out.append({"errorDetail": detail, "error": failure.message})
        return out
    if quiet:
        return [{"stream": report.image_id + "\n"}]
    for tag in report.tags:
        out.append({"stream": f"Successfully tagged {parse_reference(tag).familiar}\n"})
    return out
