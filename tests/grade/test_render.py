"""A student's version of a quiz, its key, and an answers file that scores full marks."""

from __future__ import annotations

from pathlib import Path

from dockersim.grade import Grader, Quiz, Submission
from dockersim.grade.render import render_answers, render_key, render_markdown
from dockersim.grade.submission import parse_answers

GOLDEN = Path(__file__).parent / "golden"


def test_the_students_version(small: Quiz, small_grader: Grader):
    text = render_markdown(small_grader.worlds, small.variant("carol"))
    assert text == (GOLDEN / "carol.md").read_text()


def test_the_students_key(small: Quiz, small_grader: Grader):
    text = render_key(small_grader.worlds, small.variant("carol"))
    assert text == (GOLDEN / "carol-key.md").read_text()


def test_the_answers_file_is_a_full_marks_submission(small: Quiz, small_grader: Grader):
    # given
    text = render_answers(small_grader.worlds, small.variant("carol"))
    # when
    grade = small_grader.grade(Submission("carol", "key", parse_answers(text, "key.yaml")))
    # then
    assert text == (GOLDEN / "carol-answers.yaml").read_text()
    assert (grade.score, grade.max_score) == (8.0, 8.0)
