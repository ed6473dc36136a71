"""Start-up cost of `dockersim docker images` as a process, against bare `python -c pass`.

The two commands run interleaved (A B A B ...) so drift on a shared machine hits both alike;
prints each median and the median difference. Uses a throw-away DOCKERSIM_HOME with nginx and
ubuntu pulled, so the command loads a realistic saved world.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, DOCKERSIM_HOME=home)
        dockersim = [sys.executable, "-m", "dockersim.cli"]
        for image in ("nginx", "ubuntu"):
            subprocess.run(
                [*dockersim, "docker", "pull", "-q", image],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        bare = [sys.executable, "-c", "pass"]
        target = [*dockersim, "docker", "images"]
        _time(bare, env), _time(target, env)  # warm-up
        a, b = [], []
        for _ in range(args.runs):
            a.append(_time(target, env))
            b.append(_time(bare, env))
    ma, mb = statistics.median(a), statistics.median(b)
    diffs = statistics.median(x - y for x, y in zip(a, b, strict=True))
    print(f"dockersim docker images: median {ma * 1000:.1f} ms over {args.runs} runs")
    print(f"python -c pass:          median {mb * 1000:.1f} ms")
    print(f"difference (paired):     median {diffs * 1000:.1f} ms (target <= 150 ms)")


if __name__ == "__main__":
    main()
