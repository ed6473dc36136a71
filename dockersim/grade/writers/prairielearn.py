"""PrairieLearn's external grader result, `/grade/results/results.json` (at most 1 MB).

A gradable submission: `gradable: true`, `score` from 0 to 1, `message` (the summary),
`output` (the transcript of the learner's command lines) and `tests`, each with `name`,
`description`, `points`, `max_points`, `message` and `output`. An unreadable submission (not
UTF-8, malformed YAML, over the size limit) is `gradable: false` with `format_errors`, so the
attempt is not used up. Checks that are not `visible` show only their name and points.
"""

from __future__ import annotations

import json
from typing import Any

from dockersim.grade.grader import Grade
from dockersim.grade.writers.common import detail, for_learner, score_line, test_name
from dockersim.grade.writers.gradescope import MAX_OUTPUT


def results(grade: Grade) -> dict[str, Any]:
    if not grade.gradable:
        return {"gradable": False, "format_errors": [grade.message], "message": grade.message}
    tests: list[dict[str, Any]] = []
    for step in grade.report.steps:
        for raw in step.checks:
            check = for_learner(raw)
            tests.append(
                {
                    "name": test_name(step.id, check),
                    "description": step.say.strip().split("\n")[0],
                    "points": check.points,
                    "max_points": check.max_points,
                    "message": detail(check),
                    "output": "",
                }
            )
    output = "".join(
        f"Your commands for {qid}:\n{text}\n" for qid, text in grade.transcripts if text
    )
    notes = "".join(f"\nnote: {note}" for note in grade.notes)
    return {
        "gradable": True,
        "score": round(grade.fraction, 6),
        "message": f"{grade.report.title}: {score_line(grade)}{notes}",
        "output": output[:MAX_OUTPUT],
        "tests": tests,
    }


def render(grade: Grade) -> str:
    return json.dumps(results(grade), indent=2, ensure_ascii=False) + "\n"
