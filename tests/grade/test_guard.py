"""Docker lines that would reach the grading machine are refused, with the reason."""

from __future__ import annotations

import shlex

from dockersim.engine import Engine
from dockersim.grade.guard import refusal

SUFFIX = "; use the simulated host's files instead"


def why(line: str) -> str | None:
    engine = Engine(0)
    engine.host_write("/home/student/app/Dockerfile", "FROM busybox\n")
    return refusal(shlex.split(line), engine)


def test_lines_that_stay_in_the_simulation_run():
    safe = [
        "ps -a",
        "save busybox",
        "load",
        "import - img",
        "build app",
        "build -f /etc/hostname app",
        "build --build-arg A=1 app",
        "run --bogus x",
        "buildx build .",
    ]
    assert {line: why(line) for line in safe} == dict.fromkeys(safe)


def test_error_lines_that_write_or_read_real_files_are_refused():
    vectors = {
        "save -o /tmp/x.tar busybox": "-o writes a file on the grading machine",
        "image save --output=x busybox": "-o writes a file on the grading machine",
        "export -o x c1": "-o writes a file on the grading machine",
        "load -i /etc/passwd": "-i reads a file on the grading machine",
        "import /etc/passwd": "/etc/passwd is a file or URL outside the simulation",
        "import http://x/y.tar": "http://x/y.tar is a file or URL outside the simulation",
        "build .": "the build context . is not a directory with a Dockerfile on the host",
        "build --iidfile /tmp/id app": "--iidfile names a file on the grading machine",
        "build --build-arg HOME app": "--build-arg HOME reads the grading machine's environment",
        "build https://github.com/x/y.git": "https://github.com/x/y.git is a remote build context",
        "--config /etc run busybox": "--config names a file on the grading machine",
        "run --cidfile /tmp/c busybox": "--cidfile names a file on the grading machine",
        "run --env-file /etc/passwd busybox": "--env-file names a file on the grading machine",
    }
    expected = {line: f"dockersim grade: refused: {text}{SUFFIX}" for line, text in vectors.items()}
    assert {line: why(line) for line in vectors} == expected
