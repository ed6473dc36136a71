"""Untrusted lesson files: scenario and quiz YAML, damaged as text and as data.

The shipped lessons and quizzes are mutated (values replaced by hostile YAML, keys deleted or
renamed, list items duplicated; the text cut, spliced, and seeded with YAML bombs, tags and
control characters). Loading gives problems (`ScenarioError`) or a lesson; a small lesson then
plays and every reporter renders its report; a quiz gives a student's variant or problems.
Never a traceback.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from fuzzkit import INTERNAL, budget, guarded
from hypothesis import event, given
from hypothesis import strategies as st

from dockersim.grade.quizfile import load_quiz_text
from dockersim.scenario import FORMATS, ScenarioError, check_text, load_text, play, render
from dockersim.scenario.results import Report

ROOT = Path(__file__).resolve().parents[2] / "scenarios"
LESSONS = {p.name: p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("*.yaml"))}
QUIZZES = {p.name: p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("quizzes/*.yaml"))}
#: A lesson small enough to play on every example, using most of the format.
SMALL = """\
dockersim: 1
title: Small
seed: 3
files: {~/site/index.html: "<h1>hi</h1>"}
images: [alpine:latest]
steps:
  - id: run
    say: Run one.
    run: docker run -d --name web -p 8080:80 -v /home/student/site:/srv alpine sleep 100
    expect: {exit: 0, stdout: {regex: '^[0-9a-f]{64}$'}}
    capture: CID
    check:
      - container: {name: web, state: running}
  - run: docker exec web cat /srv/index.html
    expect: {stdout: {contains: hi}}
  - advance: 30s
  - run: docker inspect -f '{{.State.Status}}' ${CID}
    expect: {exit: 0, stdout: running}
    hint: It should still run.
  - daemon_restart: true
  - run: docker ps -a
    explain: true
    check: {container: {name: web, state: exited}}
"""
HOSTILE_YAML = st.sampled_from(
    [
        "null",
        "~",
        "''",
        "-1",
        "99999999999999999999999",
        "1e400",
        ".nan",
        "0x10",
        "yes",
        "2025-01-01",
        "!!binary aGk=",
        "!!python/object/apply:os.system ['id']",
        "!!set {a, b}",
        "!!timestamp 2001-12-14",
        "&a [*a]",
        "*undefined",
        "<<: {x: 1}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]",
        "{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: 1}}}}}}}}}}",
        '"\\x00\\u202e\\ud800"',
        "|\n  multi\n  line",
        "${x}",
        "${",
        "docker run --rm alpine sh -c 'yes'",
        "docker rm -f $(docker ps -aq)",
        "curl -s localhost:1",
        "a" * 5000,
    ]
)
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.just("")
)
GARBAGE = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*path, index))
    return out


@st.composite
def damaged_yaml(draw: st.DrawFn, texts: dict[str, str]) -> str:
    """A lesson's text, edited as data (then dumped) or as text."""
    text = texts[draw(st.sampled_from(sorted(texts)))]
    if draw(st.booleans()):
        data = copy.deepcopy(yaml.safe_load(text))
        for _ in range(draw(st.integers(1, 3))):
            paths = _paths(data)
            if not paths:
                break
            path = draw(st.sampled_from(paths))
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            kind = draw(st.sampled_from(["replace", "delete", "rename", "dup"]))
            if kind == "delete":
                del parent[path[-1]]
            elif kind == "rename" and isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = parent.pop(path[-1])
            elif kind == "dup" and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
            else:
                parent[path[-1]] = draw(GARBAGE)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines)))
    kind = draw(st.sampled_from(["insert", "cut", "splice", "bomb", "chars"]))
    if kind == "cut":
        return "".join(lines[:at])
    if kind == "splice":
        other = draw(st.integers(0, len(lines)))
        return "".join(lines[: min(at, other)] + lines[max(at, other) :])
    if kind == "bomb":
        return BOMB + text
    if kind == "chars":
        noise = draw(st.text(alphabet="\t\x00\ufeff\r:-[]{}&*!|>'\"%@`#,?", min_size=1, max_size=4))
        return (
            text[: len(text) * at // max(len(lines), 1)]
            + noise
            + text[len(text) * at // max(len(lines), 1) :]
        )
    indent = " " * draw(st.sampled_from([0, 2, 4, 6]))
    key = draw(st.sampled_from(["run", "expect", "check", "steps", "images", "title", "seed", "x"]))
    inserted = f"{indent}{key}: {draw(HOSTILE_YAML)}\n"
    return "".join([*lines[:at], inserted, *lines[at:]])


def _render_all(report: Report) -> None:
    assert not any(INTERNAL in text for text in report.errors)
    assert not any(INTERNAL in step.error for step in report.steps)
    for name in FORMATS:
        assert isinstance(render(report, name), str)


@budget(60)
@given(damaged_yaml(LESSONS))
def test_a_damaged_lesson_gives_problems_or_a_lesson(text):
    problems = guarded(check_text, text, "lesson.yaml")
    assert problems is None or all(str(p) for p in problems)
    try:
        guarded(load_text, text, "lesson.yaml")
    except ScenarioError as exc:
        assert exc.problems and str(exc)


@budget(20)
@given(damaged_yaml({"small.yaml": SMALL}))
def test_a_damaged_small_lesson_plays_or_gives_problems(text):
    try:
        scenario, _ = load_text(text, "small.yaml")
    except ScenarioError:
        event("problems")
        return
    event("played")
    outcome = guarded(play, scenario)
    if outcome is not None:
        _render_all(outcome[0])


@budget(40)
@given(damaged_yaml(QUIZZES), st.sampled_from(["alice", "", "bob/../x", "é" * 50]))
def test_a_damaged_quiz_gives_problems_or_a_variant(text, student):
    try:
        quiz = guarded(load_quiz_text, text, "quiz.yaml")
        if quiz is not None:
            guarded(quiz.variant, student)
    except ScenarioError as exc:
        assert exc.problems and str(exc)
