"""`dockersim play FILE`: play a scenario as a terminal session, with its checks and a summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def _pause() -> bool:
    """Wait for Enter; False (stop pausing) at end of input."""
    sys.stderr.write("[Enter: next step] ")
    sys.stderr.flush()
    return sys.stdin.readline() != ""


def play(
    file: Annotated[Path, typer.Argument(help="The scenario (YAML).", show_default=False)],
    step: Annotated[bool, typer.Option("--step", help="Pause for Enter between steps.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="After each step, show what changed in the world.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="Output: text, json, junit or tap.")
    ] = "text",
    seed: Annotated[
        int | None, typer.Option("--seed", help="Override the scenario's seed.", min=0)
    ] = None,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first step that fails.")
    ] = False,
    shell: Annotated[
        bool, typer.Option("--shell", help="Then open an interactive prompt on the final world.")
    ] = False,
) -> None:
    """Play a scenario: the session as a terminal shows it, each check, and a summary.

    Exits 0 when every check passed, 1 when one failed, 2 when the scenario is invalid.
    """
    from dockersim.scenario.session import play_file
    from dockersim.scenario.terminal import use_color

    code, engine = play_file(
        file,
        sys.stdout,
        sys.stderr,
        fmt=fmt,
        seed=seed,
        explain=explain,
        fail_fast=fail_fast,
        color=fmt == "text" and use_color(sys.stdout),
        pause=_pause if step else None,
    )
    if shell and engine is not None:
        from dockersim.scenario.shell import Shell

        Shell(engine).run()
    raise typer.Exit(code)
