"""Wall time of Docker's getting-started workshop (scenarios/14-getting-started.yaml) played in
one process, in a fresh world each run (issue 20: target under 1 s). Prints the median over
`--runs` runs, after a warm-up run.

    python benchmarks/workshop.py --runs 5
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = Path("scenarios") / "14-getting-started.yaml"


def play_once() -> tuple[float, int]:
    from dockersim.scenario.session import play_file

    start = time.perf_counter()
    code, _ = play_file(LESSON, io.StringIO(), io.StringIO())
    return time.perf_counter() - start, code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.chdir(ROOT)
    play_once()  # warm-up: imports, the catalog
    times = []
    for _ in range(args.runs):
        took, code = play_once()
        times.append(took)
        if code:
            print(f"the lesson failed (exit {code})")
    print(f"workshop lesson, one process: median {statistics.median(times):.3f} s "
          f"over {args.runs} runs (min {min(times):.3f}, max {max(times):.3f})")  # fmt: skip


if __name__ == "__main__":
    main()
