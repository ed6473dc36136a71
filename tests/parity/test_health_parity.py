"""Health checks, dockersim against podman: plain `docker run --health-*` containers whose
probe succeeds, fails, times out, or changes its answer. Skipped when podman is unusable.

podman 4.3.1 runs its probes from systemd timers, which this machine lacks, so podman probes
only when told (`podman healthcheck run NAME`: one probe). dockersim runs them on the virtual
clock, one per `--health-interval` after the previous one ended, so the k-th observation on
podman follows k `healthcheck run`s and on dockersim k intervals of virtual time. Compared:
`.State.Health.Status`, `.State.FailingStreak` and the probes' exit codes in the Log (podman
writes no `Health check exceeded timeout` output, so outputs are not compared).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dockersim.testing.parity import PodmanBackend, SimBackend, started_podman

Seen = tuple[str, int, tuple[int, ...]]


@pytest.fixture(scope="module")
def podman() -> Iterator[PodmanBackend]:
    with started_podman() as backend:
        yield backend


def _health(backend: SimBackend | PodmanBackend, name: str) -> Seen:
    got = backend.docker(f"inspect -f '{{{{json .State.Health}}}}' {name}")
    assert got.exit_code == 0, f"{backend.label}: {got}"
    health = json.loads(got.stdout)
    codes = tuple(entry["ExitCode"] for entry in health.get("Log") or ())
    return health["Status"], health["FailingStreak"], codes


def _probe(backend: SimBackend | PodmanBackend, name: str, seconds: float) -> None:
    """One probe: `healthcheck run` on podman, `seconds` of virtual time on dockersim."""
    if isinstance(backend, PodmanBackend):
        backend.podman("healthcheck", "run", name)
    else:
        backend.engine.advance(seconds)


def _run(backend: SimBackend | PodmanBackend, name: str, flags: str, steps: list[str],
         seconds: float = 1.0) -> list[Seen]:  # fmt: skip
    started = backend.docker(f"run -d --name {name} {flags} busybox sleep 1000")
    assert started.exit_code == 0, f"{backend.label}: {started}"
    seen = [_health(backend, name)]
    for step in steps:
        if step == "probe":
            _probe(backend, name, seconds)
            seen.append(_health(backend, name))
        else:
            done = backend.docker(f"exec {name} {step}")
            assert done.exit_code == 0, f"{backend.label}: {done}"
    backend.docker(f"rm -f {name}")
    return seen


CASES = {
    "succeeds": (
        "--health-cmd=true --health-interval=1s --health-retries=2",
        ["probe", "probe"],
        [("starting", 0, ()), ("healthy", 0, (0,)), ("healthy", 0, (0, 0))],
    ),
    "fails": (
        "--health-cmd=false --health-interval=1s --health-retries=2",
        ["probe", "probe", "probe"],
        [("starting", 0, ()), ("starting", 1, (1,)), ("unhealthy", 2, (1, 1)),
         ("unhealthy", 3, (1, 1, 1))],
    ),
    "changes its answer": (
        "--health-cmd='cat /ok' --health-interval=1s --health-retries=3",
        ["probe", "probe", "touch /ok", "probe", "rm /ok", "probe", "probe", "probe"],
        [("starting", 0, ()), ("starting", 1, (1,)), ("starting", 2, (1, 1)),
         ("healthy", 0, (1, 1, 0)), ("healthy", 1, (1, 1, 0, 1)),
         ("healthy", 2, (1, 1, 0, 1, 1)), ("unhealthy", 3, (1, 0, 1, 1, 1))],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_health_sequence(case: str, sim: SimBackend, podman: PodmanBackend) -> None:
    flags, steps, expected = CASES[case]
    name = "hp-" + case.replace(" ", "-")
    assert _run(sim, name, flags, steps) == expected
    assert _run(podman, name, flags, steps) == expected


def test_probe_that_times_out(sim: SimBackend, podman: PodmanBackend) -> None:
    """A probe over its timeout counts as a failure with exit code -1 (moby daemon/health.go;
    podman agrees). On dockersim it starts after 1 s and is cut 1 s later."""
    flags = "--health-cmd='sleep 5' --health-interval=1s --health-timeout=1s --health-retries=1"
    expected = [("starting", 0, ()), ("unhealthy", 1, (-1,))]
    assert _run(sim, "hp-timeout", flags, ["probe"], seconds=2.0) == expected
    assert _run(podman, "hp-timeout", flags, ["probe"]) == expected
