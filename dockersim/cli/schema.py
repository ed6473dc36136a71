"""`dockersim schema scenario|quiz`: print the JSON Schema of a dockersim file format."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

KNOWN = ("scenario", "quiz")


def schema(
    name: Annotated[
        str, typer.Argument(help="Which format: scenario or quiz.", show_default=False)
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a format, for editors and other tools."""
    if name not in KNOWN:
        sys.stderr.write(f"dockersim: unknown schema '{name}' (known: {', '.join(KNOWN)})\n")
        raise typer.Exit(2)
    if name == "quiz":
        from dockersim.grade.schema import dumps as quiz_dumps

        sys.stdout.write(quiz_dumps())
        return
    from dockersim.scenario.schema import dumps

    sys.stdout.write(dumps())
