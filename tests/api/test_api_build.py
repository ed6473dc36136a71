"""The legacy build endpoint: `POST /build` with a tar context, the daemon's JSON stream
(engine-api.md §3.14), and the real docker CLI's `DOCKER_BUILDKIT=0 docker build`."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from apiclient import REPO, Served, served

DOCKER = shutil.which("docker")
DOCKERFILE = 'FROM busybox\nCOPY hello.txt /hello.txt\nCMD ["cat", "/hello.txt"]\n'


def _tar(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _build(api: Served, query: str, files: dict[str, str]) -> tuple[int, list[dict[str, object]]]:
    """POST the context chunked, as the docker CLI does; the status and the JSON lines."""
    body = _tar(files)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i : i + 4096]), body[i : i + 4096])
                       for i in range(0, len(body), 4096)) + b"0\r\n\r\n"  # fmt: skip
    data = api.raw(
        f"POST /v1.50/build?{query} HTTP/1.1\r\nHost: api.moby.localhost\r\n"
        "Content-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n"
        "X-Registry-Config: e30=\r\nConnection: close\r\n\r\n".encode()
        + chunked
    )
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    if b"Transfer-Encoding: chunked" in head:
        body_out = b""
        while rest:
            size_text, _, rest = rest.partition(b"\r\n")
            size = int(size_text, 16)
            body_out, rest = body_out + rest[:size], rest[size + 2 :]
    else:
        body_out = rest
    return status, [json.loads(line) for line in body_out.splitlines() if line.strip()]


def test_build_streams_the_steps_the_aux_id_and_the_tag(api: Served) -> None:
    # when
    status, lines = _build(
        api,
        "dockerfile=Dockerfile&t=hello%3A1&version=1",
        {"Dockerfile": DOCKERFILE, "hello.txt": "hello from the build\n"},
    )
    # then
    assert status == 200
    image = api.request("GET", "/images/hello:1/json").json()
    short = image["Id"].split(":")[1][:12]
    streams = [line["stream"] for line in lines if "stream" in line]
    assert streams[0] == "Step 1/3 : FROM busybox\n"
    step = streams[-5].removeprefix(" ---> Running in ").strip()
    assert streams[-6:] == [
        'Step 3/3 : CMD ["cat", "/hello.txt"]\n',
        f" ---> Running in {step}\n",
        f" ---> Removed intermediate container {step}\n",
        f" ---> {short}\n",
        f"Successfully built {short}\n",
        "Successfully tagged hello:1\n",
    ]
    aux = lines.index({"aux": {"ID": image["Id"]}})
    assert lines[aux + 1] == {"stream": f"Successfully built {short}\n"}
    assert {"status": "Pull complete", "id": "0a1d20c62257"} in lines
    assert image["Config"]["Cmd"] == ["cat", "/hello.txt"]


def test_build_quiet_sends_only_the_image_id(api: Served) -> None:
    files = {"Dockerfile": DOCKERFILE, "hello.txt": "hi\n"}
    status, lines = _build(api, "q=1&version=1", files)
    assert status == 200
    assert len(lines) == 1
    image_id = str(lines[0]["stream"]).strip()
    assert api.request("GET", f"/images/{image_id}/json").status == 200


def test_build_a_failing_run_is_an_error_in_the_stream_with_its_code(api: Served) -> None:
    files = {"Dockerfile": "FROM busybox\nRUN exit 3\n"}
    status, lines = _build(api, "t=broken&version=1", files)
    message = "The command '/bin/sh -c exit 3' returned a non-zero code: 3"
    assert status == 200
    assert lines[-1] == {"errorDetail": {"code": 3, "message": message}, "error": message}
    assert api.request("GET", "/images/broken/json").status == 404


@pytest.mark.parametrize(
    ("query", "files", "status", "message"),
    [
        (
            "version=1",
            {"Dockerfile": "FROM busybox\nFOO bar\n"},
            400,
            "dockerfile parse error on line 2: unknown instruction: FOO (did you mean FROM?)",
        ),
        (
            "dockerfile=Other&version=1",
            {"Dockerfile": DOCKERFILE},
            500,
            "Cannot locate specified Dockerfile: Other",
        ),
        (
            "version=2",
            {"Dockerfile": DOCKERFILE},
            501,
            "dockersim: not simulated in serve: BuildKit builds (version=2, the buildx "
            "session); build with DOCKER_BUILDKIT=0",
        ),
        (
            "t=bad%20name&version=1",
            {"Dockerfile": DOCKERFILE},
            400,
            "invalid reference format",
        ),
    ],
)
def test_error_build_replies(
    api: Served, query: str, files: dict[str, str], status: int, message: str
) -> None:
    got_status, lines = _build(api, query, files)
    assert (got_status, lines) == (status, [{"message": message}])


@pytest.mark.skipif(DOCKER is None, reason="the docker CLI is not installed")
def test_real_cli_legacy_build_then_run_as_dockersim_docker_builds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given: a context, and a server over a world of its own
    home = tmp_path / "served"
    home.mkdir()
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text(DOCKERFILE)
    (context / "hello.txt").write_text("hello from the build\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DOCKER_BUILDKIT": "0",
           "DOCKER_CONFIG": str(tmp_path / "client")}  # fmt: skip
    with served(home) as api:
        env["DOCKER_HOST"] = api.docker_host
        assert DOCKER is not None

        def docker(*argv: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [DOCKER, *argv], cwd=context, env=env, capture_output=True, text=True, timeout=60
            )

        # when
        built = docker("build", "-t", "hello:1", ".")
        ran = docker("run", "--rm", "hello:1")
    # then: the stream as `dockersim docker build` prints it on a world of its own (the
    # context's size is the client's own count)
    other = subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "docker", "build", "-t", "hello:1", "."],
        cwd=context,
        env={
            **os.environ,
            "DOCKERSIM_HOME": str(tmp_path / "other"),
            "DOCKER_BUILDKIT": "0",
            "PYTHONPATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Sending build context to Docker daemon  3.072kB\n")
    assert built.stdout.partition("\n")[2] == other.stdout.partition("\n")[2]
    assert built.stderr == other.stderr
    assert (ran.returncode, ran.stdout) == (0, "hello from the build\n")
