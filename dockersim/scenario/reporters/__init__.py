"""Render a `Report`: `text` (the terminal session), `json`, `junit` (XML) or `tap` (TAP 14)."""

from __future__ import annotations

from dockersim.scenario.reporters import text
from dockersim.scenario.reporters.text import TextReporter
from dockersim.scenario.results import Report

FORMATS = ("text", "json", "junit", "tap")

__all__ = ["FORMATS", "TextReporter", "render", "render_many"]


def render(report: Report, fmt: str = "text", color: bool = False) -> str:
    if fmt == "text":
        return text.render(report, color)
    from dockersim.scenario.reporters import machine

    if fmt == "json":
        return machine.render_json(report)
    if fmt == "junit":
        return machine.render_junit(report, text.render(report))
    if fmt == "tap":
        return machine.render_tap(report)
    raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")


def render_many(reports: list[Report], fmt: str) -> str:
    """Several played files in one machine-readable document (`play a.yaml b.yaml`)."""
    from dockersim.scenario.reporters import machine

    if fmt == "json":
        return machine.render_json_many(reports)
    if fmt == "junit":
        return machine.render_junit_many([(r, text.render(r)) for r in reports])
    if fmt == "tap":
        return machine.render_tap_many(reports)
    raise ValueError(f"render_many has no format {fmt!r}")
