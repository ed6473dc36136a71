"""A quiz checks itself: for sample students, every key can be computed, every reference
solution scores full marks, and every fix question starts broken.

`dockersim quiz validate` runs this after loading; the property tests run it for many
students. A problem here is the quiz author's, so it names the student and the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dockersim.grade.grader import Grader
from dockersim.grade.key import QuizKeyError, compute
from dockersim.grade.model import Variant
from dockersim.grade.sandbox import SetupError
from dockersim.grade.submission import Submission
from dockersim.scenario.checks import evaluate
from dockersim.scenario.problems import ScenarioError


def reference_answers(grader: Grader, variant: Variant) -> dict[str, Any]:
    """Question id -> the key (predict) or the solution's lines (task, fix)."""
    out: dict[str, Any] = {}
    for question in variant.questions:
        key = compute(grader.worlds, variant, question)
        out[question.id] = list(key.solution) if question.hands_on else key.key
    return out


def reference_submission(grader: Grader, student: str) -> Submission:
    variant = grader.quiz.variant(student)
    return Submission(student, "reference", reference_answers(grader, variant))


def sample_students(count: int) -> list[str]:
    return [f"student-{n}" for n in range(1, count + 1)]


def selfcheck(grader: Grader, students: Sequence[str]) -> list[str]:
    """Problems found for these students (empty: the quiz is right for them)."""
    problems: list[str] = []
    for student in students:
        try:
            variant = grader.quiz.variant(student)
            submission = Submission(student, "reference", reference_answers(grader, variant))
        except (ScenarioError, QuizKeyError, SetupError) as exc:
            problems.append(f"student {student!r}: {exc}")
            continue
        grade = grader.grade(submission)
        for check in grade.report.checks:
            if not check.passed:
                where = f"{check.location}: " if check.location else ""
                problems.append(
                    f"student {student!r}: {where}the reference solution fails "
                    f"'{check.title}': {check.message}"
                )
        for question in variant.questions:
            if question.type != "fix":
                continue
            engine = grader.worlds.start(variant, question.setup)
            if all(evaluate(c.check, engine).passed for c in question.checks):
                problems.append(
                    f"student {student!r}: {question.location}: fix question {question.id} "
                    "is not broken: its goal already holds after the setup"
                )
    return problems
