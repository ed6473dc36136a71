"""Grading a whole class in parallel over the CPU cores.

Each worker process loads the quiz once and keeps its starting worlds (`sandbox.Worlds`), so
a question's setup is played once per worker, not once per student. The parent loads the
catalog and the quiz before the workers start (with `fork` they inherit both). Students are
handed out in chunks and the grades come back in the order of the students, so the output is
the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path

from dockersim.grade.grader import Grade, Grader
from dockersim.grade.limits import Limits
from dockersim.grade.quizfile import Quiz, load_quiz
from dockersim.grade.submission import read_submission

Entry = tuple[str, list[Path]]

_WORKER: Grader | None = None


def _start_worker(quiz_path: str, limits: Limits, inherited: Grader | None) -> None:
    global _WORKER
    _WORKER = inherited if inherited is not None else Grader(load_quiz(quiz_path), limits)


def _grade_entry(entry: Entry) -> Grade:
    assert _WORKER is not None
    return grade_entry(_WORKER, entry)


def grade_entry(grader: Grader, entry: Entry) -> Grade:
    """One student's grade; the files inside a class directory are never followed if links."""
    student, paths = entry
    submission = read_submission(paths, student, grader.limits, grader.ids, follow=False)
    return grader.grade(submission)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def grade_class(
    quiz: Quiz, entries: Sequence[Entry], *, jobs: int = 0, limits: Limits | None = None
) -> list[Grade]:
    """Every student's grade, in the order of `entries`; `jobs` 0 = one per CPU core."""
    limits = limits or Limits()
    grader = Grader(quiz, limits)
    jobs = jobs or default_jobs()
    jobs = min(jobs, len(entries))
    if jobs <= 1:
        return [grade_entry(grader, entry) for entry in entries]
    _warm(grader)
    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else "spawn")
    chunk = max(1, len(entries) // (jobs * 4))
    with context.Pool(jobs, _start_worker, (quiz.file, limits, grader if fork else None)) as pool:
        return list(pool.imap(_grade_entry, entries, chunksize=chunk))


def _warm(grader: Grader) -> None:
    """Build the first student's starting worlds before the workers fork, so they share them."""
    from dockersim.grade.key import QuizKeyError
    from dockersim.grade.sandbox import SetupError
    from dockersim.scenario.problems import ScenarioError

    try:
        variant = grader.quiz.variant("")
        for question in variant.questions:
            grader.worlds.start(variant, question.setup)
    except (ScenarioError, QuizKeyError, SetupError):
        pass
