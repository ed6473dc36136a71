"""Rendering one result model as text, JSON, JUnit XML and TAP 14."""

from __future__ import annotations

import io
import json

from dockersim.scenario.reporters import render
from dockersim.scenario.results import CheckResult, Report, StepResult
from dockersim.scenario.terminal import Style, use_color

PASS = CheckResult(kind="exit", title="exit status is 0", status="passed", step=1, points=1.0)
FAIL = CheckResult(
    kind="container",
    title="container web is running",
    status="failed",
    message="state is exited, expected running",
    id="web-up",
    expected="running",
    actual="exited",
    location="s.yaml:9:9",
    step=2,
)
SKIP = CheckResult(
    kind="image", title="image #1 & <b>", status="skipped", message="not run", step=3, points=0.0
)
REPORT = Report(
    title="R & D",
    file="lessons/s.yaml",
    seed=3,
    steps=(
        StepResult(
            index=1,
            status="passed",
            command="docker ps",
            exit_code=0,
            stdout="x\n",
            screen="x\n",
            checks=(PASS,),
        ),
        StepResult(
            index=2,
            status="failed",
            id="up",
            checks=(FAIL,),
            hint="Start it.",
            error="dockersim internal error: E: \x1b",
        ),
        StepResult(index=3, status="skipped", checks=(SKIP,)),
    ),
)


def test_tap_14():
    assert render(REPORT, "tap") == (
        "TAP version 14\n"
        "1..4\n"
        "ok 1 - step 1: exit status is 0\n"
        "not ok 2 - up: container web is running\n"
        "  ---\n"
        '  message: "state is exited, expected running"\n'
        '  kind: "container"\n'
        '  expected: "running"\n'
        '  actual: "exited"\n'
        '  at: "s.yaml:9:9"\n'
        "  ...\n"
        "not ok 3 - step 2: dockersim internal error: E: \x1b\n"
        "ok 4 - step 3: image \\#1 & <b> # SKIP not run after an earlier failure\n"
    )


def test_junit_xml():
    out = render(REPORT, "junit")
    assert out.split("    <system-out>")[0] == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="dockersim" tests="4" failures="1" errors="1" skipped="1" time="0">\n'
        '  <testsuite name="R &amp; D" tests="4" failures="1" errors="1" skipped="1" time="0" '
        'file="lessons/s.yaml">\n'
        "    <properties>\n"
        '      <property name="seed" value="3"/>\n'
        "    </properties>\n"
        '    <testcase classname="s.step1" name="exit status is 0" time="0"/>\n'
        '    <testcase classname="s.step2.up" name="container web is running" time="0">\n'
        '      <failure message="state is exited, expected running" type="container">'
        "state is exited, expected running\nat s.yaml:9:9</failure>\n"
        "    </testcase>\n"
        '    <testcase classname="s.step2.up" name="step 2" time="0">\n'
        '      <error message="dockersim internal error: E: " type="internal"/>\n'
        "    </testcase>\n"
        '    <testcase classname="s.step3" name="image #1 &amp; &lt;b&gt;" time="0">\n'
        '      <skipped message="not run"/>\n'
        "    </testcase>\n"
    )
    assert out.endswith("</system-out>\n  </testsuite>\n</testsuites>\n")


def test_json_is_the_report_model():
    data = json.loads(render(REPORT, "json"))
    assert (data["format"], data["passed"], data["summary"]) == (
        "dockersim-report/1",
        False,
        {"checks": 3, "passed": 1, "failed": 1, "skipped": 1, "score": 1.0, "max_score": 3.0},
    )
    assert data["steps"][1]["checks"][0] == {
        "id": "web-up",
        "kind": "container",
        "title": "container web is running",
        "status": "failed",
        "passed": False,
        "message": "state is exited, expected running",
        "expected": "running",
        "actual": "exited",
        "points": 0.0,
        "max_points": 1.0,
        "location": "s.yaml:9:9",
        "step": 2,
        "output": "",
        "tags": [],
        "visibility": "visible",
    }


def test_text_with_colour():
    out = render(REPORT, "text", color=True)
    assert out.split("\n\n")[:3] == [
        "\x1b[1mR & D\x1b[0m\n=====",
        "\x1b[1m$ docker ps\x1b[0m\nx\n  \x1b[32m✓\x1b[0m exit status is 0",
        "  \x1b[31m✗\x1b[0m container web is running\n"
        "      \x1b[31mstate is exited, expected running\x1b[0m\n"
        "  \x1b[31m✗\x1b[0m dockersim internal error: E: \x1b\n"
        "  \x1b[33mHint:\x1b[0m Start it.",
    ]


def test_markdown_narration_on_a_terminal():
    assert Style(True).markdown("# Title\nRun **this** `docker ps`.") == (
        "\x1b[1mTitle\x1b[0m\nRun \x1b[1mthis\x1b[0m \x1b[36mdocker ps\x1b[0m."
    )
    assert Style(False).markdown("Run **this**.") == "Run **this**."


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert (use_color(_Tty()), use_color(io.StringIO())) == (True, False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(_Tty()) is False
