import gzip
import hashlib
import io
import tarfile

from dockersim.model.fs import FileEntry, changeset
from dockersim.model.tarball import entries_from_tar, gzip_stored, tar_bytes


def _members(data: bytes) -> list[tuple[str, bytes, int]]:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return [(m.name, m.type, m.mode) for m in tar.getmembers()]


def test_empty_tar_is_docker_empty_layer_digest():
    assert hashlib.sha256(tar_bytes([])).hexdigest() == (
        "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
    )


def test_tar_entries_as_docker_writes_them():
    cs = changeset(
        [
            FileEntry.file("/etc/os-release", "ID=x\n"),
            FileEntry.symlink("/bin", "usr/bin"),
            FileEntry.whiteout("/etc/gone"),
            FileEntry.directory("/tmp", 0o1777),
        ]
    )
    assert _members(tar_bytes(cs, 100)) == [
        ("bin", tarfile.SYMTYPE, 0o777),
        ("etc", tarfile.DIRTYPE, 0o755),
        ("etc/.wh.gone", tarfile.REGTYPE, 0o600),
        ("etc/os-release", tarfile.REGTYPE, 0o644),
        ("tmp", tarfile.DIRTYPE, 0o1777),
    ]


def test_long_names_round_trip_through_pax():
    long = "/a/" + "b" * 150
    cs = changeset([FileEntry.file(long, "x")])
    assert entries_from_tar(tar_bytes(cs)) == list(cs)


def test_round_trip_keeps_whiteouts_and_opaque():
    cs = changeset([FileEntry.whiteout("/x/y"), FileEntry("/z", "opaque", 0o600)])
    assert [(e.path, e.kind) for e in entries_from_tar(tar_bytes(cs))] == [
        ("/x", "dir"),
        ("/x/y", "whiteout"),
        ("/z", "opaque"),
    ]


def test_gzip_stored_is_valid_gzip_for_any_size():
    for size in (0, 1, 65535, 65536, 200_000):
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        assert gzip.decompress(gzip_stored(data)) == data


def test_same_content_same_bytes():
    cs = changeset([FileEntry.file("/f", "same")])
    assert tar_bytes(cs, 5) == tar_bytes(changeset([FileEntry.file("/f", "same")]), 5)
    assert tar_bytes(cs, 5) != tar_bytes(cs, 6)
