"""The copy-on-write filesystem's caps: a file's size, a layer's bytes, the host's disk."""

from __future__ import annotations

import contextlib
import inspect
import sys

import pytest

from dockersim.model.cowfs import (
    DISK_FULL,
    ENTRY_BYTES,
    FILE_TOO_LARGE,
    LAYER_FULL,
    MAX_FILE_BYTES,
    MAX_LAYER_BYTES,
    CowFS,
    FsError,
    Quota,
)
from dockersim.model.fs import FileEntry, changeset, union

MiB = 1024 * 1024


def fresh(quota: Quota | None = None) -> CowFS:
    lower = union([changeset([FileEntry.file("/etc/motd", "hello\n")])])
    return CowFS(lower, quota=quota)


def errno_of(action: object) -> str:
    assert callable(action)
    with pytest.raises(FsError) as caught:
        action()
    return caught.value.errno


def test_a_write_past_the_largest_file_writes_what_fits_then_efbig() -> None:
    # given
    quota = Quota()
    fs = fresh(quota)
    fs.write("/big", b"x" * (MAX_FILE_BYTES - 10))
    # when
    errno = errno_of(lambda: fs.write("/big", b"y" * 100, append=True))
    # then
    assert errno == "EFBIG"
    assert str(FsError("EFBIG")) == "File too large"
    assert len(fs.read("/big")) == MAX_FILE_BYTES
    assert quota.hits == [FILE_TOO_LARGE]


def test_a_layer_fills_up_then_enospc_even_for_an_empty_file() -> None:
    # given
    quota = Quota()
    fs = fresh(quota)
    for i in range(3):
        fs.write(f"/f{i}", bytes(16 * MiB))
    # when
    short = errno_of(lambda: fs.write("/f3", bytes(16 * MiB)))
    empty = errno_of(lambda: fs.write("/f4", b""))
    # then: the short file holds exactly what was left
    assert (short, empty) == ("ENOSPC", "ENOSPC")
    assert str(FsError("ENOSPC")) == "No space left on device"
    assert len(fs.read("/f3")) == MAX_LAYER_BYTES - 3 * 16 * MiB - 4 * ENTRY_BYTES
    assert fs.layer_used() == MAX_LAYER_BYTES
    assert quota.hits == [LAYER_FULL]


def test_removing_gives_the_room_back_and_truncating_fits() -> None:
    # given
    fs = fresh()
    for i in range(4):
        with contextlib.suppress(FsError):
            fs.write(f"/f{i}", bytes(16 * MiB))
    # when
    fs.write("/f0", b"")  # truncate: it frees what it held
    fs.remove("/f1")
    fs.write("/again", bytes(20 * MiB))
    # then
    assert len(fs.read("/again")) == 20 * MiB


def test_every_layer_of_a_host_shares_its_disk() -> None:
    # given
    quota = Quota(capacity=3 * MiB)
    one, two = fresh(quota), fresh(quota)
    one.write("/a", bytes(2 * MiB))
    # when
    errno = errno_of(lambda: two.write("/b", bytes(2 * MiB)))
    # then
    assert errno == "ENOSPC"
    assert len(two.read("/b")) == MiB - 2 * ENTRY_BYTES
    assert quota.used == 3 * MiB
    assert quota.hits == [DISK_FULL]


def test_whiteouts_and_directories_cost_an_entry_each() -> None:
    # given
    quota = Quota()
    fs = fresh(quota)
    # when
    fs.mkdir("/d")
    fs.remove("/etc/motd")
    # then
    assert fs.layer_used() == quota.used == 2 * ENTRY_BYTES


def test_put_refuses_what_does_not_fit() -> None:
    # given
    quota = Quota(capacity=MiB)
    fs = fresh(quota)
    # when
    big = errno_of(lambda: fs.put(FileEntry.file("/big", bytes(MAX_FILE_BYTES + 1))))
    full = errno_of(lambda: fs.put(FileEntry.file("/full", bytes(2 * MiB))))
    # then: nothing was placed
    assert (big, full) == ("EFBIG", "ENOSPC")
    assert fs.get("/big") is None and fs.get("/full") is None


def test_a_path_longer_than_path_max_or_a_name_longer_than_name_max_is_refused() -> None:
    fs = fresh()
    assert errno_of(lambda: fs.write("/" + "a" * 256, b"")) == "ENAMETOOLONG"
    assert errno_of(lambda: fs.mkdir("/" + "/".join(["b" * 200] * 21), parents=True)) == (
        "ENAMETOOLONG"
    )
    assert str(FsError("ENAMETOOLONG")) == "File name too long"


def test_dev_full_refuses_data_but_opens() -> None:
    fs = fresh()
    fs.write("/dev/full", b"")
    assert errno_of(lambda: fs.write("/dev/full", b"x")) == "ENOSPC"


def test_the_layer_is_counted_again_when_the_engine_swaps_it() -> None:
    # given: the engine hands over an upper dict after creating the filesystem
    fs = fresh()
    fs.write("/x", bytes(1000))
    # when
    fs.upper = {"/y": FileEntry.file("/y", bytes(5000))}
    # then
    assert fs.layer_used() == 5000 + ENTRY_BYTES


def test_a_deep_tree_is_walked_and_removed_without_recursion() -> None:
    # given: a tree deeper than the (lowered) recursion limit
    fs = fresh()
    path = ""
    for _ in range(400):
        path += "/d"
        fs.upper[path] = FileEntry.directory(path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 100)
    # when
    try:
        walked = list(fs.walk("/d"))
        fs.remove("/d", recursive=True)
    finally:
        sys.setrecursionlimit(limit)
    # then
    assert len(walked) == 400
    assert fs.get("/d") is None and fs.upper == {}
