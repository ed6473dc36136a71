"""Published ports as real sockets on 127.0.0.1 while the server runs (api/ports.py)."""

from __future__ import annotations

import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import Served, free_port, served


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    home = Path(tempfile.mkdtemp(prefix="dsprt-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    with served(home, publish_ports=True) as server:
        yield server
    for path in sorted(home.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    os.rmdir(home)


def _nginx(api: Served, name: str, port: int) -> int:
    assert api.request("POST", "/images/create?fromImage=nginx&tag=latest").status == 200
    body = {
        "Image": "nginx",
        "ExposedPorts": {"80/tcp": {}},
        "HostConfig": {"PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": str(port)}]}},
    }
    assert api.request("POST", f"/containers/create?name={name}", body=body).status == 201
    return api.request("POST", f"/containers/{name}/start").status


def _get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def test_a_published_port_serves_the_nginx_page_from_the_real_machine(live: Served) -> None:
    # given
    port = free_port()
    # when
    assert _nginx(live, "web", port) == 204
    status, body, headers = _get(f"http://127.0.0.1:{port}/")
    missing = _get(f"http://127.0.0.1:{port}/nope")
    # then
    assert status == 200
    assert b"<title>Welcome to nginx!</title>" in body
    assert headers["Server"] == "nginx/1.27.5"
    assert headers["Content-Length"] == str(len(body))
    assert missing[0] == 404
    access = live.request("GET", "/containers/web/logs?stdout=1").body
    assert b'"GET / HTTP/1.1" 200 615 "-" "Python-urllib/' in access


def test_the_socket_closes_when_the_container_stops(live: Served) -> None:
    port = free_port()
    assert _nginx(live, "web", port) == 204
    assert _get(f"http://127.0.0.1:{port}/")[0] == 200
    assert live.request("POST", "/containers/web/stop").status == 204
    deadline = time.monotonic() + 5
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            break
        assert time.monotonic() < deadline, "the port still listens"
        time.sleep(0.1)


def test_error_a_port_busy_on_the_real_machine_fails_the_start(live: Served) -> None:
    # given
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        # when
        status = _nginx(live, "web", port)
        reply = live.request("POST", "/containers/web/start")
    finally:
        busy.close()
    # then
    cid = live.request("GET", "/containers/web/json").json()["Id"]
    assert status == 500
    assert reply.status == 500
    message = reply.json()["message"]
    assert message.startswith(
        "failed to set up container networking: driver failed programming external "
        "connectivity on endpoint web ("
    )
    assert message.endswith(
        f"): failed to bind host port for 0.0.0.0:{port}:172.17.0.2:80/tcp: address already in use"
    )
    state = live.request("GET", f"/containers/{cid}/json").json()["State"]
    assert (state["Status"], state["Running"]) == ("created", False)


def test_a_request_over_the_limits_gets_the_connection_closed(live: Served) -> None:
    port = free_port()
    assert _nginx(live, "web", port) == 204
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nX-Big: " + b"a" * (70 * 1024) + b"\r\n\r\n")
        assert sock.recv(4096) == b""
    assert _get(f"http://127.0.0.1:{port}/")[0] == 200
