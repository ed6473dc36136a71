"""The lessons a page shows: loaded once at start, sent to the page as JSON, checked on demand.

A lesson is a scenario file (docs/scenarios.md), untrusted: it is loaded with the scenario
loader's bounds, its Markdown is rendered by `markdown.render` (escaped, no raw HTML), and its
checks run against the learner's world as it is (the saved world, on the simulated host).
The steps' command lines are shown for the learner to type; the page never runs them itself.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.web.markdown import render

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.scenario import Scenario


class LessonError(Exception):
    """A lesson file that cannot be used; `str()` is the loader's report."""


@attrs.frozen
class Lesson:
    scenario: Scenario

    def to_json(self, number: int) -> dict[str, Any]:
        """What the page needs to show the lesson (HTML already made safe)."""
        scenario = self.scenario
        return {
            "id": number,
            "title": scenario.title,
            "description": render(scenario.description),
            "images": list(scenario.images),
            "files": [path for path, _ in scenario.files],
            "steps": [
                {
                    "index": step.index,
                    "id": step.id,
                    "say": render(step.say),
                    "run": step.run,
                    "input": step.input,
                    "on": step.on,
                    "checks": [c.description for c in step.checks],
                    "expects": _expectations(step),
                    "hint": step.hint,
                }
                for step in scenario.steps
            ],
        }


def _expectations(step: Any) -> list[str]:
    expect = step.expect
    if expect is None:
        return []
    titles = [f"exit status is {expect.exit}"] if expect.exit is not None else []
    for stream in ("stdout", "stderr"):
        matcher = getattr(expect, stream)
        if matcher is not None:
            titles.append(matcher.describe(stream))
    return titles


def load_lessons(paths: Sequence[str | Path]) -> list[Lesson]:
    """Each file as a lesson; raises LessonError naming every file that could not be loaded."""
    from dockersim.scenario import ScenarioError, load

    lessons: list[Lesson] = []
    problems: list[str] = []
    for path in paths:
        try:
            scenario, _ = load(path)
        except ScenarioError as exc:
            problems.append(str(exc).rstrip("\n"))
            continue
        except OSError as exc:
            problems.append(f"{path}: {exc.strerror or exc}")
            continue
        lessons.append(Lesson(scenario))
    if problems:
        raise LessonError("\n".join(problems))
    return lessons


def prepare(lesson: Lesson, engine: Engine) -> list[str]:
    """Give the learner's world what the lesson starts from: its host files that are missing
    and its images that are not pulled yet. Returns one line per thing done (or failed)."""
    done: list[str] = []
    for path, text in lesson.scenario.files:
        if engine.host(f"test -e {shlex.quote(path)}").exit_code == 0:
            continue
        try:
            engine.host_write(path, text)
        except Exception as exc:  # a path the simulated host cannot hold: say so
            done.append(f"cannot write {path} on the host: {exc}")
            continue
        done.append(f"wrote {path} on the host")
    for ref in lesson.scenario.images:
        if engine.docker(["image", "inspect", ref]).exit_code == 0:
            continue
        result = engine.docker(["pull", "-q", ref])
        if result.exit_code == 0:
            done.append(f"pulled {ref}")
        else:
            done.append(f"cannot pull {ref}: {result.stderr.strip()}")
    return done


def check(lesson: Lesson, engine: Engine) -> list[dict[str, Any]]:
    """Every step's checks on the world as it is: one entry per step that has checks or
    expectations. Expectations on a command's output are only judged by `dockersim play`,
    which runs the command itself: the page says so instead of guessing."""
    from dockersim.scenario import checks
    from dockersim.scenario.commands import on_host

    steps: list[dict[str, Any]] = []
    for step in lesson.scenario.steps:
        if not step.checks and step.expect is None:
            continue
        results: list[dict[str, Any]] = []
        try:
            target = on_host(engine, step.on)
        except Exception as exc:  # a host the learner's world does not have
            target = None
            results += [_failed(c.description, str(exc)) for c in step.checks]
        if target is not None:
            for item in step.checks:
                verdict = checks.evaluate(item, target, step.index)
                results.append(
                    {"title": verdict.title, "status": verdict.status, "message": verdict.message}
                )
        results += [
            {
                "title": title,
                "status": "not checked",
                "message": "the output of a command is judged by `dockersim play`, not here",
            }
            for title in _expectations(step)
        ]
        passed = all(r["status"] in ("passed", "not checked") for r in results)
        steps.append(
            {
                "index": step.index,
                "id": step.id,
                "results": results,
                "passed": passed,
                "hint": "" if passed else step.hint,
            }
        )
    return steps


def _failed(title: str, message: str) -> dict[str, Any]:
    return {"title": title, "status": "failed", "message": message}
