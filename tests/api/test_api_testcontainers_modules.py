"""testcontainers' Redis module against the server (Ryuk disabled): its PING wait and a real
`redis` client reach the simulated redis-server over the mapped port (api/resp.py). Skipped
without testcontainers or the `redis` client."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from apiclient import Served, served

pytestmark = pytest.mark.skipif(
    find_spec("testcontainers") is None or find_spec("redis") is None,
    reason="testcontainers or the redis client is not installed",
)


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


def test_postgres_container_starts_and_answers_psql_inside(live: Served) -> None:
    """PostgresContainer waits by running psql inside the container through `sh -c` with
    PGPASSWORD set in the shell; that wait passes. Its drivers (psycopg and the like) speak
    PostgreSQL's wire protocol, which the simulator does not (docs/serve.md), so the test
    talks SQL through `exec` as the wait does."""
    try:
        from testcontainers.community.postgres import PostgresContainer
    except ImportError:  # testcontainers before the community/ layout
        from testcontainers.postgres import PostgresContainer  # type: ignore[no-redef]
    with PostgresContainer("postgres:16", driver=None) as pg:
        code, output = pg.exec(
            ["psql", "-U", pg.username, "-d", pg.dbname, "-tAc", "SELECT current_database()"]
        )
        assert (code, output) == (0, f"{pg.dbname}\n".encode())
        assert pg.get_connection_url().startswith(f"postgresql://{pg.username}:")
