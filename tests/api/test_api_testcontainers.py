"""testcontainers-python (4.x) against the server, Ryuk disabled (engine-api.md §6): the
nginx page fetched over the port testcontainers maps. Skipped without testcontainers."""

from __future__ import annotations

import os
import tempfile
import urllib.request
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import pytest
from apiclient import Served, served

pytestmark = pytest.mark.skipif(
    find_spec("testcontainers") is None, reason="testcontainers is not installed"
)


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    home = Path(tempfile.mkdtemp(prefix="dstc-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    with served(home, publish_ports=True) as server:
        monkeypatch.setenv("DOCKER_HOST", server.docker_host)
        monkeypatch.setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
        monkeypatch.setenv("TESTCONTAINERS_CONNECTION_MODE", "docker_host")
        monkeypatch.setenv("HOME", str(home))  # no ~/.testcontainers.properties of the user's
        yield server
    for path in sorted(home.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    os.rmdir(home)


def test_nginx_started_by_testcontainers_answers_on_its_mapped_port(live: Served) -> None:
    from testcontainers.core.container import DockerContainer

    with DockerContainer("nginx").with_exposed_ports(80) as nginx:
        host = nginx.get_container_host_ip()
        port = nginx.get_exposed_port(80)
        with urllib.request.urlopen(f"http://{host}:{port}/", timeout=10) as response:
            body = response.read()
        code, output = nginx.exec(["cat", "/etc/hostname"])
    assert host == "localhost"
    assert int(port) >= 32768
    assert b"<title>Welcome to nginx!</title>" in body
    assert (code, output) == (0, nginx.get_wrapped_container().id[:12].encode() + b"\n")
    assert live.request("GET", "/containers/json?all=1").json() == []  # removed at exit
