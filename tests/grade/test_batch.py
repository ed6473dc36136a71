"""A class graded in parallel: the same grades, in the same order, as one at a time, even
when a worker process dies (the OOM killer, `kill -9`) or overruns its student's time.

Workers are made to die by test-only stand-ins for `batch.grade_entry`, set with monkeypatch
before the class starts: forked workers inherit them. Nothing a submission can say reaches
them."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import QUIZZES, ROOT

from dockersim.grade import Grade, Grader, Limits, batch, load_quiz
from dockersim.grade.batch import Entry, grade_class
from dockersim.grade.commands import run_grade
from dockersim.grade.submission import class_entries
from dockersim.grade.writers import render

#: the tests whose workers must inherit a monkeypatched hook
fork_only = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers inherit the hooks"
)

KILLED = "the grading worker died while grading this submission (killed by signal 9: SIGKILL)"
GradeEntry = Callable[[Grader, Entry], Grade]


def dying_for(*students: str, sig: signal.Signals = signal.SIGKILL) -> GradeEntry:
    """A worker's `grade_entry` that sends its own process `sig` on these students."""
    real = batch.grade_entry

    def grade_entry(grader: Grader, entry: Entry) -> Grade:
        if entry[0] in students:
            os.kill(os.getpid(), sig)
        return real(grader, entry)

    return grade_entry


def lifecycle_class(tmp_path: Path, *extra: str) -> list[Entry]:
    """The example class, with `extra` students (copies of the reference) in the middle."""
    entries = class_entries(QUIZZES / "lifecycle")
    for number, name in enumerate(extra):
        path = tmp_path / f"{name}.yaml"
        shutil.copy(QUIZZES / "lifecycle" / "reference.yaml", path)
        entries.insert(1 + 2 * number, (name, [path]))
    return entries


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


@fork_only
def test_error_a_killed_worker_loses_only_the_student_it_was_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # given: mallory's worker is killed while grading her
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    entries = lifecycle_class(tmp_path, "mallory")
    expected = grade_class(quiz, [e for e in entries if e[0] != "mallory"], jobs=1)
    monkeypatch.setattr(batch, "grade_entry", dying_for("mallory"))
    # when
    grades = grade_class(quiz, entries, jobs=2)
    # then: the class finished; mallory is not gradable and says why, everyone else as usual
    assert [g.student for g in grades] == ["partial-tasks", "mallory", "reference",
                                           "transcript", "wrong-answers"]  # fmt: skip
    lost = grades[1]
    assert (lost.gradable, lost.message, lost.score, lost.max_score) == (False, KILLED, 0, 15)
    assert {c.message for c in lost.report.checks} == {f"not graded: {KILLED}"}
    others = [render(g, "json") for g in grades if g.student != "mallory"]
    assert others == [render(g, "json") for g in expected]


@fork_only
def test_error_workers_killed_one_after_another_are_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # given: three students whose workers die, with two jobs
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    entries = lifecycle_class(tmp_path, "m1", "m2", "m3")
    monkeypatch.setattr(batch, "grade_entry", dying_for("m1", "m2", "m3"))
    # when
    grades = grade_class(quiz, entries, jobs=2)
    # then
    assert [(g.student, g.gradable, g.message) for g in grades] == [
        ("partial-tasks", True, ""),
        ("m1", False, KILLED),
        ("reference", True, ""),
        ("m2", False, KILLED),
        ("transcript", True, ""),
        ("m3", False, KILLED),
        ("wrong-answers", True, ""),
    ]


@fork_only
def test_error_a_worker_sent_sigterm_dies_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # given: mallory's worker, the second one started, is sent SIGTERM (the parent's SIGTERM
    # handler, which stops every worker, must not have been inherited: it would kill the first)
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    entries = lifecycle_class(tmp_path, "mallory")
    entries.insert(2, entries.pop(1))  # the first worker is sent the first two students
    monkeypatch.setattr(batch, "grade_entry", dying_for("mallory", sig=signal.SIGTERM))
    # when
    grades = grade_class(quiz, entries, jobs=2)
    # then
    why = "the grading worker died while grading this submission (killed by signal 15: SIGTERM)"
    assert [(g.student, g.gradable, g.message) for g in grades] == [
        ("partial-tasks", True, ""),
        ("reference", True, ""),
        ("mallory", False, why),
        ("transcript", True, ""),
        ("wrong-answers", True, ""),
    ]


@fork_only
def test_error_a_dead_worker_still_leaves_every_result_and_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # given: a class directory in which mallory's worker dies
    directory = tmp_path / "class"
    shutil.copytree(QUIZZES / "lifecycle", directory)
    shutil.copy(QUIZZES / "lifecycle" / "reference.yaml", directory / "mallory.yaml")
    monkeypatch.setattr(batch, "grade_entry", dying_for("mallory"))
    out, err = io.StringIO(), io.StringIO()
    # when
    code = run_grade(
        QUIZZES / "lifecycle.yaml", directory, out, err, output=tmp_path / "out", jobs=2
    )
    # then
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "mallory.txt", "partial-tasks.txt", "reference.txt", "summary.csv", "transcript.txt",
        "wrong-answers.txt",
    ]  # fmt: skip
    summary = (tmp_path / "out" / "summary.csv").read_text().splitlines()
    assert summary[1] == f"mallory,0,15,0,no,0,0,0,0,0,0,0,{KILLED}"
    assert summary[2:] == (QUIZZES / "lifecycle.expected.csv").read_text().splitlines()[1:]


@fork_only
def test_error_a_worker_far_past_the_time_limit_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # given: a worker stuck where no deadline check is reached (a stand-in that waits for a
    # signal), a 1 s limit and 1 s of grace: the worker is killed 2 s into mallory
    real = batch.grade_entry

    def stuck(grader: Grader, entry: Entry) -> Grade:
        if entry[0] == "mallory":
            signal.pause()
        return real(grader, entry)

    monkeypatch.setattr(batch, "grade_entry", stuck)
    monkeypatch.setattr(batch, "HARD_GRACE", 1.0)
    quiz = load_quiz(QUIZZES / "lifecycle.yaml")
    entries = lifecycle_class(tmp_path, "mallory")[:3]
    # when
    grades = grade_class(quiz, entries, jobs=2, limits=Limits(seconds=1))
    # then
    why = (
        "the grading worker was stopped after 2 seconds on this submission "
        "(the time limit is 1 seconds)"
    )
    assert [(g.student, g.gradable, g.message) for g in grades] == [
        ("partial-tasks", True, ""),
        ("mallory", False, why),
        ("reference", True, ""),
    ]


# --- stopping the class: no worker is left behind ----------------------------------------------

STOPPED = """\
import os, signal, sys
sys.path.insert(0, {tests!r})
from conftest import SMALL
from dockersim.grade import batch, load_quiz_text

def stuck(grader, entry):
    os.write(1, f"{{os.getpid()}}\\n".encode())  # one write: two workers' lines never interleave
    signal.pause()

batch.grade_entry = stuck
batch.grade_class(load_quiz_text(SMALL, "small.yaml"), [("a", []), ("b", []), ("c", [])], jobs=2)
"""


def gone(pid: int) -> bool:
    """No such process, or only its exit status left (a zombie uses nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def workers_of_a_stopped_class(tmp_path: Path, sig: signal.Signals) -> tuple[int, list[int]]:
    """Start a class whose two workers hang, send `sig` to the parent alone, and return its
    exit status and the workers' PIDs."""
    script = tmp_path / "stopped.py"
    script.write_text(STOPPED.format(tests=str(ROOT / "tests" / "grade")))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as parent:
        assert parent.stdout is not None
        pids = [int(parent.stdout.readline()) for _ in range(2)]  # both workers are grading
        parent.send_signal(sig)
        status = parent.wait(60)
    return status, pids


def wait_gone(pids: list[int]) -> list[int]:
    """The PIDs still running after up to 10 s (a dead worker disappears within moments)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(gone(pid) for pid in pids):
        time.sleep(0.05)
    return [pid for pid in pids if not gone(pid)]


@fork_only
@pytest.mark.parametrize(
    ("sig", "status"),
    [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, -signal.SIGINT)],
    ids=["TERM", "INT"],
)
def test_stopping_the_parent_stops_its_workers(tmp_path: Path, sig: signal.Signals, status: int):
    # when: the parent alone is sent the signal while both workers are busy
    code, pids = workers_of_a_stopped_class(tmp_path, sig)
    # then: it dies of the signal (SIGINT by way of KeyboardInterrupt), and takes them along
    assert code == status
    assert wait_gone(pids) == []
