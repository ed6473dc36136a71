"""Reports for machines: JSON (`dockersim-report/1`), JUnit XML and TAP 14.

JUnit follows the Ant/Jenkins shape CI systems read: one `<testsuite>` per scenario, one
`<testcase>` per check (`classname` = the scenario file's stem and the step), `<failure>` with
the reason, `<skipped>` for checks not run, `<error>` for a step that could not run, and the
text transcript in `<system-out>`. Times are virtual, so they are written as 0: the same run
gives the same bytes. TAP 14 has one test point per check and a YAML diagnostic block for
each failure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePath
from xml.sax.saxutils import escape, quoteattr

from dockersim.scenario.results import FAILED, SKIPPED, CheckResult, Report

_XML_BAD = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def render_json_many(reports: Sequence[Report]) -> str:
    """Several played files: a JSON array of what `render_json` prints for each."""
    return json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False) + "\n"


def _x(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def _a(text: str) -> str:
    return quoteattr(_XML_BAD.sub("", text))


def render_junit(report: Report, transcript: str = "") -> str:
    return render_junit_many([(report, transcript)])


def render_junit_many(reports: Sequence[tuple[Report, str]]) -> str:
    """One `<testsuites>` with a `<testsuite>` per played file (and its transcript)."""
    totals = [0, 0, 0, 0]
    suites: list[str] = []
    for report, transcript in reports:
        numbers, lines = _junit_suite(report, transcript)
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        suites += lines
    head = _junit_counts(*totals)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<testsuites name="dockersim" {head}>']
    return "\n".join([*out, *suites, "</testsuites>"]) + "\n"


def _junit_counts(tests: int, failures: int, errors: int, skipped: int) -> str:
    return f'tests="{tests}" failures="{failures}" errors="{errors}" skipped="{skipped}" time="0"'


def _junit_suite(report: Report, transcript: str) -> tuple[list[int], list[str]]:
    stem = PurePath(report.file).stem or "scenario"
    checks = report.checks
    errors = len(report.errors) + sum(1 for s in report.steps if s.error)
    numbers = [len(checks) + errors, report.count(FAILED), errors, report.count(SKIPPED)]
    counts = _junit_counts(*numbers)
    out: list[str] = []
    out.append(f"  <testsuite name={_a(report.title)} {counts} file={_a(report.file)}>")
    out.append("    <properties>")
    out.append(f'      <property name="seed" value="{report.seed}"/>')
    out.append("    </properties>")
    for error in report.errors:
        out.append(f'    <testcase classname={_a(stem)} name="setup" time="0">')
        out.append(f'      <error message={_a(error)} type="setup"/>')
        out.append("    </testcase>")
    for step in report.steps:
        classname = _a(f"{stem}.step{step.index}" + (f".{step.id}" if step.id else ""))
        for check in step.checks:
            head = f'    <testcase classname={classname} name={_a(check.title)} time="0"'
            body = _junit_body(check)
            out += [f"{head}>", *body, "    </testcase>"] if body else [f"{head}/>"]
        if step.error:
            out.append(f'    <testcase classname={classname} name="step {step.index}" time="0">')
            out.append(f'      <error message={_a(step.error)} type="internal"/>')
            out.append("    </testcase>")
    if transcript:
        out.append(f"    <system-out>{_x(transcript)}</system-out>")
    out.append("  </testsuite>")
    return numbers, out


def _junit_body(check: CheckResult) -> list[str]:
    if check.status == SKIPPED:
        return ['      <skipped message="not run"/>']
    if check.status != FAILED:
        return []
    detail = check.message
    if check.location:
        detail += f"\nat {check.location}"
    return [
        f"      <failure message={_a(check.message)} type={_a(check.kind)}>{_x(detail)}</failure>"
    ]


def _tap_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("#", "\\#").replace("\n", " ")


def render_tap_many(reports: Sequence[Report]) -> str:
    """Several played files: TAP 14 with one subtest per file, ok when all its points are."""
    out = ["TAP version 14", f"1..{len(reports)}"]
    for number, report in enumerate(reports, 1):
        out.append(f"# Subtest: {_tap_text(report.file)}")
        inner = render_tap(report).splitlines()[1:]  # its own version line is the parent's
        out += ["    " + line for line in inner]
        out.append(f"{'ok' if report.passed else 'not ok'} {number} - {_tap_text(report.file)}")
    return "\n".join(out) + "\n"


def render_tap(report: Report) -> str:
    points: list[tuple[str, CheckResult | None]] = [(e, None) for e in report.errors]
    for step in report.steps:
        label = step.id or f"step {step.index}"
        points += [(f"{label}: {c.title}", c) for c in step.checks]
        if step.error:
            points.append((f"step {step.index}: {step.error}", None))
    out = ["TAP version 14", f"1..{len(points)}"]
    for number, (title, check) in enumerate(points, 1):
        if check is None:
            out.append(f"not ok {number} - {_tap_text(title)}")
            continue
        if check.status == SKIPPED:
            out.append(f"ok {number} - {_tap_text(title)} # SKIP not run after an earlier failure")
            continue
        ok = "ok" if check.status != FAILED else "not ok"
        out.append(f"{ok} {number} - {_tap_text(title)}")
        if check.status == FAILED:
            out.append("  ---")
            out.append(f"  message: {json.dumps(check.message, ensure_ascii=False)}")
            out.append(f"  kind: {json.dumps(check.kind)}")
            if check.expected or check.actual:
                out.append(f"  expected: {json.dumps(check.expected, ensure_ascii=False)}")
                out.append(f"  actual: {json.dumps(check.actual, ensure_ascii=False)}")
            if check.location:
                out.append(f"  at: {json.dumps(check.location, ensure_ascii=False)}")
            out.append("  ...")
    return "\n".join(out) + "\n"
