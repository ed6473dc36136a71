"""The teacher's view of one grade: each question and item with points, reasons, feedback and
keys, then the score."""

from __future__ import annotations

from dockersim.grade.grader import Grade
from dockersim.grade.writers.common import points, score_line
from dockersim.scenario.results import CheckResult


def render(grade: Grade) -> str:
    report = grade.report
    head = f"{report.title} - {grade.student or 'submission'}"
    if grade.source:
        head += f" ({grade.source})"
    out = [head, "=" * len(head)]
    if grade.params:
        out.append("parameters: " + ", ".join(f"{k}={v}" for k, v in grade.params.items()))
    if grade.message:
        out.append(f"! {grade.message}")
    out += [f"note: {note}" for note in grade.notes]
    for step in report.steps:
        earned = sum(c.points for c in step.checks)
        total = sum(c.max_points for c in step.checks)
        out.append("")
        if len(step.checks) == 1 and step.checks[0].kind == "answer":
            check = step.checks[0]
            mark = "✓" if check.passed else "✗"
            out.append(f"{step.index}. [{step.id}] {mark} {check.title}  {_of(check)}")
            key = f"; key: {check.expected}" if check.expected else ""
            out.append(f"   answer: {check.actual or '(none)'}{key}")
            out += _why(check)
            continue
        headline = step.say.strip().split("\n")[0]
        out.append(f"{step.index}. [{step.id}] {headline}  {points(earned)}/{points(total)}")
        out += [_item(check) for check in step.checks]
    out.append("")
    out.append(f"Score: {score_line(grade)}")
    return "\n".join(out) + "\n"


def _of(check: CheckResult) -> str:
    text = f"{points(check.points)}/{points(check.max_points)}"
    return text + (f"  [{check.visibility}]" if check.visibility != "visible" else "")


def _why(check: CheckResult, indent: str = "   ") -> list[str]:
    out = []
    if not check.passed and check.message:
        out.append(f"{indent}{check.message}")
    if not check.passed and check.output:
        out.append(f"{indent}feedback: {check.output.strip()}")
    return out


def _item(check: CheckResult) -> str:
    mark = "✓" if check.passed else "✗"
    lines = [f"   {mark} {check.title}  {_of(check)}", *_why(check, "       ")]
    return "\n".join(lines)
