"""Grading Docker exercises with the simulator: quizzes, keys, submissions, results.

    from dockersim.grade import load_quiz, Grader, read_submission
    quiz = load_quiz("scenarios/quizzes/lifecycle.yaml")      # ScenarioError if invalid
    grader = Grader(quiz)
    grade = grader.grade(read_submission([Path("alice.yaml")], "alice"))
    grade.score, grade.max_score, grade.report                 # a scenario results.Report
    print(render(grade, "gradescope"))

Modules: `format` (the quiz shapes), `model`, `quizfile` (loading, meaning, variants),
`params` (per-student parameters), `script` (command files and transcripts), `sandbox`
(starting worlds on the simulated host only, bounded sessions),
`asks`, `answers`, `key` (keys by simulation), `constraints`, `submission` (readers),
`grader`, `batch` (a class in parallel), `writers` (output formats), `render` (Markdown
versions and keys), `generate` (lifecycle quizzes), `schema`. The format is documented in
docs/grading.md.
"""

from __future__ import annotations

from dockersim.grade.grader import Grade, Grader
from dockersim.grade.limits import LimitExceeded, Limits
from dockersim.grade.quizfile import Quiz, load_quiz, load_quiz_text
from dockersim.grade.submission import Submission, class_entries, read_submission

__all__ = [
    "Grade",
    "Grader",
    "LimitExceeded",
    "Limits",
    "Quiz",
    "Submission",
    "class_entries",
    "load_quiz",
    "load_quiz_text",
    "read_submission",
]
