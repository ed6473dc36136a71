"""Paths to handlers, API versions, and errors as the daemon sends them.

moby registers every route twice, bare and under `/v{version}` (daemon/server/server.go); a
version below the minimum or above the maximum is refused with the middleware's 400 (its
sentences below, from daemon/server/middleware/version.go); an unknown path, or a known path
with another method, is `404 {"message":"page not found"}`. An engine error is its kind's
status and `{"message": ...}` with exactly `Content-Type: application/json` (the Go client
decodes nothing else); 304 goes without a body. Anything else a handler raises is a 500 with
a message: never a traceback on the wire.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.api.http import ClientGone, Connection, Request
from dockersim.engine.system import API_VERSION, MIN_API_VERSION
from dockersim.errors import DockerError, Error
from dockersim.model.reference import InvalidReference

if TYPE_CHECKING:
    from dockersim.api.server import Server
    from dockersim.api.world import ServedWorld

JSON = "application/json"


class ApiError(Exception):
    """An error the daemon answers itself (not the engine's): status and sentence."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Reply:
    """A whole answer: JSON (`body` any JSON value), raw bytes, or nothing."""

    def __init__(
        self,
        status: int = 200,
        body: Any = None,
        raw: bytes | None = None,
        content_type: str = JSON,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.raw = raw
        self.content_type = content_type
        self.headers = headers or []


class Call:
    """One request on its way through a handler."""

    def __init__(
        self,
        server: Server,
        conn: Connection,
        request: Request,
        params: dict[str, str],
        version: str,
    ) -> None:
        self.server = server
        self.conn = conn
        self.request = request
        self.params = params
        #: the API version the client asked for (the path's, else the daemon's)
        self.version = version

    @property
    def world(self) -> ServedWorld:
        return self.server.world

    def arg(self, key: str, default: str = "") -> str:
        return self.request.arg(key, default)

    def flag(self, key: str, default: bool = False) -> bool:
        return self.request.flag(key, default)

    def json_body(self, required: bool = False) -> Any:
        """moby httputils.ReadJSON: the content type is checked, an empty body is {} (or EOF
        for a create), trailing content is refused."""
        request = self.request
        kind = request.headers.get("content-type", "")
        body = request.body
        if body and kind.split(";")[0].strip().lower() != JSON:
            raise ApiError(
                400, f"unsupported Content-Type header ({kind}): must be 'application/json'"
            )
        if not body.strip():
            if required:
                raise ApiError(400, "invalid JSON: got EOF while reading request body")
            return {}
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:
            if "Extra data" in str(exc):
                raise ApiError(400, "unexpected content after JSON") from None
            raise ApiError(400, f"invalid JSON: {exc}") from None

    def filters(self) -> dict[str, list[str]]:
        """The `filters` parameter: `{"key":{"value":true}}` (Go) or `{"key":["value"]}`
        (docker-py); moby daemon/internal/filters FromJSON."""
        text = self.arg("filters")
        if not text:
            return {}
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise ApiError(400, "invalid filter: " + text) from None  # est. wording
        if not isinstance(data, dict):
            raise ApiError(400, "invalid filter: " + text)
        out: dict[str, list[str]] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                out[str(key)] = [str(v) for v, on in value.items() if on]
            elif isinstance(value, list):
                out[str(key)] = [str(v) for v in value]
            else:
                raise ApiError(400, "invalid filter: " + text)
        return out


Handler = Callable[[Call], Reply | None]
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []
_VERSIONED = re.compile(r"^/v(?P<version>[0-9.]+)(?P<rest>/.*)$")


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler; `{name}` matches one path segment, `{name*}` anything."""
    regex = re.sub(r"\{(\w+)\*\}", r"(?P<\1>.+)", pattern)
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", regex)
    compiled = re.compile(f"^{regex}/?$")

    def register(handler: Handler) -> Handler:
        _ROUTES.append((method, compiled, handler))
        return handler

    return register


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


def check_version(version: str) -> None:
    if _version_key(version) < _version_key(MIN_API_VERSION):
        raise ApiError(
            400,
            f"client version {version} is too old. Minimum supported API version is "
            f"{MIN_API_VERSION}, please upgrade your client to a newer version",
        )
    if _version_key(version) > _version_key(API_VERSION):
        raise ApiError(
            400,
            f"client version {version} is too new. Maximum supported API version is {API_VERSION}",
        )


def version_at_least(call: Call, version: str) -> bool:
    return _version_key(call.version) >= _version_key(version)


#: routes Docker Engine 29 has that this server does not serve yet: they answer 501 with
#: what is missing, not a `page not found` that would claim Docker lacks them. (Swarm and
#: plugin routes stay 404: the docker CLI's `inspect` reads a 404 there as "not that kind of
#: object" and tries the next kind, as it does against a daemon without them.)
_NOT_SERVED = [
    (re.compile(p), what)
    for p, what in (
        (r"^/containers/[^/]+/attach/ws$", "attach over a websocket"),
        (r"^/build/prune$", "build cache prune"),
        (r"^/build/cancel$", "build cancel"),
        (r"^/session$", "build sessions (BuildKit)"),
        (r"^/distribution/.+/json$", "distribution inspect"),
    )
]


def not_served(method: str, path: str) -> str:
    """What a route Docker has but this server lacks is (empty for an unknown route)."""
    versioned = _VERSIONED.match(path)
    if versioned:
        path = versioned.group("rest")
    path = path.rstrip("/") or "/"
    return next((what for regex, what in _NOT_SERVED if regex.match(path)), "")


def find(method: str, path: str) -> tuple[Handler, dict[str, str], str] | None:
    """The handler, its path parameters and the version asked for, or None."""
    version = API_VERSION
    versioned = _VERSIONED.match(path)
    if versioned:
        version, path = versioned.group("version"), versioned.group("rest")
    for wanted, regex, handler in _ROUTES:
        if wanted != method:
            continue
        match = regex.match(path)
        if match:
            return handler, match.groupdict(), version
    return None


def encode(value: Any) -> bytes:
    """moby WriteJSON: json.Encoder without HTML escaping, one value and a newline."""
    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def dispatch(server: Server, conn: Connection, request: Request) -> None:
    """Answer one request (or stream it, or take the socket over)."""
    found = find(request.method, request.path)
    try:
        if found is None:
            lacking = not_served(request.method, request.path)
            if lacking:
                raise ApiError(501, f"dockersim: not simulated in serve: {lacking}")
            raise ApiError(404, "page not found")
        handler, params, version = found
        check_version(version)
        reply = handler(Call(server, conn, request, params, version))
    except ClientGone:
        raise
    except Exception as exc:  # every failure is answered; the server goes on
        if conn.hijacked or conn.streaming:  # too late for an error reply: end the stream
            raise ClientGone from None
        reply = _error_reply(exc, request)
    if reply is None:
        return
    _send(conn, request, reply)


def _error_reply(exc: Exception, request: Request) -> Reply:
    if isinstance(exc, ApiError):
        return Reply(exc.status, {"message": exc.message})
    if isinstance(exc, DockerError):
        return Reply(exc.http_status, {"message": str(exc)})
    if isinstance(exc, InvalidReference):  # moby: errdefs.InvalidParameter
        return Reply(400, {"message": str(exc)})
    if isinstance(exc, Error):  # the saved world cannot be read or written, and the like
        return Reply(500, {"message": str(exc)})
    where = f"{request.method} {request.path}"
    sys.stderr.write(f"dockersim serve: internal error on {where}: {exc!r}\n")
    return Reply(500, {"message": f"dockersim: internal error: {exc!r}"})


def _send(conn: Connection, request: Request, reply: Reply) -> None:
    if reply.raw is not None:
        body = reply.raw
    elif reply.status in (204, 304) and reply.body is None:
        body = b""
    else:
        body = encode(reply.body)
    conn.reply(
        reply.status,
        body,
        reply.content_type if body or reply.status not in (204, 304) else "",
        extra=reply.headers,
        head_only=request.method == "HEAD",
    )
