"""HTTP/1.1 on one accepted socket: requests in (keep-alive, chunked bodies), replies out
(fixed, chunked streams, the `101 UPGRADED` hijack).

What the Docker clients need and a stock server lacks (engine-api.md §1): several requests
in flight on separate connections, request bodies sent chunked (`docker build`), streamed
replies that are chunked (docker-py reads them frame by frame only then), replies whose
headers go out before the body exists (`/wait`), and the hijack, after which the socket
carries raw bytes both ways and a half-close by the client is not a hang-up.

A malformed request gets what Go's net/http sends (`400 Bad Request` as plain text, then the
connection closes); limits are dockersim's own: a request line or header block over 64 KiB,
more than 200 header lines, a body over `MAX_BODY`.
"""

from __future__ import annotations

import contextlib
import io
import socket
import time
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from dockersim.engine.system import API_VERSION, ENGINE_VERSION

#: the largest request body read (a JSON body is a few KiB; archives are not served yet)
MAX_BODY = 16 * 1024 * 1024
MAX_LINE = 64 * 1024
MAX_HEADERS = 200
#: moby httputils: every reply says which API and OS it speaks (engine-api.md §2.1)
COMMON_HEADERS = (
    ("Api-Version", API_VERSION),
    ("Docker-Experimental", "false"),
    ("Ostype", "linux"),
    ("Server", f"Docker/{ENGINE_VERSION} (linux)"),
)
REASONS = {
    101: "Switching Protocols",
    200: "OK",
    201: "Created",
    204: "No Content",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Request Entity Too Large",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}


class BadRequest(Exception):
    """The request cannot be read: answered as Go's net/http does, then the connection ends."""

    def __init__(self, status: int = 400, why: str = "") -> None:
        super().__init__(why or REASONS.get(status, "Bad Request"))
        self.status = status


class ClientGone(Exception):
    """The peer closed the connection (or reset it) while we were writing to it."""


class Request:
    """One parsed request. `path` is percent-decoded; `query` keeps every value of a key."""

    def __init__(
        self, method: str, target: str, version: str, headers: dict[str, str], body: bytes
    ) -> None:
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        parts = urlsplit(target)
        self.path = unquote(parts.path)
        self.query: dict[str, list[str]] = parse_qs(parts.query, keep_blank_values=True)

    def arg(self, key: str, default: str = "") -> str:
        values = self.query.get(key)
        return values[-1] if values else default

    def flag(self, key: str, default: bool = False) -> bool:
        """moby httputils.BoolValue: "", 0, no, false, none (any case) are false."""
        if key not in self.query:
            return default
        return self.arg(key).strip().lower() not in ("", "0", "no", "false", "none")

    @property
    def wants_upgrade(self) -> bool:
        return "upgrade" in self.headers.get("connection", "").lower() and bool(
            self.headers.get("upgrade")
        )

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


class Connection:
    """One client socket: read requests, write replies (one at a time, in order)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.rfile: io.BufferedReader = sock.makefile("rb")
        self.hijacked = False
        #: a streamed reply has begun: an error can no longer be answered, only end it
        self.streaming = False
        self.closing = False

    # --- reading -----------------------------------------------------------------------------
    def _line(self) -> bytes:
        line = self.rfile.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise BadRequest(431)
        return line

    def read_request(self) -> Request | None:
        """The next request, or None when the client closed the connection between two."""
        line = self._line()
        while line in (b"\r\n", b"\n"):  # RFC 9112 2.2: empty lines before a request
            line = self._line()
        if not line:
            return None
        try:
            method, target, version = line.decode("ascii").rstrip("\r\n").split(" ")
        except (UnicodeDecodeError, ValueError):
            raise BadRequest(400, "malformed request line") from None
        if not version.startswith("HTTP/1.") or not method.isalpha() or not target:
            raise BadRequest(400, "malformed request line")
        headers: dict[str, str] = {}
        size = 0
        for _ in range(MAX_HEADERS + 1):
            raw = self._line()
            size += len(raw)
            if size > MAX_LINE:
                raise BadRequest(431)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep or not name or name != name.strip():
                raise BadRequest(400, "malformed header")
            key = name.lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        else:
            raise BadRequest(431)
        body = self._body(headers)
        return Request(method, target, version, headers, body)

    def _body(self, headers: dict[str, str]) -> bytes:
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return self._chunked()
        length_text = headers.get("content-length", "0").strip() or "0"
        if not length_text.isdigit():
            raise BadRequest(400, "bad Content-Length")
        length = int(length_text)
        if length > MAX_BODY:
            raise BadRequest(413)
        data = self.rfile.read(length) if length else b""
        if len(data) < length:
            raise BadRequest(400, "unexpected EOF in body")
        return data

    def _chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            size_line = self._line().split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise BadRequest(400, "bad chunk size") from None
            if size < 0:
                raise BadRequest(400, "bad chunk size")
            if size == 0:
                while self._line() not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > MAX_BODY:
                raise BadRequest(413)
            data = self.rfile.read(size)
            if len(data) < size:
                raise BadRequest(400, "unexpected EOF in chunk")
            parts.append(data)
            self._line()

    # --- writing -----------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError:
            raise ClientGone from None

    def head(self, status: int, headers: list[tuple[str, str]], close: bool = False) -> bytes:
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Unknown')}"]
        lines += [f"{k}: {v}" for k, v in COMMON_HEADERS]
        lines.append(f"Date: {formatdate(usegmt=True)}")
        lines += [f"{k}: {v}" for k, v in headers]
        if close:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def reply(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = "",
        extra: list[tuple[str, str]] | None = None,
        head_only: bool = False,
    ) -> None:
        """A whole reply. 204 and 304 carry neither a body nor a length (as Go's server)."""
        headers = list(extra or [])
        if content_type:
            headers.append(("Content-Type", content_type))
        if status not in (204, 304):
            headers.append(("Content-Length", str(len(body))))
        else:
            body = b""
        self.write(self.head(status, headers, self.closing) + (b"" if head_only else body))

    def start_stream(self, status: int, content_type: str) -> None:
        """Headers now (flushed), body chunks later (`chunk`, then `end_stream`)."""
        headers = [("Content-Type", content_type), ("Transfer-Encoding", "chunked")]
        self.streaming = True
        self.write(self.head(status, headers))

    def chunk(self, data: bytes) -> None:
        if data:
            self.write(b"%x\r\n%s\r\n" % (len(data), data))

    def end_stream(self) -> None:
        self.streaming = False
        self.write(b"0\r\n\r\n")

    def hijack(self, content_type: str, upgrade: bool) -> None:
        """Take the socket over: `101 UPGRADED` (or a 200 without an `Upgrade` header, after
        which the connection ends with the stream), then raw bytes. docker-py reads the
        stream from under its buffered reader and loses what arrives with the headers
        (engine-api.md §1.5), so the first bytes wait 50 ms."""
        self.hijacked = True
        if upgrade:
            head = (
                "HTTP/1.1 101 UPGRADED\r\n"
                f"Content-Type: {content_type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
            ).encode("latin-1")
        else:
            head = self.head(200, [("Content-Type", content_type)], close=True)
        self.write(head)
        time.sleep(0.05)

    def peer_closed(self) -> bool:
        """Whether the client has hung up (a read would give EOF); never blocks.

        Only for connections whose client sends nothing more until our reply ends."""
        try:
            data = self.sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False
        except OSError:
            return True
        return data == b""

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.rfile.close()
        self.sock.close()


def bad_request_reply(error: BadRequest) -> bytes:
    """net/http's answer to a request it cannot read (server.go: `400 Bad Request`)."""
    reason = REASONS.get(error.status, "Bad Request")
    body = f"{error.status} {reason}".encode()
    return (
        f"HTTP/1.1 {error.status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Connection: close\r\n\r\n"
    ).encode() + body
