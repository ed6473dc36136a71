"""`dockersim host COMMAND...`: a command on the simulated host, against the saved world."""

from __future__ import annotations

import shlex
import sys

from dockersim.errors import StateError

DESCRIPTION = (
    "Run a command on the simulated host, against the saved world.\n\n"
    "The host is the machine the simulated Docker runs on: `curl localhost:8080` reaches a "
    "published port, files written here are those bind mounts see. Options of `dockersim "
    "host` come before the command; everything from the command on is the command's own "
    "(`dockersim host ls --help` asks ls). A single argument is a whole shell line."
)


def help_page() -> str:
    from dockersim.cli.helptext import HELP_ROW, render

    arguments = [("COMMAND [ARG...]", "The command line, as a shell on the host runs it.")]
    return render(
        "dockersim host [OPTIONS] COMMAND [ARG...]",
        DESCRIPTION,
        [("Arguments", arguments), ("Options", [HELP_ROW])],
        "dockersim host curl -s localhost:8080",
    )


def run_host(argv: list[str]) -> int:
    from dockersim import store
    from dockersim.cli import clock

    if argv[:1] in (["-h"], ["--help"]):
        sys.stdout.write(help_page())
        return 0
    if argv[:1] == ["--"]:
        argv = argv[1:]
    elif argv and argv[0].startswith("-"):
        sys.stderr.write(
            f"dockersim host: unknown option {argv[0]}\nRun 'dockersim host --help' for help.\n"
        )
        return 2
    if not argv:
        sys.stderr.write(
            "Usage: dockersim host [OPTIONS] COMMAND [ARG...]\n"
            "Run 'dockersim host --help' for help.\n"
        )
        return 2
    line = argv[0] if len(argv) == 1 else shlex.join(argv)
    try:
        with store.locked() as path:
            engine, previous = store.load(path)
            clock.catch_up(engine)
            result = engine.host(line, stdin="" if sys.stdin.isatty() else sys.stdin.read())
            clock.stamp(engine)
            store.save(path, engine, previous)
    except StateError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    result.write_to(sys.stdout, sys.stderr)
    return result.exit_code
