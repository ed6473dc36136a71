"""The one check vocabulary: predicates on a simulated world, shared by `play` and the grader.

A check is written in YAML as a one-key mapping, its kind and its fields::

    - container: {name: web, state: running}
    - image: {name: nginx, entrypoint: ["/docker-entrypoint.sh"]}
    - http: {url: "http://localhost", status: 200, body: {contains: "Welcome to nginx!"}}

Kinds (`KINDS`, in `ORDER`): container, image, volume, network, file, port, http, dns,
compose, command. Every kind also takes `id`, `title` and `points`. The fields of each kind are in
`KINDS[kind].fields` and in the JSON Schema (`dockersim schema scenario`).

For the grader::

    from dockersim.scenario.checks import parse_check, evaluate
    check = parse_check({"container": {"name": "web", "state": "running"}})
    result = evaluate(check, engine)          # a dockersim.scenario.results.CheckResult
    result.passed, result.title, result.message

`parse_check` raises `ScenarioError` (with `problems`) for data that is not a valid check;
`evaluate` never raises: a world that differs, a missing engine feature or an engine failure
all come back as a failed `CheckResult` whose message says why. Checks never change the
world (a `command` check runs on a copy).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.scenario.checks import compose as _compose
from dockersim.scenario.checks import files as _files
from dockersim.scenario.checks import net as _net
from dockersim.scenario.checks import world as _world
from dockersim.scenario.checks.base import KINDS, NOT_SUPPORTED, Kind, Mismatch
from dockersim.scenario.compound import Ref, Tagged
from dockersim.scenario.document import DocPath, Document
from dockersim.scenario.problems import Problem, ScenarioError
from dockersim.scenario.results import FAILED, PASSED, CheckResult
from dockersim.scenario.shape import Ctx

if TYPE_CHECKING:
    from dockersim.engine import Engine

__all__ = [
    "KINDS",
    "NOT_SUPPORTED",
    "ORDER",
    "SHAPE",
    "Check",
    "Kind",
    "Mismatch",
    "check_problems",
    "evaluate",
    "parse_check",
]

_REGISTERED = (_compose, _files, _net, _world)
ORDER = (
    "container", "image", "volume", "network", "file", "port", "http", "dns", "compose", "command",
)  # fmt: skip
SHAPE = Ref(
    "check",
    Tagged(
        "check",
        {name: KINDS[name].shape for name in ORDER},
        doc="a predicate on the world: one kind (container, image, ...) and its fields",
    ),
)


@attrs.frozen
class Check:
    """One parsed check: its kind, its own fields, and the fields every check may carry."""

    kind: str
    fields: Mapping[str, Any]
    id: str = ""
    title: str = ""
    points: int = 1
    location: str = ""

    @classmethod
    def from_data(cls, data: Mapping[str, Any], location: str = "") -> Check:
        """From data that `SHAPE` accepted (`{kind: {fields}}`)."""
        ((kind, fields),) = data.items()
        return cls(
            kind=kind,
            fields=dict(fields),
            id=str(fields.get("id", "")),
            title=str(fields.get("title", "")),
            points=int(fields.get("points", 1)),
            location=location,
        )

    @property
    def description(self) -> str:
        return self.title or KINDS[self.kind].describe(self.fields)


def check_problems(doc: Document, path: DocPath) -> list[Problem]:
    """Schema and meaning problems of the check at `path` in `doc`."""
    ctx = Ctx(doc)
    data = _at(doc.data, path)
    SHAPE.check(data, path, ctx)
    if not ctx.problems and isinstance(data, dict):
        ((kind, fields),) = data.items()
        why = KINDS[kind].contradiction(fields)
        if why:
            ctx.report((*path, kind), f"this {kind} check can never pass: {why}")
    return ctx.problems


def parse_check(data: Mapping[str, Any], location: str = "") -> Check:
    """Validate and parse one check; raises `ScenarioError` listing every problem."""
    doc = Document(location or "<check>", "", dict(data), {}, {})
    problems = check_problems(doc, ())
    if problems:
        raise ScenarioError(problems)
    return Check.from_data(data, location)


def evaluate(check: Check, engine: Engine, step: int = 0) -> CheckResult:
    """Judge `check` against `engine`'s world as it is now (virtual time settled)."""
    try:
        engine.settle()
        mismatches = KINDS[check.kind].evaluate(engine, check.fields)
    except MemoryError:  # the grader's memory cap: it says which limit, not "a bug"
        raise
    except Exception as exc:  # an engine bug must not take the whole run down
        mismatches = [Mismatch(f"dockersim internal error: {type(exc).__name__}: {exc}")]
    passed = not mismatches
    return CheckResult(
        kind=check.kind,
        title=check.description,
        status=PASSED if passed else FAILED,
        message="; ".join(m.message for m in mismatches),
        id=check.id,
        expected=mismatches[0].expected if mismatches else "",
        actual=mismatches[0].actual if mismatches else "",
        points=float(check.points) if passed else 0.0,
        max_points=float(check.points),
        location=check.location,
        step=step,
    )


def _at(data: Any, path: DocPath) -> Any:
    for part in path:
        data = data[part]
    return data
