"""Whole `dockersim docker` processes (issue 14): start-up, size of the world, and the lifecycle
cycle against podman.

1. `docker images`, `docker ps` and `docker inspect` as processes, each against bare
   `python -c pass` of the same interpreter, interleaved (A B A B ...), in a world of 1 and of
   1,000 running containers. Targets: at most 60 ms above bare Python with bytecode written;
   the 1,000-container cost at most 1.3x the 1-container cost.
2. create / start / stop -t 0 / rm as four `dockersim docker` processes, against the same
   four `podman` commands when podman is here (skipped otherwise, as the parity tests do).
   Target: ratio at most 1.0.

Both with the warm process (cli/warm.py: the way a learner's commands run from the second one
on) and without it (`DOCKERSIM_WARM=0`: every command imports everything itself).

    python benchmarks/cli_commands.py --runs 15
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path


def _time(cmd: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def build_world(home: Path, containers: int) -> None:
    from dockersim import store
    from dockersim.engine import Engine
    from dockersim.engine.containers import CreateRequest

    engine = Engine()
    engine.docker("pull -q busybox")
    for _ in range(containers):
        made = engine.container_create(CreateRequest("busybox", cmd=("sleep", "100000")))
        engine.container_start(made.id)
    engine.docker("run -d --name web busybox sleep 100000")
    with store.locked(home) as path:
        store.save(path, engine)


@contextlib.contextmanager
def warm_process(env: dict[str, str]) -> Iterator[dict[str, str]]:
    """The environment of commands served by a warm process started for this benchmark (and
    stopped after it), in a private runtime directory."""
    with tempfile.TemporaryDirectory() as runtime:
        os.chmod(runtime, 0o700)
        served = dict(env, XDG_RUNTIME_DIR=runtime, DOCKERSIM_WARM="1")
        os.makedirs(os.path.join(runtime, "dockersim"), mode=0o700)
        code = "from dockersim.cli import warm; print(warm.socket_path())"
        path = subprocess.run(
            [sys.executable, "-c", code], env=served, capture_output=True, text=True, check=True
        ).stdout.strip()
        server = subprocess.Popen(
            [sys.executable, "-m", "dockersim.cli.warmserver", path], env=served
        )
        try:
            while not os.path.exists(path):
                time.sleep(0.05)
            yield served
        finally:
            server.terminate()
            server.wait()


def paired(a: Sequence[str], b: Sequence[str], env: dict[str, str], runs: int) -> tuple:
    _time(a, env), _time(b, env)  # warm-up (and bytecode)
    xs, ys = [], []
    for _ in range(runs):
        xs.append(_time(a, env))
        ys.append(_time(b, env))
    return statistics.median(xs), statistics.median(ys)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print("-- with the warm process")
    with warm_process(env) as served:
        commands(served, args.runs)
        cycle(served, args.runs)
    print("-- without it (DOCKERSIM_WARM=0)")
    cold = dict(env, DOCKERSIM_WARM="0")
    commands(cold, args.runs)
    cycle(cold, args.runs)


def commands(env: dict[str, str], runs: int) -> None:
    dockersim = [sys.executable, "-m", "dockersim.cli", "docker"]
    bare = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        build_world(Path(small), 0)
        build_world(Path(large), 1000)
        for command in (["images"], ["ps"], ["inspect", "web"]):
            costs = {}
            for label, home in (("1", small), ("1,000", large)):
                run_env = dict(env, DOCKERSIM_HOME=home)
                took, python = paired([*dockersim, *command], bare, run_env, runs)
                costs[label] = took
                print(
                    f"docker {' '.join(command):<12} {label:>5} containers: median "
                    f"{took * 1000:6.1f} ms, {1000 * (took - python):6.1f} ms above bare Python"
                )
            print(f"  1,000 / 1 containers: {costs['1,000'] / costs['1']:.2f}x (target <= 1.3)")


def cycle(env: dict[str, str], runs: int) -> None:
    steps = (
        ["create", "--name", "c1", "busybox", "sleep", "100000"],
        ["start", "c1"],
        ["stop", "-t", "0", "c1"],
        ["rm", "c1"],
    )
    with tempfile.TemporaryDirectory() as home:
        build_world(Path(home), 0)
        ours = dict(env, DOCKERSIM_HOME=home)
        dockersim = [sys.executable, "-m", "dockersim.cli", "docker"]
        mine = statistics.median(
            sum(_time([*dockersim, *step], ours) for step in steps) for _ in range(runs)
        )
    print(f"create/start/stop/rm as 4 dockersim processes: median {mine * 1000:.0f} ms")
    theirs = podman_cycle(steps, runs)
    if theirs is None:
        return
    print(f"  the same 4 podman commands: median {theirs * 1000:.0f} ms; "
          f"ratio {mine / theirs:.2f} (target <= 1.0)")  # fmt: skip


def podman_cycle(steps: Sequence[Sequence[str]], runs: int) -> float | None:
    """Median seconds of these docker steps as podman commands (a private rootful podman
    with a busybox image, as the parity tests use); None, saying why, without podman."""
    from dockersim.testing.parity import PODMAN_IMAGE, PodmanBackend, PodmanUnavailable

    try:
        backend = PodmanBackend.start()
    except PodmanUnavailable as exc:
        print(f"  no podman to compare with: {exc}")
        return None
    try:
        podman_steps = [[a if a != "busybox" else PODMAN_IMAGE for a in step] for step in steps]
        podman_steps[0][1:1] = ["--network", "none"]
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            for step in podman_steps:
                backend.podman(*step)
            timings.append(time.perf_counter() - start)
        return statistics.median(timings)
    finally:
        backend.close()


if __name__ == "__main__":
    main()
