"""Images: pull (`POST /images/create`), list, inspect, history, tag, remove, prune
(moby daemon/server/router/image/image_routes.go).

Image names may hold slashes, so these routes take the rest of the path (`{name*}`); a
name is normalized as the CLI's own (`busybox`, `busybox:latest` and
`docker.io/library/busybox` are one image: docker-py sends the name as typed).
"""

from __future__ import annotations

from typing import Any

from dockersim.api.handlers.base import wall_offset
from dockersim.api.routes import ApiError, Call, Reply, route
from dockersim.model.reference import parse_reference


def _message(status: str, layer: str) -> dict[str, Any]:
    """jsonmessage.JSONMessage in its field order: a layer's line carries `progressDetail`."""
    out: dict[str, Any] = {"status": status}
    if layer and not status.startswith("Pulling from"):
        out["progressDetail"] = {}
    if layer:
        out["id"] = layer
    return out


def _line(value: dict[str, Any]) -> bytes:
    """streamformatter.go: one JSON object per line, lines end with \\r\\n."""
    import json

    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\r\n").encode()


@route("POST", "/images/create")
def pull(call: Call) -> Reply | None:
    """Pull `fromImage` at `tag` (a tag, or a digest); no tag at all pulls every tag."""
    from dockersim.docker.commands.platforms import BadPlatform, platform_of

    if call.arg("fromSrc"):
        raise ApiError(501, "dockersim: not simulated in serve: image import (fromSrc)")
    name = call.arg("fromImage")
    if not name:
        raise ApiError(400, "invalid reference format")
    tag = call.arg("tag")
    ref = parse_reference(name)
    if tag:
        joined = f"{ref.trimmed().normalized}{'@' if tag.startswith('sha256:') else ':'}{tag}"
        ref = parse_reference(joined)
    try:
        platform = platform_of(call.arg("platform"))
    except BadPlatform as exc:
        raise ApiError(400, f"error parsing specified platform: {exc}") from None
    with call.world.writing() as engine:
        if ref.tag is None and ref.digest is None:
            result = engine.image_pull_all_tags(ref, platform)
        else:
            result = engine.image_pull(ref, platform)
    conn = call.conn
    conn.start_stream(200, "application/json")
    conn.chunk(b"".join(_line(_message(m.status, m.id)) for m in result.messages))
    if result.error:  # after output has gone out, an error travels in the stream
        conn.chunk(_line({"errorDetail": {"message": result.error}, "error": result.error}))
    conn.end_stream()
    return None


@route("GET", "/images/json")
def list_images(call: Call) -> Reply:
    """image.Summary in its field order; `Containers` and `SharedSize` are -1 unless
    asked for (`shared-size=1`), as moby computes them only then."""
    with call.world.reading() as engine:
        summaries = engine.image_list(call.flag("all"), call.filters())
        offset = wall_offset(engine)
    shared = call.flag("shared-size")
    out = []
    for s in summaries:
        out.append(
            {
                "Containers": s.containers if shared else -1,
                "Created": int(s.created + offset),
                "Id": s.id,
                "Labels": dict(s.labels) or None,
                "ParentId": s.parent_id,
                "RepoDigests": list(s.repo_digests),
                "RepoTags": list(s.repo_tags),
                "SharedSize": -1,
                "Size": s.size,
            }
        )
    return Reply(200, out)


@route("GET", "/images/{name*}/json")
def inspect(call: Call) -> Reply:
    from dockersim.docker.render.inspect_json import image_inspect_json

    with call.world.reading() as engine:
        image = engine.image_get(call.params["name"])
        document = image_inspect_json(engine, image)
    return Reply(200, document)


@route("GET", "/images/{name*}/history")
def history(call: Call) -> Reply:
    with call.world.reading() as engine:
        rows = engine.image_history(call.params["name"])
    return Reply(200, rows)


@route("POST", "/images/{name*}/tag")
def tag(call: Call) -> Reply:
    """postImagesTag: `repo` (and `tag`, default latest) name the new reference; 201."""
    repo = call.arg("repo")
    if not repo:
        raise ApiError(400, "repository name must have at least one component")
    target = f"{repo}:{call.arg('tag')}" if call.arg("tag") else repo
    with call.world.writing() as engine:
        engine.image_tag(call.params["name"], target)
    return Reply(201, raw=b"", content_type="")


@route("DELETE", "/images/{name*}")
def remove(call: Call) -> Reply:
    with call.world.writing() as engine:
        records = engine.image_delete(
            call.params["name"], force=call.flag("force"), prune=not call.flag("noprune")
        )
    return Reply(
        200, [{"Untagged": r.untagged} if r.untagged else {"Deleted": r.deleted} for r in records]
    )


@route("POST", "/images/prune")
def prune(call: Call) -> Reply:
    filters = call.filters()
    dangling = filters.get("dangling", ["true"])[-1].lower() in ("true", "1")
    with call.world.writing() as engine:
        records, reclaimed = engine.image_prune(all_images=not dangling, filters=filters)
    deleted = [{"Untagged": r.untagged} if r.untagged else {"Deleted": r.deleted} for r in records]
    return Reply(200, {"ImagesDeleted": deleted or None, "SpaceReclaimed": reclaimed})
