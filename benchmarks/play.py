"""Wall time of playing every lesson in scenarios/: one `dockersim play` process per lesson,
and all of them in one `dockersim play scenarios/*.yaml` process (issue 14: under 1 s), that
one forked from a warm process (as every run is once one is there) and on its own
(`DOCKERSIM_WARM=0`; the one-process-per-lesson set is timed that way too).

Each run plays the whole set, one process per lesson, `--jobs` at a time (default: one at a
time), and the script prints the median over `--runs` runs. A warm-up run comes first. Children
run without PYTHONDONTWRITEBYTECODE, as an installed dockersim would (its bytecode cached), unless
`--no-bytecode` is given. Exit statuses are not judged here (the golden tests do that).

    python benchmarks/play.py --runs 5
    python benchmarks/play.py --runs 5 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cli_commands import warm_process

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "scenarios").glob("*.yaml"))


def _play(lesson: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "play", str(lesson)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def _play_all(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "play", *map(str, LESSONS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def _run_set(env: dict[str, str], jobs: int) -> tuple[float, list[float]]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        each = list(pool.map(lambda lesson: _play(lesson, env), LESSONS))
    return time.perf_counter() - start, each


def _report(env: dict[str, str], runs: int, jobs: int, how: str) -> None:
    _run_set(env, jobs)  # warm-up (and bytecode)
    totals, per_lesson = [], []
    for _ in range(runs):
        total, each = _run_set(env, jobs)
        totals.append(total)
        per_lesson.append(each)
    print(f"-- {how}: {len(LESSONS)} lessons, one `dockersim play` process each, {jobs} at a time")
    for index, lesson in enumerate(LESSONS):
        median = statistics.median(run[index] for run in per_lesson)
        print(f"  {lesson.name:<36} median {median * 1000:6.0f} ms")
    print(f"whole set: median {statistics.median(totals):.2f} s over {runs} runs (target <= 2 s)")
    _play_all(env)  # warm-up
    together = statistics.median(_play_all(env) for _ in range(runs))
    print(f"all {len(LESSONS)} in one `dockersim play` process: median {together:.2f} s "
          "(target < 1 s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-bytecode", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    if not args.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    with warm_process(env) as served:
        _report(served, args.runs, args.jobs, "forked from the warm process")
    _report(dict(env, DOCKERSIM_WARM="0"), args.runs, args.jobs, "on its own (DOCKERSIM_WARM=0)")


if __name__ == "__main__":
    main()
