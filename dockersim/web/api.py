"""The page's server side, without sockets: one request in, one response out.

`App.handle(request)` is everything the HTTP server does besides reading and writing bytes,
so tests call it in-process. Every request is judged before it is routed (see docs/web.md):

- the Host header must be this server's own (`127.0.0.1:PORT` or `localhost:PORT`), which
  stops DNS rebinding: a web page whose name was made to point at 127.0.0.1 sends its own;
- the API answers only POST with a JSON body of at most `MAX_BODY` bytes, the page's random
  token in `X-Dockersim-Token` (a page of another origin cannot read it from ours), no foreign
  `Origin` and no `Sec-Fetch-Site: cross-site`;
- static files come from a fixed list, never from a path built from the request.
"""

from __future__ import annotations

import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import attrs

from dockersim.web.lessons import Lesson, check, prepare
from dockersim.web.world import World

#: the largest request body the API reads
MAX_BODY = 64 * 1024
#: the longest command line the terminal sends
MAX_LINE = 16 * 1024
TOKEN_HEADER = "x-dockersim-token"

#: URL path -> (file under static/, content type): the only files served
STATIC: dict[str, tuple[str, str]] = {
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
    "/static/vendor/xterm.mjs": ("vendor/xterm.mjs", "text/javascript; charset=utf-8"),
    "/static/vendor/xterm.css": ("vendor/xterm.css", "text/css; charset=utf-8"),
    "/static/vendor/addon-fit.mjs": ("vendor/addon-fit.mjs", "text/javascript; charset=utf-8"),
}

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@attrs.frozen
class Request:
    method: str
    path: str
    #: header names in lower case
    headers: Mapping[str, str]
    body: bytes = b""


@attrs.frozen
class Response:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"

    @classmethod
    def json(cls, data: Any, status: int = 200) -> Response:
        return cls(status, json.dumps(data).encode("utf-8"), "application/json")

    @classmethod
    def error(cls, status: int, message: str) -> Response:
        return cls.json({"error": message}, status)


class App:
    """The page's state: its lessons, its token, the learner's world. `port` is the port the
    server listens on (the Host and Origin it accepts)."""

    def __init__(self, lessons: Sequence[Lesson], world: World, port: int) -> None:
        self.lessons = list(lessons)
        self.world = world
        self.token = secrets.token_urlsafe(32)
        self.set_port(port)

    def set_port(self, port: int) -> None:
        self.port = port
        self.hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})
        self.origins = frozenset(f"http://{host}" for host in self.hosts)

    # --- the gate --------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path.split("?", 1)[0].split("#", 1)[0]
        if request.headers.get("host", "").lower() not in self.hosts:
            return Response.error(403, "unknown Host: this server answers only its own address")
        if path.startswith("/api/"):
            refusal = self._refuse_api(request)
            if refusal is not None:
                return refusal
            try:
                data = json.loads(request.body.decode("utf-8")) if request.body else {}
            except (UnicodeDecodeError, ValueError, RecursionError):
                return Response.error(400, "the body is not JSON")
            if not isinstance(data, dict):
                return Response.error(400, "the body is not a JSON object")
            return self._api(path, data)
        if request.method not in ("GET", "HEAD"):
            return Response.error(405, "method not allowed")
        if path in ("/", "/index.html"):
            return Response(200, self.page(), "text/html; charset=utf-8")
        if path == "/favicon.ico":  # none: an empty answer instead of a 404 in the console
            return Response(204, b"")
        if path in STATIC:
            name, content_type = STATIC[path]
            return Response(200, _static(name), content_type)
        return Response.error(404, "not found")

    def _refuse_api(self, request: Request) -> Response | None:
        headers = request.headers
        if request.method != "POST":
            return Response.error(405, "the API takes POST")
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in self.origins:
            return Response.error(403, "foreign Origin")
        if headers.get("sec-fetch-site", "") == "cross-site":
            return Response.error(403, "cross-site request")
        if not hmac.compare_digest(
            headers.get(TOKEN_HEADER, "").encode("utf-8", "replace"), self.token.encode()
        ):
            return Response.error(403, "missing or wrong token")
        if headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            return Response.error(415, "the API takes application/json")
        if len(request.body) > MAX_BODY:
            return Response.error(413, "request too large")
        return None

    # --- the API ---------------------------------------------------------------------------
    def _api(self, path: str, data: dict[str, Any]) -> Response:
        from dockersim.errors import Error

        try:
            if path == "/api/state":
                return Response.json(
                    {
                        "lessons": [lesson.to_json(n) for n, lesson in enumerate(self.lessons)],
                        "pictures": self.world.pictures(),
                    }
                )
            if path == "/api/run":
                line = data.get("line")
                if not isinstance(line, str) or len(line) > MAX_LINE or "\x00" in line:
                    return Response.error(400, f"line: a string of at most {MAX_LINE} characters")
                if not line.strip():
                    return Response.json({"output": "", "exit_code": 0, "pictures": None})
                outcome, pictures, changes = self.world.run(line)
                return Response.json(
                    {
                        "output": outcome.text,
                        "exit_code": outcome.exit_code,
                        "pictures": pictures,
                        "changes": changes,
                    }
                )
            if path in ("/api/check", "/api/prepare"):
                lesson = self._lesson(data)
                if lesson is None:
                    return Response.error(400, "lesson: the number of one of the page's lessons")
                if path == "/api/check":
                    with self.world.session(lambda: False) as engine:
                        return Response.json({"steps": check(lesson, engine)})
                with self.world.session() as engine:
                    done = prepare(lesson, engine)
                return Response.json({"done": done, "pictures": self.world.pictures()})
        except Error as exc:  # the saved world cannot be read or written: say why
            return Response.error(500, str(exc))
        except Exception as exc:  # a dockersim bug: said, never a traceback in the page
            return Response.error(500, f"dockersim internal error: {type(exc).__name__}: {exc}")
        return Response.error(404, "no such API")

    def _lesson(self, data: dict[str, Any]) -> Lesson | None:
        number = data.get("lesson")
        if type(number) is not int or not 0 <= number < len(self.lessons):
            return None
        return self.lessons[number]

    # --- the page --------------------------------------------------------------------------
    def page(self) -> bytes:
        """index.html with this server's token in it (a meta tag the page's script reads)."""
        template = _static("index.html").decode("utf-8")
        return template.replace("{{TOKEN}}", self.token).encode("utf-8")


def _static(name: str) -> bytes:
    """A file shipped in dockersim/web/static (names come from STATIC only)."""
    return resources.files("dockersim.web").joinpath("static", *name.split("/")).read_bytes()
