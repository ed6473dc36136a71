"""dockersim against podman: a non-root `exec -u` meets Unix permissions and owns what it
creates, and a shell that traps SIGTERM ends as its trap says on `docker stop`. Skipped when
podman is unusable (dockersim.testing.parity)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator

import pytest

from dockersim.testing.parity import PodmanBackend, SimBackend, started_podman


@pytest.fixture(scope="module")
def podman() -> Iterator[PodmanBackend]:
    with started_podman() as backend:
        yield backend


def _line(backend: SimBackend | PodmanBackend, line: str) -> tuple[int, str, str]:
    got = backend.docker(line)
    return got.exit_code, got.stdout, got.stderr


def test_exec_as_another_user(sim: SimBackend, podman: PodmanBackend) -> None:
    lines = [
        "exec -u 1000 pu touch /secret/x",
        "exec -u 1000 pu sh -c 'echo hi > /secret/y'",
        "exec -u 1000 pu ls /secret",
        "exec -u 1000 pu cat /secret/z",
        "exec -u 1000 pu mkdir /secret/d",
        "exec -u 1000 pu rm -f /pub/rootfile",
        "exec -u 1000 pu sh -c 'echo hi > /pub/mine; mkdir /pub/dir; touch /pub/t'",
        "exec -u 1000:1000 pu touch /pub/g",
    ]
    seen = {}
    for backend in (sim, podman):
        setup = "run -d --name pu busybox sleep 1000"
        assert backend.docker(setup).exit_code == 0, backend.label
        for prepare in ("mkdir -m 700 /secret", "mkdir -m 1777 /pub", "touch /pub/rootfile"):
            assert backend.docker(f"exec pu {prepare}").exit_code == 0, (backend.label, prepare)
        got = [_line(backend, line) for line in lines]
        listing = backend.docker("exec pu ls -ln /pub").stdout
        owners = [" ".join(row.split()[2:4] + row.split()[-1:]) for row in listing.splitlines()[1:]]
        seen[backend.label] = (got, owners)
        backend.docker("rm -f pu")
    assert seen["dockersim"] == seen["podman"]
    got, owners = seen["dockersim"]
    assert got[0] == (1, "", "touch: /secret/x: Permission denied\n")
    assert got[5] == (1, "", "rm: can't remove '/pub/rootfile': Operation not permitted\n")
    assert owners == ["1000 0 dir", "1000 1000 g", "1000 0 mine", "0 0 rootfile", "1000 0 t"]


def test_stop_runs_a_trap(sim: SimBackend, podman: PodmanBackend) -> None:
    cases = {
        "loop": 'trap "echo bye; exit 3" TERM; while true; do sleep 1; done',
        "wait": 'trap "echo bye" TERM; trap "echo end" EXIT; sleep 1000 & wait',
        "fore": 'trap "echo bye; exit 3" TERM; sleep 1000',
    }
    seen = {}
    for backend in (sim, podman):
        for name, script in cases.items():
            run = backend.docker(f"run -d --name pt-{name} busybox sh -c {shlex.quote(script)}")
            assert run.exit_code == 0, (backend.label, run)
            if isinstance(backend, PodmanBackend):  # the shell has set its trap
                assert backend.wait_signal_caught(f"pt-{name}"), name
        results = []
        for name in cases:
            backend.docker(f"stop -t 2 pt-{name}")
            code = backend.docker(f"inspect -f '{{{{.State.ExitCode}}}}' pt-{name}").stdout
            results.append((name, code, backend.docker(f"logs pt-{name}").stdout))
            backend.docker(f"rm pt-{name}")
        seen[backend.label] = results
    assert (
        seen["dockersim"]
        == seen["podman"]
        == [
            ("loop", "3\n", "bye\n"),
            ("wait", "143\n", "bye\nend\n"),
            ("fore", "137\n", ""),
        ]
    )
