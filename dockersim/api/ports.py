"""Published ports as real sockets: while the server runs, each TCP port a running container
publishes listens on 127.0.0.1 of the real machine and carries HTTP to the simulated program,
so `curl http://127.0.0.1:8080/` (or a browser) gets nginx's page.

A start through the API binds the container's ports before it counts: a port that something
on the real machine holds fails the start with the daemon's `address already in use` (the
world is then left as it was, `ServedWorld.Discard`). Containers started another way (by
`dockersim docker start` in another terminal, a restart policy) are picked up by a look at
the world every `SYNC` seconds, and a container that stops loses its sockets there too.

Each connection is read as HTTP/1.1 requests (at most `MAX_HEAD` of request line and
headers, `MAX_BODY` of body, `TIMEOUT` seconds of silence) and answered with what the
program inside answers `curl` from the host (engine/programs/client.py `request`). Nothing
else of the real machine is touched; only loopback is ever bound.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING

from dockersim.errors import System

if TYPE_CHECKING:
    from dockersim.api.resp import Session
    from dockersim.api.server import Server
    from dockersim.engine import Engine
    from dockersim.engine.programs.http import HttpResponse

LOOPBACK = "127.0.0.1"
SYNC = 0.25
MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024
TIMEOUT = 30.0
#: connections served at once on one port; more wait in the listen backlog
MAX_CONNECTIONS = 32


def bind_failed(engine: Engine, container_id: str, binding: tuple[str, int, int, str]) -> System:
    """libnetwork's text when the host port is taken outside Docker (Engine 28 and 29)."""
    from dockersim.engine.networks import _stable_id

    container = engine.container_get(container_id)
    host_ip, host_port, port, proto = binding
    ip = engine.container_ip(container)
    return System(
        "failed to set up container networking: driver failed programming external "
        f"connectivity on endpoint {container.display_name} "
        f"({_stable_id(container.id, 'ep')[:64]}): failed to bind host port for "
        f"{host_ip or '0.0.0.0'}:{host_port}:{ip}:{port}/{proto}: address already in use"
    )


class Listener:
    """One host port: a listening socket and its accept thread."""

    def __init__(self, owner: Ports, sock: socket.socket, port: int, container_id: str) -> None:
        self.owner = owner
        self.sock = sock
        self.port = port
        self.container_id = container_id
        self.since = time.monotonic()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            if not self.slots.acquire(blocking=False):
                conn.close()
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(TIMEOUT)
            reader = conn.makefile("rb")
            protocol = self.owner.protocol(self.port)
            if protocol == "redis":
                from dockersim.api import resp

                resp.serve(
                    reader,
                    conn.sendall,
                    lambda session, words: self.owner.redis(self.port, session, words),
                    self.closed.is_set,
                )
                return
            while protocol == "http" and not self.closed.is_set():
                request = read_request(reader)
                if request is None:
                    break
                reply = self.owner.answer(self.port, *request)
                if reply is None:  # nothing answers HTTP there: the peer sees the close
                    break
                conn.sendall(reply)
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            self.slots.release()

    def close(self) -> None:
        """Stop listening now: shutdown first wakes the accept thread, so the port is free
        for another bind at once (a bare close waits for the accept in progress)."""
        self.closed.set()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self.sock.close()


def read_request(reader: object) -> tuple[str, str, dict[str, str], bytes] | None:
    """Method, target, headers (lower-case names) and body; None at EOF or on a request
    over the limits or malformed (the connection then ends)."""
    readline = reader.readline  # type: ignore[attr-defined]
    line = readline(MAX_HEAD + 1)
    while line in (b"\r\n", b"\n"):
        line = readline(MAX_HEAD + 1)
    if not line or len(line) > MAX_HEAD:
        return None
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        return None
    headers: dict[str, str] = {}
    size = len(line)
    while True:
        raw = readline(MAX_HEAD + 1)
        size += len(raw)
        if not raw or size > MAX_HEAD:
            return None
        if raw in (b"\r\n", b"\n"):
            break
        name, sep, value = raw.decode("latin-1").partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length", "0").strip() or "0"
    if not length.isdigit() or int(length) > MAX_BODY or "transfer-encoding" in headers:
        return None
    body = reader.read(int(length)) if int(length) else b""  # type: ignore[attr-defined]
    return parts[0], parts[1], headers, body


def response_bytes(response: HttpResponse, head_only: bool) -> bytes:
    head = f"{response.http_version} {response.status} {response.reason}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in response.headers) + "\r\n"
    return head.encode("latin-1") + (b"" if head_only else response.body)


class Ports:
    """The listeners of a server, by host port."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.listeners: dict[int, Listener] = {}
        self.lock = threading.Lock()
        self._reported: set[int] = set()
        self.thread = threading.Thread(target=self._sync_loop, daemon=True)

    def start(self) -> None:
        self.thread.start()

    # --- binding -----------------------------------------------------------------------------
    def claim(self, engine: Engine, container_id: str) -> None:
        """Bind every TCP port the (just started) container publishes; the daemon's error,
        and nothing bound, when one is taken on the real machine."""
        container = engine.container_get(container_id)
        fresh: list[Listener] = []
        with self.lock:
            for binding in container.ports:
                host_port, proto = binding[1], binding[3]
                if proto != "tcp":
                    continue
                held = self.listeners.get(host_port)
                if held is not None:
                    if held.container_id == container_id:
                        continue
                    # a container gone since the last look held it (two running containers
                    # never publish one port): the port is this one's now
                    held.close()
                    del self.listeners[host_port]
                sock = _bind(host_port)
                if sock is None:
                    for listener in fresh:
                        listener.close()
                    raise bind_failed(engine, container_id, binding)
                fresh.append(Listener(self, sock, host_port, container_id))
            for listener in fresh:
                self.listeners[listener.port] = listener
                listener.thread.start()

    def _sync_loop(self) -> None:
        while not self.server.stopping.wait(SYNC):
            looked = time.monotonic()
            try:
                with self.server.world.reading() as engine:
                    wanted = {
                        host_port: c.id
                        for c in engine.container_list()
                        if c.state.running
                        for _, host_port, _, proto in c.ports
                        if proto == "tcp"
                    }
            except Exception:  # a world that cannot be read now: the next look
                continue
            self._apply(wanted, looked)
        self.close_all()

    def _apply(self, wanted: dict[int, str], looked: float) -> None:
        """Open what `wanted` lacks, close what it no longer has (not a listener a start
        claimed after this look at the world)."""
        with self.lock:
            for port, listener in list(self.listeners.items()):
                if wanted.get(port) != listener.container_id and listener.since < looked:
                    listener.close()
                    del self.listeners[port]
            for port, container_id in wanted.items():
                if port in self.listeners:
                    continue
                sock = _bind(port)
                if sock is None:
                    if port not in self._reported:
                        self._reported.add(port)
                        sys.stderr.write(
                            f"dockersim serve: port {port} of container {container_id[:12]} "
                            "is taken on this machine: address already in use\n"
                        )
                    continue
                self._reported.discard(port)
                listener = Listener(self, sock, port, container_id)
                self.listeners[port] = listener
                listener.thread.start()

    def close_all(self) -> None:
        with self.lock:
            for listener in self.listeners.values():
                listener.close()
            self.listeners.clear()

    # --- answering ---------------------------------------------------------------------------
    def protocol(self, host_port: int) -> str:
        """What the program behind `host_port` speaks there: `redis` (RESP), `http`, or ""
        (a server with no byte-level model, such as postgres or mysql, or nothing: the
        connection is accepted and closed at once)."""
        from dockersim.engine.programs import program_of

        with self.server.world.reading() as engine:
            outcome = engine.net_view(None).connect(LOOPBACK, host_port)
            target = outcome.target
            container = target.container if target is not None else None
            if outcome.status != "ok" or target is None or container is None:
                return ""
            if container.blocked_in == "redis-server":
                return "redis"
            program = program_of(container.blocked_in)
            if program is not None and program.serve is None and not container.daemons:
                return ""
            return "http"

    def redis(self, host_port: int, session: Session, words: list[str]) -> bytes | None:
        """One command to the redis-server behind `host_port` (None: it is no longer there)."""
        from dockersim.engine.programs.redis_server import image_version

        with self.server.world.writing() as engine:  # a SET is a change of its keyspace
            engine.settle()
            outcome = engine.net_view(None).connect(LOOPBACK, host_port)
            target = outcome.target
            container = target.container if target is not None else None
            if container is None or container.blocked_in != "redis-server":
                return None
            store = engine.world.memory.setdefault(container.id, {})
            env = dict(item.partition("=")[::2] for item in container.config.env)
            return session.answer(store, image_version(env), words)

    def answer(
        self, host_port: int, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> bytes | None:
        """What the program behind `host_port` answers, as the host's curl would get it."""
        from dockersim.engine.programs.client import request

        agent = headers.get("user-agent", "")
        url = f"http://localhost:{host_port}{target if target.startswith('/') else '/'}"
        with self.server.world.writing() as engine:  # a server's access log is a change
            engine.settle()
            view = engine.net_view(None)
            outcome, response = request(
                view,
                method,
                url,
                agent,
                body=body.decode("utf-8", "replace"),
                content_type=headers.get("content-type", ""),
            )
        if outcome.status != "ok" or response is None:
            return None
        return response_bytes(response, method == "HEAD")


def _bind(port: int) -> socket.socket | None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # not over a listening one
    try:
        sock.bind((LOOPBACK, port))
        sock.listen(64)
    except OSError:
        sock.close()
        return None
    return sock
