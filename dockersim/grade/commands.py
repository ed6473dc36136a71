"""What `dockersim grade` does, apart from parsing its arguments.

One student: SUBMISSION is a file, or a directory of that student's files when `--student`
is given. The grade is written in the chosen format to `-o FILE` or stdout. A class:
SUBMISSION is a directory without `--student`; every entry is graded in parallel; with `-o
DIR` each student's result is written to `DIR/<student><ext>` and the summary to
`DIR/summary.csv`, otherwise the summary CSV goes to stdout.

Exit status: 0 when grading ran, whatever the scores (an unreadable submission is a scored
result); 1 when `--fail-under PCT` is given and a grade is below it; 2 when the quiz is
invalid, the format is unknown or the class directory cannot be listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from dockersim.grade.batch import grade_class, grade_entry
from dockersim.grade.grader import Grade, Grader
from dockersim.grade.limits import Limits
from dockersim.grade.quizfile import Quiz, load_quiz
from dockersim.grade.submission import Unreadable, class_entries
from dockersim.grade.writers import EXTENSIONS, FORMATS, render, summary_csv
from dockersim.scenario.problems import ScenarioError


def load_or_report(path: Path, err: TextIO) -> Quiz | None:
    try:
        return load_quiz(path)
    except ScenarioError as exc:
        err.write(f"{exc}\n")
        return None


def run_grade(
    quiz_path: Path,
    submission: Path,
    out: TextIO,
    err: TextIO,
    *,
    student: str | None = None,
    fmt: str = "text",
    output: Path | None = None,
    jobs: int = 0,
    fail_under: float | None = None,
    limits: Limits | None = None,
) -> int:
    limits = limits or Limits()
    if fmt not in FORMATS:
        err.write(f"dockersim grade: unknown format '{fmt}' (choose from {', '.join(FORMATS)})\n")
        return 2
    quiz = load_or_report(quiz_path, err)
    if quiz is None:
        return 2
    if submission.is_dir() and student is None:
        return _grade_class(quiz, submission, out, err, fmt, output, jobs, fail_under, limits)
    name = student if student is not None else submission.stem
    grade = grade_entry(Grader(quiz, limits), (name, [submission]))
    text = render(grade, fmt)
    if output is None:
        out.write(text)
    elif not _write(output, text, err):
        return 2
    if grade.message:
        err.write(f"dockersim grade: {name}: {grade.message}\n")
    return _status([grade], fail_under, err)


def _grade_class(
    quiz: Quiz,
    directory: Path,
    out: TextIO,
    err: TextIO,
    fmt: str,
    output: Path | None,
    jobs: int,
    fail_under: float | None,
    limits: Limits,
) -> int:
    try:
        entries = class_entries(directory, limits, exclude=output)
    except Unreadable as exc:
        err.write(f"dockersim grade: {exc}\n")
        return 2
    grades = grade_class(quiz, entries, jobs=jobs, limits=limits)
    summary = summary_csv(grades)
    if output is None:
        out.write(summary)
    else:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err.write(f"dockersim grade: cannot create {output}: {exc.strerror}\n")
            return 2
        for grade in grades:
            if not _write(output / f"{grade.student}{EXTENSIONS[fmt]}", render(grade, fmt), err):
                return 2
        if not _write(output / "summary.csv", summary, err):
            return 2
    mean = sum(g.percent for g in grades) / len(grades) if grades else 0.0
    where = f"; results in {output}" if output is not None else ""
    err.write(f"dockersim grade: {len(grades)} submissions, mean {mean:.1f}%{where}\n")
    return _status(grades, fail_under, err)


def _write(path: Path, text: str, err: TextIO) -> bool:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        err.write(f"dockersim grade: cannot write {path}: {exc.strerror}\n")
        return False
    return True


def _status(grades: list[Grade], fail_under: float | None, err: TextIO) -> int:
    if fail_under is None:
        return 0
    below = [g for g in grades if g.percent < fail_under]
    for grade in below:
        err.write(f"dockersim grade: {grade.student}: {grade.percent:g}% < {fail_under:g}%\n")
    return 1 if below else 0
