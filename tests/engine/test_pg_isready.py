"""pg_isready answers health checks; the other PostgreSQL clients say they are not simulated."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    e = Engine()
    e.docker("network create app")
    assert e.docker("run -d --name db --network app -e POSTGRES_PASSWORD=pw postgres:16").ok
    e.advance(10)
    assert e.docker("run -d --name idle --network app alpine sleep 1000").ok
    return e


def test_local_socket_accepts(engine: Engine) -> None:
    r = engine.docker("exec db pg_isready")
    assert (r.stdout, r.exit_code) == ("/var/run/postgresql:5432 - accepting connections\n", 0)


def test_over_the_network_and_quiet(engine: Engine) -> None:
    engine.docker("run -d --name client --network app postgres:16 sleep 1000")
    r = engine.docker("exec client pg_isready -h db -U postgres")
    assert (r.stdout, r.exit_code) == ("db:5432 - accepting connections\n", 0)
    r = engine.docker("exec client pg_isready -h idle")
    assert (r.stdout, r.exit_code) == ("idle:5432 - no response\n", 2)
    r = engine.docker("exec client pg_isready -q -h idle")
    assert (r.stdout, r.exit_code) == ("", 2)
    r = engine.docker("exec client pg_isready")  # no server in this container
    assert (r.stdout, r.exit_code) == ("/var/run/postgresql:5432 - no response\n", 2)


def test_version_and_other_clients(engine: Engine) -> None:
    r = engine.docker("exec db pg_isready --version")
    assert r.stdout == "pg_isready (PostgreSQL) 16.9 (Debian 16.9-1.pgdg120+1)\n"
    r = engine.docker("exec db pg_dump -U postgres")
    assert r.exit_code == 1
    assert r.stderr == (
        "dockersim: not simulated in pg_dump: this program (of the PostgreSQL clients, psql "
        "and pg_isready are)\n"
    )
