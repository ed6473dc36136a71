"""What is wrong with a scenario file, said as `file:line:column: message` with a caret.

Every problem the loader, the schema and the meaning checks find is a `Problem`: where it is
(1-based line and column, as editors count), how bad (`error` stops `play`; `warning` does
not), and one sentence. `ScenarioError` carries problems across the API boundary; it is a
`dockersim.errors.Error`, so front ends print it and never show a traceback.
"""

from __future__ import annotations

import attrs

from dockersim.errors import Error

ERROR = "error"
WARNING = "warning"


@attrs.frozen(order=True)
class Problem:
    """One finding: `line` and `column` are 1-based (0 when the whole file is meant)."""

    file: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def where(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    def format(self, source: str = "") -> str:
        """`file:line:col: [warning: ]message`, then the offending line and a caret under it."""
        label = "" if self.is_error else "warning: "
        head = f"{self.where()}: {label}{self.message}\n"
        if self.line <= 0 or not source:
            return head
        lines = source.splitlines()
        if self.line > len(lines):
            return head
        text = lines[self.line - 1].expandtabs(1)
        if len(text) > 160:
            return head
        return f"{head}    {text}\n    {' ' * max(self.column - 1, 0)}^\n"


def format_all(problems: list[Problem], source: str = "") -> str:
    return "".join(p.format(source) for p in sorted(problems))


class ScenarioError(Error):
    """A scenario that cannot be loaded or played; `problems` say where and why."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = sorted(problems)
        self.source = source
        super().__init__(format_all(self.problems, source).rstrip("\n"))

    def __str__(self) -> str:
        return format_all(self.problems, self.source).rstrip("\n")
