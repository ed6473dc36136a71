"""A class graded in parallel gives the same grades, in the same order, as one at a time."""

from __future__ import annotations

from pathlib import Path

from conftest import QUIZZES

from dockersim.grade import load_quiz
from dockersim.grade.batch import grade_class
from dockersim.grade.submission import class_entries
from dockersim.grade.writers import render


def test_parallel_grading_equals_sequential_grading(tmp_path: Path):
    # given: the example class plus an unreadable submission
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    entries = class_entries(QUIZZES / "lifecycle")
    (tmp_path / "zed.yaml").write_bytes(b"\xff\xfe")
    entries.append(("zed", [tmp_path / "zed.yaml"]))
    # when
    one = grade_class(quiz, entries, jobs=1)
    two = grade_class(quiz, entries, jobs=2)
    # then
    assert [g.student for g in two] == ["partial-tasks", "reference", "transcript",
                                        "wrong-answers", "zed"]  # fmt: skip
    assert [render(g, "json") for g in two] == [render(g, "json") for g in one]
    assert two[-1].message == "zed.yaml: not UTF-8 text (byte 0)"
