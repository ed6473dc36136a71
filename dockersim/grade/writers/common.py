"""What every output format shares: numbers, test names, and what a learner may see.

Formats a learner reads (Gradescope, PrairieLearn, JUnit, TAP) never show a predict
question's key. PrairieLearn, JUnit and TAP have no visibility setting, so a check that is not
`visible` shows there only its title and points (Gradescope honours the visibility itself).
The teacher's formats (text, json) show everything.
"""

from __future__ import annotations

from pathlib import PurePath

import attrs

from dockersim.grade.grader import Grade
from dockersim.scenario.results import CheckResult, Report

HIDDEN = "(details hidden)"


def points(value: float) -> str:
    """`2`, `2.5`: points without a useless `.0`."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def score_line(grade: Grade) -> str:
    return f"{points(grade.score)}/{points(grade.max_score)} points ({grade.percent:g}%)"


def test_name(question_id: str, check: CheckResult) -> str:
    return f"{question_id}: {check.title}"


def detail(check: CheckResult) -> str:
    """Why a check failed, and the feedback the teacher wrote for it."""
    if check.passed:
        return ""
    parts = [check.message] if check.message else []
    if check.output:
        parts.append(check.output.strip())
    return "\n".join(parts)


def for_learner(check: CheckResult, honours_visibility: bool = False) -> CheckResult:
    """The check as a learner may see it: no predict key, no location in the teacher's
    files; details of a failed check that is not `visible` left out."""
    check = attrs.evolve(check, location="")
    if check.kind == "answer":
        check = attrs.evolve(check, expected="")
    if check.visibility != "visible" and not honours_visibility and not check.passed:
        check = attrs.evolve(check, message=HIDDEN, expected="", actual="", output="")
    return check


def learner_report(grade: Grade) -> Report:
    """The report as the scenario reporters render it for a learner: each check as
    `for_learner` shows it with its feedback in the message, titled with the student."""
    report = grade.report
    steps = tuple(
        attrs.evolve(
            step,
            location="",
            checks=tuple(attrs.evolve(c, message=detail(c)) for c in map(for_learner, step.checks)),
        )
        for step in report.steps
    )
    title = f"{report.title} ({grade.student})" if grade.student else report.title
    return attrs.evolve(report, title=title, file=PurePath(report.file).name, steps=steps)
