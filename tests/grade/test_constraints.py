"""Constraints compare commands as docker resolves them."""

from __future__ import annotations

from dockersim.grade.constraints import command_name, constraint_result
from dockersim.grade.model import Constraint, Grading


def test_commands_are_named_as_docker_resolves_them():
    vectors = {
        "docker run -d nginx": "docker container run",
        "docker container run nginx": "docker container run",
        "docker -D ps -a": "docker container ls",
        "docker exec web ls": "docker container exec",
        "docker nosuch": "docker nosuch",
        "curl -s localhost": "curl",
        "echo 'unbalanced": "echo",
    }
    assert {line: command_name(line) for line in vectors} == vectors


def test_each_kind_of_constraint():
    lines = ("docker container run -d nginx", "docker ps")
    results = [
        constraint_result(Constraint("max_commands", limit=1), lines, 1),
        constraint_result(Constraint("require", commands=("docker run",)), lines, 1),
        constraint_result(Constraint("require", commands=("docker exec",)), lines, 1),
        constraint_result(
            Constraint("forbid", commands=("docker container ls",), points=2,
                       grading=Grading(feedback="Look, don't list.")), lines, 1
        ),
    ]  # fmt: skip
    assert [(r.title, r.status, r.points, r.max_points, r.message, r.output) for r in results] == [
        ("at most 1 command", "failed", 0.0, 1.0, "2 command lines, at most 1 allowed", ""),
        ("uses `docker run`", "passed", 1.0, 1.0, "", ""),
        ("uses `docker exec`", "failed", 0.0, 1.0, "`docker exec` is never used", ""),
        (
            "does not use `docker container ls`",
            "failed",
            0.0,
            2.0,
            "`docker container ls` is used (line 2), which is not allowed",
            "Look, don't list.",
        ),
    ]
