"""The memory cap of a grading process: past it, the question scores 0 and grading goes on.

A test-only stand-in for `Session.run` (set with monkeypatch; forked workers inherit it)
asks for as many bytes as the cap itself on the line `hog`: an allocation the capped process
cannot make, refused by the kernel before a page is touched."""

from __future__ import annotations

import multiprocessing
import resource
from pathlib import Path

import pytest
from conftest import QUIZZES

from dockersim.grade import Grade, Grader, Quiz, Submission, load_quiz
from dockersim.grade.batch import grade_class
from dockersim.grade.limits import GB, cap_memory, memory_cap
from dockersim.grade.sandbox import Session
from dockersim.grade.submission import class_entries
from dockersim.grade.writers import render
from dockersim.result import Result

WHY = "not graded: grading this question needed more than 1024 MB of memory (the memory limit)"


@pytest.fixture
def hog(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Session.run

    def run(self: Session, line: str) -> Result:
        if line == "hog":
            soft, _ = resource.getrlimit(resource.RLIMIT_AS)
            assert soft != resource.RLIM_INFINITY, "this process has no memory cap"
            bytearray(soft)
        return real(self, line)

    monkeypatch.setattr(Session, "run", run)


def messages(grade: Grade, question: str) -> list[str]:
    return [c.message for s in grade.report.steps if s.id == question for c in s.checks]


@pytest.mark.usefixtures("hog")
def test_error_a_question_past_the_memory_cap_scores_zero_and_the_next_is_graded(small: Quiz):
    # given: this process capped as `dockersim grade` caps itself
    grader = Grader(small)
    lines = (("serve", "docker run -d --name web nginx"), ("serve", "hog"))
    before = resource.getrlimit(resource.RLIMIT_AS)
    # when
    with memory_cap(GB):
        grade = grader.grade(Submission("carol", "c", {"pause": "B", "code": 137}, lines))
        after = grader.grade(Submission("dave", "d", {}, (("serve", "docker ps"),)))
    # then: the question failed with the limit's message; the predict answers around it and
    # the next student were graded; the previous limit is back
    assert messages(grade, "serve") == [WHY] * 4
    assert [c.passed for c in grade.report.checks[:2]] == [True, True]
    assert messages(after, "serve")[2:] == ["", ""]
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@pytest.mark.usefixtures("hog")
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="fork")
def test_error_a_worker_past_its_memory_cap_grades_the_next_student(tmp_path: Path):
    # given: the example class between two students who run `hog` in the first task
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    entries = class_entries(QUIZZES / "lifecycle")
    expected = grade_class(quiz, entries, jobs=1)
    (tmp_path / "hogger.txt").write_text("docker ps\nhog\n")
    hogging = ("hogger", [tmp_path / "hogger.txt"])
    # when: graded by workers (which cap their own memory)
    grades = grade_class(quiz, [hogging, *entries, hogging], jobs=2)
    # then: their question failed with the limit's message, and nobody was lost
    assert messages(grades[0], "keep-running") == [WHY] * 4
    assert messages(grades[-1], "keep-running") == [WHY] * 4
    assert [(g.student, g.gradable, g.message) for g in grades] == [
        ("hogger", True, ""),
        ("partial-tasks", True, ""),
        ("reference", True, ""),
        ("transcript", True, ""),
        ("wrong-answers", True, ""),
        ("hogger", True, ""),
    ]
    assert [render(g, "json") for g in grades[1:-1]] == [render(g, "json") for g in expected]


def test_the_cap_is_the_limit_or_what_the_process_has_plus_headroom():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with memory_cap(GB):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    assert hard == before[1]
    assert soft >= GB
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_no_cap_when_the_limit_is_zero():
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert cap_memory(0) is None
    with memory_cap(0):
        assert resource.getrlimit(resource.RLIMIT_AS) == before
