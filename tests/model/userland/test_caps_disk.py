"""Filling the simulated disk fails as a full disk fails: a short write, then ENOSPC.

Caps (model/cowfs.py): one file at most MAX_FILE_BYTES (EFBIG past it), one writable layer
at most MAX_LAYER_BYTES, and all of a host's layers, volumes, files and container logs at
most DISK_BYTES (the engine's `quota`); container logs keep the newest MAX_LOG_BYTES.
"""

from __future__ import annotations

import json

import pytest
from bombs import PEAK_LIMIT, MiB, in_container, world

from dockersim import Engine
from dockersim.engine.runtime import LOGS_ROTATED, MAX_LOG_BYTES
from dockersim.model.cowfs import (
    DISK_BYTES,
    DISK_FULL,
    FILE_TOO_LARGE,
    LAYER_FULL,
    MAX_FILE_BYTES,
    MAX_LAYER_BYTES,
)

SIXTEEN_MIB_FILES = (
    "for i in 1 2 3 4 5; do head -c 16777216 /dev/zero > /f$i; echo $?; done; wc -c /f4"
)


def test_the_caps_keep_a_world_well_under_a_gigabyte() -> None:
    assert (32 * MiB, 64 * MiB, 128 * MiB) == (MAX_FILE_BYTES, MAX_LAYER_BYTES, DISK_BYTES)
    assert 16 * MiB == MAX_LOG_BYTES


def test_yes_into_a_file_stops_at_the_largest_file() -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, "ubuntu", "yes > /f; echo $?; stat -c %s /f")
    # then
    assert (ran.status, ran.stdout) == (0, f"1\n{MAX_FILE_BYTES}\n")
    assert ran.stderr == "yes: standard output: File too large\n"
    assert ran.hits == (FILE_TOO_LARGE,)
    assert ran.peak < PEAK_LIMIT


@pytest.mark.parametrize(
    ("image", "shell", "statuses", "stderr"),
    [
        (
            "ubuntu",
            "sh",
            "0 0 0 1 2",
            "head: error writing 'standard output': No space left on device\n"
            "sh: 1: cannot create /f5: No space left on device\n",
        ),
        (
            "ubuntu",
            "bash",
            "0 0 0 1 1",
            "head: error writing 'standard output': No space left on device\n"
            "bash: line 1: /f5: No space left on device\n",
        ),
        (
            "alpine",
            "sh",
            "0 0 0 1 1",  # busybox ash: a failed redirection is status 1 (podman, busybox 1.37)
            "head: write error: No space left on device\n"
            "sh: can't create /f5: No space left on device\n",
        ),
    ],
)
def test_files_of_16_mib_fill_the_writable_layer(
    image: str, shell: str, statuses: str, stderr: str
) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, image, SIXTEEN_MIB_FILES, shell)
    # then: the fourth file is short (what fitted), the fifth cannot even be created
    assert ran.stdout.split()[:5] == statuses.split()
    assert ran.stdout.split()[5] == str(MAX_LAYER_BYTES - 3 * 16 * MiB - 4 * 4096)
    assert ran.stderr == stderr
    assert ran.hits == (LAYER_FULL,)
    assert ran.peak < PEAK_LIMIT


def test_removing_a_file_makes_room_again() -> None:
    # given
    engine = world()
    script = SIXTEEN_MIB_FILES + " >/dev/null; rm /f1; head -c 1000000 /dev/zero > /g; echo $?"
    # when
    ran = in_container(engine, "alpine", script)
    # then
    assert ran.stdout.split()[-1] == "0"


def test_the_host_disk_is_shared_by_every_container() -> None:
    # given: a small disk, and two containers that keep 1.5 MiB each
    engine = world()
    engine.quota.capacity = engine.quota.used + 4 * MiB
    keep = "head -c 1572864 /dev/zero > /f; echo $?"
    # when
    first = engine.docker(["run", "--name", "one", "alpine", "sh", "-c", keep])
    second = engine.docker(["run", "--name", "two", "alpine", "sh", "-c", keep])
    third = engine.docker(["run", "--name", "three", "alpine", "sh", "-c", keep])
    # then
    assert (first.stdout, second.stdout, third.stdout) == ("0\n", "0\n", "1\n")
    assert third.stderr == "head: write error: No space left on device\n"
    assert engine.quota.hits == [DISK_FULL]


def test_removing_a_container_gives_its_layer_back() -> None:
    # given
    engine = world()
    engine.quota.capacity = engine.quota.used + 4 * MiB
    keep = "head -c 1572864 /dev/zero > /f; echo $?"
    for name in ("one", "two", "three"):
        engine.docker(["run", "--name", name, "alpine", "sh", "-c", keep])
    # when
    assert engine.docker(["rm", "one", "two"]).exit_code == 0
    again = engine.docker(["run", "--rm", "alpine", "sh", "-c", keep])
    # then
    assert again.stdout == "0\n"


def test_volumes_and_tmpfs_count_against_the_disk() -> None:
    # given
    engine = world()
    engine.quota.capacity = engine.quota.used + 2 * MiB
    engine.docker(["volume", "create", "data"])
    fill = "head -c 1572864 /dev/zero > /data/f; echo $?"
    # when
    volume = engine.docker(["run", "--rm", "-v", "data:/data", "alpine", "sh", "-c", fill])
    tmpfs = engine.docker(["run", "--rm", "--tmpfs", "/data", "alpine", "sh", "-c", fill])
    # then
    assert volume.stdout == "0\n"
    assert (tmpfs.stdout, tmpfs.stderr) == ("1\n", "head: write error: No space left on device\n")


@pytest.mark.parametrize(
    ("image", "shell", "stderr"),
    [
        (
            "ubuntu",
            "sh",
            "sh: 1: echo: echo: I/O error\ncat: write error: No space left on device\n",
        ),
        (
            "ubuntu",
            "bash",
            "bash: line 1: echo: write error: No space left on device\n"
            "cat: write error: No space left on device\n",
        ),
        (
            "alpine",
            "sh",
            "echo: write error: No space left on device\n"
            "cat: write error: No space left on device\n",
        ),
    ],
)
def test_dev_full_refuses_every_write(image: str, shell: str, stderr: str) -> None:
    # given
    engine = world()
    script = "echo hi > /dev/full; echo $?; cat /etc/hostname > /dev/full; echo $?"
    # when
    ran = in_container(engine, image, script, shell)
    # then: a device, not a cap: no hit
    assert (ran.status, ran.stdout, ran.stderr) == (0, "1\n1\n", stderr)
    assert ran.hits == ()


def test_a_restart_loop_keeps_only_the_newest_logs() -> None:
    # given: each run prints 900 000 bytes, and the container restarts forever
    engine = world()
    chatty = "head -c 900000 /dev/zero | tr '\\0' a; echo; exit 1"
    engine.docker(
        ["run", "-d", "--restart", "always", "--name", "chatty", "alpine", "sh", "-c", chatty]
    )
    # when: long enough for about 25 runs (22 MB of output)
    engine.advance(1200)
    # then
    logs = engine.docker(["logs", "chatty"])
    assert 0 < len(logs.stdout) <= MAX_LOG_BYTES
    assert len(logs.stdout) > MAX_LOG_BYTES - 1_000_000
    assert engine.quota.hits == [LOGS_ROTATED]


def test_logs_past_a_full_disk_are_kept_and_the_hit_recorded() -> None:
    # given
    engine = world()
    engine.quota.capacity = engine.quota.used + 100
    talk = "head -c 1000 /dev/zero | tr '\\0' a"
    # when
    result = engine.docker(["run", "--name", "talker", "alpine", "sh", "-c", talk])
    # then: an attached client reads the output from the logs: it is kept
    assert len(result.stdout) == 1000
    assert len(engine.docker(["logs", "talker"]).stdout) == 1000
    assert engine.quota.hits == [DISK_FULL]


def test_a_reloaded_world_counts_what_it_holds_and_starts_without_hits() -> None:
    # given: a world with 1.5 MiB in a container's layer and some logs, over a small disk
    engine = world()
    engine.quota.capacity = engine.quota.used + MiB
    engine.docker(["run", "--name", "keep", "alpine", "sh", "-c", "head -c 1572864 /dev/zero > /f"])
    assert engine.quota.hits == [DISK_FULL]
    # when
    copy = Engine.from_json(json.loads(json.dumps(engine.to_json())), catalog=engine.catalog)
    # then
    assert copy.quota.used == engine.quota.used
    assert copy.quota.hits == []
