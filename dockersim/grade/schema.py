"""The JSON Schema (draft 2020-12) of the quiz format, generated from its shapes.

`dockersim quiz schema` prints it. Shared parts of the scenario format (the text matcher)
are written once under `$defs`. Placeholders such as `port: ${port}` in an integer field are
text to a schema-aware editor; dockersim fills them in before it validates.
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


def quiz_schema() -> dict[str, Any]:
    body = TOP.schema()
    defs: dict[str, Any] = {}
    pending: set[str] = set()
    _refs(body, pending)
    while pending - set(defs):
        name = sorted(pending - set(defs))[0]
        defs[name] = DEFINITIONS[name].schema()
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
