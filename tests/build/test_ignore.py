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


def test_one_matcher_answers_many_files_of_the_same_directories() -> None:
    # given one matcher asked about many files below the same directories (it remembers
    # what each pattern says of a parent directory)
    matcher = Matcher(matcher_patterns())
    # when / then each answer is the one a fresh matcher gives
    paths = [f"node_modules/{name}/index.js" for name in ("a", "keep", "b")] + [
        "node_modules/keep/lib/x.js",
        "docs/en/draft/a.md",
        "docs/en/final/a.md",
        "docs/draft",
        "src/node_modules/x",
    ]
    for path in paths * 2:
        assert matcher.excluded(path) is Matcher(matcher_patterns()).excluded(path), path


def matcher_patterns() -> list[str]:
    return ["node_modules", "!node_modules/keep", "docs/*/draft"]


@pytest.mark.parametrize(
    ("path", "root", "relative"),
    [
        ("/home/student/app/src/a.js", "/home/student/app", "/src/a.js"),
        ("/home/student/app/.dockerignore", "/home/student/app", "/.dockerignore"),
        ("/app/x", "/", "/app/x"),
        ("/elsewhere/x", "/home/student/app", "/../../../elsewhere/x"),
        ("/home/student/app/a/../b", "/home/student/app", "/b"),
    ],
)
def test_context_paths_relative_to_the_root(path: str, root: str, relative: str) -> None:
    # the shortcut gives posixpath.relpath's answer, which it falls back on
    from dockersim.build.context import _relative

    assert _relative(path, root, root.rstrip("/") + "/") == relative
