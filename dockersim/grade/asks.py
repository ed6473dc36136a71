"""What a predict question asks about the world after its setup, read from the simulator.

Each ask reads the engine through its public API or a docker command line, as a learner
would look: `state` (`State.Status`, or `removed` when the container is gone), `exitCode`,
`exists`, `exit`/`stdout`/`stderr` of a command run after the setup, `ps` (the names `docker
ps` lists, newest first), `layers` (`len .RootFS.Layers`) and `resolves` (the embedded DNS
answer inside a container). Yes/no asks answer `yes` or `no`.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from dockersim.errors import Error
from dockersim.grade.sandbox import QUIZ_LIMITS, play

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.grade.model import Ask
    from dockersim.result import Result

REMOVED = "removed"
AskValue = str | int | tuple[str, ...]


class AskError(Exception):
    """The ask cannot be answered on this world (a quiz error: e.g. no such container)."""


def _run(engine: Engine, line: str) -> Result:
    return play(engine, (line,), QUIZ_LIMITS)[0][1]


def ask_value(ask: Ask, engine: Engine) -> AskValue:
    """The true answer on `engine`'s world (which the command asks may change)."""
    engine.settle()
    kind = ask.kind
    if kind in ("state", "exitCode", "exists"):
        try:
            container = engine.container_get(ask.target)
        except Error:
            if kind == "exitCode":
                raise AskError(f"there is no container {ask.target} after the setup") from None
            return REMOVED if kind == "state" else "no"
        if kind == "state":
            return container.state.status
        return container.state.exit_code if kind == "exitCode" else "yes"
    if kind in ("exit", "stdout", "stderr"):
        result = _run(engine, ask.target)
        if kind == "exit":
            return result.exit_code
        return result.stdout if kind == "stdout" else result.stderr
    if kind == "ps":
        argv = ["docker", "ps", "--format", "{{.Names}}"]
        argv += ["-a"] if ask.options.get("all") else []
        for item in ask.options.get("filter", ()):
            argv += ["--filter", str(item)]
        result = _run(engine, shlex.join(argv))
        if result.exit_code != 0:
            raise AskError(f"docker ps failed: {result.stderr.strip()}")
        return tuple(result.stdout.split())
    if kind == "layers":
        template = "{{len .RootFS.Layers}}"
        result = _run(
            engine, shlex.join(["docker", "image", "inspect", "-f", template, ask.target])
        )
        if result.exit_code != 0:
            raise AskError(f"no image {ask.target} after the setup")
        return int(result.stdout.strip())
    source = str(ask.options["from"])
    try:
        return "yes" if engine.dns(ask.target, source=source) else "no"
    except Error as exc:
        raise AskError(f"cannot look {ask.target} up in {source}: {exc}") from None
