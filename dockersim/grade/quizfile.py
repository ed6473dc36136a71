"""Loading a quiz: bounded YAML, the schema, the meaning, and each student's version.

The YAML is read by the scenario loader (`dockersim.scenario.yamlsafe`: at most 1 MB, 100
aliases, 64 levels, 100 000 values, YAML 1.2 scalars, no repeated keys). Then `params` is
checked, placeholders are filled with the first value of each parameter, and the whole quiz is
checked against its shapes (`format.py`) and for meaning: ids, what each question type needs,
answers that fit the ask, placeholders that name no parameter, checks that can never pass.
Problems are `dockersim.scenario.Problem`s (`file:line:column: message`), raised together in a
`ScenarioError`. `Quiz.variant(student)` checks and parses one student's version the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from dockersim.grade import limits
from dockersim.grade.format import PARAMS, TOP
from dockersim.grade.model import ALLOWED, GRADING_FIELDS, Variant, lines_of, parse_question
from dockersim.grade.params import Param, Value, draw, first_values, substitute, unknown
from dockersim.scenario.checks import KINDS
from dockersim.scenario.document import DocPath, Document
from dockersim.scenario.format import host_path
from dockersim.scenario.problems import Problem, ScenarioError
from dockersim.scenario.shape import Ctx, found
from dockersim.scenario.yamlsafe import load_file, load_text

#: Question fields whose text may hold shell variables (`${HOME}`) as well as parameters.
_COMMAND_FIELDS = ("setup", "solution")


@attrs.define(eq=False)
class Quiz:
    """A loaded quiz file; `variant(student)` is one student's version (cached)."""

    doc: Document
    params: tuple[Param, ...]
    _variants: dict[tuple[tuple[str, Value], ...], Variant] = attrs.field(factory=dict)

    @property
    def file(self) -> str:
        return self.doc.file

    @property
    def title(self) -> str:
        return str(self.doc.data["title"])

    @property
    def seed(self) -> int:
        return int(self.doc.data.get("seed", 0))

    def values(self, student: str) -> dict[str, Value]:
        return draw(self.params, self.seed, student)

    def variant(self, student: str) -> Variant:
        """The student's version; `ScenarioError` if their parameters break the quiz."""
        values = self.values(student)
        key = tuple(sorted(values.items(), key=lambda kv: kv[0]))
        found = self._variants.get(key)
        if found is None:
            found = _build(self.doc, values, student)
            self._variants[key] = found
        return attrs.evolve(found, student=student)


def load_quiz(path: str | Path) -> Quiz:
    return _quiz(load_file(path))


def load_quiz_text(text: str, file: str = "<quiz>") -> Quiz:
    return _quiz(load_text(text, file))


def _quiz(doc: Document) -> Quiz:
    ctx = Ctx(doc)
    data = doc.data
    if not isinstance(data, dict):
        ctx.report((), f"expected a mapping (quiz), found {found(data)}")
        raise ScenarioError(ctx.problems, doc.source)
    raw_params = data.get("params") or {}
    PARAMS.check(raw_params, ("params",), ctx)
    if isinstance(raw_params, dict) and len(raw_params) > limits.MAX_PARAMS:
        ctx.report(("params",), f"more than {limits.MAX_PARAMS} parameters")
    _raise_errors(ctx.problems, doc)
    params = tuple(Param.from_data(name, value) for name, value in raw_params.items())
    for param in params:
        path: DocPath = ("params", param.name)
        if not param.choices and param.low > param.high:
            ctx.report(path, f"min {param.low} is greater than max {param.high}")
        if len(param.choices) > limits.MAX_PARAM_VALUES:
            ctx.report(path, f"more than {limits.MAX_PARAM_VALUES} values")
    _raise_errors(ctx.problems, doc)
    quiz = Quiz(doc, params)
    _build(doc, first_values(params), "")
    return quiz


def _raise_errors(problems: list[Problem], doc: Document) -> None:
    if any(p.is_error for p in problems):
        raise ScenarioError(problems, doc.source)


def _build(raw: Document, values: dict[str, Value], student: str) -> Variant:
    """Fill `values` in, check shapes and meaning, and parse the questions."""
    doc = attrs.evolve(raw, data=substitute(raw.data, values))
    ctx = Ctx(doc)
    TOP.check(doc.data, (), ctx)
    _raise_errors(ctx.problems, doc)
    _meaning(raw, doc, values, ctx)
    _raise_errors(ctx.problems, doc)
    data: dict[str, Any] = doc.data

    def where_in(index: int) -> Any:
        def where(path: DocPath) -> str:
            line, column = doc.mark(("questions", index, *path))
            return f"{doc.file}:{line}:{column}"

        return where

    try:
        questions = tuple(
            parse_question(q, i + 1, where_in(i)) for i, q in enumerate(data["questions"])
        )
    except ScenarioError as exc:  # pragma: no cover - the shapes accepted it already
        raise ScenarioError(exc.problems, doc.source) from None
    return Variant(
        file=doc.file,
        title=data["title"],
        description=data.get("description", ""),
        seed=int(data.get("seed", 0)),
        images=tuple(data.get("images", ())),
        files=tuple((host_path(k), v) for k, v in (data.get("files") or {}).items()),
        student=student,
        params=dict(values),
        questions=questions,
    )


def _meaning(raw: Document, doc: Document, values: dict[str, Value], ctx: Ctx) -> None:
    questions = doc.data["questions"]
    if len(questions) > limits.MAX_QUESTIONS:
        ctx.report(("questions",), f"more than {limits.MAX_QUESTIONS} questions")
    seen: dict[str, int] = {}
    for index, question in enumerate(questions):
        path: DocPath = ("questions", index)
        qid = question["id"]
        if qid in seen:
            ctx.report((*path, "id"), f"duplicate question id '{qid}' (also question {seen[qid]})")
        seen.setdefault(qid, index + 1)
        _unknown_placeholders(raw.data["questions"][index], path, values, ctx)
        _question_meaning(question, path, ctx)


def _unknown_placeholders(data: Any, path: DocPath, values: dict[str, Value], ctx: Ctx) -> None:
    if isinstance(data, str):
        for name in unknown(data, values):
            ctx.report(path, f"unknown parameter ${{{name}}} (declare it under params)")
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _unknown_placeholders(item, (*path, index), values, ctx)
    elif isinstance(data, dict):
        for key, item in data.items():
            if key not in _COMMAND_FIELDS:
                _unknown_placeholders(item, (*path, key), values, ctx)


def _question_meaning(q: dict[str, Any], path: DocPath, ctx: Ctx) -> None:
    kind = q["type"]
    present = set(q)

    def refuse(fields: tuple[str, ...], why: str) -> None:
        for name in fields:
            if name in present:
                ctx.report((*path, name), f"'{name}' {why}", key=True)

    setup = lines_of(q.get("setup"))
    if len(setup) > limits.MAX_SETUP_LINES:
        ctx.report((*path, "setup"), f"more than {limits.MAX_SETUP_LINES} setup lines")
    if kind == "predict":
        refuse(("checks", "constraints", "solution"), "is for task and fix questions")
        if "ask" not in present:
            ctx.report(path, "a predict question needs 'ask' (what the key is computed from)")
            return
        _answer_meaning(q, path, ctx)
        return
    refuse(("ask", "answer", "choices", "count", "ordered"), "is for predict questions")
    refuse(("points",), "is for predict questions (give each check its points)")
    if "checks" not in present:
        ctx.report(path, f"a {kind} question needs 'checks' (its goal)")
    if kind == "fix" and not setup:
        ctx.report(path, "a fix question needs 'setup' (the broken world to start from)")
    if "solution" not in present:
        ctx.report(path, f"a {kind} question needs 'solution' (it must score full marks)")
    for index, item in enumerate(q.get("checks", ())):
        ((check_kind, fields),) = item.items()
        own = {k: v for k, v in fields.items() if k not in GRADING_FIELDS}
        why = KINDS[check_kind].contradiction(own)
        if why:
            ctx.report((*path, "checks", index, check_kind), f"this check can never pass: {why}")


def _answer_meaning(q: dict[str, Any], path: DocPath, ctx: Ctx) -> None:
    from dockersim.grade.model import ASK_VALUE, DEFAULT_ANSWER

    ((ask_kind, _),) = q["ask"].items()
    value = ASK_VALUE[ask_kind]
    answer = q.get("answer", DEFAULT_ANSWER[ask_kind])
    if answer not in ALLOWED[value]:
        ctx.report(
            (*path, "answer"),
            f"a {ask_kind} ask is answered with {' or '.join(ALLOWED[value])}, not {answer}",
        )
    choices = q.get("choices")
    if choices is not None and answer != "choice":
        ctx.report((*path, "choices"), "'choices' needs answer: choice", key=True)
    if "count" in q and not (answer == "choice" and choices in (None, "auto")):
        ctx.report((*path, "count"), "'count' is for auto choices", key=True)
    if "ordered" in q and answer != "list":
        ctx.report((*path, "ordered"), "'ordered' is for list answers", key=True)
    if isinstance(choices, list):
        texts = [str(c) for c in choices]
        twice = sorted({t for t in texts if texts.count(t) > 1})
        if twice:
            ctx.report((*path, "choices"), f"repeated choice {twice[0]}")
