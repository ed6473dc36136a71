"""A process of another uid than root meets Unix permissions (model/permfs.py): search on
directories, r/w on files, w+x to create or remove, the sticky bit, chmod by the owner only;
what it creates is its own. Wordings are each program's and each shell's."""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry
from dockersim.model.permfs import UserFS, as_user, supplementary_groups


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    for image in ("alpine", "debian"):
        assert engine.docker(f"run -d --name {image}-box {image} sleep 1000").exit_code == 0
    return engine


def _run(engine: Engine, line: str) -> tuple[int, str, str]:
    got = engine.docker(line)
    return got.exit_code, got.stdout, got.stderr


DENIED = "Permission denied"


@pytest.mark.parametrize(
    ("box", "command", "status", "stderr"),
    [
        ("alpine-box", "touch /root/x", 1, "touch: /root/x: " + DENIED + "\n"),
        ("debian-box", "touch /root/x", 1, "touch: cannot touch '/root/x': " + DENIED + "\n"),
        (
            "alpine-box",
            "sh -c 'echo hi > /root/x'",
            1,
            "sh: can't create /root/x: " + DENIED + "\n",
        ),
        (
            "debian-box",
            "sh -c 'echo hi > /root/x'",
            2,
            "sh: 1: cannot create /root/x: " + DENIED + "\n",
        ),
        ("debian-box", "bash -c 'echo hi > /root/x'", 1, "bash: line 1: /root/x: " + DENIED + "\n"),
        ("alpine-box", "ls /root", 1, "ls: can't open '/root': " + DENIED + "\n"),
        ("debian-box", "ls /root", 2, "ls: cannot open directory '/root': " + DENIED + "\n"),
        ("alpine-box", "cat /etc/shadow", 1, "cat: can't open '/etc/shadow': " + DENIED + "\n"),
        (
            "debian-box",
            "mkdir /etc/x",
            1,
            "mkdir: cannot create directory '/etc/x': " + DENIED + "\n",
        ),
        ("alpine-box", "rm /etc/passwd", 1, "rm: can't remove '/etc/passwd': " + DENIED + "\n"),
        ("alpine-box", "chmod 777 /etc/passwd", 1, "chmod: /etc/passwd: Operation not permitted\n"),
        (
            "debian-box",
            "chmod 777 /etc/passwd",
            1,
            "chmod: changing permissions of '/etc/passwd': Operation not permitted\n",
        ),
    ],
)
def test_denied(engine: Engine, box: str, command: str, status: int, stderr: str) -> None:
    assert _run(engine, f"exec -u 1000 {box} {command}") == (status, "", stderr)


def test_root_is_not_checked(engine: Engine) -> None:
    assert _run(engine, "exec alpine-box sh -c 'echo hi > /root/r; cat /root/r'") == (0, "hi\n", "")


def test_new_files_belong_to_the_process(engine: Engine) -> None:
    line = "exec -u 1000:1000 debian-box sh -c 'echo hi > /tmp/a; mkdir /tmp/d; touch /tmp/t'"
    assert _run(engine, line) == (0, "", "")
    got = _run(engine, "exec debian-box stat -c '%u %g %n' /tmp/a /tmp/d /tmp/t")
    assert got == (0, "1000 1000 /tmp/a\n1000 1000 /tmp/d\n1000 1000 /tmp/t\n", "")
    # appending to a file that is there keeps its owner
    assert _run(engine, "exec debian-box sh -c 'echo more >> /tmp/a'")[0] == 0
    assert _run(engine, "exec debian-box stat -c '%u' /tmp/a")[1] == "1000\n"


def test_sticky_tmp(engine: Engine) -> None:
    assert _run(engine, "exec alpine-box touch /tmp/roots")[0] == 0
    assert _run(engine, "exec -u 1000 alpine-box rm -f /tmp/roots") == (
        1,
        "",
        "rm: can't remove '/tmp/roots': Operation not permitted\n",
    )
    assert _run(engine, "exec -u 1000 alpine-box sh -c 'touch /tmp/own; rm /tmp/own'") == (
        0,
        "",
        "",
    )


def test_run_user_and_cp_out_keep_the_owner() -> None:
    engine = Engine()
    assert engine.docker("run --name owned -u 1000 alpine touch /tmp/made").exit_code == 0
    assert engine.docker("diff owned").stdout == "C /tmp\nA /tmp/made\n"
    entry = engine.container_fs(engine.container_get("owned")).stat("/tmp/made")
    assert (entry.uid, entry.gid) == (1000, 0)


def _fs() -> CowFS:
    return CowFS(
        {
            "/": FileEntry.directory("/"),
            "/shared": FileEntry("/shared", "dir", 0o770, 0, 50),
            "/shared/f": FileEntry("/shared/f", "file", 0o660, 0, 50, b"x"),
            "/etc": FileEntry.directory("/etc"),
            "/etc/group": FileEntry.file("/etc/group", b"root:x:0:\nstaff:x:50:alice,bob\n"),
        }
    )


def test_supplementary_groups_give_the_group_bits() -> None:
    fs = _fs()
    assert supplementary_groups(fs, "alice") == frozenset({50})
    alice = as_user(fs, 1000, 1000, supplementary_groups(fs, "alice"))
    assert alice.read("/shared/f") == b"x"
    alice.write("/shared/new", b"y")
    assert (fs.stat("/shared/new").uid, fs.stat("/shared/new").gid) == (1000, 1000)
    carol = as_user(fs, 1001, 1001)
    with pytest.raises(FsError) as caught:
        carol.read("/shared/f")
    assert caught.value.errno == "EACCES"


def test_root_gets_the_filesystem_itself() -> None:
    fs = _fs()
    assert as_user(fs, 0, 0) is fs
    assert isinstance(as_user(as_user(fs, 5, 5), 6, 6), UserFS)


def test_owner_bits_decide_for_the_owner() -> None:
    fs = _fs()
    fs.put(FileEntry("/shared/mine", "file", 0o070, 1000, 50, b"z"))
    with pytest.raises(FsError):  # the owner's bits are ---, whatever the group's say
        as_user(fs, 1000, 50).read("/shared/mine")
