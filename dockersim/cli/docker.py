"""`dockersim docker ARGS...`: one docker command against the saved world."""

from __future__ import annotations

import gc
import sys

from dockersim.errors import StateError


def run_docker(argv: list[str], whole_process: bool = False) -> int:
    """Run one docker command line on the saved world; `whole_process` when the command is
    all this process does (`dockersim docker ...` itself, or a warm process's child)."""
    from dockersim import store
    from dockersim.cli import clock
    from dockersim.cli.realmachine import RealMachine
    from dockersim.docker import main

    # a learner at a real terminal: interactive commands stay live (cli/live.py)
    stdin_tty = sys.stdin.isatty()
    live = stdin_tty and sys.stdout.isatty()
    try:
        with store.locked() as path:
            if whole_process:
                gc.disable()
            engine, previous = store.load(path)
            if whole_process:
                # the world just read lives to the end of the process: kept out of every
                # collection, instead of walked whole by the next one (a tenth of `ps` in a
                # world of 1,000 containers)
                gc.freeze()
                gc.enable()
            clock.catch_up(engine)
            # the interactive CLI is the one front end on the real machine (docs: "The host")
            engine.machine = RealMachine()
            # read only if the command reads it (`load <`, `run -i`, `login --password-stdin`)
            stdin = (lambda: b"") if stdin_tty else sys.stdin.buffer.read
            result = main(
                argv,
                engine,
                tty=sys.stdout.isatty(),
                stdin=stdin,
                live=live,
                stdin_tty=stdin_tty,
            )
            if not result.read_only or result.follow is not None:
                clock.stamp(engine)
                store.save(path, engine, previous)
            saved = engine.dumps() if result.follow is not None else ""
    except StateError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    if result.stdout_bytes is not None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.stdout_bytes)
        sys.stdout.buffer.flush()
    result.write_to(sys.stdout, sys.stderr)
    sys.stdout.flush()
    if result.follow is not None:
        from dockersim.cli.live import SavedWorld, run_live

        return run_live(result.follow, SavedWorld(path, engine, saved))
    return result.exit_code
