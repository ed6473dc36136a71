"""What `dockersim play` and `dockersim validate` do, apart from parsing their arguments.

Both write to the streams they are given and return the exit status: `play` 0 when every
check passed, 1 when one failed, 2 when the scenario cannot be played (invalid, unreadable);
`validate` 0 when no file has errors (warnings allowed), 1 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dockersim.scenario.problems import ScenarioError, format_all
from dockersim.scenario.reporters import FORMATS, render
from dockersim.scenario.reporters.text import TextReporter
from dockersim.scenario.results import StepResult

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.machine import Machine


def play_file(
    path: str | Path,
    out: TextIO,
    err: TextIO,
    *,
    fmt: str = "text",
    seed: int | None = None,
    explain: bool = False,
    fail_fast: bool = False,
    color: bool = False,
    pause: Callable[[], bool] | None = None,
    machine: Machine | None = None,
) -> tuple[int, Engine | None]:
    """Play one scenario file; `pause()` (for `--step`) waits between steps, False stops
    waiting. `machine` is the docker client's machine (default: the simulated host; the
    real one only with `play --real-files`). Returns the exit status and the final engine
    (None if nothing was played)."""
    from dockersim.scenario import load
    from dockersim.scenario.runner import play

    if fmt not in FORMATS:
        err.write(f"dockersim: unknown format '{fmt}' (choose from {', '.join(FORMATS)})\n")
        return 2, None
    try:
        scenario, warnings = load(path)
    except ScenarioError as exc:
        err.write(f"{exc}\n")
        return 2, None
    if warnings:
        err.write(format_all(warnings, scenario.source))
    streaming = fmt == "text"
    reporter = TextReporter(out.write, color)
    if streaming:
        reporter.header(scenario.title, scenario.description)
        out.flush()
    waiting = pause

    def on_step(result: StepResult) -> None:
        nonlocal waiting
        if not streaming:
            return
        reporter.step(result)
        out.flush()
        if waiting is not None and result.index < len(scenario.steps) and not waiting():
            waiting = None

    report, engine = play(
        scenario,
        seed=seed,
        fail_fast=fail_fast,
        explain_all=explain,
        on_step=on_step,
        machine=machine,
    )
    if streaming:
        reporter.summary(report)
    else:
        out.write(render(report, fmt))
    out.flush()
    return (0 if report.passed else 1), engine


def validate_files(paths: Sequence[str | Path], out: TextIO) -> int:
    """Check each file; print problems as `file:line:column: message` with a caret."""
    from dockersim.scenario import check_file

    status = 0
    for path in paths:
        problems, source = check_file(path)
        out.write(format_all(problems, source))
        errors = sum(1 for p in problems if p.is_error)
        warnings = len(problems) - errors
        if errors:
            status = 1
        else:
            note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
            out.write(f"{path}: ok{note}\n")
    return status
