"""Render a `Report`: `text` (the terminal session), `json`, `junit` (XML) or `tap` (TAP 14)."""

from __future__ import annotations

from dockersim.scenario.reporters import text
from dockersim.scenario.reporters.text import TextReporter
from dockersim.scenario.results import Report

FORMATS = ("text", "json", "junit", "tap")

__all__ = ["FORMATS", "TextReporter", "render"]


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
