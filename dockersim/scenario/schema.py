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


def scenario_schema() -> dict[str, Any]:
    body = TOP.schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dockersim scenario, format 1",
        **body,
        "$defs": {name: shape.schema() for name, shape in sorted(DEFINITIONS.items())},
    }


def dumps() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
