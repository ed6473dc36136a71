"""`dockersim play FILE...`: play scenarios as terminal sessions, with their checks and summaries.

The arguments are parsed here with argparse (`dockersim play` skips typer altogether): typer's
typed parameters would import pydantic, a tenth of a second a lesson that `play` cannot spare.
"""

from __future__ import annotations

import argparse
import gc
import sys

from dockersim.cli.helptext import Parser

HELP = "Play a scenario: the session as a terminal shows it, each check, and a summary."
DESCRIPTION = (
    f"{HELP}\n\nExits 0 when every check passed, 1 when one failed, 2 when the scenario is invalid."
)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="dockersim play", description=DESCRIPTION, add_help=False)
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the scenarios (YAML), played in turn in one process, each in a fresh world",
    )
    parser.add_argument("--step", action="store_true", help="pause for Enter between steps")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="after each step, show what changed in the world, with a picture of the image "
        "(its layers), container (its lifecycle) or network the step changed",
    )
    parser.add_argument(
        "--format",
        default="text",
        choices=("text", "json", "junit", "tap"),
        help="output format (default: text)",
    )
    parser.add_argument("--seed", type=int, help="override the scenario's seed")
    parser.add_argument(
        "--fail-fast", action="store_true", help="stop at the first step that fails"
    )
    parser.add_argument(
        "--shell", action="store_true", help="then open an interactive prompt on the final world"
    )
    parser.add_argument(
        "--real-files",
        action="store_true",
        help="let the lesson's docker commands read and write files and read environment "
        "variables of this machine, as `dockersim docker` does (build contexts, save -o, cp, "
        "--env-file, -e NAME). Only for lessons you trust: a lesson could then read or "
        "overwrite any file you can. Without it, lessons only see the simulated host.",
    )
    return parser


def _pause() -> bool:
    """Wait for Enter; False (stop pausing) at end of input."""
    sys.stderr.write("[Enter: next step] ")
    sys.stderr.flush()
    return sys.stdin.readline() != ""


def run_play(argv: list[str]) -> int:
    from dockersim.cli import helptext

    if helptext.wants_help(argv):
        sys.stdout.write(helptext.from_argparse(_parser(), "play", DESCRIPTION))
        return 0
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if args.shell and len(args.files) > 1:
        sys.stderr.write("dockersim play: --shell takes one scenario file\n")
        return 2
    # a lesson makes thousands of short-lived objects a step, few of them in cycles: the
    # collector's default (a collection every 700 new objects) cost a tenth of a run of
    # every lesson; every 10,000 costs a third of that. What is alive before each lesson (the
    # catalog, imports, the lessons before) is set aside (gc.freeze), so the collections
    # during the lessons do not scan it again and again (a tenth of them in one process).
    # Set before the scenario modules are imported: importing them made tens of collections
    threshold = gc.get_threshold()
    gc.set_threshold(10_000, *threshold[1:])
    try:
        from dockersim.scenario.session import play_files
        from dockersim.scenario.terminal import use_color

        machine = None
        if args.real_files:
            from dockersim.cli.realmachine import RealMachine

            machine = RealMachine()
        code, engine = play_files(
            args.files,
            sys.stdout,
            sys.stderr,
            fmt=args.format,
            seed=args.seed,
            explain=args.explain,
            fail_fast=args.fail_fast,
            color=args.format == "text" and use_color(sys.stdout),
            pause=_pause if args.step else None,
            machine=machine,
            before_each=gc.freeze,
        )
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    if args.shell and engine is not None:
        from dockersim.scenario.shell import Shell

        Shell(engine).run()
    return code
