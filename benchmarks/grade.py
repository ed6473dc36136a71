"""Wall time of `dockersim grade` on a class of task submissions, as a teacher runs it.

Writes a quiz with one task question and `--students` command files of `--commands` lines
each (a seeded mix of right, wrong and failing docker command lines), then runs
`dockersim grade QUIZ DIR -o OUT --format gradescope --jobs J` as a process and reports the
median wall time over `--runs` runs (after a warm-up run). Target: 1 000 submissions of 20
commands in at most 20 s on a 2-core machine.

    python benchmarks/grade.py --students 1000 --commands 20 --jobs 2 --runs 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUIZ = """\
quiz: 1
title: Benchmark
seed: 1
images: [busybox:latest, nginx:latest]
params:
  name: [web, api, shop]
  port: {min: 8000, max: 8009}
questions:
  - id: serve
    type: task
    prompt: Serve nginx as ${name} on port ${port}, and leave a stopped busybox named tool.
    checks:
      - container: {name: "${name}", state: running, points: 2}
      - port: {port: "${port}", container: "${name}"}
      - http: {url: "http://localhost:${port}", status: 200}
      - container: {name: tool, state: exited}
    constraints:
      - max_commands: 20
      - forbid: docker exec
    solution:
      - docker run -d --name ${name} -p ${port}:80 nginx
      - docker run --name tool busybox true
"""

LINES = (
    "docker run -d --name web -p 8000:80 nginx",
    "docker run -d --name api -p 8001:80 nginx",
    "docker run -d --name shop -p 8005:80 nginx",
    "docker run --name tool busybox true",
    "docker run -d --name box{n} busybox sleep 1000",
    "docker stop box{n}",
    "docker kill box{n}",
    "docker pause box{n}",
    "docker unpause box{n}",
    "docker rm -f box{n}",
    "docker ps -a",
    "docker images",
    "docker inspect -f '{{{{.State.Status}}}}' web",
    "docker logs web",
    "docker start tool",
    "docker restart api",
    "docker network create net{n}",
    "docker volume create vol{n}",
    "docker exec web ls /",
    "curl -s http://localhost:8000",
    "docker run -d --name web -p 8000:80 nginx:nope",
    "docker rm tool",
)


def write_class(root: Path, students: int, commands: int, seed: int) -> tuple[Path, Path]:
    quiz = root / "quiz.yaml"
    quiz.write_text(QUIZ)
    directory = root / "class"
    directory.mkdir()
    rng = random.Random(seed)
    for number in range(students):
        lines = [rng.choice(LINES).format(n=rng.randrange(5)) for _ in range(commands)]
        (directory / f"s{number:04d}.sh").write_text("\n".join(lines) + "\n")
    return quiz, directory


def run(quiz: Path, directory: Path, out: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dockersim.cli",
            "grade",
            str(quiz),
            str(directory),
            "-o",
            str(out),
            "--format",
            "gradescope",
            "--jobs",
            str(jobs),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--commands", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dockersim-bench-") as tmp:
        root = Path(tmp)
        quiz, directory = write_class(root, args.students, args.commands, args.seed)
        run(quiz, directory, root / "warm", args.jobs)
        times = [run(quiz, directory, root / f"out{i}", args.jobs) for i in range(args.runs)]
        summary = (root / "out0" / "summary.csv").read_text().splitlines()
    mean = statistics.mean(float(row.split(",")[3]) for row in summary[1:])
    print(
        f"dockersim grade: {args.students} submissions x {args.commands} commands, "
        f"jobs={args.jobs or 'all cores'}: median {statistics.median(times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}); mean score {mean:.1f}%"
    )


if __name__ == "__main__":
    main()
