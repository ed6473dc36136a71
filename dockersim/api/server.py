"""Listening: a unix socket or a loopback TCP port, one thread per connection.

Threads, not one request at a time: an attached `docker run` holds three connections at
once (attach, wait, start; engine-api.md §1.1), and each waits on the others. The engine
itself is used by one request at a time (`ServedWorld.mutex`). `stop()` (Ctrl-C, SIGTERM)
closes the listening socket, ends every open connection and removes the socket file.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from dockersim.api.http import BadRequest, ClientGone, Connection, bad_request_reply

if TYPE_CHECKING:
    from dockersim.api.handlers.execs import ExecInstance
    from dockersim.api.ports import Ports
    from dockersim.api.world import ServedWorld


class ListenError(Exception):
    """Where the server cannot listen, said as the CLI prints it."""


def parse_host(host: str) -> tuple[str, int]:
    """`tcp://ADDRESS:PORT` -> (address, port); ListenError for anything else."""
    if not host.startswith("tcp://"):
        raise ListenError(f"invalid --host {host!r}: expected tcp://ADDRESS:PORT")
    address, sep, port = host.removeprefix("tcp://").rstrip("/").rpartition(":")
    address = address.strip("[]")
    if not sep or not port.isdigit() or not 0 <= int(port) < 65536 or not address:
        raise ListenError(f"invalid --host {host!r}: expected tcp://ADDRESS:PORT")
    return address, int(port)


def is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class Server:
    """The API server over one world; `listen_unix`/`listen_tcp`, then `serve_forever`."""

    def __init__(self, world: ServedWorld, publish_ports: bool = False) -> None:
        """`publish_ports`: the ports running containers publish listen on 127.0.0.1 of
        the real machine while this server runs (ports.py)."""
        self.world = world
        self.listener: socket.socket | None = None
        self.socket_path: Path | None = None
        self.stopping = threading.Event()
        self._open: set[Connection] = set()
        self._open_lock = threading.Lock()
        #: attach sessions waiting to feed a container's start with what their client types
        from dockersim.api.sessions import Sessions

        self.sessions = Sessions()
        #: exec instances by ID, in the server's memory as in the daemon's (handlers/execs.py)
        self.execs: dict[str, ExecInstance] = {}
        self.ports: Ports | None = None
        if publish_ports:
            from dockersim.api.ports import Ports

            self.ports = Ports(self)

    # --- listening ---------------------------------------------------------------------------
    def listen_unix(self, path: Path) -> str:
        if path.exists() or path.is_symlink():
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(str(path))
            except OSError:
                path.unlink()  # a socket left by a server that died: take its place
            else:
                raise ListenError(f"{path} is in use: another server is listening there")
            finally:
                probe.close()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(str(path))
        except OSError as exc:
            sock.close()
            raise ListenError(f"cannot listen on {path}: {exc.strerror}") from None
        os.chmod(path, 0o600)  # the socket is the whole daemon: only its owner may talk to it
        sock.listen(64)
        self.listener, self.socket_path = sock, path
        return f"unix://{path}"

    def listen_tcp(self, address: str, port: int) -> str:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
        except OSError as exc:
            sock.close()
            where = f"[{address}]:{port}" if family == socket.AF_INET6 else f"{address}:{port}"
            raise ListenError(f"listen tcp {where}: bind: {exc.strerror}") from None
        sock.listen(64)
        self.listener = sock
        bound = sock.getsockname()[1]
        host = f"[{address}]" if family == socket.AF_INET6 else address
        return f"tcp://{host}:{bound}"

    # --- serving -----------------------------------------------------------------------------
    def serve_forever(self) -> None:
        listener = self.listener
        assert listener is not None
        listener.settimeout(0.2)
        if self.ports is not None:
            self.ports.start()
        while not self.stopping.is_set():
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if self.stopping.is_set():
                    break
                raise
            sock.settimeout(None)
            thread = threading.Thread(target=self._serve_connection, args=(sock,), daemon=True)
            thread.start()

    def _serve_connection(self, sock: socket.socket) -> None:
        from dockersim.api import handlers  # noqa: F401 - registers the routes
        from dockersim.api.routes import dispatch

        conn = Connection(sock)
        with self._open_lock:
            self._open.add(conn)
        try:
            while not self.stopping.is_set():
                try:
                    request = conn.read_request()
                except BadRequest as exc:
                    with contextlib.suppress(ClientGone):
                        conn.write(bad_request_reply(exc))
                    break
                except OSError:
                    break
                if request is None:
                    break
                conn.closing = not request.keep_alive
                dispatch(self, conn, request)
                if conn.hijacked or conn.closing:
                    break
        except ClientGone:
            pass
        finally:
            with self._open_lock:
                self._open.discard(conn)
            conn.close()

    def stop(self) -> None:
        self.stopping.set()
        if self.listener is not None:
            with contextlib.suppress(OSError):
                self.listener.close()
        with self._open_lock:
            for conn in list(self._open):
                with contextlib.suppress(OSError):
                    conn.sock.shutdown(socket.SHUT_RDWR)
        if self.ports is not None:
            self.ports.close_all()
        if self.socket_path is not None:
            with contextlib.suppress(OSError):
                self.socket_path.unlink()
