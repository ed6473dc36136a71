"""The JSON Schema (draft 2020-12) of the quiz format, generated from its shapes.

`dockersim quiz schema` (or `dockersim schema quiz`) prints it. Shared parts of the scenario
format (the text matcher) are written once under `$defs`. A question's integer fields also
accept a whole-value placeholder (`port: "${port}"`): dockersim fills it in, keeping the
parameter's type, before it validates, so the shipped quizzes are valid as written.
"""

from __future__ import annotations

import json
from typing import Any

from dockersim.grade.format import TOP
from dockersim.scenario.compound import DEFINITIONS

SCHEMA_ID = "https://dockersim.invalid/schema/quiz-1.json"


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            found.add(ref.removeprefix("#/$defs/"))
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


#: A whole value that is one placeholder, `${name}` (see `dockersim.grade.params`).
PLACEHOLDER = {
    "description": "a parameter placeholder, filled in per student",
    "type": "string",
    "pattern": r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}$",
}


def _or_placeholder(node: Any) -> Any:
    """`node` with every integer schema widened to also accept a `${param}` placeholder."""
    if isinstance(node, list):
        return [_or_placeholder(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("type") == "integer":
        inner = {k: v for k, v in node.items() if k != "description"}
        outer = {"description": node["description"]} if "description" in node else {}
        return {**outer, "anyOf": [inner, dict(PLACEHOLDER)]}
    return {key: _or_placeholder(value) for key, value in node.items()}


def quiz_schema() -> dict[str, Any]:
    body = TOP.schema()
    body["properties"]["questions"] = _or_placeholder(body["properties"]["questions"])
    defs: dict[str, Any] = {}
    pending: set[str] = set()
    _refs(body, pending)
    while pending - set(defs):
        name = sorted(pending - set(defs))[0]
        defs[name] = _or_placeholder(DEFINITIONS[name].schema())
        _refs(defs[name], pending)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dockersim quiz, format 1",
        **body,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def dumps() -> str:
    return json.dumps(quiz_schema(), indent=2, ensure_ascii=False) + "\n"
