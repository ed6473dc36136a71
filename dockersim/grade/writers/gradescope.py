"""Gradescope's `/autograder/results/results.json`.

Top level: `score` (the points earned; it overrides the sum of the tests), `output` (the
summary, notes and the transcript of the learner's command lines) and `tests`. Each test:
`name`, `number` (`question.item`, e.g. `3.2`), `score`, `max_score`, `status`
(`passed`/`failed`), `output` (why it failed and the teacher's feedback), `visibility`
(`visible`, `hidden`, `after_due_date`, `after_published`) and `tags`. No other field is
written. A predict question's key is never shown.
"""

from __future__ import annotations

import json
from typing import Any

from dockersim.grade.grader import Grade
from dockersim.grade.writers.common import detail, for_learner, score_line, test_name

#: Gradescope shows `output` in the browser; keep the file small.
MAX_OUTPUT = 256 * 1024


def results(grade: Grade) -> dict[str, Any]:
    tests: list[dict[str, Any]] = []
    for step in grade.report.steps:
        for index, raw in enumerate(step.checks, 1):
            check = for_learner(raw, honours_visibility=True)
            tests.append(
                {
                    "name": test_name(step.id, check),
                    "number": f"{step.index}.{index}",
                    "score": check.points,
                    "max_score": check.max_points,
                    "status": "passed" if check.passed else "failed",
                    "output": detail(check),
                    "visibility": check.visibility,
                    "tags": list(check.tags),
                }
            )
    return {"score": grade.score, "output": summary(grade), "tests": tests}


def summary(grade: Grade) -> str:
    lines = [f"{grade.report.title}: {score_line(grade)}"]
    if grade.message:
        lines.append(grade.message)
    lines += [f"note: {note}" for note in grade.notes]
    for qid, transcript in grade.transcripts:
        if transcript:
            lines += ["", f"Your commands for {qid}:", transcript.rstrip("\n")]
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_OUTPUT:
        text = text[: MAX_OUTPUT - 40] + "\n[... cut here ...]\n"
    return text


def render(grade: Grade) -> str:
    return json.dumps(results(grade), indent=2, ensure_ascii=False) + "\n"
