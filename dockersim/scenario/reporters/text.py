"""The session as a terminal shows it: narration, `$ command` and Docker's output, each check
passed (✓) or failed (✗) with the reason, and a summary.

`TextReporter` writes as the run goes (so `--step` can pause between steps); `render()`
produces the same text from a finished `Report`.
"""

from __future__ import annotations

from collections.abc import Callable

from dockersim.scenario.durations import format_duration
from dockersim.scenario.results import FAILED, PASSED, SKIPPED, CheckResult, Report, StepResult
from dockersim.scenario.terminal import Style

RULE = "─" * 60


class TextReporter:
    def __init__(self, write: Callable[[str], object], color: bool = False) -> None:
        self.write = write
        self.style = Style(color)

    def header(self, title: str, description: str = "") -> None:
        s = self.style
        self.write(s(title, "bold") + "\n" + "=" * len(title) + "\n")
        if description.strip():
            self.write("\n" + s.markdown(description.strip("\n")) + "\n")

    def step(self, result: StepResult) -> None:
        """Narration, a blank line, then the command, its output and its verdicts."""
        s = self.style
        parts: list[str] = []
        if result.say.strip():
            parts.append(s.markdown(result.say.strip("\n")) + "\n")
        if result.status == SKIPPED:
            what = f"$ {result.command}" if result.command else "this step"
            parts.append(s(f"[skipped: {what} was not run after an earlier failure]", "dim") + "\n")
            self._emit(parts)
            return
        block = ""
        if result.command:
            prompt = f"{result.host}$ " if result.host else "$ "
            block += s(prompt + result.command, "bold") + "\n"
            if result.input and not result.tty:
                block += result.input
            block += result.screen
            if block and not block.endswith("\n"):
                block += "\n"
        if result.advanced:
            block += s(f"[{format_duration(result.advanced)} of virtual time pass]", "dim") + "\n"
        if result.daemon_restart:
            block += s("[the Docker daemon restarts]", "dim") + "\n"
        block += "".join(self._check(c) for c in result.checks)
        if result.error:
            block += f"  {s('✗', 'red')} {result.error}\n"
        if result.hint:
            block += f"  {s('Hint:', 'yellow')} {result.hint.strip()}\n"
        if result.explained:
            lines = result.changes or ("nothing changed",)
            block += "  What changed:\n" + "".join(f"    {line}\n" for line in lines)
        for kind, facts in result.pictures:
            block += "\n" + self._picture(kind, facts)
        if block:
            parts.append(block)
        self._emit(parts)

    def _picture(self, kind: str, facts: object) -> str:
        """A picture `play --explain` shows after a step, indented under its changes."""
        from dockersim.pictures import render

        drawn = render(kind, facts, "text", color=self.style.color)
        return "".join(f"    {line}\n" if line else "\n" for line in drawn.splitlines())

    def _emit(self, parts: list[str]) -> None:
        if parts:
            self.write("\n" + "\n".join(parts))

    def _check(self, check: CheckResult) -> str:
        s = self.style
        if check.status == PASSED:
            return f"  {s('✓', 'green')} {check.title}\n"
        if check.status == SKIPPED:
            return s(f"  - {check.title} (not run)", "dim") + "\n"
        return f"  {s('✗', 'red')} {check.title}\n      {s(check.message, 'red')}\n"

    def summary(self, report: Report) -> None:
        s = self.style
        total = len(report.checks)
        text = f"{total} check{'s' if total != 1 else ''}: {report.count(PASSED)} passed, "
        text += f"{report.count(FAILED)} failed"
        if report.count(SKIPPED):
            text += f", {report.count(SKIPPED)} skipped"
        errors = sum(1 for st in report.steps if st.error) + len(report.errors)
        if errors:
            text += f", {errors} error{'s' if errors != 1 else ''}"
        verdict = s("PASSED", "green", "bold") if report.passed else s("FAILED", "red", "bold")
        setup = "".join(f"{s('✗', 'red')} {error}\n" for error in report.errors)
        self.write(f"\n{RULE}\n{setup}{text}\n{verdict}\n")


def render(report: Report, color: bool = False) -> str:
    chunks: list[str] = []
    reporter = TextReporter(chunks.append, color)
    reporter.header(report.title, report.description)
    for step in report.steps:
        reporter.step(step)
    reporter.summary(report)
    return "".join(chunks)
