"""Playing a scenario: a fresh engine, the host's files, the pre-pulled images, then each step.

Each step narrates, runs at most one action (a command line, virtual time, a daemon
restart), judges its `expect` against what the command printed and its `check`s against the
world, and, when asked, records what it changed. `play()` returns the `Report` and the final
engine (for `--shell`). Nothing here prints: `on_step` receives each `StepResult` as it
completes, and the reporters render them. The same scenario and seed give the same report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.result import Result
from dockersim.scenario import checks, explain
from dockersim.scenario.commands import expand, on_host, run_line, screen
from dockersim.scenario.format import Scenario, Step
from dockersim.scenario.results import FAILED, PASSED, RAN, SKIPPED, CheckResult, Report, StepResult

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.machine import Machine

OnStep = Callable[[StepResult], None]


def new_engine(
    scenario: Scenario, seed: int | None = None, machine: Machine | None = None
) -> tuple[Engine, list[str]]:
    """An engine with the scenario's host files and images; errors say what failed. The
    docker client's machine is the simulated host unless `machine` is given."""
    from dockersim.engine import Engine

    engine = Engine(scenario.seed if seed is None else seed, machine=machine)
    if scenario.hosts:
        engine.world.node_name = scenario.hosts[0]
    errors: list[str] = []
    for path, text in scenario.files:
        try:
            engine.host_write(path, text)
        except Exception as exc:  # a path the simulated host cannot hold
            errors.append(f"cannot write {path} on the host: {type(exc).__name__}: {exc}")
    for ref in scenario.images:
        try:
            result = engine.docker(["pull", "-q", ref])
        except Exception as exc:  # an engine bug: reported, never a traceback
            errors.append(f"cannot pull {ref}: dockersim internal error: {exc!r}")
            continue
        if result.exit_code != 0:
            errors.append(f"cannot pull {ref}: {result.stderr.strip()}")
    return engine, errors


def play(
    scenario: Scenario,
    *,
    seed: int | None = None,
    fail_fast: bool = False,
    explain_all: bool = False,
    on_step: OnStep | None = None,
    machine: Machine | None = None,
) -> tuple[Report, Engine]:
    engine, errors = new_engine(scenario, seed, machine)
    results: list[StepResult] = []
    variables: dict[str, str] = {}
    stop = bool(errors)
    for step in scenario.steps:
        outcome = _skipped(step) if stop else play_step(engine, step, explain_all, variables)
        results.append(outcome)
        if on_step is not None:
            on_step(outcome)
        if fail_fast and outcome.failed:
            stop = True
    report = Report(
        title=scenario.title,
        file=scenario.file,
        seed=scenario.seed if seed is None else seed,
        steps=tuple(results),
        description=scenario.description,
        errors=tuple(errors),
    )
    return report, engine


def play_step(
    engine: Engine,
    step: Step,
    explain_all: bool = False,
    variables: dict[str, str] | None = None,
) -> StepResult:
    """Run one step against `engine` and judge it; `variables` holds what steps captured."""
    variables = {} if variables is None else variables
    command = expand(step.run, variables)
    stdin = expand(step.input, variables)
    before = explain.take(engine) if (explain_all or step.explain) else None
    verdicts: list[CheckResult] = []
    result: Result | None = None
    tty = False
    error = ""
    try:
        if step.run:
            result, tty = run_line(engine, command, stdin, step.on)
            verdicts += _expectations(step, result, variables)
            if step.capture:
                variables[step.capture] = result.stdout.strip()
        if step.advance is not None:
            engine.advance(step.advance)
        if step.daemon_restart:
            engine.daemon_restart()
        target = on_host(engine, step.on)
        verdicts += [checks.evaluate(c, target, step.index) for c in step.checks]
    except Exception as exc:  # an engine bug: say so in the report, never a traceback
        error = f"dockersim internal error: {type(exc).__name__}: {exc}"
    changes: tuple[str, ...] = ()
    drawn: tuple[tuple[str, object], ...] = ()
    if before is not None and not error:
        after = explain.take(engine)
        changes = tuple(explain.changes(before, after))
        if explain_all:
            drawn = _pictures(engine, explain.pictures(before, after))
    failed = bool(error) or any(not v.passed for v in verdicts)
    status = FAILED if failed else (PASSED if verdicts else RAN)
    return StepResult(
        index=step.index,
        status=status,
        id=step.id,
        location=step.location,
        say=step.say,
        command=command,
        host=step.on,
        input=stdin,
        tty=tty,
        exit_code=result.exit_code if result is not None else None,
        stdout=result.stdout if result is not None else "",
        stderr=result.stderr if result is not None else "",
        screen=screen(result.stdout, result.stderr) if result is not None else "",
        advanced=step.advance or 0.0,
        daemon_restart=step.daemon_restart,
        checks=tuple(verdicts),
        hint=step.hint if failed else "",
        changes=changes,
        pictures=drawn,
        explained=before is not None,
        error=error,
    )


def _pictures(engine: Engine, wanted: list[tuple[str, str]]) -> tuple[tuple[str, object], ...]:
    """The facts of each picture `play --explain` shows after a step, read now (the
    reporter draws them later, in colour or not)."""
    from dockersim.errors import Error
    from dockersim.pictures import facts_of

    out: list[tuple[str, object]] = []
    for kind, name in wanted:
        try:
            out.append((kind, facts_of(engine, kind, name)))
        except Error:  # gone again within the step: nothing to draw
            continue
    return tuple(out)


def _expectations(step: Step, result: Result, variables: dict[str, str]) -> list[CheckResult]:
    expect = step.expect
    if expect is None:
        return []

    def fill(text: str) -> str:
        return expand(text, variables)

    out = []
    base = {"step": step.index, "location": expect.location}
    prefix = f"{step.id}." if step.id else ""
    if expect.exit is not None:
        ok = result.exit_code == expect.exit
        why = ""
        if not ok:
            why = f"exit status is {result.exit_code}, expected {expect.exit}"
            first = result.stderr.strip().splitlines()[0] if result.stderr.strip() else ""
            why += f" ({first})" if first and result.exit_code != 0 else ""
        out.append(
            _verdict(
                "exit",
                f"exit status is {expect.exit}",
                ok,
                why,
                prefix,
                base,
                str(expect.exit),
                str(result.exit_code),
            )
        )
    for stream, matcher, text in (
        ("stdout", expect.stdout, result.stdout),
        ("stderr", expect.stderr, result.stderr),
    ):
        if matcher is None:
            continue
        matcher = matcher.expanded(fill)
        reason = matcher.mismatch(text, stream)
        title = matcher.describe(stream)
        out.append(
            _verdict(
                stream, title, reason is None, reason or "", prefix, base, matcher.expected(), text
            )
        )
    return out


def _verdict(
    kind: str,
    title: str,
    ok: bool,
    message: str,
    prefix: str,
    base: dict[str, object],
    expected: str,
    actual: str,
) -> CheckResult:
    return CheckResult(
        kind=kind,
        title=title,
        status=PASSED if ok else FAILED,
        message=message,
        id=f"{prefix}{kind}" if prefix else "",
        expected=expected,
        actual=actual,
        points=1.0 if ok else 0.0,
        step=int(str(base["step"])),
        location=str(base["location"]),
    )


def _skipped(step: Step) -> StepResult:
    titles = []
    if step.expect is not None:
        if step.expect.exit is not None:
            titles.append(("exit", f"exit status is {step.expect.exit}"))
        for stream in ("stdout", "stderr"):
            matcher = getattr(step.expect, stream)
            if matcher is not None:
                titles.append((stream, matcher.describe(stream)))
    titles += [(c.kind, c.description) for c in step.checks]
    skipped = tuple(
        CheckResult(kind=k, title=t, status=SKIPPED, message="not run", step=step.index, points=0.0)
        for k, t in titles
    )
    return StepResult(
        index=step.index,
        status=SKIPPED,
        id=step.id,
        location=step.location,
        say=step.say,
        command=step.run,
        host=step.on,
        checks=skipped,
    )
