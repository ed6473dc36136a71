"""Bytes that are not UTF-8 pass through redirections, pipes and the CLI unchanged.

gzip and tar write binary data; before, a redirection re-encoded it as UTF-8 text, so
`gzip -c f > f.gz` left a file gunzip refused ("invalid magic")."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

from dockersim.engine import Engine


def run(engine: Engine, script: str) -> tuple[int, str, str]:
    engine.docker("pull -q busybox")
    result = engine.docker(["run", "--rm", "--name", "bin", "busybox", "sh", "-c", script])
    return result.exit_code, result.stdout, result.stderr


def test_gzip_into_a_file_is_a_gzip_file():
    engine = Engine()
    script = "gzip -c /etc/group > /tmp/g.gz; od -c /tmp/g.gz | head -1; gunzip -c /tmp/g.gz"
    code, out, err = run(engine, script)
    assert (code, err) == (0, "")
    head, _, rest = out.partition("\n")
    assert head.split()[:4] == ["0000000", "037", "213", "\\b"]  # the gzip magic and deflate
    assert rest.startswith("root:x:0:\n")


def test_text_that_is_not_ascii_survives_gzip_and_a_file():
    code, out, _ = run(Engine(), "echo héllo | gzip | gunzip; echo žluť > /tmp/u; cat /tmp/u")
    assert (code, out) == (0, "héllo\nžluť\n")


def test_a_tar_stream_through_a_pipe_and_a_file():
    script = (
        "tar czf /tmp/a.tgz /etc/hostname 2>/dev/null;"
        " tar czf - /etc/group 2>/dev/null > /tmp/b.tgz;"
        " tar tzf /tmp/a.tgz; tar tzf /tmp/b.tgz; cat /tmp/b.tgz | tar tzf -"
    )
    code, out, _ = run(Engine(), script)
    assert (code, out) == (0, "etc/hostname\netc/group\netc/group\n")


def test_the_cli_writes_a_containers_binary_output_as_its_bytes(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "docker", "run", "--rm", "busybox", "gzip", "-c",
         "/etc/group"],
        env=dict(os.environ, DOCKERSIM_HOME=str(tmp_path)),
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0
    assert gzip.decompress(done.stdout).startswith(b"root:x:0:\n")
