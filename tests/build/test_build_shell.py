"""buildkit's shell-lexer vectors (frontend/dockerfile/shell envVarTest, wordsTest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockersim.build.shell import Lex, ShellError, env_mapping

FIXTURES = Path(__file__).parent / "fixtures"
ENVS = env_mapping(["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="])


def _env_cases() -> list[tuple[str, str]]:
    out = []
    for line in (FIXTURES / "shell-envVarTest").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        platform, source, expected = (part.strip() for part in line.strip().split("|"))
        if platform in ("A", "U"):
            out.append((source, expected))
    return out


def _word_cases() -> list[tuple[tuple[str, ...], str, list[str]]]:
    out = []
    envs: list[str] = []
    for line in (FIXTURES / "shell-wordsTest").read_text().splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("ENV "):
            envs.append(line[3:].lstrip(" "))
            continue
        test, expected = line.split("|")
        out.append((tuple(envs), test.strip(), expected.lstrip(" ").split(",")))
    return out


@pytest.mark.parametrize(("source", "expected"), _env_cases())
def test_process_word(source: str, expected: str) -> None:
    lex = Lex("\\")
    if expected == "error":
        with pytest.raises(ShellError):
            lex.process_word(source, ENVS)
    else:
        assert lex.process_word(source, ENVS) == expected


@pytest.mark.parametrize(("envs", "test", "expected"), _word_cases())
def test_process_words(envs: tuple[str, ...], test: str, expected: list[str]) -> None:
    try:
        got = Lex("\\").process_words(test, env_mapping(list(envs)))
    except ShellError:
        got = ["error"]
    assert got == expected


def test_error_unset_variable_with_message() -> None:
    with pytest.raises(ShellError) as info:
        Lex().process_word("${VAR:?message here$ARG}", {"ARG": "x"})
    assert str(info.value) == 'failed to process "${VAR:?message here$ARG}": VAR: message herex'


def test_matches_and_unmatched_are_recorded() -> None:
    result = Lex().process("$A ${B:-x} $C", {"A": "1", "C": "3"})
    assert (result.result, result.matched, result.unmatched) == (
        "1 x 3",
        frozenset({"A", "C"}),
        frozenset({"B"}),
    )
