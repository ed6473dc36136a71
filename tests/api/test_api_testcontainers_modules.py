"""testcontainers' Redis module against the server (Ryuk disabled): its PING wait and a real
`redis` client reach the simulated redis-server over the mapped port (api/resp.py). Skipped
without testcontainers or the `redis` client."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import Served, served

pytest.importorskip("testcontainers")
pytest.importorskip("redis")


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    home = Path(tempfile.mkdtemp(prefix="dstcm-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    with served(home, publish_ports=True) as server:
        monkeypatch.setenv("DOCKER_HOST", server.docker_host)
        monkeypatch.setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
        monkeypatch.setenv("TESTCONTAINERS_CONNECTION_MODE", "docker_host")
        monkeypatch.setenv("HOME", str(home))
        yield server
    for path in sorted(home.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    os.rmdir(home)


def test_redis_container_starts_and_its_client_keeps_keys(live: Served) -> None:
    try:
        from testcontainers.community.redis import RedisContainer
    except ImportError:  # testcontainers before the community/ layout
        from testcontainers.redis import RedisContainer  # type: ignore[no-redef]

    with RedisContainer("redis:latest") as container:
        client = container.get_client()
        try:
            assert client.set("visits", "9") is True
            assert client.incr("visits") == 10
            assert client.get("visits") == b"10"
            code, output = container.exec(["redis-cli", "GET", "visits"])
        finally:
            client.close()
    assert (code, output) == (0, b"10\n")
    assert live.request("GET", "/containers/json?all=1").json() == []
