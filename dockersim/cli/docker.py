"""`dockersim docker ARGS...`: one docker command against the saved world."""

from __future__ import annotations

import os
import sys

from dockersim.errors import StateError

_INTERACTIVE = {"run", "exec", "start", "create", "attach"}


def wants_stdin(argv: list[str]) -> bool:
    """Whether this command line reads stdin, as the real CLI would (so a pipe is not drained
    or waited on for commands that never read it)."""
    words = [a for a in argv if not a.startswith("-")]
    verb = words[1] if words[:1] in (["image"], ["container"], ["buildx"]) and words[1:] else ""
    verb = verb or (words[0] if words else "")
    if verb == "load":
        return not any(a in ("-i", "--input") or a.startswith("--input=") for a in argv)
    if verb in ("import", "cp", "build"):
        return "-" in argv
    if verb == "login":
        return "--password-stdin" in argv
    if verb in _INTERACTIVE:
        for arg in argv:
            if arg == "--":
                break
            if arg in ("--interactive", "--interactive=true") or (
                arg.startswith("-") and not arg.startswith("--") and "i" in arg[1:]
            ):
                return True
    return False


def run_docker(argv: list[str]) -> int:
    from dockersim import store
    from dockersim.docker import main

    try:
        with store.locked() as path:
            engine, previous = store.load(path)
            stdin = b""
            if not sys.stdin.isatty() and wants_stdin(argv):
                stdin = sys.stdin.buffer.read()
            result = main(argv, engine, tty=sys.stdout.isatty(), stdin=stdin, env=os.environ)
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
