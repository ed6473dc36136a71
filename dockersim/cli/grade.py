"""`dockersim grade QUIZ SUBMISSION`: score submissions with the simulator."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def grade(
    quiz: Annotated[Path, typer.Argument(help="The quiz (YAML).", show_default=False)],
    submission: Annotated[
        Path,
        typer.Argument(
            help="An answers file, a commands file, a transcript, or a directory "
            "(a class; one student's files with --student).",
            show_default=False,
        ),
    ],
    student: Annotated[
        str | None, typer.Option("--student", help="The student id (parameters are drawn from it).")
    ] = None,
    fmt: Annotated[
        str,
        typer.Option("--format", help="text, json, gradescope, prairielearn, junit or tap."),
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here (a directory for a class).")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes for a class (0: one per core).")
    ] = 0,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", help="Exit 1 when a score is below this percentage."),
    ] = None,
    max_commands: Annotated[
        int, typer.Option("--max-commands", help="Command lines allowed per submission.", min=0)
    ] = 500,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds per submission (0: no limit).", min=0)
    ] = 60.0,
    max_memory: Annotated[
        int,
        typer.Option("--max-memory", help="MB of memory per grading process (0: no cap).", min=0),
    ] = 1024,
) -> None:
    """Grade a submission (or a class directory) against a quiz.

    Exits 0 when grading ran, whatever the scores; 1 with --fail-under when a score is
    below it; 2 when the quiz is invalid.
    """
    from dockersim.grade.commands import run_grade
    from dockersim.grade.limits import MB, Limits, memory_cap

    limits = Limits(commands=max_commands, seconds=timeout, memory=max_memory * MB)
    with memory_cap(limits.memory):  # this process grades too (one student, or --jobs 1)
        code = run_grade(
            quiz,
            submission,
            sys.stdout,
            sys.stderr,
            student=student,
            fmt=fmt,
            output=output,
            jobs=jobs,
            fail_under=fail_under,
            limits=limits,
        )
    raise typer.Exit(code)
