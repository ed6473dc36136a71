"""`dockersim validate FILE...`: check scenarios' schema and meaning without playing them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario files (YAML).", show_default=False)],
) -> None:
    """Report problems as file:line:column: message, with the line and a caret.

    Exits 0 when no file has errors (warnings are allowed), 1 otherwise.
    """
    from dockersim.scenario.session import validate_files

    raise typer.Exit(validate_files(files, sys.stdout))
