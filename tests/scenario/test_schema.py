"""The JSON Schema that `dockersim schema scenario` prints mirrors the validator.

A small JSON Schema evaluator (the keywords the schema uses) lives here, so the test needs no
jsonschema dependency.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim.scenario.checks import KINDS, ORDER
from dockersim.scenario.format import TOP
from dockersim.scenario.schema import scenario_schema
from dockersim.scenario.shape import Ctx
from dockersim.scenario.yamlsafe import Document, load_file


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    raise ValueError(kind)


def valid(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return valid(value, root["$defs"][name], root)
    if "const" in schema and value != schema["const"]:
        return False
    if "const" in schema and isinstance(value, bool) != isinstance(schema["const"], bool):
        return False
    if "type" in schema and not _type_ok(value, schema["type"]):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            return False
        if "maximum" in schema and value > schema["maximum"]:
            return False
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            return False
        if "items" in schema and not all(valid(v, schema["items"], root) for v in value):
            return False
    if isinstance(value, dict) and not _object_ok(value, schema, root):
        return False
    if "anyOf" in schema and not any(valid(value, s, root) for s in schema["anyOf"]):
        return False
    if "oneOf" in schema and sum(valid(value, s, root) for s in schema["oneOf"]) != 1:
        return False
    return not ("not" in schema and valid(value, schema["not"], root))


def _object_ok(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if any(key not in value for key in schema.get("required", ())):
        return False
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if "propertyNames" in schema and not valid(key, schema["propertyNames"], root):
            return False
        if key in properties:
            if not valid(item, properties[key], root):
                return False
        elif extra is False or (isinstance(extra, dict) and not valid(item, extra, root)):
            return False
    for key, needed in schema.get("dependentRequired", {}).items():
        if key in value and any(n not in value for n in needed):
            return False
    return True


ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "scenarios").glob("*.yaml"))
SCHEMA = scenario_schema()


def validator_accepts(data: object) -> bool:
    ctx = Ctx(Document("d", "", data, {}, {}))
    TOP.check(data, (), ctx)
    return not any(p.is_error for p in ctx.problems)


def schema_accepts(data: object) -> bool:
    return valid(data, SCHEMA, SCHEMA)


def test_every_check_kind_and_field_is_in_the_schema():
    kinds = SCHEMA["$defs"]["check"]["oneOf"]
    assert [next(iter(k["properties"])) for k in kinds] == list(ORDER)
    for kind in kinds:
        ((name, body),) = kind["properties"].items()
        assert list(body["properties"]) == [f.name for f in KINDS[name].shape.fields]


def test_the_lessons_are_valid_for_both():
    for path in LESSONS:
        data = load_file(path).data
        assert (validator_accepts(data), schema_accepts(data)) == (True, True), path


def _doc(steps: list, **extra: object) -> dict:
    return {"dockersim": 1, "title": "T", "steps": steps, **extra}


INVALID = [
    {"dockersim": 1, "title": "T"},
    _doc([{"run": "x"}], dockersim=2),
    _doc([]),
    _doc([{}]),
    _doc([{"input": "x"}]),
    _doc([{"run": "x", "advance": "1s"}]),
    _doc([{"advance": "soon"}]),
    _doc([{"run": "x", "expect": {}}]),
    _doc([{"run": "x", "expect": {"exit": 256}}]),
    _doc([{"check": [{"container": {}}]}]),
    _doc([{"check": [{"container": {"name": "a"}, "image": {"name": "b"}}]}]),
    _doc([{"check": {"file": {"path": "rel"}}}]),
    _doc([{"say": "x"}], files={"rel/path": "x"}),
    _doc([{"say": "x"}], seed=True),
]


def test_invalid_documents_are_invalid_for_both():
    for data in INVALID:
        assert (validator_accepts(data), schema_accepts(data)) == (False, False), data


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 300),
    st.sampled_from(["", "x", "30s", "/abs", "running", "docker ps", "node1", "1m", "0"]),
)


def _paths(data: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*path, index))
    return out


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_lessons_are_judged_alike(data):
    lesson = data.draw(st.sampled_from(LESSONS))
    doc = copy.deepcopy(load_file(lesson).data)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)[1:]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "rename"]))
        if action == "replace":
            parent[path[-1]] = data.draw(SCALARS)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "rename" and isinstance(parent, dict):
            parent[path[-1] + "x"] = parent.pop(path[-1])
    assert validator_accepts(doc) == schema_accepts(doc)


def test_the_docs_name_every_check_kind_and_field():
    docs = (ROOT / "docs" / "scenarios.md").read_text()
    missing = [
        f"{kind}.{field.name}"
        for kind in ORDER
        for field in KINDS[kind].shape.fields
        if f"`{field.name}`" not in docs
    ]
    titles = [line for line in docs.splitlines() if line.startswith("### ")]
    headings = [k for k in ORDER if not any(f"`{k}`" in title for title in titles)]
    assert (headings, missing) == ([], [])
