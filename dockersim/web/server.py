"""`dockersim web`: the lesson page's HTTP server, on 127.0.0.1 only.

A stdlib `ThreadingHTTPServer` that reads a request (refusing bodies over the API's limit
before reading them), hands it to `api.App.handle` and writes the response with the page's
security headers. `serve()` binds, says where, opens the browser and runs until Ctrl-C.
"""

from __future__ import annotations

import errno
import sys
import webbrowser
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from dockersim.web.api import MAX_BODY, SECURITY_HEADERS, App, Request, Response
from dockersim.web.world import World

ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8642


class Handler(BaseHTTPRequestHandler):
    server_version = "dockersim-web"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    #: seconds a client may take to send its request (a stalled client frees its thread)
    timeout = 30
    server: PageServer

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_POST(self) -> None:
        self._answer(with_body=True)

    def _answer(self, *, with_body: bool) -> None:
        body = b""
        if self.command == "POST":
            if "transfer-encoding" in {k.lower() for k in self.headers}:
                return self._send(Response.error(411, "a Content-Length is required"), True)
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                return self._send(Response.error(411, "a Content-Length is required"), True)
            if length < 0 or length > MAX_BODY:
                return self._send(Response.error(413, "request too large"), True)
            body = self.rfile.read(length)
        headers = {key.lower(): value for key, value in self.headers.items()}
        response = self.server.app.handle(Request(self.command, self.path, headers, body))
        self._send(response, with_body)

    def _send(self, response: Response, with_body: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        if response.status >= 400 and self.command == "POST":
            self.send_header("Connection", "close")  # an unread body must not become a request
            self.close_connection = True
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal that started the server is the learner's, not a log."""


class PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app: App, port: int) -> None:
        self.app = app
        super().__init__((ADDRESS, port), Handler)
        app.set_port(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away mid-answer is no error; anything else is reported in one
        line, never as a traceback on the learner's terminal."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        sys.stderr.write(f"dockersim web: internal error: {type(error).__name__}: {error}\n")

    @property
    def url(self) -> str:
        return f"http://{ADDRESS}:{self.server_address[1]}/"


def bind(app: App, port: int, err: TextIO = sys.stderr) -> PageServer:
    """A server on `port`, or on a free one when `port` is 0 or busy (saying so)."""
    try:
        return PageServer(app, port)
    except OSError as exc:
        if port == 0 or exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            raise
    server = PageServer(app, 0)
    err.write(f"dockersim web: port {port} is in use; using {server.server_address[1]}\n")
    return server


def serve(
    lesson_files: Sequence[str],
    port: int = DEFAULT_PORT,
    browser: bool = True,
    home: Path | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """The `dockersim web` command: 0 after Ctrl-C, 1 when it cannot start, 2 for a bad lesson."""
    from dockersim.web.lessons import LessonError, load_lessons

    try:
        lessons = load_lessons(lesson_files)
    except LessonError as exc:
        err.write(f"{exc}\n")
        return 2
    app = App(lessons, World(home), port)
    try:
        server = bind(app, port, err)
    except OSError as exc:
        err.write(f"dockersim web: cannot listen on {ADDRESS}:{port}: {exc.strerror or exc}\n")
        return 1
    with server:
        what = (
            f"{len(lessons)} lesson{'s' if len(lessons) != 1 else ''}" if lessons else "playground"
        )
        out.write(f"dockersim web ({what}) on {server.url}  (Ctrl-C stops it)\n")
        out.flush()
        if browser:
            webbrowser.open(server.url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            out.write("\ndockersim web: stopped\n")
    return 0
