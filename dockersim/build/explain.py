"""`dockersim explain build`: which steps of a build would come from the cache, and why not.

The build runs on a copy of the world (so nothing changes): each step's cache key is looked
up exactly as the real build would, and a miss is explained against the previous build of the
same context, Dockerfile and target (what changed: the instruction, a source file's checksum,
a build argument, or an earlier step).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dockersim.build.backend import BuildRequest
from dockersim.build.report import StepResult


def explain(engine: Any, request: BuildRequest) -> list[StepResult]:
    """Run `request` on a twin of `engine` (from its saved JSON) and report every step."""
    twin = type(engine).from_json(engine.to_json(), catalog=getattr(engine, "_catalog", None))
    report = twin.image_build(request)
    return list(report.steps)


def render(steps: Sequence[StepResult]) -> str:
    """One line per step; a step that would run says why on the next line."""
    out: list[str] = []
    for step in steps:
        if step.cached:
            out.append(f"CACHED  {step.name}\n")
        else:
            out.append(f"BUILD   {step.name}\n        why: {step.reason}\n")
    return "".join(out)
