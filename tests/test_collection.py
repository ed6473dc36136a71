"""Every test function on disk is collected: no folder or file is silently skipped.

pytest skips folders named `build`, `dist`, `venv` ... by default (`norecursedirs`), which once
hid all of tests/build. When the whole suite runs, the test functions collected must be exactly
those defined in `tests/**/test_*.py` (module level and in `Test*` classes).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _on_disk() -> set[tuple[str, str]]:
    found = set()
    for path in TESTS.rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(TESTS).as_posix()
        for node in tree.body:
            bodies = [node]
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                bodies = list(node.body)
            for item in bodies:
                if isinstance(item, ast.FunctionDef) and item.name.startswith("test"):
                    found.add((rel, item.name))
    return found


def test_every_test_function_on_disk_is_collected(request: pytest.FixtureRequest) -> None:
    if {str(Path(a).resolve()) for a in request.config.args} - {str(TESTS)}:
        pytest.skip("only meaningful when the whole suite is collected")
    collected = request.config.__dict__["dockersim_collected"]
    assert sorted(_on_disk() - collected) == []
