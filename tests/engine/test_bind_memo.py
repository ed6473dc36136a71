"""A container's filesystem remembers the paths it resolved (CowFS._memo); what a bind mount,
a volume or another container changes under it must be seen at once, never a stale answer."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry
from dockersim.model.mountfs import MountedFS, MountPoint

SRC = "/home/student/src"


@pytest.fixture(autouse=True)
def pulled(engine: Engine) -> None:
    assert engine.docker("pull -q alpine").exit_code == 0


def running(engine: Engine, options: str) -> str:
    started = engine.docker(f"run -d --name box {options} alpine sleep 1000")
    assert started.exit_code == 0, started.stderr
    return "box"


def test_a_symlink_made_on_the_host_under_a_bind_source_is_followed(engine: Engine) -> None:
    # given: the container looked the link up before it was there
    engine.host_write(f"{SRC}/target.txt", "hello\n")
    running(engine, f"-v {SRC}:/data")
    before = engine.docker("exec box cat /data/link")
    # when: the host makes it
    made = engine.host(f"ln -s target.txt {SRC}/link")
    after = engine.docker("exec box cat /data/link")
    # then
    assert made.exit_code == 0, made.stderr
    assert before.exit_code == 1 and "No such file or directory" in before.stderr
    assert (after.stdout, after.stderr, after.exit_code) == ("hello\n", "", 0)


def test_a_host_directory_replaced_by_a_symlink_is_followed(engine: Engine) -> None:
    # given: /data/dir/f.txt resolved through a real directory
    engine.host_write(f"{SRC}/dir/f.txt", "old\n")
    engine.host_write(f"{SRC}/other/f.txt", "new\n")
    running(engine, f"-v {SRC}:/data")
    before = engine.docker("exec box cat /data/dir/f.txt")
    # when
    changed = engine.host(f"rm -r {SRC}/dir && ln -s other {SRC}/dir")
    after = engine.docker("exec box cat /data/dir/f.txt")
    # then
    assert changed.exit_code == 0, changed.stderr
    assert (before.stdout, after.stdout, after.exit_code) == ("old\n", "new\n", 0)


def test_a_link_another_container_makes_in_a_shared_volume_is_followed(engine: Engine) -> None:
    # given: two containers on one volume; the first looked the link up first
    running(engine, "-v shared:/v")
    assert engine.docker("exec box sh -c 'echo hi > /v/real'").exit_code == 0
    before = engine.docker("exec box cat /v/link")
    # when: the other container makes the link
    other = engine.docker("run --rm -v shared:/v alpine ln -s real /v/link")
    after = engine.docker("exec box cat /v/link")
    # then
    assert other.exit_code == 0, other.stderr
    assert before.exit_code == 1
    assert (after.stdout, after.exit_code) == ("hi\n", 0)


def test_a_mounted_filesystem_changed_directly_is_seen_by_the_view() -> None:
    # given: a view over a bind source that resolved a path before the source changed
    source = CowFS({"/": FileEntry.directory("/"), "/src": FileEntry.directory("/src")})
    source.write("/src/a", b"A")
    view = MountedFS({"/": FileEntry.directory("/")}, [MountPoint("/m", source, "/src")])
    assert view.resolve("/m/link") == "/m/link"
    # when
    source.symlink("a", "/src/link")
    # then
    assert view.resolve("/m/link") == "/m/a"
    assert view.read("/m/link") == b"A"


def test_a_view_of_a_view_sees_the_innermost_change() -> None:
    # given: a mount whose filesystem is itself a view with a mount
    inner_source = CowFS({"/": FileEntry.directory("/")})
    middle = MountedFS({"/": FileEntry.directory("/")}, [MountPoint("/in", inner_source)])
    outer = MountedFS({"/": FileEntry.directory("/")}, [MountPoint("/mid", middle)])
    assert outer.resolve("/mid/in/x") == "/mid/in/x"
    # when
    inner_source.write("/y", b"Y")
    inner_source.symlink("y", "/x")
    # then
    assert outer.resolve("/mid/in/x") == "/mid/in/y"
    assert outer.read("/mid/in/x") == b"Y"


def test_a_rollback_of_the_source_is_seen_by_the_view() -> None:
    # given: a link the view followed
    source = CowFS({"/": FileEntry.directory("/")})
    source.write("/a", b"A")
    saved = source.checkpoint()
    source.symlink("a", "/link")
    view = MountedFS({"/": FileEntry.directory("/")}, [MountPoint("/m", source)])
    assert view.resolve("/m/link") == "/m/a"
    # when: the source goes back to before the link
    source.rollback(saved)
    # then
    assert view.resolve("/m/link") == "/m/link"
