"""One result model for `dockersim play` and the grader: checks, steps and the whole run.

`CheckResult` is one verdict (an `expect` on a command's output, or a `check` on the world):
its `id`, `kind`, human `title`, `passed`, the `message` saying why it failed, `points` earned
of `max_points`, and where it was written (`location`, `file:line:column`). `StepResult` is
what one step did (the command line and what Docker printed, time advanced, the changes
`--explain` shows) with its checks. `Report` is a whole run; reporters render it as text, JSON,
JUnit XML or TAP 14 (`dockersim.scenario.reporters`), and `Report.to_json()` is the stable
JSON form (`"format": "dockersim-report/1"`).

Statuses: a check is `passed`, `failed` or `skipped` (never evaluated: an earlier failure
under `--fail-fast`); a step is `passed` (all its checks passed), `failed`, `skipped`, or
`ran` (it had no checks).
"""

from __future__ import annotations

from typing import Any

import attrs

PASSED = "passed"
FAILED = "failed"
SKIPPED = "skipped"
RAN = "ran"


@attrs.frozen
class CheckResult:
    kind: str
    title: str
    status: str
    message: str = ""
    id: str = ""
    expected: str = ""
    actual: str = ""
    points: float = 0.0
    max_points: float = 1.0
    location: str = ""
    step: int = 0
    output: str = ""
    tags: tuple[str, ...] = ()
    visibility: str = "visible"

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "passed": self.passed,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "points": self.points,
            "max_points": self.max_points,
            "location": self.location,
            "step": self.step,
            "output": self.output,
            "tags": list(self.tags),
            "visibility": self.visibility,
        }


@attrs.frozen
class StepResult:
    index: int
    status: str
    id: str = ""
    location: str = ""
    say: str = ""
    #: the command line as typed, and the host it ran on ("" = the default host)
    command: str = ""
    host: str = ""
    input: str = ""
    #: whether the command ran with a terminal (`-t`): input is echoed by the session itself
    tty: bool = False
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    #: stdout and stderr merged as a terminal shows them
    screen: str = ""
    advanced: float = 0.0
    daemon_restart: bool = False
    checks: tuple[CheckResult, ...] = ()
    hint: str = ""
    changes: tuple[str, ...] = ()
    #: with `play --explain`: (kind, facts) of each picture to draw after the changes
    pictures: tuple[tuple[str, object], ...] = ()
    explained: bool = False
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "id": self.id,
            "status": self.status,
            "location": self.location,
            "say": self.say,
            "command": self.command,
            "host": self.host,
            "input": self.input,
            "tty": self.tty,
            "exit_code": self.exit_code,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "advanced": self.advanced,
            "daemon_restart": self.daemon_restart,
            "checks": [c.to_json() for c in self.checks],
            "hint": self.hint,
            "changes": list(self.changes),
            "error": self.error,
        }


@attrs.frozen
class Report:
    title: str
    file: str
    seed: int
    steps: tuple[StepResult, ...]
    description: str = ""
    #: problems before the first step (a file that failed to seed, an image that failed to pull)
    errors: tuple[str, ...] = ()

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        return tuple(c for s in self.steps for c in s.checks)

    def count(self, status: str) -> int:
        return sum(1 for c in self.checks if c.status == status)

    @property
    def passed(self) -> bool:
        """Everything passed: no setup error, no step error, no failed or skipped check."""
        return (
            not self.errors
            and not any(s.error for s in self.steps)
            and all(c.passed for c in self.checks)
        )

    @property
    def score(self) -> float:
        return sum(c.points for c in self.checks)

    @property
    def max_score(self) -> float:
        return sum(c.max_points for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "dockersim-report/1",
            "title": self.title,
            "description": self.description,
            "file": self.file,
            "seed": self.seed,
            "passed": self.passed,
            "summary": {
                "checks": len(self.checks),
                "passed": self.count(PASSED),
                "failed": self.count(FAILED),
                "skipped": self.count(SKIPPED),
                "score": self.score,
                "max_score": self.max_score,
            },
            "errors": list(self.errors),
            "steps": [s.to_json() for s in self.steps],
        }
