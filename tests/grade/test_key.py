"""Keys come from the simulator; auto choices from near-miss sequences."""

from __future__ import annotations

import pytest

from dockersim.grade import Grader, Quiz, load_quiz_text
from dockersim.grade.key import QuizKeyError, compute, near_misses


def test_near_misses_vary_the_last_lines_in_a_fixed_order():
    setup = ("docker run -d --name w busybox top", "docker pause w", "docker stop w")
    assert list(near_misses(setup)) == [
        ("docker run -d --name w busybox top", "docker pause w", "docker kill w"),
        ("docker run -d --name w busybox top", "docker pause w"),
        ("docker run -d --name w busybox top", "docker stop w", "docker pause w"),
        ("docker run -d --name w busybox top", "docker stop w", "docker stop w"),
        ("docker run -d --name w busybox top", "docker stop w"),
        ("docker pause w", "docker run -d --name w busybox top", "docker stop w"),
    ]


def test_the_key_and_choices_of_a_state_question(small: Quiz, small_grader: Grader):
    # given
    variant = small.variant("carol")
    # when
    key = compute(small_grader.worlds, variant, variant.questions[0])
    # then: the key, then the near misses (without the pause: running; stop: exited)
    assert (key.key, key.choices) == ("paused", ("running", "paused", "restarting", "exited"))


def test_a_number_question_has_no_choices(small: Quiz, small_grader: Grader):
    variant = small.variant("carol")
    key = compute(small_grader.worlds, variant, variant.questions[1])
    assert (key.key, key.choices, key.shown) == (137, (), "137")


def test_error_explicit_choices_without_the_key(small_grader: Grader):
    # given
    quiz = load_quiz_text(
        "quiz: 1\ntitle: T\nimages: [busybox:latest]\nquestions:\n  - id: q\n"
        "    type: predict\n    prompt: P\n    setup: [docker create --name box busybox]\n"
        "    ask: {state: box}\n    choices: [running, exited]\n",
        "q.yaml",
    )
    variant = quiz.variant("x")
    # when
    with pytest.raises(QuizKeyError) as caught:
        compute(small_grader.worlds, variant, variant.questions[0])
    # then
    assert str(caught.value) == (
        "q.yaml:5:5: question q: the key created is not one of the choices (running, exited)"
    )


def test_error_an_ask_about_a_missing_container(small_grader: Grader):
    quiz = load_quiz_text(
        "quiz: 1\ntitle: T\nquestions:\n  - id: q\n    type: predict\n    prompt: P\n"
        "    ask: {exitCode: ghost}\n",
        "q.yaml",
    )
    variant = quiz.variant("x")
    with pytest.raises(QuizKeyError) as caught:
        compute(small_grader.worlds, variant, variant.questions[0])
    assert str(caught.value) == (
        "q.yaml:4:5: question q: there is no container ghost after the setup"
    )
