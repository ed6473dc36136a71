"""What `docker cp` keeps: each entry's owner and modification time travel in the archive
(whole seconds, as go-archive truncates them). Into a container the daemon keeps the owner the
client's files have (moby issue 34096: the docs say root, the code keeps it), unless `-a`
makes it the container's `--user` (archive_tarcopyoptions_unix.go); out of a container, what
lands belongs to the client's user and keeps the container file's time."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from dockersim import Engine
from dockersim.cli.realmachine import RealMachine
from dockersim.model.fs import FileEntry

TWENTY_DAYS = 20 * 86400


@pytest.fixture()
def engine() -> Engine:
    engine = Engine(seed=0)
    assert engine.docker("pull -q busybox").exit_code == 0
    engine.host_write("/home/student/notes.txt", "hi\n")  # student's, written now
    engine.advance(TWENTY_DAYS + 0.75)
    return engine


def _owner_and_time(engine: Engine, container: str, path: str) -> str:
    got = engine.docker(f"exec {container} stat -c '%u:%g %Y' {path}")
    assert got.exit_code == 0, got.stderr
    return got.stdout.strip()


def test_into_a_container_a_file_keeps_its_owner_and_time(engine: Engine) -> None:
    written = int(engine.world.host_mtimes["/home/student/notes.txt"])
    engine.docker("run -d --name box busybox sleep 1000")
    assert engine.docker("cp notes.txt box:/tmp/").exit_code == 0
    assert _owner_and_time(engine, "box", "/tmp/notes.txt") == f"1000:1000 {written}"


def test_with_a_the_containers_user_owns_it(engine: Engine) -> None:
    engine.docker("run -d --name www --user www-data busybox sleep 1000")
    engine.docker("run -d --name plain busybox sleep 1000")
    assert engine.docker("cp -a notes.txt www:/tmp/").exit_code == 0
    assert engine.docker("cp -a notes.txt plain:/tmp/").exit_code == 0
    assert _owner_and_time(engine, "www", "/tmp/notes.txt").startswith("33:33 ")
    assert _owner_and_time(engine, "plain", "/tmp/notes.txt").startswith("1000:1000 ")


def test_with_a_a_user_the_container_does_not_have_fails(engine: Engine) -> None:
    engine.docker("create --name odd --user bar busybox")
    before = engine.dumps()
    got = engine.docker("cp -a notes.txt odd:/tmp/")
    assert (got.exit_code, got.stderr) == (1, 'Error response from daemon: failed to look up '
                                              'user "bar" in container: no matching entries '
                                              'in passwd file\n')  # fmt: skip
    assert engine.dumps() == before


def test_out_of_a_container_the_client_owns_it_and_it_keeps_its_time(engine: Engine) -> None:
    engine.docker("run -d --name box busybox sh -c 'echo made > /tmp/made; sleep 1000'")
    made = int(engine.world.mtimes[engine.container_get("box").id]["/tmp/made"])
    engine.advance(3600)
    assert engine.docker("cp box:/tmp/made made.txt").exit_code == 0
    assert engine.world.host_mtimes["/home/student/made.txt"] == made
    listed = engine.host("stat -c '%U %Y' made.txt")
    assert listed.stdout == f"student {made}\n"


def test_a_tar_from_stdin_keeps_its_members_owners_and_times() -> None:
    engine = Engine(seed=0)
    engine.docker("pull -q busybox")
    engine.docker("run -d --name box busybox sleep 1000")
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        info = tarfile.TarInfo("given.txt")
        info.size, info.uid, info.gid, info.mtime = 3, 42, 43, 1_600_000_000
        tar.addfile(info, io.BytesIO(b"yo\n"))
    assert engine.docker("cp - box:/tmp", stdin=data.getvalue()).exit_code == 0
    assert _owner_and_time(engine, "box", "/tmp/given.txt") == "42:43 1600000000"


def test_the_real_machine_reads_owners_and_sets_times(tmp_path: Path) -> None:
    source = tmp_path / "src.txt"
    source.write_text("x")
    os.utime(source, (1_500_000_000.5, 1_500_000_000.5))
    machine = RealMachine(environ={}, cwd=str(tmp_path))
    (entry,) = machine.tree(str(source))
    info = source.stat()
    assert (entry.uid, entry.gid) == (info.st_uid, info.st_gid)
    assert machine.mtime(str(source)) == 1_500_000_000.5
    machine.put(FileEntry(str(tmp_path / "out.txt"), "file", 0o644, 0, 0, b"y"), 1_400_000_000)
    assert (tmp_path / "out.txt").stat().st_mtime == 1_400_000_000
