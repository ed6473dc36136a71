"""CPython's NameError and its hints: "Did you mean" (3.10+), "Did you forget to import" (3.12+)."""

from __future__ import annotations

import pytest

from dockersim.model.userland.programs.pynames import name_error, suggestion


@pytest.mark.parametrize(
    ("name", "names", "suggested"),
    [
        ("pritn", [], "print"),
        ("lenn", [], "len"),
        ("Print", [], "print"),
        ("true", [], "True"),
        ("countr", ["counter"], "counter"),
        ("x", [], None),
        ("zzzzzz", [], None),
        ("a" * 41, [], None),
    ],
)
def test_the_suggestion_is_the_nearest_name(
    name: str, names: list[str], suggested: str | None
) -> None:
    from dockersim.model.userland.programs.pynames import BUILTINS

    assert suggestion(name, [*names, *BUILTINS]) == suggested


@pytest.mark.parametrize(
    ("name", "version", "message"),
    [
        ("y", "3.12.11", "name 'y' is not defined"),
        ("pritn", "3.12.11", "name 'pritn' is not defined. Did you mean: 'print'?"),
        ("pritn", "3.9.23", "name 'pritn' is not defined"),
        ("sys", "3.12.11", "name 'sys' is not defined. Did you forget to import 'sys'?"),
        ("sys", "3.11.2", "name 'sys' is not defined"),
        ("time", "3.12.11", "name 'time' is not defined. Did you forget to import 'time'?"),
        (
            "types",
            "3.12.11",
            "name 'types' is not defined. Did you mean: 'type'?"
            " Or did you forget to import 'types'?",
        ),
    ],
)
def test_the_message_has_the_hints_of_the_version(name: str, version: str, message: str) -> None:
    assert name_error(name, [], version) == message
