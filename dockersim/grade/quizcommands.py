"""What `dockersim quiz render|key|generate|validate` do, apart from parsing arguments.

Each returns the exit status: 0 done, 1 (`validate`) a quiz has problems, 2 the quiz cannot
be loaded, a key cannot be computed, or an option is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from dockersim.grade.grader import Grader
from dockersim.grade.key import QuizKeyError
from dockersim.grade.model import Variant
from dockersim.grade.quizfile import load_quiz
from dockersim.grade.sandbox import SetupError, Worlds
from dockersim.scenario.problems import ScenarioError

KINDS = ("lifecycle",)
KEY_FORMATS = ("markdown", "answers")


def _emit(text: str, output: Path | None, out: TextIO, err: TextIO) -> int:
    if output is None:
        out.write(text)
        return 0
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        err.write(f"dockersim quiz: cannot write {output}: {exc.strerror}\n")
        return 2
    return 0


def _produce(
    path: Path,
    student: str,
    make: Callable[[Worlds, Variant], str],
    output: Path | None,
    out: TextIO,
    err: TextIO,
) -> int:
    try:
        quiz = load_quiz(path)
        variant = quiz.variant(student)
        text = make(Worlds(), variant)
    except (ScenarioError, QuizKeyError, SetupError) as exc:
        err.write(f"{exc}\n")
        return 2
    return _emit(text, output, out, err)


def run_render(path: Path, student: str, output: Path | None, out: TextIO, err: TextIO) -> int:
    from dockersim.grade.render import render_markdown

    return _produce(path, student, render_markdown, output, out, err)


def run_key(
    path: Path, student: str, fmt: str, output: Path | None, out: TextIO, err: TextIO
) -> int:
    from dockersim.grade.render import render_answers, render_key

    if fmt not in KEY_FORMATS:
        err.write(f"dockersim quiz key: unknown format '{fmt}' (choose from markdown, answers)\n")
        return 2
    make = render_key if fmt == "markdown" else render_answers
    return _produce(path, student, make, output, out, err)


def run_generate(
    kind: str, count: int, seed: int, output: Path | None, out: TextIO, err: TextIO
) -> int:
    from dockersim.grade.generate import generate_lifecycle

    if kind not in KINDS:
        err.write(f"dockersim quiz generate: unknown kind '{kind}' (choose from lifecycle)\n")
        return 2
    return _emit(generate_lifecycle(count, seed), output, out, err)


def run_validate(paths: Sequence[Path], students: int, out: TextIO) -> int:
    from dockersim.grade.selfcheck import sample_students, selfcheck

    status = 0
    for path in paths:
        try:
            quiz = load_quiz(path)
        except ScenarioError as exc:
            out.write(f"{exc}\n")
            status = 1
            continue
        problems = selfcheck(Grader(quiz), sample_students(students))
        for problem in problems:
            out.write(f"{path}: {problem}\n")
        if problems:
            status = 1
        else:
            out.write(f"{path}: ok ({students} sample students)\n")
    return status
