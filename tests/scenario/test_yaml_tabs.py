"""A tab in a YAML file's indentation: the problem names the rule (YAML forbids tabs for
indentation) at the tab's line and column, not only the parser's "cannot start any token"."""

from __future__ import annotations

import pytest

from dockersim.scenario import check_text
from dockersim.scenario.problems import format_all

RULE = "invalid YAML: a tab here; YAML forbids tabs for indentation (indent with spaces)"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("dockersim: 1\ntitle: T\nsteps:\n\t- run: docker ps\n", "s.yaml:4:1"),
        (
            "dockersim: 1\ntitle: T\nsteps:\n  - run: docker ps\n    expect:\n\t\texit: 0\n",
            "s.yaml:6:1",
        ),
    ],
)
def test_tab_indentation_is_named(text: str, where: str) -> None:
    out = format_all(check_text(text, "s.yaml"), text)
    assert out.startswith(f"{where}: {RULE}\n")
    assert "cannot start any token" not in out


def test_a_tab_inside_a_value_is_fine() -> None:
    text = "dockersim: 1\ntitle: 'a\ttab'\nsteps:\n  - run: docker ps\n"
    assert format_all(check_text(text, "s.yaml"), text) == ""
