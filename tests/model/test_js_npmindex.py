"""The offline npm registry's ranges (npm's semver as package.json files write them) and the
releases they pick, as of June 2025."""

from __future__ import annotations

import pytest

from dockersim.model.userland.programs.npmindex import find, satisfies


@pytest.mark.parametrize(
    ("version", "spec", "ok"),
    [
        ("4.21.2", "^4.18.2", True),
        ("5.1.0", "^4.18.2", False),
        ("0.1.12", "^0.1.7", True),
        ("0.2.0", "^0.1.7", False),
        ("4.21.2", "~4.21.0", True),
        ("4.22.0", "~4.21.0", False),
        ("16.5.0", "*", True),
        ("16.5.0", "16.x", True),
        ("16.5.0", ">=17.0.0", False),
        ("9.0.1", "9.0.1", True),
    ],
)
def test_ranges(version: str, spec: str, ok: bool) -> None:
    assert satisfies(version, spec) is ok


def test_the_release_a_range_picks() -> None:
    assert find("express").version == "5.1.0"  # type: ignore[union-attr]
    assert find("express", "^4.18.2").version == "4.21.2"  # type: ignore[union-attr]
    assert find("uuid", "^9.0.0").version == "9.0.1"  # type: ignore[union-attr]
    assert find("express", "^9.0.0") is None
    assert find("no-such-package") is None
