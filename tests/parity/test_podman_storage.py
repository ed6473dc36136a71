"""dockersim against podman for storage: volumes, bind mounts, `docker cp`, `docker diff`.

Each test types the same short docker command lines on dockersim (`SimBackend`) and on a private
rootful podman (`PodmanBackend`, dockersim.testing.parity; skipped when podman is unusable) and
compares one normalised observable. podman's image is the harness's locally imported `localbb:1`
(a rootfs holding only /bin/busybox and its APPLETS links), so the tests touch only /bin and
directories they create. Paths podman and Docker both manage differently from the image
(/etc/hosts, /etc/hostname, /etc/resolv.conf, /run, /dev, /proc, /sys) are filtered from `diff`.
Error wording differs (oracle.md "Where podman is not Docker"): only exit statuses are compared
for failures.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersim.testing.parity import PodmanBackend, SimBackend, started_podman

#: Where the simulated host keeps the bind-mount and `cp` files (the student's home).
SIM_HOST_DIR = "/home/student/st"

#: podman's image has no /etc, so podman adds one for /etc/hosts (`A /etc`); Docker's busybox
#: has /etc and its init layer, which `diff` leaves out, holds the managed files.
_MANAGED = re.compile(
    r"^[ACD] /(?:etc/(?:hosts|hostname|resolv\.conf)|run|dev|proc|sys)(?:/|$)|^A /etc$"
)


@pytest.fixture(scope="module")
def podman() -> Iterator[PodmanBackend]:
    with started_podman() as backend:
        yield backend


@pytest.fixture
def host_dir(podman: PodmanBackend) -> Path:
    """A real host folder for podman's bind mounts and copies (removed with the backend)."""
    return Path(tempfile.mkdtemp(dir=podman.workdir, prefix="host-"))


def _diff_lines(stdout: str) -> list[str]:
    return sorted(line for line in stdout.splitlines() if line and not _MANAGED.match(line))


def _ok(backend: SimBackend | PodmanBackend, line: str) -> str:
    got = backend.docker(line)
    assert got.exit_code == 0, f"{backend.label}: {line!r} -> {got}"
    return got.stdout


# --- the tests ------------------------------------------------------------------------------


def test_diff_after_changes(sim: SimBackend, podman: PodmanBackend) -> None:
    line = "run --name st-diff busybox sh -c 'mkdir -p /d/e && echo x > /d/e/f && rm /bin/true'"
    seen = {}
    for backend in (sim, podman):
        _ok(backend, line)
        seen[backend.label] = _diff_lines(_ok(backend, "diff st-diff"))
        _ok(backend, "rm st-diff")
    assert seen["dockersim"] == seen["podman"]
    assert seen["dockersim"] == ["A /d", "A /d/e", "A /d/e/f", "C /bin", "D /bin/true"]


def test_named_volume_outlives_its_writer(sim: SimBackend, podman: PodmanBackend) -> None:
    seen = {}
    for backend in (sim, podman):
        _ok(backend, "volume create st-vol")
        _ok(backend, "run --name st-writer -v st-vol:/data busybox sh -c 'echo hello > /data/f'")
        _ok(backend, "rm st-writer")
        seen[backend.label] = _ok(backend, "run --rm -v st-vol:/data busybox cat /data/f")
        _ok(backend, "volume rm st-vol")
    assert seen["dockersim"] == seen["podman"] == "hello\n"


def test_volume_rm_in_use_fails(sim: SimBackend, podman: PodmanBackend) -> None:
    seen = {}
    for backend in (sim, podman):
        _ok(backend, "run --name st-user -v st-busy:/data busybox true")
        refused = backend.docker("volume rm st-busy").exit_code
        listed = _ok(backend, "volume ls -q")
        _ok(backend, "rm st-user")
        freed = backend.docker("volume rm st-busy").exit_code
        seen[backend.label] = (refused != 0, "st-busy" in listed.split(), freed)
    assert seen["dockersim"] == seen["podman"] == (True, True, 0)


def test_new_volume_copies_up_image_directory(sim: SimBackend, podman: PodmanBackend) -> None:
    # The podman image's /bin holds only the APPLETS links; ask for a few both images have.
    probe = "ls /bin/busybox /bin/sh /bin/cat"
    seen = {}
    for backend in (sim, podman):
        seen[backend.label] = (
            _ok(backend, f"run --rm -v st-up:/bin busybox {probe}"),
            _ok(backend, "run --rm -v st-up:/mnt busybox ls /mnt/busybox /mnt/cat"),
        )
        _ok(backend, "volume rm st-up")
    assert seen["dockersim"] == seen["podman"]
    assert seen["dockersim"][1] == "/mnt/busybox\n/mnt/cat\n"


def test_bind_mount_reads_host_file(sim: SimBackend, podman: PodmanBackend, host_dir: Path) -> None:
    sim.engine.host_write(f"{SIM_HOST_DIR}/in.txt", "from the host\n")
    (host_dir / "in.txt").write_text("from the host\n")
    seen = {}
    for backend, where in ((sim, SIM_HOST_DIR), (podman, str(host_dir))):
        seen[backend.label] = _ok(
            backend,
            f"run --rm -v {where}:/src busybox sh -c 'cat /src/in.txt; echo back > /src/out.txt'",
        )
    seen["dockersim-host"] = sim.engine.host(f"cat {SIM_HOST_DIR}/out.txt").stdout
    seen["podman-host"] = (host_dir / "out.txt").read_text()
    assert seen["dockersim"] == seen["podman"] == "from the host\n"
    assert seen["dockersim-host"] == seen["podman-host"] == "back\n"


def test_cp_both_ways(sim: SimBackend, podman: PodmanBackend, host_dir: Path) -> None:
    sim.engine.host_write(f"{SIM_HOST_DIR}/up.txt", "uploaded\n")
    (host_dir / "up.txt").write_text("uploaded\n")
    seen = {}
    for backend, where in ((sim, SIM_HOST_DIR), (podman, str(host_dir))):
        _ok(backend, "run --name st-cp busybox sh -c 'mkdir /box && echo made > /box/made.txt'")
        _ok(backend, f"cp st-cp:/box/made.txt {where}/down.txt")
        _ok(backend, f"cp {where}/up.txt st-cp:/box/")
        _ok(backend, "start st-cp")  # read it back through the container's own filesystem
        _ok(backend, "wait st-cp")
        _ok(backend, f"cp st-cp:/box/up.txt {where}/again.txt")
        seen[backend.label] = _diff_lines(_ok(backend, "diff st-cp"))
        _ok(backend, "rm st-cp")
    sim_host = sim.engine.host(f"cat {SIM_HOST_DIR}/down.txt {SIM_HOST_DIR}/again.txt")
    assert (
        sim_host.stdout
        == (host_dir / "down.txt").read_text() + (host_dir / "again.txt").read_text()
    )
    assert sim_host.stdout == "made\nuploaded\n"
    assert seen["dockersim"] == seen["podman"]


def test_read_only_root_refuses_writes(sim: SimBackend, podman: PodmanBackend) -> None:
    seen = {}
    for backend in (sim, podman):
        got = backend.docker("run --rm --read-only busybox touch /bin/new")
        tmp = backend.docker("run --rm --read-only -v st-ro:/w busybox touch /w/new")
        seen[backend.label] = (got.exit_code, "Read-only file system" in got.stderr, tmp.exit_code)
    assert seen["dockersim"] == seen["podman"] == (1, True, 0)


def test_diff_shows_volume_mountpoint_not_contents(sim: SimBackend, podman: PodmanBackend) -> None:
    line = "run --name st-mnt -v st-mp:/data/vol busybox sh -c 'echo x > /data/vol/f; touch /t'"
    seen = {}
    for backend in (sim, podman):
        _ok(backend, line)
        seen[backend.label] = _diff_lines(_ok(backend, "diff st-mnt"))
        _ok(backend, "rm st-mnt")
        _ok(backend, "volume rm st-mp")
    assert seen["dockersim"] == seen["podman"]
