"""Every fixture of buildkit's parser tests (shared/spec/dockerfile-parser-vectors.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dockersim.build.ast import dump
from dockersim.build.errors import DockerfileError
from dockersim.build.instructions import parse_stages
from dockersim.build.line_parsers import NOT_STRING_ARRAY, parse_json, parse_words
from dockersim.build.parser import parse

#: a copy of shared/spec/dockerfile-parser-vectors.yaml (buildkit's own fixtures)
VECTORS = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "dockerfile-parser-vectors.yaml").read_text()
)


@pytest.mark.parametrize("case", VECTORS["parse_cases"], ids=lambda c: c["name"])
def test_parse_case_dumps_as_buildkit(case: dict[str, str]) -> None:
    # given / when
    result = parse(case["dockerfile"])
    # then
    assert dump(result.nodes) == case["expected_dump"]


@pytest.mark.parametrize("case", VECTORS["error_cases"], ids=lambda c: c["name"])
def test_error_case_is_refused_with_buildkits_sentence(case: dict[str, str]) -> None:
    # when
    with pytest.raises(DockerfileError) as info:
        parse_stages(parse(case["dockerfile"]).nodes)
    # then
    assert info.value.message == case["error_message_derived_from_source"]


@pytest.mark.parametrize("case", VECTORS["parse_words"]["cases"], ids=lambda c: c["input"])
def test_parse_words(case: dict[str, object]) -> None:
    assert parse_words(str(case["input"]), "\\") == case["expect"]


@pytest.mark.parametrize("text", VECTORS["json_arrays"]["invalid"])
def test_error_json_array_of_non_strings(text: str) -> None:
    with pytest.raises(DockerfileError) as info:
        parse_json(text)
    assert str(info.value) == NOT_STRING_ARRAY


@pytest.mark.parametrize("case", VECTORS["json_arrays"]["valid"], ids=lambda c: repr(c["input"]))
def test_json_array_of_strings(case: dict[str, object]) -> None:
    nodes = parse_json(str(case["input"]))
    assert nodes is not None
    assert [n.value for n in nodes] == case["expect"]


def test_single_quoted_array_falls_back_to_shell_form() -> None:
    assert parse_json("['a','b']") is None
