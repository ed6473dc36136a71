"""Grades for machines: JSON (`dockersim-grade/1`), JUnit XML and TAP 14 (the scenario
reporters, on the learner's view of the report), and the class summary as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from dockersim.grade.grader import Grade
from dockersim.grade.writers.common import learner_report, points
from dockersim.scenario.reporters.machine import render_junit, render_tap


def to_json(grade: Grade) -> dict[str, Any]:
    report = grade.report
    return {
        "format": "dockersim-grade/1",
        "student": grade.student,
        "source": grade.source,
        "quiz": {"title": report.title, "file": report.file, "seed": report.seed},
        "params": dict(grade.params),
        "gradable": grade.gradable,
        "message": grade.message,
        "score": grade.score,
        "max_score": grade.max_score,
        "percent": grade.percent,
        "notes": list(grade.notes),
        "questions": [
            {
                "id": step.id,
                "number": step.index,
                "status": step.status,
                "score": sum(c.points for c in step.checks),
                "max_score": sum(c.max_points for c in step.checks),
                "commands": step.command.split("\n") if step.command else [],
                "transcript": step.stdout,
                "checks": [c.to_json() for c in step.checks],
            }
            for step in report.steps
        ],
    }


def render_json(grade: Grade) -> str:
    return json.dumps(to_json(grade), indent=2, ensure_ascii=False) + "\n"


def render_junit_grade(grade: Grade) -> str:
    return render_junit(learner_report(grade))


def render_tap_grade(grade: Grade) -> str:
    tap = render_tap(learner_report(grade))
    return tap + f"# score: {points(grade.score)}/{points(grade.max_score)}\n"


def _cell(value: object) -> str:
    """Text for a spreadsheet: a leading = + - @ is quoted so it is never a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summary_csv(grades: Sequence[Grade]) -> str:
    """One row per student: score, max, percent, gradable, each question's points, message."""
    ids: list[str] = []
    for grade in grades:
        for step in grade.report.steps:
            if step.id not in ids:
                ids.append(step.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "score", "max_score", "percent", "gradable", *ids, "message"])
    for grade in grades:
        per = {s.id: points(sum(c.points for c in s.checks)) for s in grade.report.steps}
        writer.writerow(
            [
                _cell(grade.student),
                points(grade.score),
                points(grade.max_score),
                f"{grade.percent:g}",
                "yes" if grade.gradable else "no",
                *(per.get(qid, "") for qid in ids),
                _cell(grade.message),
            ]
        )
    return buffer.getvalue()
