"""`dockersim docker ARGS...`: one docker command against the saved world."""

from __future__ import annotations

import sys

from dockersim.errors import StateError


def run_docker(argv: list[str]) -> int:
    from dockersim import store
    from dockersim.docker import main

    try:
        with store.locked() as path:
            engine, previous = store.load(path)
            result = main(argv, engine, tty=sys.stdout.isatty())
            store.save(path, engine, previous)
    except StateError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    sys.stdout.flush()
    return result.exit_code
