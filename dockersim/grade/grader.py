"""Grading one submission: answers judged against computed keys, command lines played.

The result is the scenario result model (`dockersim.scenario.results`): a `Report` with one
`StepResult` per question and one `CheckResult` per graded item (a predict answer, a goal
check, a constraint), which every output format renders. `Grade` wraps it with who was
graded, the parameters they got, whether the submission could be read, and the transcripts.

Limits: more command lines than `Limits.commands` fails every task and fix question with
that message; a question that goes past the step or output limit, or runs out of memory (a
`MemoryError` under the process's `Limits.memory` cap), fails with the limit's message and the
next question is graded; past the wall-clock limit (`timer.deadline`, checked at every command
line, runtime event and shell step), the questions not yet graded fail. None of it raises.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import attrs

from dockersim.grade.answers import judge
from dockersim.grade.constraints import constraint_result
from dockersim.grade.key import QuizKeyError, compute
from dockersim.grade.limits import LimitExceeded, Limits, memory_message
from dockersim.grade.model import GradedCheck, Question, Variant, lines_of
from dockersim.grade.params import Value
from dockersim.grade.quizfile import Quiz
from dockersim.grade.sandbox import Budget, Session, SetupError, Worlds
from dockersim.grade.submission import Submission
from dockersim.grade.timer import Clock, TimeLimitExceeded, deadline
from dockersim.scenario.checks import evaluate
from dockersim.scenario.problems import ScenarioError
from dockersim.scenario.results import FAILED, PASSED, CheckResult, Report, StepResult

TRANSCRIPT_CHARS = 64 * 1024
NOTHING = "nothing submitted"
NOTHING_FOR_QUESTION = "nothing submitted for this question (no command lines)"


@attrs.frozen
class Grade:
    student: str
    source: str
    report: Report
    params: Mapping[str, Value] = attrs.field(factory=dict)
    #: False when the submission could not be read (PrairieLearn's `gradable`)
    gradable: bool = True
    message: str = ""
    notes: tuple[str, ...] = ()
    #: (question id, what the learner's command lines printed, as a terminal shows it)
    transcripts: tuple[tuple[str, str], ...] = ()

    @property
    def score(self) -> float:
        return self.report.score

    @property
    def max_score(self) -> float:
        return self.report.max_score

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def percent(self) -> float:
        return round(100 * self.fraction, 2)


class Grader:
    """Grades submissions to one quiz; keeps starting worlds for the next submission.

    `clock` (monotonic seconds) times each submission against `Limits.seconds`."""

    def __init__(
        self,
        quiz: Quiz,
        limits: Limits | None = None,
        worlds: Worlds | None = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self.quiz = quiz
        self.limits = limits or Limits()
        self.worlds = worlds or Worlds()
        self.clock = clock
        self.ids = frozenset(str(q.get("id")) for q in quiz.doc.data["questions"])

    def grade(self, submission: Submission) -> Grade:
        try:
            variant = self.quiz.variant(submission.student)
        except ScenarioError as exc:
            return self._quiz_error(submission, str(exc))
        if submission.error:
            return self._unreadable(variant, submission, submission.error, gradable=False)
        with deadline(self.limits.seconds, self.clock):
            try:
                return self._grade(variant, submission)
            except (QuizKeyError, SetupError) as exc:
                return self._quiz_error(submission, str(exc), variant)

    def _grade(self, variant: Variant, submission: Submission) -> Grade:
        if _is_empty(submission):
            return self._nothing(variant, submission)
        lines, notes = self._assign(variant, submission)
        total = sum(len(v) for v in lines.values())
        too_many = ""
        if total > self.limits.commands:
            too_many = f"{total} command lines; the limit is {self.limits.commands}"
            notes.append(too_many)
        budget = Budget(self.limits)
        steps: list[StepResult] = []
        transcripts: list[tuple[str, str]] = []
        stopped = ""
        for question in variant.questions:
            given = lines.get(question.id, ())
            try:
                if stopped:
                    raise LimitExceeded(stopped)
                if not question.hands_on:
                    step = self._predict(variant, question, submission.answers.get(question.id))
                elif too_many:
                    step = _failed_step(question, f"not run: {too_many}", given)
                else:
                    step, shown = self._hands_on(variant, question, given, budget)
                    transcripts.append((question.id, shown))
            except LimitExceeded as exc:
                if isinstance(exc, TimeLimitExceeded):
                    stopped = stopped or exc.message
                step = _failed_step(question, f"not graded: {exc.message}", given)
            except (QuizKeyError, SetupError):
                raise
            except MemoryError:
                step = _failed_step(question, f"not graded: {memory_message(self.limits)}", given)
            except Exception as exc:  # an engine bug must not take the whole class down
                why = f"not graded: dockersim internal error: {type(exc).__name__}: {exc}"
                step = _failed_step(question, why, given)
            steps.append(step)
        return Grade(
            student=submission.student,
            source=submission.source,
            report=_report(variant, steps),
            params=dict(variant.params),
            notes=tuple(notes),
            transcripts=tuple(transcripts),
        )

    def _assign(
        self, variant: Variant, submission: Submission
    ) -> tuple[dict[str, tuple[str, ...]], list[str]]:
        """Command lines per task and fix question, from the answers file and command files."""
        hands_on = [q.id for q in variant.questions if q.hands_on]
        notes: list[str] = []
        out: dict[str, list[str]] = {}
        for qid, answer in submission.answers.items():
            question = variant.question(qid)
            if question is None:
                notes.append(f"answer to unknown question '{qid}' ignored")
            elif question.hands_on:
                out.setdefault(qid, []).extend(_answer_lines(answer))
        for qid, line in submission.commands:
            target = qid or (hands_on[0] if hands_on else "")
            if target in hands_on:
                out.setdefault(target, []).append(line)
            else:
                what = f"question '{qid}'" if qid else "a task question"
                notes.append(f"command line for {what} ignored: {line[:60]}")
        return {k: tuple(v) for k, v in out.items()}, notes[:20]

    def _predict(self, variant: Variant, question: Question, given: Any) -> StepResult:
        key = compute(self.worlds, variant, question)
        assert key.key is not None
        verdict = judge(question, key.key, key.choices, given)
        grading = question.grading
        result = CheckResult(
            kind="answer",
            title=question.headline,
            status=PASSED if verdict.correct else FAILED,
            message=verdict.message,
            id=question.id,
            expected=key.shown,
            actual=verdict.given,
            points=float(question.points) if verdict.correct else 0.0,
            max_points=float(question.points),
            location=question.location,
            step=question.number,
            output="" if verdict.correct else grading.feedback,
            tags=grading.tags,
            visibility=grading.visibility,
        )
        return _step(question, (result,))

    def _hands_on(
        self, variant: Variant, question: Question, lines: tuple[str, ...], budget: Budget
    ) -> tuple[StepResult, str]:
        if not lines:  # the starting world's checks and the rules are not the learner's work
            return _failed_step(question, NOTHING_FOR_QUESTION), ""
        engine = self.worlds.start(variant, question.setup)
        session = Session(engine, budget)
        try:
            for line in lines:
                session.run(line)
            results = [_judge_check(c, engine, question.number) for c in question.checks]
        except LimitExceeded as exc:
            if isinstance(exc, TimeLimitExceeded):
                raise
            why = f"not graded: {exc.message}"
            results = [_failed_check(c, question.number, why) for c in question.checks]
        results += [constraint_result(c, lines, question.number) for c in question.constraints]
        shown = _transcript(session.transcript)
        return _step(question, tuple(results), "\n".join(lines), shown), shown

    def _nothing(self, variant: Variant, submission: Submission) -> Grade:
        """An empty submission: every item scores 0 (a gradable result: the learner sent it)."""
        steps = [_failed_step(q, NOTHING) for q in variant.questions]
        return Grade(
            student=submission.student,
            source=submission.source,
            report=_report(variant, steps),
            params=dict(variant.params),
            message=NOTHING,
        )

    def _unreadable(
        self, variant: Variant, submission: Submission, message: str, gradable: bool
    ) -> Grade:
        steps = [_failed_step(q, f"not graded: {message}") for q in variant.questions]
        return Grade(
            student=submission.student,
            source=submission.source,
            report=_report(variant, steps, (message,)),
            params=dict(variant.params),
            gradable=gradable,
            message=message,
        )

    def _quiz_error(self, submission: Submission, message: str, variant: Any = None) -> Grade:
        text = f"the quiz cannot be graded: {message}"
        steps: list[StepResult] = []
        report = Report(title=self.quiz.title, file=self.quiz.file, seed=self.quiz.seed, steps=())
        if variant is not None:
            steps = [_failed_step(q, text) for q in variant.questions]
            report = _report(variant, steps, (text,))
        else:
            report = attrs.evolve(report, errors=(text,))
        return Grade(submission.student, submission.source, report, gradable=False, message=text)


def _blank(answer: Any) -> bool:
    if isinstance(answer, (list, tuple)):
        return all(_blank(item) for item in answer)
    return answer is None or (isinstance(answer, str) and not answer.strip())


def _is_empty(submission: Submission) -> bool:
    """No command line and no answer that is not blank: nothing was submitted."""
    return not submission.commands and all(_blank(a) for a in submission.answers.values())


def _answer_lines(answer: Any) -> list[str]:
    if isinstance(answer, list):
        return [str(item) for item in answer if str(item).strip()]
    return list(lines_of(str(answer))) if answer is not None else []


def _judge_check(graded: GradedCheck, engine: Any, number: int) -> CheckResult:
    result = evaluate(graded.check, engine, number)
    grading = graded.grading
    return attrs.evolve(
        result,
        output="" if result.passed else grading.feedback,
        tags=grading.tags,
        visibility=grading.visibility,
    )


def _failed_check(graded: GradedCheck, number: int, message: str) -> CheckResult:
    check, grading = graded.check, graded.grading
    return CheckResult(
        kind=check.kind,
        title=check.description,
        status=FAILED,
        message=message,
        id=check.id,
        points=0.0,
        max_points=float(check.points),
        location=check.location,
        step=number,
        output=grading.feedback,
        tags=grading.tags,
        visibility=grading.visibility,
    )


def _failed_step(question: Question, message: str, lines: tuple[str, ...] = ()) -> StepResult:
    """Every graded item of the question failed with `message` (limits, unreadable input)."""
    if not question.hands_on:
        grading = question.grading
        result = CheckResult(
            kind="answer",
            title=question.headline,
            status=FAILED,
            message=message,
            id=question.id,
            max_points=float(question.points),
            location=question.location,
            step=question.number,
            tags=grading.tags,
            visibility=grading.visibility,
        )
        return _step(question, (result,))
    results = [_failed_check(c, question.number, message) for c in question.checks]
    for constraint in question.constraints:
        failed = constraint_result(constraint, lines, question.number)
        results.append(attrs.evolve(failed, status=FAILED, points=0.0, message=message))
    return _step(question, tuple(results), "\n".join(lines))


def _step(
    question: Question,
    results: tuple[CheckResult, ...],
    command: str = "",
    screen: str = "",
) -> StepResult:
    failed = any(not r.passed for r in results)
    return StepResult(
        index=question.number,
        status=FAILED if failed else PASSED,
        id=question.id,
        location=question.location,
        say=question.headline,
        command=command,
        stdout=screen,
        screen=screen,
        checks=results,
    )


def _report(variant: Variant, steps: list[StepResult], errors: tuple[str, ...] = ()) -> Report:
    return Report(
        title=variant.title,
        file=variant.file,
        seed=variant.seed,
        steps=tuple(steps),
        description=variant.description,
        errors=errors,
    )


def _transcript(transcript: list[tuple[str, Any]]) -> str:
    from dockersim.scenario.commands import screen

    out = "".join(f"$ {line}\n{screen(r.stdout, r.stderr)}" for line, r in transcript)
    if len(out) > TRANSCRIPT_CHARS:
        out = out[: TRANSCRIPT_CHARS - 40] + "\n[... the transcript is cut here ...]\n"
    return out
