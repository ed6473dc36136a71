"""`dockersim quiz ...`: a student's version, its key, generated quizzes, validation, schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Quizzes: versions, keys, generation, validation.", no_args_is_help=True)

_QUIZ = typer.Argument(help="The quiz (YAML).", show_default=False)
_STUDENT = typer.Option("--student", help="The student id (parameters are drawn from it).")
_OUTPUT = typer.Option("-o", "--output", help="Write to this file instead of stdout.")


@app.command()
def render(
    quiz: Annotated[Path, _QUIZ],
    student: Annotated[str, _STUDENT] = "",
    output: Annotated[Path | None, _OUTPUT] = None,
) -> None:
    """Print a student's version of the quiz (Markdown)."""
    from dockersim.grade.quizcommands import run_render

    raise typer.Exit(run_render(quiz, student, output, sys.stdout, sys.stderr))


@app.command()
def key(
    quiz: Annotated[Path, _QUIZ],
    student: Annotated[str, _STUDENT] = "",
    fmt: Annotated[
        str, typer.Option("--format", help="markdown, or answers (a full-marks answers file).")
    ] = "markdown",
    output: Annotated[Path | None, _OUTPUT] = None,
) -> None:
    """Print a student's answer key, computed by the simulator."""
    from dockersim.grade.quizcommands import run_key

    raise typer.Exit(run_key(quiz, student, fmt, output, sys.stdout, sys.stderr))


@app.command()
def generate(
    kind: Annotated[str, typer.Option("--kind", help="The kind of quiz: lifecycle.")] = "lifecycle",
    count: Annotated[int, typer.Option("--count", help="How many questions.", min=1, max=200)] = 10,
    seed: Annotated[int, typer.Option("--seed", help="The same seed, the same quiz.", min=0)] = 0,
    output: Annotated[Path | None, _OUTPUT] = None,
) -> None:
    """Write a quiz of random questions (lifecycle: valid and invalid command sequences)."""
    from dockersim.grade.quizcommands import run_generate

    raise typer.Exit(run_generate(kind, count, seed, output, sys.stdout, sys.stderr))


@app.command()
def validate(
    quizzes: Annotated[list[Path], typer.Argument(help="Quiz files.", show_default=False)],
    students: Annotated[
        int, typer.Option("--students", help="Sample students to check.", min=1)
    ] = 3,
) -> None:
    """Check quizzes: schema and meaning, keys and reference solutions for sample students.

    Exits 0 when every quiz is right, 1 otherwise.
    """
    from dockersim.grade.quizcommands import run_validate

    raise typer.Exit(run_validate(quizzes, students, sys.stdout))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the quiz format."""
    from dockersim.grade.schema import dumps

    sys.stdout.write(dumps())
