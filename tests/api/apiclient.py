"""A small HTTP client over a unix socket for the API tests, and a served world to aim it at."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dockersim.api.server import Server
from dockersim.api.world import ServedWorld

REPO = Path(__file__).resolve().parents[2]


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float = 30.0) -> None:
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.unix_path)
        self.sock = sock


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Served:
    """A server on a unix socket in a thread, over the world in `home`."""

    def __init__(self, home: Path, publish_ports: bool = False) -> None:
        self.home = home
        self.socket = home / "docker.sock"
        self.server = Server(ServedWorld(home), publish_ports)
        self.server.listen_unix(self.socket)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def docker_host(self) -> str:
        return f"unix://{self.socket}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        conn = UnixConnection(str(self.socket))
        try:
            data = None
            sent = dict(headers or {})
            if body is not None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                sent.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            return Reply(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            conn.close()

    def raw(self, data: bytes, read_until_close: bool = True) -> bytes:
        """Send bytes as they are; what comes back until the server closes."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(10)
        sock.connect(str(self.socket))
        try:
            sock.sendall(data)
            chunks = []
            while True:
                piece = sock.recv(65536)
                if not piece:
                    break
                chunks.append(piece)
                if not read_until_close:
                    break
            return b"".join(chunks)
        finally:
            sock.close()

    def dockersim(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """`dockersim docker ARGV` on the same world (a process of its own)."""
        env = {**os.environ, "DOCKERSIM_HOME": str(self.home), "PYTHONPATH": str(REPO)}
        return subprocess.run(
            [sys.executable, "-m", "dockersim.cli", "docker", *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
            timeout=120,
        )

    def stop(self) -> None:
        self.server.stop()
        self.thread.join(5)


@contextmanager
def served(home: Path, publish_ports: bool = False) -> Iterator[Served]:
    server = Served(home, publish_ports)
    try:
        yield server
    finally:
        server.stop()


def frames(data: bytes) -> list[tuple[int, bytes]]:
    """The stdcopy frames of a multiplexed stream."""
    out = []
    while data:
        kind, size = data[0], int.from_bytes(data[4:8], "big")
        out.append((kind, data[8 : 8 + size]))
        data = data[8 + size :]
    return out


def free_port() -> int:
    """A TCP port nothing listens on now on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: the real docker CLI (28.2.2 on these machines), None where it is not installed
DOCKER = shutil.which("docker")


class Cli:
    """The real docker CLI talking to a server (`DOCKER_HOST`), with its own config dir."""

    def __init__(self, api: Served, config: Path) -> None:
        self.api = api
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(config),
            "DOCKER_CONFIG": str(config),
            "DOCKER_HOST": api.docker_host,
        }

    def __call__(self, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        assert DOCKER is not None
        return subprocess.run(
            [DOCKER, *argv],
            capture_output=True,
            text=True,
            env=self.env,
            input=stdin,
            timeout=60,
        )

    def sim(self, *argv: str) -> subprocess.CompletedProcess[str]:
        """The same command through `dockersim docker` on the same world."""
        return self.api.dockersim(*argv)
