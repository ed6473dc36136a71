"""`dockersim host COMMAND...`: a command on the simulated host, against the saved world."""

from __future__ import annotations

import shlex
import sys

from dockersim.errors import StateError


def run_host(argv: list[str]) -> int:
    from dockersim import store
    from dockersim.cli import clock

    if not argv:
        sys.stderr.write("usage: dockersim host COMMAND [ARG...]\n")
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
