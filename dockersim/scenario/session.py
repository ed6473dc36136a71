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
from dockersim.scenario.reporters import FORMATS, render, render_many
from dockersim.scenario.reporters.text import TextReporter
from dockersim.scenario.results import Report, StepResult

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
    code, engine, _ = _play_one(
        path, out, err, fmt, seed, explain, fail_fast, color, pause, machine, write=True
    )
    return code, engine


def play_files(
    paths: Sequence[str | Path],
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
    before_each: Callable[[], None] | None = None,
) -> tuple[int, Engine | None]:
    """Play several scenario files in turn, in one process (`dockersim play lessons/*.yaml`).

    Each lesson gets its own fresh world. Text output is each lesson's session one after the
    other, then a line that sums them up; `json` is an array of the reports, `junit` one
    `<testsuite>` per file, `tap` one subtest per file. The exit status is the worst: 2 if a
    file could not be played, else 1 if a check failed, else 0. The engine returned is the
    last lesson's. `before_each` runs before each lesson of several (the command line's
    collector settles what the lessons before left)."""
    if len(paths) == 1:
        return play_file(
            paths[0], out, err, fmt=fmt, seed=seed, explain=explain, fail_fast=fail_fast,
            color=color, pause=pause, machine=machine,
        )  # fmt: skip
    codes: list[int] = []
    reports: list[Report] = []
    engine: Engine | None = None
    for number, path in enumerate(paths):
        if before_each is not None:
            before_each()
        if fmt == "text" and number:
            out.write("\n")
        code, engine, report = _play_one(
            path, out, err, fmt, seed, explain, fail_fast, color, pause, machine,
            write=fmt == "text",
        )  # fmt: skip
        codes.append(code)
        if report is not None:
            reports.append(report)
    if fmt == "text":
        passed, failed, invalid = (codes.count(n) for n in (0, 1, 2))
        out.write(
            f"\n{len(paths)} lessons: {passed} passed, {failed} failed"
            + (f", {invalid} could not be played" if invalid else "")
            + "\n"
        )
    else:
        out.write(render_many(reports, fmt))
    out.flush()
    return max(codes), engine


def _play_one(
    path: str | Path,
    out: TextIO,
    err: TextIO,
    fmt: str,
    seed: int | None,
    explain: bool,
    fail_fast: bool,
    color: bool,
    pause: Callable[[], bool] | None,
    machine: Machine | None,
    *,
    write: bool,
) -> tuple[int, Engine | None, Report | None]:
    """Play one file; `write=False` leaves a machine format's document to the caller."""
    from dockersim.scenario import load
    from dockersim.scenario.runner import play

    if fmt not in FORMATS:
        err.write(f"dockersim: unknown format '{fmt}' (choose from {', '.join(FORMATS)})\n")
        return 2, None, None
    try:
        scenario, warnings = load(path)
    except ScenarioError as exc:
        err.write(f"{exc}\n")
        return 2, None, None
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
    elif write:
        out.write(render(report, fmt))
    out.flush()
    return (0 if report.passed else 1), engine, report


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
