"""The quiz JSON Schema mirrors the validator: same verdicts on the examples and on broken
quizzes; every check kind carries the grading fields."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from conftest import QUIZZES
from grade_helpers import schema_valid

from dockersim.grade import load_quiz
from dockersim.grade.format import GRADING, TOP
from dockersim.grade.params import Param, first_values, substitute
from dockersim.grade.schema import quiz_schema
from dockersim.scenario.checks import KINDS, ORDER
from dockersim.scenario.shape import Ctx
from dockersim.scenario.yamlsafe import Document, load_file

SCHEMA = quiz_schema()
EXAMPLES = sorted(QUIZZES.glob("*.yaml"))


def verdicts(raw: Any) -> tuple[bool, bool]:
    """(validator, schema), on the quiz with its parameters' first values filled in, as the
    loader checks it."""
    params = raw.get("params", {}) if isinstance(raw, dict) else {}
    values = first_values(tuple(Param.from_data(k, v) for k, v in params.items()))
    data = substitute(raw, values)
    ctx = Ctx(Document("d", "", data, {}, {}))
    TOP.check(data, (), ctx)
    return not any(p.is_error for p in ctx.problems), schema_valid(data, SCHEMA, SCHEMA)


def test_every_check_kind_has_its_fields_and_the_grading_fields():
    question = SCHEMA["properties"]["questions"]["items"]
    kinds = question["properties"]["checks"]["items"]["oneOf"]
    assert [next(iter(k["properties"])) for k in kinds] == list(ORDER)
    grading = [f.name for f in GRADING]
    for kind in kinds:
        ((name, body),) = kind["properties"].items()
        assert list(body["properties"]) == [f.name for f in KINDS[name].shape.fields] + grading


def test_the_examples_are_valid_for_both():
    assert [p.name for p in EXAMPLES] == [
        "compose.yaml", "images.yaml", "lifecycle.yaml", "networking.yaml", "storage.yaml",
        "swarm.yaml",
    ]  # fmt: skip
    for path in EXAMPLES:
        assert verdicts(load_file(path).data) == (True, True), path


def _broken(change: str) -> Any:
    data = copy.deepcopy(load_file(QUIZZES / "networking.yaml").data)
    question = data["questions"][4]
    if change == "version":
        data["quiz"] = 2
    elif change == "unknown top field":
        data["quizz"] = 1
    elif change == "no questions":
        data["questions"] = []
    elif change == "bad type":
        question["type"] = "essay"
    elif change == "bad visibility":
        question["checks"][0]["network"]["visibility"] = "never"
    elif change == "two check kinds":
        question["checks"][0]["dns"] = {"name": "x", "from": "y"}
    elif change == "constraint with two rules":
        question["constraints"][0]["forbid"] = "docker exec"
    elif change == "empty constraint":
        question["constraints"][0] = {"points": 1}
    elif change == "bad param name":
        data["params"]["1x"] = ["a"]
    elif change == "unknown ask":
        data["questions"][0]["ask"] = {"mood": "web"}
    elif change == "auto count too big":
        data["questions"][0]["count"] = 11
    return data


@pytest.mark.parametrize(
    "change",
    [
        "version", "unknown top field", "no questions", "bad type", "bad visibility",
        "two check kinds", "constraint with two rules", "empty constraint", "bad param name",
        "unknown ask", "auto count too big",
    ],
)  # fmt: skip
def test_error_broken_quizzes_are_refused_by_both(change: str):
    assert verdicts(_broken(change)) == (False, False)


def _validates(data: Any) -> bool:
    """Against the shipped schema, with jsonschema when it is installed, else the small
    evaluator of `grade_helpers`."""
    try:
        import jsonschema
    except ImportError:
        return schema_valid(data, SCHEMA, SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(data)  # pragma: no cover


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_shipped_quiz_validates_as_written(path: Path):
    # given: the file as an editor sees it, placeholders such as `port: "${port}"` unfilled
    data = load_file(path).data
    # then: the schema and the loader both accept it
    assert _validates(data), path
    assert load_quiz(path).title


def test_a_placeholder_is_accepted_where_an_integer_is_but_not_other_text():
    data = copy.deepcopy(load_file(QUIZZES / "networking.yaml").data)
    checks = data["questions"][5]["checks"]
    port = next(c["port"] for c in checks if "port" in c)
    assert port["port"] == "${port}"
    data["questions"][0]["points"] = "${points}"
    assert _validates(data)
    port["port"] = "8080"
    assert not _validates(data)
    port["port"] = "${port"
    assert not _validates(data)
