"""Images and containers as archives, and the registry: save, load, export, push, search, auth
(moby daemon/server/router/image/image_routes.go, container_routes.go, system_routes.go).

Each calls the engine as the `dockersim docker` command does (docker/commands/archive.py,
push.py, search.py, auth.py), so both front ends give the same archives, streams and hits.
"""

from __future__ import annotations

from typing import Any

from dockersim.api.handlers.images import _line, _message
from dockersim.api.routes import ApiError, Call, Reply, route
from dockersim.engine import errors
from dockersim.engine.errors import StreamError
from dockersim.model.reference import parse_reference

TAR = "application/x-tar"


@route("GET", "/images/get")
def save_many(call: Call) -> Reply:
    """`docker save a b`: `names` once per image."""
    return _save(call, call.request.query.get("names", []))


@route("GET", "/images/{name*}/get")
def save_one(call: Call) -> Reply:
    return _save(call, [call.params["name"]])


def _save(call: Call, names: list[str]) -> Reply:
    if call.arg("platform"):
        raise ApiError(501, "dockersim: not simulated in serve: save with a platform")
    with call.world.reading() as engine:
        data = engine.image_save(names)
    return Reply(200, raw=data, content_type=TAR)


@route("POST", "/images/load")
def load(call: Call) -> Reply | None:
    """The JSON stream `docker load` shows: a "Loading layer" line per new layer unless
    `quiet` (the CLI asks for quiet when its output is not a terminal), then a `stream`
    line per loaded tag; an error after the start travels in the stream."""
    quiet = call.flag("quiet")
    with call.world.writing() as engine:
        try:
            result = engine.image_load(call.request.body, quiet)
            failure = ""
        except StreamError as exc:  # what it loaded before the error stays loaded
            result, failure = None, str(exc)
    conn = call.conn
    conn.start_stream(200, "application/json")
    out: list[dict[str, Any]] = []
    if result is not None:
        if not quiet:
            for diff_id, size in result.progress:
                out.append(_loading(diff_id, size))
        out.extend({"stream": line + "\n"} for line in result.lines)
    else:
        out.append({"errorDetail": {"message": failure}, "error": failure})
    conn.chunk(b"".join(_line(item) for item in out))
    conn.end_stream()
    return None


def _loading(diff_id: str, size: int) -> dict[str, Any]:
    """jsonmessage of a layer read whole: the bar the CLI draws at a terminal."""
    from dockersim.model.humanize import human_size

    shown = human_size(size)
    return {
        "status": "Loading layer",
        "progressDetail": {"current": size, "total": size},
        "progress": f"[{'=' * 49}>]  {shown}/{shown}",
        "id": diff_id.split(":", 1)[-1][:12],
    }


@route("GET", "/containers/{name}/export")
def export(call: Call) -> Reply:
    with call.world.reading() as engine:
        data = engine.container_export(call.params["name"])
    return Reply(200, raw=data, content_type=TAR)


@route("POST", "/images/{name*}/push")
def push(call: Call) -> Reply | None:
    """The push stream; every error after the start comes inside it (push.go). No `tag`
    pushes every tag of the repository."""
    name, tag = call.params["name"], call.arg("tag")
    ref = parse_reference(f"{name}:{tag}" if tag else name)
    if ref.digest is not None:
        raise ApiError(400, "cannot push a digest reference")  # est. wording
    with call.world.writing() as engine:
        refs = [ref]
        if ref.tag is None:
            prefix = ref.name + ":"
            tagged = [r for r in engine.image_references() if r.startswith(prefix)]
            refs = [parse_reference(r) for r in tagged] or [ref.with_default_tag()]
        results = [(one, engine.image_push(one)) for one in refs]
    conn = call.conn
    conn.start_stream(200, "application/json")
    for one, result in results:
        lines = [_line(_message(m.status, m.id)) for m in result.messages]
        if result.error:
            lines.append(_line({"errorDetail": {"message": result.error}, "error": result.error}))
            conn.chunk(b"".join(lines))
            break
        last = result.messages[-1].status if result.messages else ""
        if ": digest: " in last:  # `TAG: digest: sha256:... size: N`: also as aux
            digest = last.split(": digest: ", 1)[1].split(" ", 1)[0]
            size = int(last.rsplit(" ", 1)[1])
            aux = {"Tag": one.tag or "latest", "Digest": digest, "Size": size}
            lines.append(_line({"progressDetail": {}, "aux": aux}))
        conn.chunk(b"".join(lines))
    conn.end_stream()
    return None


@route("GET", "/images/search")
def search(call: Call) -> Reply:
    """registry.SearchResult for each hit, after the daemon's filters and limit."""
    term = call.arg("term")
    limit_text = call.arg("limit") or "25"
    try:
        limit = int(limit_text)
    except ValueError:
        raise ApiError(400, f'strconv.Atoi: parsing "{limit_text}": invalid syntax') from None
    if not 1 <= limit <= 100:
        raise errors.search_limit(limit)
    filters = call.filters()
    min_stars = _check_filters(filters)
    automated = filters.get("is-automated", ["false"])[-1] in ("true", "1")
    official = filters.get("is-official")
    with call.world.reading() as engine:
        hits = engine.image_search(term)
    out = []
    for hit in hits:
        stars = int(str(hit["star_count"]))
        if automated or stars < min_stars:
            continue
        if official and (official[-1] in ("true", "1")) != hit["is_official"]:
            continue
        out.append(
            {
                "star_count": stars,
                "is_official": hit["is_official"],
                "name": hit["name"],
                "is_automated": False,
                "description": hit["description"],
            }
        )
    return Reply(200, out[:limit])


def _check_filters(filters: dict[str, list[str]]) -> int:
    """daemon/pkg/registry/search.go's validation; the minimum stars."""
    min_stars = 0
    for key, given in filters.items():
        if key not in ("stars", "is-official", "is-automated"):
            raise errors.invalid_filter(key)
        if key == "stars":
            for value in given:
                if not value.lstrip("-").isdigit():
                    why = f'strconv.Atoi: parsing "{value}": invalid syntax'
                    raise errors.invalid_filter_value("stars", value, why)
                min_stars = max(min_stars, int(value))
        elif given[-1] not in ("true", "false", "1", "0"):
            raise errors.invalid_filter_value(key, given[-1])
    return min_stars


@route("POST", "/auth")
def auth(call: Call) -> Reply:
    """`docker login`: the credentials checked against the registry. The world remembers
    them (as `dockersim docker login` does), so a later push is made as that user; the real
    CLI keeps its own copy in its config.json."""
    body = call.json_body()
    if not isinstance(body, dict):
        raise ApiError(400, "invalid JSON: the body is not an object")  # est. wording
    username = str(body.get("username") or "")
    password = str(body.get("password") or "")
    server = str(body.get("serveraddress") or "") or "https://index.docker.io/v1/"
    if server in ("docker.io", "index.docker.io", "registry-1.docker.io"):
        server = "https://index.docker.io/v1/"
    if not username or not password:
        raise errors.login_unauthorized()
    with call.world.writing() as engine:
        engine.auth_login(server, username, password)
    return Reply(200, {"IdentityToken": "", "Status": "Login Succeeded"})


@route("POST", "/commit")
def commit(call: Call) -> Reply:
    """`docker commit C [REPO[:TAG]]` (moby postCommit): the CLI splits the reference into
    `repo` and `tag`, sends each `--change` as a `changes` value, and prints the `Id`."""
    repo, tag = call.arg("repo"), call.arg("tag")
    if tag and not repo:
        raise ApiError(400, "invalid reference format")  # est.: a tag without a repository
    target = f"{repo}:{tag}" if repo and tag else repo
    with call.world.writing() as engine:
        image_id = engine.container_commit(
            call.arg("container"),
            target,
            message=call.arg("comment"),
            author=call.arg("author"),
            changes=call.request.query.get("changes", []),
        )
    return Reply(201, {"Id": image_id})
