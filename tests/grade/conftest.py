"""A small quiz shared by the grader tests (busybox and nginx; every question type)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockersim.grade import Grader, Quiz, load_quiz_text

ROOT = Path(__file__).resolve().parents[2]
QUIZZES = ROOT / "scenarios" / "quizzes"

SMALL = """\
quiz: 1
title: Small
seed: 3
images: [busybox:latest, nginx:latest]
params:
  name: [web, api]
  port: {min: 8000, max: 8009}
questions:
  - id: pause
    type: predict
    prompt: What state is `${name}` in?
    setup:
      - docker run -d --name ${name} busybox sleep 1000
      - docker pause ${name}
    ask: {state: "${name}"}
  - id: code
    type: predict
    title: Stop code
    prompt: Its exit code after a stop?
    points: 2
    setup: |
      docker run -d --name ${name} busybox sleep 1000
      docker stop ${name}
    ask: {exitCode: "${name}"}
    feedback: sleep ignores SIGTERM.
  - id: serve
    type: task
    title: Serve
    prompt: Run nginx as `${name}` on port ${port}.
    checks:
      - container: {name: "${name}", state: running, points: 2, feedback: Use -d.}
      - port: {port: "${port}", container: "${name}", visibility: hidden, tags: [ports]}
    constraints:
      - max_commands: 2
      - forbid: docker exec
    solution:
      - docker run -d --name ${name} -p ${port}:80 nginx
"""


@pytest.fixture(scope="session")
def small() -> Quiz:
    return load_quiz_text(SMALL, "small.yaml")


@pytest.fixture(scope="session")
def small_grader(small: Quiz) -> Grader:
    return Grader(small)
