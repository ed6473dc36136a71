"""Wall time of `dockersim grade` on a class when one worker process is killed midway.

Writes the class of `grade.py` (`--students` command files of `--commands` lines), then runs
`dockersim grade QUIZ DIR -o OUT --jobs J` as a process twice per run: once undisturbed, and
once with one of its worker processes killed with SIGKILL (as the kernel's OOM killer would)
`--kill-at` of the way through the undisturbed time. Reports both medians over `--runs` runs,
and checks that the disturbed class still finished: a row per student in `summary.csv`, and
the students lost with the worker (one: the one it was grading) not gradable with the reason.
Target: the class finishes, within 10% of the undisturbed time (the lost worker's starting
worlds are rebuilt by its replacement).

    python benchmarks/grade_dead_worker.py --students 1000 --commands 20 --jobs 2 --runs 3
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from grade import write_class  # the class of benchmarks/grade.py


def children(pid: int) -> list[int]:
    """The PIDs whose parent is `pid` (from /proc; Linux only)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def run(quiz: Path, directory: Path, out: Path, jobs: int, kill_at: float | None) -> float:
    """Seconds `dockersim grade` took; with `kill_at`, one worker is killed that far in."""
    argv = [sys.executable, "-m", "dockersim.cli", "grade", str(quiz), str(directory)]
    argv += ["-o", str(out), "--format", "gradescope", "--jobs", str(jobs)]
    start = time.perf_counter()
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as grader:
        if kill_at is not None:
            while time.perf_counter() - start < kill_at and grader.poll() is None:
                time.sleep(0.02)
            workers = children(grader.pid)
            if not workers:
                raise SystemExit("no worker process to kill: use a larger class or --kill-at")
            os.kill(workers[0], signal.SIGKILL)
        code = grader.wait()
    took = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"dockersim grade exited {code}")
    return took


def lost(out: Path) -> tuple[list[tuple[str, str]], int]:
    with (out / "summary.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(r["student"], r["message"]) for r in rows if r["gradable"] == "no"], len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--commands", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kill-at", type=float, default=0.5, help="fraction of the time")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.jobs < 2:
        raise SystemExit("--jobs must be at least 2 (one worker is killed)")
    with tempfile.TemporaryDirectory(prefix="dockersim-bench-") as tmp:
        root = Path(tmp)
        quiz, directory = write_class(root, args.students, args.commands, args.seed)
        run(quiz, directory, root / "warm", args.jobs, None)
        calm: list[float] = []
        killed: list[float] = []
        for number in range(args.runs):
            calm.append(run(quiz, directory, root / f"calm{number}", args.jobs, None))
            at = args.kill_at * calm[-1]
            out = root / f"killed{number}"
            killed.append(run(quiz, directory, out, args.jobs, at))
            gone, rows = lost(out)
            if rows != args.students or not gone:
                raise SystemExit(f"run {number}: {rows} rows, lost {gone}")
            print(f"run {number}: killed a worker at {at:.1f} s; {rows} rows; lost {gone}")
    print(
        f"dockersim grade: {args.students} submissions x {args.commands} commands, "
        f"jobs={args.jobs}: undisturbed median {statistics.median(calm):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in calm)}); one worker killed: median "
        f"{statistics.median(killed):.2f} s (runs: {', '.join(f'{t:.2f}' for t in killed)})"
    )


if __name__ == "__main__":
    main()
