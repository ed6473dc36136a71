"""`docker cp CONTAINER:PATH -` writes the daemon's tar stream to stdout and nothing else;
`docker cp - CONTAINER:DIR` extracts a tar read from stdin into a directory (docker/cli
cli/command/container/cp.go)."""

from __future__ import annotations

import io
import tarfile

from dockersim import Engine


def engine_with_notes() -> Engine:
    engine = Engine(seed=0)
    engine.docker("pull -q alpine")
    assert engine.docker("run -d --name box alpine sleep 1000").exit_code == 0
    engine.docker("exec box sh -c 'mkdir /data && echo hi > /data/notes.txt'")
    return engine


def members(data: bytes) -> dict[str, bytes | None]:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {
            m.name: (f.read() if (f := tar.extractfile(m)) is not None else None)
            for m in tar.getmembers()
        }


def test_a_directory_to_stdout_is_a_tar_named_from_its_base():
    result = engine_with_notes().docker("cp box:/data -")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "")  # no "Successfully copied"
    assert result.stdout_bytes is not None
    assert members(result.stdout_bytes) == {"data": None, "data/notes.txt": b"hi\n"}


def test_a_file_to_stdout():
    result = engine_with_notes().docker("cp box:/data/notes.txt -")
    assert result.stdout_bytes is not None
    assert members(result.stdout_bytes) == {"notes.txt": b"hi\n"}


def test_a_tar_from_stdin_goes_into_a_directory():
    engine = engine_with_notes()
    archive = engine.docker("cp box:/data -").stdout_bytes
    assert archive is not None
    result = engine.docker("cp - box:/tmp", stdin=archive)
    assert (result.exit_code, result.stderr) == (0, "Successfully copied 0B to box:/tmp\n")
    assert engine.docker("exec box cat /tmp/data/notes.txt").stdout == "hi\n"


def test_stdin_needs_a_directory_and_a_tar():
    engine = engine_with_notes()
    archive = engine.docker("cp box:/data -").stdout_bytes
    assert archive is not None
    missing = engine.docker("cp - box:/nope", stdin=archive)
    assert (missing.exit_code, missing.stderr) == (
        1,
        'destination "box:/nope" must be a directory\n',
    )
    junk = engine.docker("cp - box:/tmp", stdin=b"junk\n")
    assert (junk.exit_code, junk.stderr) == (
        1,
        "Error response from daemon: archive/tar: invalid tar header\n",
    )


def tar_rows(data: bytes) -> dict[str, tuple[str, int, str]]:
    """name -> (type, mtime, link target) of each member."""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return {
            m.name: ("dir" if m.isdir() else "link" if m.issym() else "file", m.mtime, m.linkname)
            for m in tar.getmembers()
        }


def test_each_member_has_the_time_its_file_was_changed():
    engine = engine_with_notes()  # /data made at the container's start
    engine.advance(600)
    engine.docker("exec box sh -c 'echo later > /data/later.txt'")
    inside = engine.docker("exec box stat -c '%n %Y' /data /data/notes.txt /data/later.txt")
    times = {name: int(t) for name, t in (line.split() for line in inside.stdout.splitlines())}
    archive = engine.docker("cp box:/data -").stdout_bytes
    assert archive is not None
    rows = tar_rows(archive)
    assert rows["data/later.txt"][1] == times["/data/later.txt"]
    assert rows["data/notes.txt"][1] == times["/data/notes.txt"]
    assert rows["data"][1] == times["/data"]
    assert times["/data/later.txt"] - times["/data/notes.txt"] == 600


def test_a_link_is_archived_as_itself_unless_followed():
    engine = engine_with_notes()
    engine.docker("exec box ln -s /data /shortcut")
    plain = engine.docker("cp box:/shortcut -").stdout_bytes
    assert plain is not None
    assert {n: (k, t) for n, (k, _m, t) in tar_rows(plain).items()} == {
        "shortcut": ("link", "/data")
    }
    for line in ("cp box:/shortcut/ -", "cp -L box:/shortcut -"):
        data = engine.docker(line).stdout_bytes
        assert data is not None
        named = {n: k for n, (k, _m, _t) in tar_rows(data).items()}
        # a trailing slash follows under the asked name; -L asks for the target itself
        base = "shortcut" if line.endswith("/ -") else "data"
        assert named == {base: "dir", f"{base}/notes.txt": "file"}, line


def test_copying_a_link_to_the_host_copies_the_link_unless_l():
    engine = engine_with_notes()
    engine.docker("exec box ln -s /data /shortcut")
    assert engine.docker("cp box:/shortcut ./plain").exit_code == 0
    assert engine.host("readlink plain").stdout == "/data\n"
    assert engine.docker("cp -L box:/shortcut ./followed").exit_code == 0
    assert engine.host("cat followed/notes.txt").stdout == "hi\n"
    assert engine.host("ls -d followed/ plain").stdout == "followed/\nplain\n"
