"""/proc and /sys in a container: procfs makes its own entries (a create there fails with
ENOENT, as the kernel answers it) and runc mounts sysfs read-only (EROFS); neither is ever a
silent success."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    for image in ("busybox", "ubuntu"):
        assert engine.docker(f"pull -q {image}").exit_code == 0
    return engine


@pytest.mark.parametrize(
    ("image", "command", "said"),
    [
        ("busybox", "touch /proc/x", "touch: /proc/x: No such file or directory\n"),
        ("busybox", "mkdir /proc/d", "mkdir: can't create directory '/proc/d': No such file or "
                                     "directory\n"),
        ("busybox", "touch /sys/y", "touch: /sys/y: Read-only file system\n"),
        ("busybox", "echo 1 > /sys/z", "sh: can't create /sys/z: Read-only file system\n"),
        ("ubuntu", "touch /proc/x", "touch: cannot touch '/proc/x': No such file or directory\n"),
        ("ubuntu", "touch /sys/y", "touch: cannot touch '/sys/y': Read-only file system\n"),
    ],
)  # fmt: skip
def test_nothing_can_be_made_in_the_kernels_filesystems(
    engine: Engine, image: str, command: str, said: str
) -> None:
    probe = "; ".join(
        f"[ -e {p} ] && echo {p} made" for p in ("/proc/x", "/proc/d", "/sys/y", "/sys/z")
    )
    got = engine.docker(f"run --rm {image} sh -c '{command}; {probe}; echo end'")
    assert got.exit_code == 0  # (echo's)
    assert got.stderr == said
    assert got.stdout == "end\n"  # nothing was made


def test_the_process_files_still_write_to_the_output(engine: Engine) -> None:
    got = engine.docker("run --rm busybox sh -c 'echo out > /proc/self/fd/1; mkdir -p /proc'")
    assert (got.exit_code, got.stdout, got.stderr) == (0, "out\n", "")
