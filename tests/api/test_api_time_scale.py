"""`dockersim serve --time-scale N`: the world's clock follows the real one N times faster."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from apiclient import REPO, UnixConnection

from dockersim.api.server import Server
from dockersim.api.world import ServedWorld


def _request(sock: Path, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    conn = UnixConnection(str(sock))
    try:
        headers = {"Content-Type": "application/json"} if body else {}
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_sleep_in_a_container_takes_its_time_divided_by_the_scale(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given: a real clock, 60 world seconds to the real second
    monkeypatch.setenv("DOCKERSIM_HOME", str(tmp_path))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "real")
    server = Server(ServedWorld(tmp_path, time_scale=60.0))
    sock = tmp_path / "d.sock"
    server.listen_unix(sock)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert _request(sock, "POST", "/images/create?fromImage=alpine&tag=latest")[0] == 200
        body = b'{"Image": "alpine", "Cmd": ["sleep", "60"]}'
        assert _request(sock, "POST", "/containers/create?name=nap", body)[0] == 201
        # when
        began = time.monotonic()
        assert _request(sock, "POST", "/containers/nap/start")[0] == 204
        status, answer = _request(sock, "POST", "/containers/nap/wait")
        took = time.monotonic() - began
    finally:
        server.stop()
        thread.join(5)
    # then: a world minute in about a real second
    assert (status, answer) == (200, b'{"StatusCode":0}\n')
    assert 0.8 < took < 5.0


def _serve(home: Path, *argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DOCKERSIM_HOME": str(home), "PYTHONPATH": str(REPO),
           "DOCKERSIM_CLOCK": "real"}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "dockersim.cli", "serve", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd="/",
    )


@pytest.mark.subprocess
def test_serve_says_how_fast_its_clock_runs(tmp_path: Path) -> None:
    process = _serve(tmp_path, "--time-scale", "60")
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(3)]
    process.terminate()
    process.communicate(timeout=30)
    assert lines[1] == f"It serves the world in {tmp_path}, the one `dockersim docker` uses.\n"
    assert lines[2] == "Its clock runs 60 times as fast as the real one.\n"


@pytest.mark.subprocess
@pytest.mark.parametrize("scale", ["0", "-2", "inf"])
def test_error_a_time_scale_that_is_not_above_zero(tmp_path: Path, scale: str) -> None:
    process = _serve(tmp_path, f"--time-scale={scale}")
    out, err = process.communicate(timeout=60)
    assert (out, process.returncode) == ("", 1)
    assert err == f"dockersim serve: --time-scale must be a number above 0, not {scale}\n"
