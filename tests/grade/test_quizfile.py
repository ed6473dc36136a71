"""Loading quizzes: schema and meaning problems, said with file:line:column and a caret."""

from __future__ import annotations

import pytest

from dockersim.grade import Quiz, load_quiz_text
from dockersim.scenario.problems import ScenarioError

HEAD = "quiz: 1\ntitle: T\n"
Q = "questions:\n  - id: q1\n    type: predict\n    prompt: P\n"
TASK = "questions:\n  - id: t1\n    type: task\n    prompt: P\n"


def problem(text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_quiz_text(text, "q.yaml")
    return str(caught.value)


def test_a_quiz_gives_each_student_a_version(small: Quiz):
    # when
    variant = small.variant("carol")
    # then
    assert (variant.student, variant.params) == ("carol", {"name": "web", "port": 8006})
    assert [q.id for q in variant.questions] == ["pause", "code", "serve"]
    assert variant.questions[1].setup == (
        "docker run -d --name web busybox sleep 1000",
        "docker stop web",
    )
    assert variant.questions[2].checks[1].check.fields == {"port": 8006, "container": "web"}
    assert variant.max_score == 8


def test_defaults_for_predict_answers(small: Quiz):
    pause, code, _ = small.variant("carol").questions
    assert (pause.answer, pause.auto_choices, pause.count) == ("choice", True, 4)
    assert (code.answer, code.auto_choices, code.points) == ("number", False, 2)


def test_error_format_version():
    assert problem("quiz: 2\ntitle: T\n" + Q + "    ask: {state: web}\n") == (
        "q.yaml:1:7: format version 2 is not supported (this dockersim reads 1)\n"
        "    quiz: 2\n"
        "          ^"
    )


def test_error_unknown_field_suggests_the_nearest():
    assert problem(HEAD + Q + "    ask: {state: web}\n    chioces: auto\n") == (
        "q.yaml:8:5: unknown field 'chioces' in question (did you mean 'choices'?); known "
        "fields: id, type, title, prompt, points, setup, show_setup, ask, answer, choices, "
        "count, ordered, checks, constraints, solution, feedback, visibility, tags\n"
        "        chioces: auto\n"
        "        ^"
    )


def test_error_predict_without_ask():
    assert problem(HEAD + Q) == (
        "q.yaml:4:5: a predict question needs 'ask' (what the key is computed from)\n"
        "      - id: q1\n"
        "        ^"
    )


def test_error_task_without_solution():
    text = HEAD + TASK + "    checks:\n      - container: {name: web}\n"
    assert problem(text) == (
        "q.yaml:4:5: a task question needs 'solution' (it must score full marks)\n"
        "      - id: t1\n"
        "        ^"
    )


def test_error_fix_without_setup():
    text = (
        HEAD
        + TASK.replace("task", "fix")
        + ("    checks:\n      - container: {name: web}\n    solution: [docker ps]\n")
    )
    assert problem(text) == (
        "q.yaml:4:5: a fix question needs 'setup' (the broken world to start from)\n"
        "      - id: t1\n"
        "        ^"
    )


def test_error_duplicate_question_id():
    text = (
        HEAD
        + Q
        + "    ask: {state: web}\n"
        + Q.removeprefix("questions:\n")
        + ("    ask: {state: web}\n")
    )
    assert problem(text) == (
        "q.yaml:8:9: duplicate question id 'q1' (also question 1)\n      - id: q1\n            ^"
    )


def test_error_unknown_parameter():
    assert problem(HEAD + Q + '    ask: {state: "${nmae}"}\n') == (
        "q.yaml:7:18: unknown parameter ${nmae} (declare it under params)\n"
        '        ask: {state: "${nmae}"}\n'
        "                     ^"
    )


def test_error_answer_that_does_not_fit_the_ask():
    assert problem(HEAD + Q + "    ask: {state: web}\n    answer: number\n") == (
        "q.yaml:8:13: a state ask is answered with choice or text, not number\n"
        "        answer: number\n"
        "                ^"
    )


def test_error_choices_without_a_choice_answer():
    assert problem(HEAD + Q + "    ask: {exitCode: web}\n    choices: [1, 2]\n") == (
        "q.yaml:8:5: 'choices' needs answer: choice\n        choices: [1, 2]\n        ^"
    )


def test_error_checks_on_a_predict_question():
    text = HEAD + Q + "    ask: {state: web}\n    checks:\n      - container: {name: web}\n"
    assert problem(text) == (
        "q.yaml:8:5: 'checks' is for task and fix questions\n        checks:\n        ^"
    )


def test_error_range_upside_down():
    text = HEAD + "params:\n  port: {min: 9, max: 1}\n" + Q + "    ask: {state: web}\n"
    assert problem(text) == (
        "q.yaml:4:9: min 9 is greater than max 1\n      port: {min: 9, max: 1}\n            ^"
    )


def test_error_not_a_mapping():
    assert problem("- a\n- b\n") == (
        "q.yaml:1:1: expected a mapping (quiz), found a list\n    - a\n    ^"
    )


def test_error_check_that_can_never_pass():
    text = (
        HEAD
        + TASK
        + (
            "    checks:\n      - container: {name: web, state: running, exitCode: 3}\n"
            "    solution: [docker ps]\n"
        )
    )
    assert problem(text) == (
        "q.yaml:8:20: this check can never pass: a running container always has exit code 0\n"
        "          - container: {name: web, state: running, exitCode: 3}\n"
        "                       ^"
    )


def test_error_unknown_visibility():
    text = (
        HEAD
        + TASK
        + (
            "    checks:\n      - container: {name: web, visibility: secret}\n"
            "    solution: [docker ps]\n"
        )
    )
    assert problem(text) == (
        "q.yaml:8:44: 'secret' is not one of visible, hidden, after_due_date, after_published\n"
        "          - container: {name: web, visibility: secret}\n"
        "                                               ^"
    )


def test_error_text_parameter_in_an_integer_field():
    text = (
        HEAD
        + "params:\n  p: [x]\n"
        + TASK
        + ('    checks:\n      - port: {port: "${p}"}\n    solution: [docker ps]\n')
    )
    assert problem(text) == (
        "q.yaml:10:22: expected an integer, found text\n"
        '          - port: {port: "${p}"}\n'
        "                         ^"
    )


def test_error_alias_bomb_is_refused():
    chain = "".join(
        f"b{i}: &b{i} [*{'a' if i == 0 else f'b{i - 1}'}, *{'a' if i == 0 else f'b{i - 1}'}]\n"
        for i in range(60)
    )
    text = HEAD + "a: &a [x, x, x, x]\n" + chain
    assert problem(text) == (
        "q.yaml:54:12: refused: more than 100 aliases (*name)\n"
        "    b50: &b50 [*b49, *b49]\n"
        "               ^"
    )
