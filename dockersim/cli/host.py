"""`dockersim host COMMAND...`: a command on the simulated host, against the saved world."""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

from dockersim.errors import StateError

if TYPE_CHECKING:
    from dockersim.engine import Engine

DESCRIPTION = (
    "Run a command on the simulated host, against the saved world.\n\n"
    "The host is the machine the simulated Docker runs on: `curl localhost:8080` reaches a "
    "published port, files written here are those bind mounts see. Options of `dockersim "
    "host` come before the command; everything from the command on is the command's own "
    "(`dockersim host ls --help` asks ls). A single argument is a whole shell line.\n\n"
    "With `-H NODE` the command runs on another simulated host of the world (a node added "
    "with `docker -H NODE swarm join`): `dockersim host -H node2 curl -s localhost:8080` "
    "shows the swarm's routing mesh answering on node2. `-H` takes the names `docker -H` "
    "takes (`node2`, `tcp://node2:2375`)."
)


def help_page() -> str:
    from dockersim.cli.helptext import HELP_ROW, render

    arguments = [("COMMAND [ARG...]", "The command line, as a shell on the host runs it.")]
    node = ("-H, --host NODE", "Run on this simulated host (default: the first one)")
    return render(
        "dockersim host [OPTIONS] COMMAND [ARG...]",
        DESCRIPTION,
        [("Arguments", arguments), ("Options", [node, HELP_ROW])],
        "dockersim host curl -s localhost:8080",
    )


def run_host(argv: list[str]) -> int:
    from dockersim import store
    from dockersim.cli import clock

    if argv[:1] in (["-h"], ["--help"]):
        sys.stdout.write(help_page())
        return 0
    node = ""
    while argv[:1] and (argv[0] in ("-H", "--host") or argv[0].startswith(("-H", "--host="))):
        flag = argv.pop(0)
        if flag in ("-H", "--host"):
            if not argv:
                sys.stderr.write(
                    f"dockersim host: option {flag} needs a value\n"
                    "Run 'dockersim host --help' for help.\n"
                )
                return 2
            node = argv.pop(0)
        else:
            node = flag.removeprefix("--host=").removeprefix("-H").removeprefix("=")
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
            target = _node(engine, node)
            if target is None:
                sys.stderr.write(
                    f"dockersim host: no simulated host named {node!r} (known: "
                    f"{', '.join(_names(engine))})\n"
                )
                return 1
            stdin = "" if sys.stdin.isatty() else sys.stdin.read()
            result = target.host(line, stdin=stdin)
            clock.stamp(engine)
            store.save(path, engine, previous)
    except StateError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    result.write_to(sys.stdout, sys.stderr)
    return result.exit_code


def _names(engine: Engine) -> list[str]:
    return [engine.node_name, *sorted(engine.world.nodes)]


def _node(engine: Engine, node: str) -> Engine | None:
    """The host `-H` names (the docker CLI's spellings), or None when the world has none by
    that name (hosts come into being with `docker -H NAME ...`, not here)."""
    from dockersim.docker import _host_name

    name = _host_name(node) if node else ""
    if not name or name == engine.node_name:
        return engine
    if name not in engine.world.nodes:
        return None
    return engine.node(name)
