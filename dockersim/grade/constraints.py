"""Constraints on the submitted command lines: at most N, commands that must or must not be
used.

Commands are compared as docker resolves them, so `docker run`, `docker container run` and
`docker container run -d` are all the command `docker container run`; a host command is its
first word (`curl`). A constraint is a graded item with its own points (default 1).
"""

from __future__ import annotations

import shlex

from dockersim.grade.model import Constraint
from dockersim.scenario.commands import docker_argv
from dockersim.scenario.results import FAILED, PASSED, CheckResult


def command_name(line: str) -> str:
    """`docker container run` for `docker run -d nginx`; `curl` for `curl -s localhost`."""
    from dockersim.docker import flags
    from dockersim.errors import Error

    argv = docker_argv(line)
    if argv is None:
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        return words[0] if words else ""
    try:
        _, rest = flags.parse_global(argv)
        command, _ = flags.lookup(rest)
    except (Error, ValueError):
        command = None
    if command is None or not command.path:
        return " ".join(["docker", *argv[:1]])
    return f"docker {command.path}"


def constraint_result(constraint: Constraint, lines: tuple[str, ...], step: int) -> CheckResult:
    message = _violation(constraint, lines)
    grading = constraint.grading
    passed = not message
    return CheckResult(
        kind="constraint",
        title=constraint.describe(),
        status=PASSED if passed else FAILED,
        message=message,
        id=constraint.id,
        points=float(constraint.points) if passed else 0.0,
        max_points=float(constraint.points),
        step=step,
        output="" if passed else grading.feedback,
        tags=grading.tags,
        visibility=grading.visibility,
    )


def _violation(constraint: Constraint, lines: tuple[str, ...]) -> str:
    if constraint.kind == "max_commands":
        if len(lines) > constraint.limit:
            return f"{len(lines)} command lines, at most {constraint.limit} allowed"
        return ""
    used = [command_name(line) for line in lines]
    for wanted in constraint.commands:
        name = command_name(wanted)
        if constraint.kind == "require" and name not in used:
            return f"`{wanted}` is never used"
        if constraint.kind == "forbid" and name in used:
            return f"`{wanted}` is used (line {used.index(name) + 1}), which is not allowed"
    return ""
