"""`dockersim serve` as a process: where it listens, what it refuses, how it stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.subprocess


def _serve(home: Path, *argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DOCKERSIM_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "dockersim.cli", "serve", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd="/",
    )


def test_error_a_non_loopback_host_is_refused_unless_told_twice(tmp_path: Path) -> None:
    for extra in ([], ["--i-know-this-is-unsafe"], ["--tls=false"]):
        process = _serve(tmp_path, "--host", "tcp://0.0.0.0:2375", *extra)
        out, err = process.communicate(timeout=60)
        assert (out, process.returncode) == ("", 1)
        assert err == (
            "dockersim serve: refusing to listen on tcp://0.0.0.0:2375: the API would be "
            "reachable from other machines, without encryption or authentication, and whoever "
            "reaches it controls this simulated daemon. To do it anyway, add both "
            "--i-know-this-is-unsafe and --tls=false.\n"
        )


def test_error_a_host_that_is_not_tcp(tmp_path: Path) -> None:
    process = _serve(tmp_path, "--host", "ssh://example")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err == "invalid --host 'ssh://example': expected tcp://ADDRESS:PORT\n"


def test_loopback_tcp_serves_and_sigterm_stops_it(tmp_path: Path) -> None:
    import http.client

    process = _serve(tmp_path, "--host", "tcp://127.0.0.1:0")
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("dockersim serve: a simulated Docker Engine (API 1.52) is listening")
    port = int(first.rstrip().rpartition(":")[2])
    lines = [process.stdout.readline() for _ in range(4)]
    assert lines[2] == f"  export DOCKER_HOST=tcp://127.0.0.1:{port}\n"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/_ping")
    assert conn.getresponse().read() == b"OK"
    conn.close()
    process.send_signal(signal.SIGTERM)
    out, _ = process.communicate(timeout=30)
    assert (out, process.returncode) == ("dockersim serve: stopped\n", 0)


def test_the_unix_socket_is_removed_when_the_server_stops(tmp_path: Path) -> None:
    process = _serve(tmp_path)
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.rstrip().endswith(f"unix://{tmp_path}/docker.sock")
    assert (tmp_path / "docker.sock").exists()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (out.splitlines()[-1:], err, process.returncode) == (["dockersim serve: stopped"], "", 0)
    assert not (tmp_path / "docker.sock").exists()
