"""Plain TCP on published ports (api/ports.py, api/resp.py): Redis's protocol both ways, and a
server without a byte-level model closing the connection at once."""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import Served, frames, free_port, served


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    home = Path(tempfile.mkdtemp(prefix="dstcp-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    with served(home, publish_ports=True) as server:
        yield server
    for path in sorted(home.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    os.rmdir(home)


def _start(api: Served, image: str, name: str, port: int, inside: int, env: list[str]) -> None:
    assert api.request("POST", f"/images/create?fromImage={image}&tag=latest").status == 200
    body = {
        "Image": image,
        "Env": env,
        "HostConfig": {"PortBindings": {f"{inside}/tcp": [{"HostIp": "", "HostPort": str(port)}]}},
    }
    assert api.request("POST", f"/containers/create?name={name}", body=body).status == 201
    assert api.request("POST", f"/containers/{name}/start").status == 204


def _talk(port: int, data: bytes) -> bytes:
    """Send `data`, then read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        got = b""
        while chunk := sock.recv(4096):
            got += chunk
        return got


@pytest.fixture
def redis_port(live: Served) -> int:
    port = free_port()
    _start(live, "redis", "cache", port, 6379, [])
    return port


def test_redis_answers_inline_and_resp_commands_on_its_published_port(redis_port: int) -> None:
    # when
    pong = _talk(redis_port, b"PING\r\nQUIT\r\n")
    sent = b"*3\r\n$3\r\nSET\r\n$5\r\ngreet\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$5\r\ngreet\r\n"
    pair = _talk(redis_port, sent + b"*1\r\n$4\r\nQUIT\r\n")
    many = _talk(redis_port, b"MGET greet nothing\r\nINCR visits\r\nGET nothing\r\nQUIT\r\n")
    # then
    assert pong == b"+PONG\r\n+OK\r\n"
    assert pair == b"+OK\r\n$5\r\nhello\r\n+OK\r\n"
    assert many == b"*2\r\n$5\r\nhello\r\n$-1\r\n:1\r\n$-1\r\n+OK\r\n"


def test_keys_set_from_the_real_machine_are_what_redis_cli_reads_inside(
    live: Served, redis_port: int
) -> None:
    # given
    assert _talk(redis_port, b'SET color "deep blue"\r\nQUIT\r\n') == b"+OK\r\n+OK\r\n"
    # when
    body = {"Cmd": ["redis-cli", "GET", "color"], "AttachStdout": True}
    exec_id = live.request("POST", "/containers/cache/exec", body=body).json()["Id"]
    out = live.request("POST", f"/exec/{exec_id}/start", body={}).body
    # then
    assert frames(out) == [(1, b"deep blue\n")]


def test_hello_3_switches_to_resp3_where_nil_is_an_underscore(redis_port: int) -> None:
    got = _talk(redis_port, b"HELLO 3\r\nGET nothing\r\nQUIT\r\n")
    assert got.startswith(b"%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n8.0.2\r\n")
    assert got.endswith(b"$7\r\nmodules\r\n*0\r\n_\r\n+OK\r\n")


def test_error_commands_the_model_lacks_are_said_to_be_not_simulated(redis_port: int) -> None:
    got = _talk(redis_port, b"HSET h f v\r\nFOO\r\nQUIT\r\n")
    assert got == (
        b"-ERR dockersim: not simulated in redis-server: the HSET command\r\n"
        b"-ERR unknown command 'FOO', with args beginning with: \r\n+OK\r\n"
    )


def test_error_a_protocol_error_is_answered_then_the_connection_closes(redis_port: int) -> None:
    got = _talk(redis_port, b"*1\r\n+PING\r\nPING\r\n")
    assert got == b"-ERR Protocol error: expected '$', got '+'\r\n"


def test_redis_py_round_trips_through_the_published_port(redis_port: int) -> None:
    redis = pytest.importorskip("redis")
    client = redis.Redis(host="127.0.0.1", port=redis_port, socket_timeout=10)
    try:
        assert client.ping() is True
        assert client.set("n", "41") is True
        assert client.incr("n") == 42
        assert client.mget("n", "missing") == [b"42", None]
        assert client.keys("*") == [b"n"]
    finally:
        client.close()


def test_a_server_without_a_byte_model_closes_the_connection_at_once(live: Served) -> None:
    # given: postgres speaks its own protocol, which is not simulated byte by byte
    port = free_port()
    _start(live, "postgres", "db", port, 5432, ["POSTGRES_PASSWORD=secret"])
    # when
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        got = sock.recv(100)
    # then
    assert got == b""
    assert time.monotonic() - started < 5


def test_a_port_freed_by_a_removed_container_serves_the_next_one_at_once(live: Served) -> None:
    # given: testcontainers removes a container and starts the next on the same port
    import urllib.request

    port = free_port()
    _start(live, "nginx", "first", port, 80, [])
    assert live.request("DELETE", "/containers/first?force=1").status == 204
    # when
    _start(live, "nginx", "second", port, 80, [])
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
        status = response.status
    # then
    assert status == 200
    logs = live.request("GET", "/containers/second/logs?stdout=1").body
    assert b'"GET / HTTP/1.1" 200 615' in logs
