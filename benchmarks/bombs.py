"""Peak memory of `dockersim grade` on resource-bomb submissions, with the model's caps alone.

Writes a one-task quiz and, for each bomb, a submission that first does the task (so the
check passes) and then tries to exhaust the machine: a shell variable doubling forever, an
endless command substitution, Python's `'a' * 10**10` and friends, 16 MiB files in a loop,
`yes` into a file, containers filling the host's disk, a restart loop flooding the logs,
deep recursion. Each submission is graded by its own `dockersim grade ... --max-memory 0`
process (no process-level cap: only the simulator's own caps, docs/grading.md); a wrapper
process reports that child's peak RSS (`resource.getrusage(RUSAGE_CHILDREN)`), the wall
time, the score and the last line of the transcript. Target: every bomb well under 1 GB.

    python benchmarks/bombs.py
    python benchmarks/bombs.py --only python-repeat --timeout 120
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

QUIZ = """\
quiz: 1
title: Resource bombs
seed: 1
images: [alpine:latest, ubuntu:latest, python:3.12-slim]
questions:
  - id: task
    type: task
    prompt: Leave a stopped container named done.
    checks:
      - container: {name: done, state: exited}
    solution:
      - docker run --name done alpine echo hi
"""

TASK = "docker run --name done alpine echo hi"
FILL = "i=0; while [ $i -lt 4 ]; do head -c 16777216 /dev/zero > f$i; i=$((i+1)); done"

#: name -> the submission's lines after the task (docker lines, or lines for the host's bash)
BOMBS: dict[str, list[str]] = {
    "baseline": ["docker ps -a"],
    "shell-doubling-ash": ["docker run --rm alpine sh -c 'x=a; while true; do x=$x$x; done'"],
    "shell-doubling-bash": ["docker run --rm ubuntu bash -c 'x=a; while true; do x=$x$x; done'"],
    "shell-doubling-host": ["x=a; while true; do x=$x$x; done"],
    "endless-substitution": ["docker run --rm ubuntu sh -c 'x=$(yes)'"],
    "many-variables": [
        'docker run --rm ubuntu bash -c \'x=$(head -c 1000000 /dev/zero | tr "\\0" a); '
        'i=0; while :; do eval "v$i=\\$x."; i=$((i+1)); done\''
    ],
    "millions-of-fields": [
        "docker run --rm ubuntu sh -c 'x=\"a \"; while :; do x=$x$x; set -- $x; done'"
    ],
    "python-repeat": ["docker run --rm python:3.12-slim python3 -c 's = \"a\" * 10**10'"],
    "python-doubling": [
        'docker run --rm python:3.12-slim python3 -c \'s = "a" * 10**6; ' + "s = s + s; " * 30 + "'"
    ],
    "python-power": ["docker run --rm python:3.12-slim python3 -c 'x = 10 ** 10 ** 10'"],
    "python-squaring": [
        "docker run --rm python:3.12-slim python3 -c 'x = 7 ** 99999; " + "x = x * x; " * 30 + "'"
    ],
    "files-16mib-container": [
        "docker run --rm alpine sh -c 'i=0; while :; do head -c 16777216 /dev/zero > f$i; "
        "i=$((i+1)); done'"
    ],
    "files-16mib-host": ["i=0; while :; do head -c 16777216 /dev/zero > f$i; i=$((i+1)); done"],
    "yes-into-a-file": ["docker run --rm ubuntu sh -c 'yes > /f'"],
    "many-empty-files": [
        "docker run --rm alpine sh -c 'i=0; while :; do touch f$i; i=$((i+1)); done'"
    ],
    "disk-across-containers": [f"docker run -d alpine sh -c '{FILL}'" for _ in range(8)],
    "log-flood": [
        'docker run -d --restart always alpine sh -c \'head -c 900000 /dev/zero | tr "\\0" a; '
        "exit 1'",
        "sleep 1500",
        "docker ps -a",
    ],
    "function-recursion": ["docker run --rm alpine sh -c 'f(){ f; }; f'"],
    "substitution-recursion": ["docker run --rm ubuntu bash -c 'f(){ x=$(f); }; f'"],
    "nested-substitutions": [
        "docker run --rm alpine sh -c 'echo " + "$(echo " * 500 + "hi" + ")" * 500 + "'"
    ],
    "python-nesting": [
        "docker run --rm python:3.12-slim python3 -c '" + "(" * 1000 + "1" + ")" * 1000 + "'"
    ],
}

WRAPPER = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"kb": peak, "s": seconds, "rc": done.returncode, "out": done.stdout,
                      "err": done.stderr[-2000:]}))
    """
)


def grade(quiz: Path, submission: Path, timeout: float) -> dict[str, object]:
    """Grade one submission in a child of a fresh wrapper process; its peak RSS and more."""
    command = [sys.executable, "-m", "dockersim.cli", "grade", str(quiz), str(submission)]
    command += ["--format", "json", "--max-memory", "0", "--timeout", str(timeout)]
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
    )
    measured: dict[str, object] = json.loads(done.stdout)
    return measured


def describe(measured: dict[str, object]) -> tuple[str, str]:
    """The score and the transcript's last line (or why grading failed)."""
    try:
        report = json.loads(str(measured["out"]))
    except json.JSONDecodeError:
        return "-", f"exit {measured['rc']}: {str(measured['err']).strip()[-100:]}"
    question = report["questions"][0]
    last = [line for line in question.get("transcript", "").splitlines() if line.strip()]
    note = question.get("message") or (last[-1] if last else "")
    return f"{report['score']:g}/{report['max_score']:g}", note[:90]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", help="run only these bombs (repeatable)")
    parser.add_argument("--timeout", type=float, default=60.0, help="grading seconds per bomb")
    args = parser.parse_args()
    names = args.only or list(BOMBS)
    with tempfile.TemporaryDirectory(prefix="dockersim-bombs-") as tmp:
        root = Path(tmp)
        quiz = root / "quiz.yaml"
        quiz.write_text(QUIZ)
        print(f"{'bomb':<24} {'peak RSS':>9} {'time':>7}  score  last line of the transcript")
        worst = 0.0
        for name in names:
            submission = root / f"{name}.sh"
            submission.write_text("\n".join([TASK, *BOMBS[name]]) + "\n")
            measured = grade(quiz, submission, args.timeout)
            mb = int(str(measured["kb"])) / 1024
            worst = max(worst, mb)
            score, note = describe(measured)
            seconds = float(str(measured["s"]))
            print(f"{name:<24} {mb:>6.0f} MB {seconds:>6.1f}s  {score:<5}  {note}", flush=True)
        print(f"worst peak: {worst:.0f} MB (target: well under 1024 MB)")


if __name__ == "__main__":
    main()
