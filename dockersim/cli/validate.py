"""`dockersim validate FILE...`: check scenarios' schema and meaning without playing them.

Arguments are parsed with argparse (see cli/play.py for why).
"""

from __future__ import annotations

import argparse
import sys

import typer

from dockersim.cli.helptext import Parser

DESCRIPTION = (
    "Check scenarios' schema and meaning without playing them.\n\n"
    "Reports problems as file:line:column: message, with the line and a caret. Exits 0 when "
    "no file has errors (warnings are allowed), 1 otherwise."
)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="dockersim validate", description=DESCRIPTION, add_help=False)
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files (YAML)")
    return parser


def run_validate(argv: list[str]) -> int:
    from dockersim.cli import helptext

    if helptext.wants_help(argv):
        sys.stdout.write(helptext.from_argparse(_parser(), "validate", DESCRIPTION))
        return 0
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    from dockersim.scenario.session import validate_files

    return validate_files(args.files, sys.stdout)


def validate(ctx: typer.Context) -> None:
    """Check scenarios' schema and meaning; problems as file:line:column with a caret."""
    raise typer.Exit(run_validate(list(ctx.args)))
