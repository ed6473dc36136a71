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
from pathlib import PurePath
from xml.sax.saxutils import escape, quoteattr

from dockersim.scenario.results import FAILED, SKIPPED, CheckResult, Report

_XML_BAD = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def _x(text: str) -> str:
    return escape(_XML_BAD.sub("", text))


def _a(text: str) -> str:
    return quoteattr(_XML_BAD.sub("", text))


def render_junit(report: Report, transcript: str = "") -> str:
    stem = PurePath(report.file).stem or "scenario"
    checks = report.checks
    errors = len(report.errors) + sum(1 for s in report.steps if s.error)
    counts = (
        f'tests="{len(checks) + errors}" failures="{report.count(FAILED)}" '
        f'errors="{errors}" skipped="{report.count(SKIPPED)}" time="0"'
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<testsuites name="dockersim" {counts}>']
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
    out.append("</testsuites>")
    return "\n".join(out) + "\n"


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
