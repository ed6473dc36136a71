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
