"""Scenarios: YAML lessons that run docker command lines against a simulated world.

    from dockersim.scenario import load, play
    scenario = load("scenarios/03-containers.yaml")     # ScenarioError if invalid
    report, engine = play(scenario)                      # a results.Report, the final Engine
    print(render(report, "text"))

Modules: `yamlsafe` (bounded YAML with positions), `format` (the format and its model),
`validate` (schema and meaning), `checks` (the check vocabulary, shared with the grader),
`results` (the result model), `runner`, `explain`, `reporters`, `schema`, `shell`.
The format is documented in docs/scenarios.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dockersim.scenario.format import Scenario, Step
from dockersim.scenario.problems import Problem, ScenarioError
from dockersim.scenario.reporters import FORMATS, render
from dockersim.scenario.results import CheckResult, Report, StepResult
from dockersim.scenario.runner import play

if TYPE_CHECKING:
    from dockersim.catalog import Catalog
    from dockersim.scenario.yamlsafe import Document

__all__ = [
    "FORMATS",
    "CheckResult",
    "Problem",
    "Report",
    "Scenario",
    "ScenarioError",
    "Step",
    "StepResult",
    "check_file",
    "check_text",
    "load",
    "load_text",
    "play",
    "render",
]


def check_text(
    text: str, file: str = "<scenario>", catalog: Catalog | None = None
) -> list[Problem]:
    """Every problem in a scenario's text (errors and warnings), sorted by position."""
    from dockersim.scenario import validate, yamlsafe

    try:
        doc = yamlsafe.load_text(text, file)
    except ScenarioError as exc:
        return exc.problems
    return validate.problems(doc, catalog)


def check_file(path: str | Path, catalog: Catalog | None = None) -> tuple[list[Problem], str]:
    """Every problem in a scenario file, and the file's text (for carets)."""
    from dockersim.scenario import validate, yamlsafe

    try:
        doc = yamlsafe.load_file(path)
    except ScenarioError as exc:
        return exc.problems, exc.source
    return validate.problems(doc, catalog), doc.source


def load_text(text: str, file: str = "<scenario>") -> tuple[Scenario, list[Problem]]:
    """The scenario and its warnings; raises `ScenarioError` when it has errors."""
    from dockersim.scenario import validate, yamlsafe

    doc = yamlsafe.load_text(text, file)
    return _parsed(doc, validate.problems(doc))


def load(path: str | Path) -> tuple[Scenario, list[Problem]]:
    """The scenario in a file and its warnings; raises `ScenarioError` when it has errors."""
    from dockersim.scenario import validate, yamlsafe

    doc = yamlsafe.load_file(path)
    return _parsed(doc, validate.problems(doc))


def _parsed(doc: Document, problems: list[Problem]) -> tuple[Scenario, list[Problem]]:
    from dockersim.scenario import format

    if any(p.is_error for p in problems):
        raise ScenarioError(problems, doc.source)
    return format.parse(doc), problems
