"""`dockersim docker ARGS...`: one docker command against the saved world."""

from __future__ import annotations

import sys

from dockersim.errors import StateError


def run_docker(argv: list[str]) -> int:
    from dockersim import store
    from dockersim.cli import clock
    from dockersim.cli.realmachine import RealMachine
    from dockersim.docker import main

    try:
        with store.locked() as path:
            engine, previous = store.load(path)
            clock.catch_up(engine)
            # the interactive CLI is the one front end on the real machine (docs: "The host")
            engine.machine = RealMachine()
            # read only if the command reads it (`load <`, `run -i`, `login --password-stdin`)
            stdin = (lambda: b"") if sys.stdin.isatty() else sys.stdin.buffer.read
            result = main(argv, engine, tty=sys.stdout.isatty(), stdin=stdin)
            clock.stamp(engine)
            store.save(path, engine, previous)
    except StateError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    if result.stdout_bytes is not None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.stdout_bytes)
        sys.stdout.buffer.flush()
    result.write_to(sys.stdout, sys.stderr)
    sys.stdout.flush()
    return result.exit_code
