"""A student's version of a quiz, its key, and an answers file that scores full marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import QUIZZES

from dockersim.grade import Grader, Quiz, Submission, load_quiz, load_quiz_text
from dockersim.grade.render import (
    ASKED_MARK,
    COMMAND_ASKS,
    render_answers,
    render_key,
    render_markdown,
)
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


def test_a_command_ask_shows_the_command_asked_about_last_and_marked():
    # given: "What exit status does the last command give?" asks about `docker unpause web`
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    # when
    text = render_markdown(Grader(quiz).worlds, quiz.variant("s1"))
    # then
    assert (
        "```console\n"
        "$ docker run -d --name web busybox top\n"
        "$ docker stop web\n"
        "$ docker unpause web    # <- the command asked about\n"
        "```\n"
    ) in text


@pytest.mark.parametrize("name", ["images", "lifecycle", "networking", "storage"])
def test_every_command_ask_of_the_examples_is_shown(name: str):
    quiz = load_quiz(QUIZZES / f"{name}.yaml")
    variant = quiz.variant("s1")
    text = render_markdown(Grader(quiz).worlds, variant)
    asked = [q.ask.target for q in variant.questions if q.ask and q.ask.kind in COMMAND_ASKS]
    assert asked
    for command in asked:
        assert f"$ {command}    {ASKED_MARK}\n" in text


def test_a_command_ask_is_shown_even_when_the_setup_is_hidden():
    # given
    quiz = load_quiz_text(
        "quiz: 1\ntitle: T\nimages: [busybox:latest]\nquestions:\n"
        "  - {id: q, type: predict, prompt: Its status?, show_setup: false,\n"
        "     setup: [docker run --name c busybox true], ask: {exit: docker rm c}}\n",
        "t.yaml",
    )
    # when
    text = render_markdown(Grader(quiz).worlds, quiz.variant("s"))
    # then
    assert "docker run --name c" not in text
    assert f"```console\n$ docker rm c    {ASKED_MARK}\n```\n" in text
