"""The JSON Schema (draft 2020-12) of the scenario format, generated from its shapes.

`dockersim schema scenario` prints it; editors use it for completion and inline errors
(e.g. a `# yaml-language-server: $schema=...` comment). The validator in `shape.py` is the
authority and the schema mirrors it; meaning checks (`validate.py`) go further than a schema
can (images in the catalog, docker command lines, contradictions).
"""

from __future__ import annotations

import json
from typing import Any

from dockersim.scenario.compound import DEFINITIONS
from dockersim.scenario.format import TOP

SCHEMA_ID = "https://dockersim.invalid/schema/scenario-1.json"


def _refs(node: Any) -> set[str]:
    """The `#/$defs/NAME` names a piece of JSON Schema refers to."""
    if isinstance(node, dict):
        found = set()
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            found.add(ref[len("#/$defs/") :])
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    return set()


def reachable_defs(body: dict[str, Any]) -> dict[str, Any]:
    """Only the shared definitions `body` uses, directly or through each other (other modules,
    such as the grader's quiz format, register definitions of their own)."""
    defs: dict[str, Any] = {}
    pending = _refs(body)
    while pending:
        name = pending.pop()
        if name in defs or name not in DEFINITIONS:
            continue
        defs[name] = DEFINITIONS[name].schema()
        pending |= _refs(defs[name]) - defs.keys()
    return dict(sorted(defs.items()))


def scenario_schema() -> dict[str, Any]:
    body = TOP.schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dockersim scenario, format 1",
        **body,
        "$defs": reachable_defs(body),
    }


def dumps() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
