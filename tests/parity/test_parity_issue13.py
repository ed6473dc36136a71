"""dockersim against podman for the fixes of issue 13: `commit --change` and `logs --tail`
longer than the log. Skipped when podman is unusable (dockersim.testing.parity)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dockersim.testing.parity import PodmanBackend, SimBackend, started_podman


@pytest.fixture(scope="module")
def podman() -> Iterator[PodmanBackend]:
    with started_podman() as backend:
        yield backend


def _ok(backend: SimBackend | PodmanBackend, line: str) -> str:
    got = backend.docker(line)
    assert got.exit_code == 0, f"{backend.label}: {line!r} -> {got}"
    return got.stdout


def test_commit_change_sets_env_and_cmd(sim: SimBackend, podman: PodmanBackend) -> None:
    seen = {}
    for backend in (sim, podman):
        _ok(backend, "run --name p13-commit busybox true")
        _ok(backend, """commit -c 'ENV A=1' -c 'CMD ["echo", "changed"]' p13-commit p13img""")
        config = json.loads(_ok(backend, "image inspect -f '{{json .Config}}' p13img"))
        ran = _ok(backend, "run --rm p13img")
        seen[backend.label] = ("A=1" in (config.get("Env") or []), config.get("Cmd"), ran)
        _ok(backend, "rm p13-commit")
        _ok(backend, "rmi p13img")
    assert seen["dockersim"] == seen["podman"] == (True, ["echo", "changed"], "changed\n")


def test_logs_tail_longer_than_the_log(sim: SimBackend, podman: PodmanBackend) -> None:
    seen = {}
    for backend in (sim, podman):
        _ok(backend, "run --name p13-logs busybox sh -c 'echo a; echo b; echo c'")
        seen[backend.label] = [_ok(backend, f"logs --tail {n} p13-logs") for n in (5, 3, 1)]
        _ok(backend, "rm p13-logs")
    assert seen["dockersim"] == seen["podman"] == ["a\nb\nc\n", "a\nb\nc\n", "c\n"]
