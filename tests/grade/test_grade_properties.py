"""Properties of the grader, for any student, seed and submission.

- For every student and every generated quiz, the reference answers score full marks.
- The key matches the simulator: replaying a question's setup on a fresh engine, step by
  step, and reading the world directly gives the same answer.
- Grading is deterministic: the same submission gives the same bytes, whatever grader.
- Garbage never crashes the grader: any bytes, any answers, any command lines.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIZZES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockersim.engine import Engine
from dockersim.errors import Error
from dockersim.grade import Grader, Submission, load_quiz, load_quiz_text
from dockersim.grade.batch import grade_entry
from dockersim.grade.generate import generate_lifecycle
from dockersim.grade.key import compute
from dockersim.grade.model import Question, Variant
from dockersim.grade.selfcheck import reference_submission, selfcheck
from dockersim.grade.writers import FORMATS, render

GRADERS = {n: Grader(load_quiz(QUIZZES / f"{n}.yaml")) for n in ("lifecycle", "networking")}
SMALL_SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
students = st.text(st.characters(codec="utf-8"), max_size=24)


@pytest.mark.parametrize("name", sorted(GRADERS))
@SMALL_SETTINGS
@given(student=students)
def test_the_reference_answers_score_full_marks_for_every_student(name: str, student: str):
    grader = GRADERS[name]
    grade = grader.grade(reference_submission(grader, student))
    assert (grade.score, grade.gradable) == (grade.max_score, True)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32), student=students)
def test_every_generated_quiz_keys_itself_right(seed: int, student: str):
    grader = Grader(load_quiz_text(generate_lifecycle(4, seed), "generated.yaml"))
    assert selfcheck(grader, [student]) == []
    variant = grader.quiz.variant(student)
    for question in variant.questions:
        assert str(compute(grader.worlds, variant, question).key) == replay(variant, question)


def replay(variant: Variant, question: Question) -> str:
    """The dumb model: a fresh engine, the setup line by line, the world read directly."""
    engine = Engine(variant.seed)
    for image in variant.images:
        engine.docker(["pull", "-q", image])
    for line in question.setup:
        engine.docker(line)
    assert question.ask is not None
    kind, target = question.ask.kind, question.ask.target
    if kind == "exit":
        return str(engine.docker(target).exit_code)
    engine.settle()
    try:
        container = engine.container_get(target)
    except Error:
        return "removed"
    return str(container.state.status if kind == "state" else container.state.exit_code)


@pytest.mark.parametrize("name", sorted(GRADERS))
@SMALL_SETTINGS
@given(student=students)
def test_the_lifecycle_keys_match_the_simulator(name: str, student: str):
    grader = GRADERS[name]
    variant = grader.quiz.variant(student)
    for question in variant.questions:
        ask = question.ask
        if ask is not None and ask.kind in ("state", "exitCode", "exit"):
            assert str(compute(grader.worlds, variant, question).key) == replay(variant, question)


answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
WORDS = ["docker", "run", "-d", "--name", "web", "nginx", "busybox", "rm", "-f", "stop", "ps",
         "pause", "'", '"', "\\", "#", "$(x)", "|", "--restart", "always", "false", "sleep",
         "99999", "-p", "80:80", "network", "create", "volume", "exec", "sh", "-c"]  # fmt: skip
lines = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)


@SMALL_SETTINGS
@given(student=students, given_answers=st.dictionaries(st.text(max_size=12), answers, max_size=6),
       commands=st.lists(lines, max_size=10))  # fmt: skip
def test_grading_is_deterministic(student: str, given_answers: dict[str, Any], commands: list[str]):
    submission = Submission(student, "s", given_answers, tuple(("", c) for c in commands))
    first = GRADERS["lifecycle"].grade(submission)
    again = GRADERS["lifecycle"].grade(submission)
    assert [render(first, f) for f in FORMATS] == [render(again, f) for f in FORMATS]


def test_a_fresh_grader_gives_the_same_bytes():
    submission = Submission("same", "s", {"pause": "A"}, (("", "docker run -d --name web nginx"),))
    fresh = Grader(load_quiz(QUIZZES / "lifecycle.yaml")).grade(submission)
    shared = GRADERS["lifecycle"].grade(submission)
    assert render(fresh, "json") == render(shared, "json")


@SMALL_SETTINGS
@given(
    data=st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode),
    suffix=st.sampled_from([".yaml", ".json", ".txt", ".log", ".sh", ""]),
)
def test_garbage_files_never_crash_the_grader(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"garbage{suffix}"
        path.write_bytes(data)
        grade = grade_entry(GRADERS["lifecycle"], ("garbage", [path]))
    assert 0 <= grade.score <= grade.max_score == 15
    for fmt in FORMATS:
        assert render(grade, fmt)


@SMALL_SETTINGS
@given(commands=st.lists(lines, min_size=1, max_size=25))
def test_garbage_command_lines_never_crash_the_grader(commands: list[str]):
    grader = GRADERS["networking"]
    submission = Submission("g", "g", {}, tuple(("port-in-use", c) for c in commands))
    grade = grader.grade(submission)
    assert grade.gradable and 0 <= grade.score <= grade.max_score
