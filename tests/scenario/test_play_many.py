"""`dockersim play a.yaml b.yaml ...`: several lessons in one process (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockersim.cli.app import app

GOOD = """\
dockersim: 1
title: Hello
images: [alpine:latest]
steps:
  - run: docker run --rm alpine:latest echo hello
    expect: {exit: 0, stdout: hello}
"""
BAD = GOOD.replace("title: Hello", "title: Goodbye").replace("stdout: hello}", "stdout: bye}")
ONE_GOOD = (
    "Hello\n=====\n"
    "\n$ docker run --rm alpine:latest echo hello\n"
    "hello\n"
    "  ✓ exit status is 0\n"
    '  ✓ stdout is "hello"\n'
    f"\n{'─' * 60}\n2 checks: 2 passed, 0 failed\nPASSED\n"
)


@pytest.fixture
def lessons(tmp_path: Path) -> tuple[str, str, str]:
    good, bad, broken = tmp_path / "good.yaml", tmp_path / "bad.yaml", tmp_path / "broken.yaml"
    good.write_text(GOOD)
    bad.write_text(BAD)
    broken.write_text("dockersim: 1\ntitle: [\n")
    return str(good), str(bad), str(broken)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_two_lessons_play_one_after_the_other_then_a_total(lessons):
    good, _, _ = lessons
    code, out, err = invoke("play", good, good)
    assert (code, err) == (0, "")
    assert out == ONE_GOOD + "\n" + ONE_GOOD + "\n2 lessons: 2 passed, 0 failed\n"


def test_each_lesson_starts_from_a_fresh_world(lessons, tmp_path):
    first = tmp_path / "first.yaml"
    first.write_text(GOOD.replace("run --rm alpine", "run --name keep alpine"))
    code, out, _ = invoke("play", str(first), str(first))
    assert code == 0  # the second would fail on the name if the world carried over
    assert out.count("PASSED") == 2


def test_the_exit_status_is_the_worst_lessons(lessons):
    good, bad, broken = lessons
    assert invoke("play", good, bad)[0] == 1
    code, out, err = invoke("play", bad, broken, good)
    assert code == 2
    assert out.endswith("\n3 lessons: 1 passed, 1 failed, 1 could not be played\n")
    assert "broken.yaml" in err


def test_json_is_an_array_of_the_reports(lessons):
    good, bad, _ = lessons
    code, out, _ = invoke("play", "--format", "json", good, bad)
    reports = json.loads(out)
    assert code == 1
    assert [(r["title"], r["passed"]) for r in reports] == [("Hello", True), ("Goodbye", False)]
    _, single, _ = invoke("play", "--format", "json", good)
    assert json.loads(single) == reports[0]  # one file keeps its own document


def test_junit_has_a_testsuite_per_lesson_and_the_totals(lessons):
    good, bad, _ = lessons
    _, out, _ = invoke("play", "--format", "junit", good, bad)
    assert out.count("<testsuite ") == 2 and out.count("<testsuites ") == 1
    assert '<testsuites name="dockersim" tests="4" failures="1" errors="0" skipped="0"' in out


def test_tap_has_a_subtest_per_lesson(lessons):
    good, bad, _ = lessons
    _, out, _ = invoke("play", "--format", "tap", good, bad)
    lines = out.splitlines()
    assert lines[:3] == ["TAP version 14", "1..2", f"# Subtest: {good}"]
    assert "    1..2" in lines and "    ok 1 - step 1: exit status is 0" in lines
    assert lines[-1] == f"not ok 2 - {bad}" and f"ok 1 - {good}" in lines


def test_shell_takes_one_lesson(lessons):
    good, _, _ = lessons
    code, _, err = invoke("play", "--shell", good, good)
    assert (code, err) == (2, "dockersim play: --shell takes one scenario file\n")
