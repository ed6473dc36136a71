"""Every output format, whole; the platforms' files checked against their documented shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import QUIZZES
from grade_helpers import gradescope_problems, prairielearn_problems

from dockersim.grade import Grade, Grader, Submission, load_quiz
from dockersim.grade.batch import grade_class
from dockersim.grade.submission import class_entries
from dockersim.grade.writers import EXTENSIONS, FORMATS, render, summary_csv

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def carol(small_grader: Grader) -> Grade:
    lines = (("", "docker run -d --name web nginx"), ("", "docker exec web ls /nope"))
    return small_grader.grade(Submission("carol", "carol.txt", {"pause": "B", "code": 143}, lines))


@pytest.fixture(scope="module")
def dave(small_grader: Grader) -> Grade:
    why = "dave.yaml:1:5: invalid YAML: mapping values are not allowed here"
    return small_grader.grade(Submission("dave", "dave.yaml", error=why))


def golden(student: str, fmt: str) -> str:
    ext = f".{fmt}.json" if fmt in ("gradescope", "prairielearn") else EXTENSIONS[fmt]
    return (GOLDEN / f"{student}{ext}").read_text()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_partly_right_submission_in_every_format(carol: Grade, fmt: str):
    assert render(carol, fmt) == golden("carol", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_error_an_unreadable_submission_in_every_format(dave: Grade, fmt: str):
    assert render(dave, fmt) == golden("dave", fmt)


def test_the_class_summary(carol: Grade, dave: Grade):
    assert summary_csv([carol, dave]) == (GOLDEN / "summary.csv").read_text()


def test_a_spreadsheet_never_reads_a_student_id_as_a_formula(carol: Grade):
    import attrs

    sneaky = attrs.evolve(carol, student="=HYPERLINK(1)")
    assert summary_csv([sneaky]).splitlines()[1].startswith("'=HYPERLINK(1),4,8,50,yes")


def test_learners_never_see_a_predict_key(carol: Grade):
    for fmt in ("gradescope", "prairielearn", "junit", "tap"):
        assert "137" not in render(carol, fmt), fmt


def example_grades() -> list[Grade]:
    grades = []
    for name in ("lifecycle", "images", "networking", "storage"):
        quiz = load_quiz(QUIZZES / f"{name}.yaml")
        grades += grade_class(quiz, class_entries(QUIZZES / name), jobs=1)
        grades.append(Grader(quiz).grade(Submission("x", "x.yaml", error="x.yaml: not UTF-8")))
    return grades


def test_gradescope_and_prairielearn_files_have_the_documented_shapes():
    for grade in example_grades():
        gradescope = render(grade, "gradescope")
        prairielearn = render(grade, "prairielearn")
        data = json.loads(gradescope)
        assert gradescope_problems(data) == [], grade.student
        assert set(data) == {"score", "output", "tests"}
        assert all(
            set(t) == {"name", "number", "score", "max_score", "status", "output", "visibility",
                       "tags"}
            for t in data["tests"]
        )  # fmt: skip
        assert data["score"] == sum(t["score"] for t in data["tests"])
        assert prairielearn_problems(json.loads(prairielearn), len(prairielearn)) == []


def test_error_the_shape_checks_find_what_is_wrong():
    assert gradescope_problems({"score": "1", "tests": [{"status": "ok", "extra": 1}]}) == [
        "score is not a number",
        "tests[0]: unknown field extra",
        "tests[0].status is ok",
    ]
    assert prairielearn_problems({"gradable": True, "score": 2, "tests": [{"points": 2}]}) == [
        "a gradable result needs a score from 0 to 1",
        "tests[0].name is not text",
        "tests[0]: more points than max_points",
    ]
