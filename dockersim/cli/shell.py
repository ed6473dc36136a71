"""`dockersim shell`: an interactive prompt for docker command lines and host commands."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from dockersim.engine import Engine


def shell(
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start from an empty world, not the saved one.")
    ] = False,
    save: Annotated[
        bool,
        typer.Option("--save/--no-save", help="Save the world to the persistent state on exit."),
    ] = True,
    seed: Annotated[int, typer.Option("--seed", help="Seed of a --fresh world.", min=0)] = 0,
) -> None:
    """Type docker command lines verbatim (with history and tab completion); `.help` inside."""
    from dockersim import store
    from dockersim.engine import Engine
    from dockersim.errors import StateError
    from dockersim.scenario.shell import Shell, store_saver

    previous = ""
    engine = Engine(seed)
    if not fresh:
        try:
            with store.locked() as path:
                engine, previous = store.load(path)
        except StateError as exc:
            sys.stderr.write(f"{exc}\n")
            raise typer.Exit(1) from None
    # an interactive front end like `dockersim docker`: the docker client is on the real machine
    from dockersim.cli.realmachine import RealMachine

    engine.machine = RealMachine()
    history = str(store.home() / "shell_history")
    saver = store_saver(previous) if save else None
    Shell(engine, saver=saver, history=history, clock=_tick, live=_live).run()


def _live(engine: Engine, line: str) -> int:
    """A docker command line typed at the shell, on its real terminal: what
    `dockersim docker` does, with the shell's world (a live session if it stays attached)."""
    from dockersim import docker
    from dockersim.cli.live import MemoryWorld, run_live

    result = docker.run(line, engine, tty=sys.stdout.isatty(), stdin=b"", live=True)
    result.write_to(sys.stdout, sys.stderr)
    sys.stdout.flush()
    if result.follow is not None:
        return run_live(result.follow, MemoryWorld(engine))
    return result.exit_code


def _tick(engine: Engine) -> None:
    """Before each command line: the real time since the last one passes (cli/clock.py)."""
    from dockersim.cli import clock

    clock.catch_up(engine)
    clock.stamp(engine)
