""".dockerignore reading and matching (moby/patternmatcher semantics)."""

from __future__ import annotations

import pytest

from dockersim.build.context import from_files
from dockersim.build.ignore import Matcher, read_patterns


def test_read_patterns_cleans_and_keeps_exceptions() -> None:
    text = "# comment\n\n /build/ \n!build/keep.txt\n*.pyc\n./docs//x\n"
    assert read_patterns(text) == ["build", "!build/keep.txt", "*.pyc", "docs/x"]


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        (["*.pyc"], "a.pyc", True),
        (["*.pyc"], "src/a.pyc", False),
        (["**/*.pyc"], "src/deep/a.pyc", True),
        (["build"], "build/out/x", True),
        (["build", "!build/keep.txt"], "build/keep.txt", False),
        (["build", "!build/keep.txt"], "build/other.txt", True),
        (["src/?.py"], "src/a.py", True),
        (["src/?.py"], "src/ab.py", False),
        ([".git"], ".git/HEAD", True),
        (["*", "!app.py"], "app.py", False),
    ],
)
def test_matches(patterns: list[str], path: str, excluded: bool) -> None:
    assert Matcher(patterns).excluded(path) is excluded


def test_context_drops_ignored_files() -> None:
    context = from_files(
        {".dockerignore": "*.log\nsecret/\n", "app.py": "x", "a.log": "y", "secret/k": "z"},
        "FROM scratch\n",
    )
    assert sorted(context.files) == ["/.dockerignore", "/app.py"]
    assert context.excluded == frozenset({"/a.log", "/secret", "/secret/k"})
