"""Output formats for grades: `render(grade, fmt)` and the class summary `summary_csv`.

| format | for | file |
|---|---|---|
| `text` | the teacher, on a terminal | `.txt` |
| `json` | scripts (`dockersim-grade/1`, everything incl. keys) | `.json` |
| `gradescope` | Gradescope's `results.json` | `.json` |
| `prairielearn` | PrairieLearn's `results.json` | `.json` |
| `junit` | CI, GitHub Classroom, GitLab | `.xml` |
| `tap` | TAP 14 consumers | `.tap` |
"""

from __future__ import annotations

from collections.abc import Callable

from dockersim.grade.grader import Grade
from dockersim.grade.writers import gradescope, machine, prairielearn, text
from dockersim.grade.writers.machine import summary_csv

FORMATS = ("text", "json", "gradescope", "prairielearn", "junit", "tap")
EXTENSIONS = {
    "text": ".txt",
    "json": ".json",
    "gradescope": ".json",
    "prairielearn": ".json",
    "junit": ".xml",
    "tap": ".tap",
}
_RENDER: dict[str, Callable[[Grade], str]] = {
    "text": text.render,
    "json": machine.render_json,
    "gradescope": gradescope.render,
    "prairielearn": prairielearn.render,
    "junit": machine.render_junit_grade,
    "tap": machine.render_tap_grade,
}

__all__ = ["EXTENSIONS", "FORMATS", "render", "summary_csv"]


def render(grade: Grade, fmt: str = "text") -> str:
    if fmt not in _RENDER:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return _RENDER[fmt](grade)
