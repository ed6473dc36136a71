"""Shape checks for the platforms' result files, written from their documentation
(shared/spec/teaching-formats.md §3.1 and §3.2), so the tests need no platform."""

from __future__ import annotations

from typing import Any

GRADESCOPE_TOP = {
    "score", "execution_time", "output", "output_format", "test_output_format",
    "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard",
}  # fmt: skip
GRADESCOPE_TEST = {
    "score", "max_score", "status", "name", "name_format", "number", "output",
    "output_format", "tags", "visibility", "extra_data",
}  # fmt: skip
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
PRAIRIELEARN_TOP = {"gradable", "score", "format_errors", "message", "output", "images", "tests"}
PRAIRIELEARN_TEST = {"name", "description", "points", "max_points", "message", "output", "images"}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def gradescope_problems(data: Any) -> list[str]:
    """What is wrong with a Gradescope results.json (empty: it has the documented shape)."""
    if not isinstance(data, dict):
        return ["not an object"]
    out = [f"unknown top-level field {k}" for k in sorted(set(data) - GRADESCOPE_TOP)]
    tests = data.get("tests", [])
    if not isinstance(tests, list):
        return [*out, "tests is not a list"]
    if "score" not in data and not all(isinstance(t, dict) and "score" in t for t in tests):
        out.append("no top-level score and a test without a score")
    if "score" in data and not _number(data["score"]):
        out.append("score is not a number")
    if "output" in data and not isinstance(data["output"], str):
        out.append("output is not text")
    for index, test in enumerate(tests):
        where = f"tests[{index}]"
        if not isinstance(test, dict):
            out.append(f"{where} is not an object")
            continue
        out += [f"{where}: unknown field {k}" for k in sorted(set(test) - GRADESCOPE_TEST)]
        for key in ("score", "max_score"):
            if key in test and not _number(test[key]):
                out.append(f"{where}.{key} is not a number")
        if test.get("status", "passed") not in ("passed", "failed"):
            out.append(f"{where}.status is {test['status']}")
        if test.get("visibility", "visible") not in VISIBILITIES:
            out.append(f"{where}.visibility is {test['visibility']}")
        for key in ("name", "number", "output"):
            if key in test and not isinstance(test[key], str):
                out.append(f"{where}.{key} is not text")
        tags = test.get("tags", [])
        if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
            out.append(f"{where}.tags is not a list of text")
        scored = _number(test.get("score")) and _number(test.get("max_score"))
        if scored and not 0 <= test["score"] <= test["max_score"]:
            out.append(f"{where}: score outside 0..max_score")
    return out


def prairielearn_problems(data: Any, size: int = 0) -> list[str]:
    """What is wrong with a PrairieLearn results.json (empty: it has the documented shape)."""
    if not isinstance(data, dict):
        return ["not an object"]
    out = [f"unknown top-level field {k}" for k in sorted(set(data) - PRAIRIELEARN_TOP)]
    if size > 1024 * 1024:
        out.append("larger than 1 MB")
    if not isinstance(data.get("gradable"), bool):
        out.append("gradable is not true/false")
    if data.get("gradable") is True:
        score = data.get("score")
        if not (_number(score) and 0 <= score <= 1):
            out.append("a gradable result needs a score from 0 to 1")
    if data.get("gradable") is False and not data.get("format_errors"):
        out.append("a result that is not gradable should say why (format_errors)")
    errors = data.get("format_errors", [])
    if not (isinstance(errors, str) or all(isinstance(e, str) for e in errors)):
        out.append("format_errors is not text or a list of text")
    for index, test in enumerate(data.get("tests", [])):
        where = f"tests[{index}]"
        out += [f"{where}: unknown field {k}" for k in sorted(set(test) - PRAIRIELEARN_TEST)]
        if not isinstance(test.get("name"), str):
            out.append(f"{where}.name is not text")
        for key in ("points", "max_points"):
            if key in test and not _number(test[key]):
                out.append(f"{where}.{key} is not a number")
        if _number(test.get("points")) and test["points"] > test.get("max_points", 0):
            out.append(f"{where}: more points than max_points")
    return out


def _type_ok(value: Any, kind: str) -> bool:
    return {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": _number(value),
    }[kind]


def schema_valid(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A small JSON Schema evaluator: the keywords the quiz schema uses."""
    import re

    if "$ref" in schema:
        return schema_valid(value, root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root)
    checks = [
        "const" not in schema or value == schema["const"],
        "type" not in schema or _type_ok(value, schema["type"]),
        "enum" not in schema or value in schema["enum"],
    ]
    if isinstance(value, str):
        checks.append(len(value) >= schema.get("minLength", 0))
        checks.append("pattern" not in schema or re.search(schema["pattern"], value) is not None)
    if _number(value):
        checks.append(
            value >= schema.get("minimum", value) and value <= schema.get("maximum", value)
        )
    if isinstance(value, list):
        checks.append(len(value) >= schema.get("minItems", 0))
        items = schema.get("items")
        checks.append(items is None or all(schema_valid(v, items, root) for v in value))
    if isinstance(value, dict):
        checks.append(_object_ok(value, schema, root))
    if "anyOf" in schema:
        checks.append(any(schema_valid(value, s, root) for s in schema["anyOf"]))
    if "oneOf" in schema:
        checks.append(sum(schema_valid(value, s, root) for s in schema["oneOf"]) == 1)
    if "not" in schema:
        checks.append(not schema_valid(value, schema["not"], root))
    return all(checks)


def _object_ok(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if any(key not in value for key in schema.get("required", ())):
        return False
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        names = schema.get("propertyNames")
        if names is not None and not schema_valid(key, names, root):
            return False
        if key in properties:
            if not schema_valid(item, properties[key], root):
                return False
        elif extra is False or (isinstance(extra, dict) and not schema_valid(item, extra, root)):
            return False
    return all(
        all(n in value for n in needed)
        for key, needed in schema.get("dependentRequired", {}).items()
        if key in value
    )
