"""Two things `ls -l` shows that were wrong: what the host's `student` shell creates is
student's (and it meets Unix permissions, as on any Linux machine), and `mkdir -p` gives every
directory it makes the time it made it, not only the last one."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture()
def engine() -> Engine:
    engine = Engine()
    engine.advance(3600)
    return engine


def test_host_files_belong_to_student(engine: Engine) -> None:
    made = engine.host("mkdir -p x/y && echo hi > x/f && ls -ln x")
    assert made.exit_code == 0, made.stderr
    rows = [line.split() for line in made.stdout.splitlines()[1:]]
    assert [(row[2], row[3], row[-1]) for row in rows] == [
        ("1000", "1000", "f"),
        ("1000", "1000", "y"),
    ]


def test_host_student_meets_permissions(engine: Engine) -> None:
    got = engine.host("touch /etc/motd2")
    assert got.exit_code == 1
    assert "Permission denied" in got.stderr
    assert engine.host("ls /etc/motd2").exit_code != 0
    assert engine.host("touch /tmp/ok && ls -l /tmp/ok").stdout.split()[2] == "student"


@pytest.mark.parametrize("where", ["host", "container"])
def test_mkdir_p_dates_every_new_directory(engine: Engine, where: str) -> None:
    line = "mkdir -p /tmp/a/b/c && ls -ld /tmp/a /tmp/a/b /tmp/a/b/c /tmp"
    if where == "host":
        got = engine.host(line)
    else:
        got = engine.docker(f"run --rm debian sh -c '{line}'")
    assert got.exit_code == 0, got.stderr
    stamps = {row.split()[-1]: " ".join(row.split()[5:7]) for row in got.stdout.splitlines()}
    made = {stamps["/tmp/a"], stamps["/tmp/a/b"], stamps["/tmp/a/b/c"]}
    assert len(made) == 1, stamps  # all three made by one command, at one moment
    assert stamps["/tmp"] not in made  # /tmp itself is older (the image's time)


@pytest.mark.parametrize(
    ("image", "stamp"),
    [
        ("debian", "2025-06-15 13:00:00.000000000 +0000"),  # GNU: full-iso
        ("busybox", "2025-06-15 13:00:00 +0000"),  # busybox: no fraction
    ],
)
def test_ls_full_time_implies_long_listing(engine: Engine, image: str, stamp: str) -> None:
    got = engine.docker(f"run --rm {image} sh -c 'mkdir /tmp/d && ls --full-time /tmp'")
    assert got.exit_code == 0, got.stderr
    assert got.stdout.splitlines()[0] == "total 4"
    row = got.stdout.splitlines()[1]
    assert row.startswith("drwxr-xr-x") and row.endswith(f" {stamp} d")
