"""Grading: the example quizzes' known scores, partial credit, limits, unreadable input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import QUIZZES
from limit_helpers import Ticks

from dockersim.grade import Grade, Grader, Limits, Quiz, Submission, load_quiz, load_quiz_text
from dockersim.grade.batch import grade_class
from dockersim.grade.submission import class_entries
from dockersim.grade.writers import summary_csv

EXAMPLES = ("lifecycle", "images", "networking", "storage", "compose", "swarm")


def items(grade: Grade) -> list[tuple[str, str, float, str]]:
    return [(c.title, c.status, c.points, c.message) for c in grade.report.checks]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_example_quizzes_score_as_recorded(name: str):
    # given
    quiz = load_quiz(QUIZZES / f"{name}.yaml")
    # when
    grades = grade_class(quiz, class_entries(QUIZZES / name), jobs=1)
    # then: the reference scores 100%, each wrong submission its known partial score
    assert summary_csv(grades) == (QUIZZES / f"{name}.expected.csv").read_text()


def test_partial_credit_per_check(small_grader: Grader):
    # given: carol's container is api-less and nginx runs without -p
    submission = Submission(
        "carol", "c.txt", {"pause": "B", "code": 143}, (("", "docker run -d --name web nginx"),)
    )
    # when
    grade = small_grader.grade(submission)
    # then
    assert items(grade) == [
        ("What state is `web` in?", "passed", 1.0, ""),
        ("Stop code", "failed", 0.0, "your answer '143' is not right"),
        ("container web is running", "passed", 2.0, ""),
        (
            "tcp port 8006 on the host is published by container web",
            "failed",
            0.0,
            "no running container publishes it",
        ),
        ("at most 2 commands", "passed", 1.0, ""),
        ("does not use `docker exec`", "passed", 1.0, ""),
    ]
    assert (grade.score, grade.max_score, grade.percent, grade.gradable) == (5.0, 8.0, 62.5, True)


def test_answers_to_unknown_questions_and_stray_commands_are_noted(small_grader: Grader):
    submission = Submission("carol", "c", {"nope": 1}, (("ghost", "docker ps"),))
    assert small_grader.grade(submission).notes == (
        "answer to unknown question 'nope' ignored",
        "command line for question 'ghost' ignored: docker ps",
    )


def test_a_line_naming_real_files_writes_only_the_simulated_host(
    small_grader: Grader, tmp_path: Path
):
    # given: an archive path in the grader's real temporary directory, and one in /tmp
    real_dir = tmp_path / "out"
    real_dir.mkdir()
    lines = (
        ("serve", f"docker save -o {real_dir}/x.tar nginx"),
        ("serve", f"docker save -o /tmp/{tmp_path.name}.tar nginx"),
        ("serve", f"docker load -i /tmp/{tmp_path.name}.tar"),
    )
    # when
    grade = small_grader.grade(Submission("carol", "c", {}, lines))
    # then: the first directory does not exist on the simulated host; /tmp does, there
    assert grade.transcripts == (
        (
            "serve",
            f"$ docker save -o {real_dir}/x.tar nginx\n"
            f'failed to save image: invalid output path: directory "{real_dir}" does not exist\n'
            f"$ docker save -o /tmp/{tmp_path.name}.tar nginx\n"
            f"$ docker load -i /tmp/{tmp_path.name}.tar\n"
            "Loaded image: nginx:latest\n",
        ),
    )
    assert list(real_dir.iterdir()) == []
    assert not Path(f"/tmp/{tmp_path.name}.tar").exists()


def not_graded(grade: Grade, question: str) -> list[str]:
    return [c.message for s in grade.report.steps if s.id == question for c in s.checks]


def test_error_more_commands_than_allowed(small: Quiz):
    grader = Grader(small, Limits(commands=3))
    lines = tuple(("serve", "docker ps") for _ in range(4))
    grade = grader.grade(Submission("carol", "c", {}, lines))
    assert grade.notes == ("4 command lines; the limit is 3",)
    assert not_graded(grade, "serve") == ["not run: 4 command lines; the limit is 3"] * 4


def test_error_a_restart_loop_past_the_step_limit(small: Quiz):
    # given: a container that fails forever, and 100 000 virtual seconds
    grader = Grader(small, Limits(steps=50))
    lines = (
        ("serve", "docker run -d --restart always --name loop busybox false"),
        ("serve", "sleep 100000"),
    )
    # when
    grade = grader.grade(Submission("carol", "c", {}, lines))
    # then
    why = (
        "not graded: the simulation took more than 50 steps (container exits and restarts): stopped"
    )
    assert not_graded(grade, "serve") == [why, why, "", ""]
    assert grade.score == 2.0


def test_error_output_past_the_limit(small: Quiz):
    grader = Grader(small, Limits(output=300))
    lines = tuple(("serve", "docker images") for _ in range(5))
    grade = grader.grade(Submission("carol", "c", {}, lines))
    why = "not graded: the commands printed more than 300 bytes (the output limit)"
    assert not_graded(grade, "serve")[:2] == [why, why]


def test_error_a_line_too_long(small: Quiz):
    grader = Grader(small, Limits(line_chars=20))
    grade = grader.grade(Submission("carol", "c", {}, (("serve", "docker ps " + "x" * 20),)))
    why = "not graded: a command line is longer than 20 characters"
    assert not_graded(grade, "serve")[:2] == [why, why]


def test_error_the_time_limit_stops_grading(small: Quiz):
    # given: a clock that moves 1 ms each time the deadline is checked, so the limit falls at
    # the same check on every machine: the predict answer fits in 2 s, 2 000 lines do not
    clock = Ticks()
    grader = Grader(small, Limits(seconds=2, commands=100_000), clock=clock)
    lines = tuple(("serve", "docker run --rm busybox true") for _ in range(2_000))
    # when
    grade = grader.grade(Submission("carol", "c", {"pause": "B"}, lines))
    # then: the task fails with the limit's message, and grading stopped at the deadline
    why = "not graded: grading took longer than 2 seconds (the time limit)"
    assert not_graded(grade, "serve") == [why] * 4
    assert grade.report.checks[0].passed
    assert clock.reads == 2_002


def test_error_an_unreadable_submission_scores_zero(small_grader: Grader):
    # when
    grade = small_grader.grade(Submission("carol", "c.bin", error="c.bin: not UTF-8 text"))
    # then
    assert (grade.gradable, grade.message, grade.score, grade.max_score) == (
        False,
        "c.bin: not UTF-8 text",
        0.0,
        8.0,
    )
    assert {c.message for c in grade.report.checks} == {"not graded: c.bin: not UTF-8 text"}
    assert grade.report.errors == ("c.bin: not UTF-8 text",)


def test_error_a_quiz_that_cannot_be_keyed_is_not_the_students_fault():
    quiz = load_quiz_text(
        "quiz: 1\ntitle: T\nquestions:\n  - id: q\n    type: predict\n    prompt: P\n"
        "    ask: {exitCode: ghost}\n",
        "q.yaml",
    )
    grade = Grader(quiz).grade(Submission("carol", "c", {"q": 0}))
    text = (
        "the quiz cannot be graded: q.yaml:4:5: question q: there is no container ghost after "
        "the setup"
    )
    assert (grade.gradable, grade.message, grade.report.errors) == (False, text, (text,))


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize(
    "submission",
    [
        Submission("s", "empty.txt"),
        Submission("s", "blank.yaml", {"pause": None, "keep-running": "  \n", "x": []}),
    ],
    ids=["empty", "blank"],
)
def test_an_empty_submission_scores_zero_on_every_item(name: str, submission: Submission):
    # given: constraints ("at most 2 commands") and goals that hold in the starting world
    quiz = load_quiz(QUIZZES / f"{name}.yaml")
    # when
    grade = Grader(quiz).grade(submission)
    # then
    assert (grade.score, grade.message, grade.gradable) == (0.0, "nothing submitted", True)
    assert grade.report.checks
    assert {(c.points, c.passed, c.message) for c in grade.report.checks} == {
        (0.0, False, "nothing submitted")
    }


def test_a_task_without_command_lines_scores_zero(small_grader: Grader):
    # given: predict answers only; the task's rules would hold for no command lines at all
    grade = small_grader.grade(Submission("carol", "c.yaml", {"pause": "B"}))
    # then
    why = "nothing submitted for this question (no command lines)"
    assert not_graded(grade, "serve") == [why] * 4
    assert grade.score == 1.0


def test_a_check_that_holds_from_the_start_scores_once_something_ran(small: Quiz):
    # given: the constraints hold; the goal does not
    grade = Grader(small).grade(Submission("carol", "c.txt", {}, (("serve", "docker ps"),)))
    # then
    assert [c.points for c in grade.report.checks if c.kind == "constraint"] == [1.0, 1.0]
