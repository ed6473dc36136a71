"""`dockersim serve` (issue 16): the real docker CLI through the server, and requests per
second.

1. create / start / stop -t 0 / rm as four real `docker` CLI processes against the server,
   against the same four `podman` commands when podman is here (skipped otherwise, as
   cli_commands.py does). Target: podman's time at least 3x ours. Skipped without `docker`.
2. `GET /containers/json` (`docker ps`'s request) with 100 running containers, one
   keep-alive connection: requests per second.
3. testcontainers' `DockerContainer("nginx").with_exposed_ports(80)` from `start()` until
   its mapped port answers HTTP 200 (the image pulled once before): median of `--runs`.
   Skipped without testcontainers.

    python benchmarks/serve.py --runs 15
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli_commands import build_world


class _Unix(http.client.HTTPConnection):
    def __init__(self, path: str) -> None:
        super().__init__("localhost", timeout=30)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(self.path)
        self.sock = sock


def _serving(home: Path, publish_ports: bool = False):  # type: ignore[no-untyped-def]
    from dockersim.api.server import Server
    from dockersim.api.world import ServedWorld

    server = Server(ServedWorld(home), publish_ports)
    server.listen_unix(home / "docker.sock")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def cycle(runs: int) -> None:
    docker = shutil.which("docker")
    if docker is None:
        print("create/start/stop/rm with the real docker CLI: skipped, no `docker` here")
        return
    steps = (
        ["create", "--name", "c1", "busybox", "sleep", "100000"],
        ["start", "c1"],
        ["stop", "-t", "0", "c1"],
        ["rm", "c1"],
    )
    with tempfile.TemporaryDirectory(prefix="dsb-") as home:
        build_world(Path(home), 0)
        os.environ["DOCKERSIM_HOME"] = home
        server = _serving(Path(home))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "DOCKER_CONFIG": home,
            "DOCKER_HOST": f"unix://{home}/docker.sock",
        }
        timings = []
        try:
            for _ in range(runs + 1):  # the first is a warm-up
                start = time.perf_counter()
                for step in steps:
                    subprocess.run([docker, *step], env=env, capture_output=True, check=True)
                timings.append(time.perf_counter() - start)
        finally:
            server.stop()
        mine = statistics.median(timings[1:])
    print(f"create/start/stop/rm as 4 real docker CLI processes: median {mine * 1000:.0f} ms")
    from cli_commands import podman_cycle  # benchmarks/ is the script's own directory

    theirs = podman_cycle(steps, runs)
    if theirs is None:
        return
    print(f"  the same 4 podman commands: median {theirs * 1000:.0f} ms; "
          f"podman / served docker {theirs / mine:.2f}x (target >= 3)")  # fmt: skip


def list_rate(seconds: float) -> None:
    with tempfile.TemporaryDirectory(prefix="dsb-") as home:
        build_world(Path(home), 99)  # and `web`: 100 running containers
        os.environ["DOCKERSIM_HOME"] = home
        server = _serving(Path(home))
        try:
            conn = _Unix(f"{home}/docker.sock")
            count = 0
            end = time.perf_counter() + seconds
            start = time.perf_counter()
            while time.perf_counter() < end:
                conn.request("GET", "/v1.50/containers/json")
                response = conn.getresponse()
                listed = response.read()
                count += 1
            took = time.perf_counter() - start
            conn.close()
        finally:
            server.stop()
    print(
        f"GET /containers/json with 100 running containers: {count / took:.0f} requests/s "
        f"({1000 * took / count:.1f} ms each, {len(listed)} bytes)"
    )


def testcontainers_ready(runs: int) -> None:
    import urllib.request

    # testcontainers reads its settings when it is imported
    os.environ.update(
        TESTCONTAINERS_RYUK_DISABLED="true", TESTCONTAINERS_CONNECTION_MODE="docker_host"
    )
    try:
        from testcontainers.core.container import DockerContainer
    except ImportError:
        print("testcontainers nginx start-to-ready: skipped, testcontainers is not installed")
        return
    with tempfile.TemporaryDirectory(prefix="dsb-") as home:
        os.environ["DOCKERSIM_HOME"] = home
        server = _serving(Path(home), publish_ports=True)
        os.environ["DOCKER_HOST"] = f"unix://{home}/docker.sock"
        times = []
        try:
            for run in range(runs + 1):  # the first run pulls nginx: not counted
                start = time.perf_counter()
                with DockerContainer("nginx").with_exposed_ports(80) as nginx:
                    port = nginx.get_exposed_port(80)
                    url = f"http://{nginx.get_container_host_ip()}:{port}/"
                    with urllib.request.urlopen(url, timeout=10) as response:
                        assert response.status == 200
                    took = time.perf_counter() - start
                if run:
                    times.append(took)
        finally:
            server.stop()
    print(
        f"testcontainers nginx from start() to an HTTP 200 on its mapped port: "
        f"median {statistics.median(times) * 1000:.0f} ms over {runs} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    os.environ.setdefault("DOCKERSIM_CLOCK", "frozen")
    cycle(args.runs)
    list_rate(args.seconds)
    testcontainers_ready(args.runs)


if __name__ == "__main__":
    main()
