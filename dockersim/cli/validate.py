"""`dockersim validate FILE...`: check scenarios' schema and meaning without playing them.

Arguments are parsed with argparse (see cli/play.py for why).
"""

from __future__ import annotations

import argparse
import sys

import typer


def run_validate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="dockersim validate",
        description="Report problems as file:line:column: message, with the line and a caret. "
        "Exits 0 when no file has errors (warnings are allowed), 1 otherwise.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files (YAML)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    from dockersim.scenario.session import validate_files

    return validate_files(args.files, sys.stdout)


def validate(ctx: typer.Context) -> None:
    """Check scenarios' schema and meaning; problems as file:line:column with a caret."""
    raise typer.Exit(run_validate(list(ctx.args)))
