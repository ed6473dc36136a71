"""A submission that runs into a cap of the simulated machine scores 0 with the cap named.

The caps themselves (memory of a process tree, file and layer sizes, the disk, logs) are the
model's (tests/model/userland/test_caps_*.py); here the grader turns the first one reached
into the question's message, like its other limits (docs/grading.md, "Limits and safety").
"""

from __future__ import annotations

import pytest

from dockersim.grade import Grader, Submission, load_quiz_text

QUIZ = """\
quiz: 1
title: Caps
seed: 1
images: [alpine:latest]
questions:
  - id: q
    type: task
    prompt: Run a container named keep.
    checks:
      - container: {name: keep, state: running}
    solution:
      - docker run -d --name keep alpine sleep 1000
"""
BOMBS = {
    "doubling variable": "docker run --rm alpine sh -c 'x=a; while true; do x=$x$x; done'",
    "host files": "i=0; while [ $i -lt 40 ]; do head -c 16777216 /dev/zero > f$i; i=$((i+1)); done",
    "python": "docker run --rm python:3.12-slim python -c 's=\"a\"*10**10'",
}


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_quiz_text(QUIZ, "caps.yaml"))


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_scores_zero_with_the_cap_named(grader: Grader, name: str) -> None:
    # given: the right answer, then a bomb
    lines = (("q", "docker run -d --name keep alpine sleep 1000"), ("q", BOMBS[name]))
    # when
    grade = grader.grade(Submission("mallory", "m.sh", {}, lines))
    # then
    assert grade.score == 0
    messages = [check.message for check in grade.report.checks]
    assert messages and all(
        "the commands went past a cap of the simulated machine: " in m for m in messages
    ), messages


def test_the_same_answer_without_a_bomb_scores(grader: Grader) -> None:
    lines = (("q", "docker run -d --name keep alpine sleep 1000"),)
    assert grader.grade(Submission("alice", "a.sh", {}, lines)).score == 1
