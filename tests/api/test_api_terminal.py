"""An interactive terminal through the server: `docker run -it`, `docker attach` and
`docker exec -it` (stdin to a TTY), with an in-process client on the hijacked socket and with
the real docker CLI on a pseudo-terminal (skipped when `docker` is absent)."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import Served, served

DOCKER = shutil.which("docker")
needs_cli = pytest.mark.skipif(DOCKER is None, reason="the docker CLI is not installed")


# --- an in-process client ----------------------------------------------------------------------
class Hijacked:
    """A hijacked connection: the 101 head, then keys in and the pty's bytes out."""

    def __init__(self, api: Served, path: str, body: bytes = b"") -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(str(api.socket))
        kind = "Content-Type: application/json\r\n" if body else ""
        self.sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: api.moby.localhost\r\n{kind}"
            f"Content-Length: {len(body)}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".encode()
            + body
        )
        data = b""
        while b"\r\n\r\n" not in data:
            data += self.sock.recv(4096)
        self.head, _, self.buffered = data.partition(b"\r\n\r\n")

    def read_until(self, end: bytes) -> bytes:
        data = self.buffered
        while end not in data:
            piece = self.sock.recv(4096)
            if not piece:
                break
            data += piece
        self.buffered = b""
        return data

    def read_to_close(self) -> bytes:
        return self.read_until(b"\x00never\x00")

    def type(self, keys: bytes) -> None:
        self.sock.sendall(keys)

    def close(self) -> None:
        self.sock.close()


def _create(api: Served, name: str, cmd: list[str]) -> str:
    assert api.request("POST", "/images/create?fromImage=alpine&tag=latest").status == 200
    body = {"Image": "alpine", "Cmd": cmd, "Tty": True, "OpenStdin": True, "StdinOnce": True,
            "AttachStdin": True, "AttachStdout": True, "AttachStderr": True}  # fmt: skip
    reply = api.request("POST", f"/v1.50/containers/create?name={name}", body=body)
    assert reply.status == 201, reply.body
    return str(reply.json()["Id"])


def _attach(api: Served, name: str) -> Hijacked:
    return Hijacked(api, f"/v1.50/containers/{name}/attach?stream=1&stdin=1&stdout=1&stderr=1")


def test_run_it_attach_then_start_types_into_the_shell_and_ends_with_its_status(
    api: Served,
) -> None:
    # given: attached before the start, as `docker run -it` is
    _create(api, "box", ["sh"])
    term = _attach(api, "box")
    assert b"HTTP/1.1 101 UPGRADED" in term.head
    assert b"Content-Type: application/vnd.docker.raw-stream" in term.head
    assert api.request("POST", "/v1.50/containers/box/start").status == 204
    assert api.request("POST", "/v1.50/containers/box/resize?h=40&w=120").status == 200
    # when
    assert term.read_until(b"/ # ") == b"/ # "
    term.type(b"echo hi\r")
    echoed = term.read_until(b"hi\r\n/ # ")
    term.type(b"exit 3\r")
    rest = term.read_to_close()
    term.close()
    # then: the echo, a terminal's line ends, no stdcopy frames
    assert echoed == b"echo hi\r\nhi\r\n/ # "
    assert rest == b"exit 3\r\n"
    state = api.request("GET", "/containers/box/json").json()["State"]
    assert (state["Status"], state["ExitCode"]) == ("exited", 3)
    # and the resize was logged with its size (resize.go); a stopped container has no task
    reply = api.request("GET", f"/events?since=0&until={int(time.time()) + 1}")
    resized = [json.loads(line) for line in reply.body.splitlines() if b'"resize"' in line]
    assert [e["Actor"]["Attributes"]["height"] + "x" + e["Actor"]["Attributes"]["width"]
            for e in resized] == ["40x120"]  # fmt: skip
    stopped = api.request("POST", "/containers/box/resize?h=1&w=1")
    assert stopped.status == 409 and "is not running" in stopped.json()["message"]


def test_typed_line_editing_backspace_and_ctrl_c(api: Served) -> None:
    _create(api, "box", ["sh"])
    term = _attach(api, "box")
    api.request("POST", "/containers/box/start")
    term.read_until(b"/ # ")
    # when: a typo rubbed out, then a line dropped with Ctrl-C
    term.type(b"echo hx\x7fi\r")
    fixed = term.read_until(b"hi\r\n/ # ")
    term.type(b"echo no\x03")
    dropped = term.read_until(b"^C\r\n/ # ")
    term.close()
    # then
    assert fixed == b"echo hx\r/ # echo h\x1b[Ki\r\nhi\r\n/ # "
    assert dropped == b"echo no^C\r\n/ # "


def test_the_detach_keys_end_the_attach_and_the_daemon_logs_it(api: Served) -> None:
    # given
    box = _create(api, "box", ["sh"])
    term = _attach(api, "box")
    api.request("POST", "/containers/box/start")
    term.read_until(b"/ # ")
    # when: Ctrl-P Ctrl-Q
    term.type(b"\x10\x11")
    assert term.read_to_close() == b""
    term.close()
    # then: the container runs on, and attach.go logged `detach`
    assert api.request("GET", "/containers/box/json").json()["State"]["Status"] == "running"
    reply = api.request("GET", f"/events?since=0&until={int(time.time()) + 1}")
    detached = [json.loads(line) for line in reply.body.splitlines() if b'"detach"' in line]
    assert [(e["Action"], e["Actor"]["ID"]) for e in detached] == [("detach", box)]


def test_a_client_that_hangs_up_leaves_the_container_running(api: Served) -> None:
    # with a TTY, the end of the client's input ends the attach, not the program's input
    _create(api, "box", ["sh"])
    term = _attach(api, "box")
    api.request("POST", "/containers/box/start")
    term.read_until(b"/ # ")
    term.sock.shutdown(socket.SHUT_WR)
    assert term.read_to_close() == b""
    term.close()
    assert api.request("GET", "/containers/box/json").json()["State"]["Status"] == "running"
    # and a later `docker attach` types into the same shell
    again = _attach(api, "box")
    assert again.read_until(b"/ # ") == b"/ # "
    again.type(b"exit 7\r")
    assert again.read_to_close() == b"exit 7\r\n"
    again.close()
    assert api.request("GET", "/containers/box/json").json()["State"]["ExitCode"] == 7


def test_exec_it_into_a_shell_and_exec_resize(api: Served) -> None:
    # given
    assert api.request("POST", "/images/create?fromImage=alpine&tag=latest").status == 200
    body = {"Image": "alpine", "Cmd": ["sleep", "1000"]}
    api.request("POST", "/containers/create?name=web", body=body)
    api.request("POST", "/containers/web/start")
    options = {"Tty": True, "AttachStdin": True, "AttachStdout": True, "AttachStderr": True,
               "Cmd": ["sh"]}  # fmt: skip
    exec_id = api.request("POST", "/v1.50/containers/web/exec", body=options).json()["Id"]
    # when
    term = Hijacked(api, f"/v1.50/exec/{exec_id}/start", json.dumps({"Tty": True}).encode())
    assert api.request("POST", f"/v1.50/exec/{exec_id}/resize?h=40&w=120").status == 200
    term.type(b"cd /etc\r")
    assert term.read_until(b"/etc # ") == b"/ # cd /etc\r\n/etc # "
    term.type(b"exit 4\r")
    assert term.read_to_close() == b"exit 4\r\n"
    term.close()
    # then: the exec's status, the container running on
    time.sleep(0.2)
    document = api.request("GET", f"/exec/{exec_id}/json").json()
    assert (document["Running"], document["ExitCode"]) == (False, 4)
    assert api.request("GET", "/containers/web/json").json()["State"]["Status"] == "running"
    # and the daemon logged one create, start and die, all with the exec's ID (exec.go,
    # monitor.go): the terminal's program logs its own end, the API does not log it again
    reply = api.request("GET", f"/events?since=0&until={int(time.time()) + 1}")
    since = reply.body.decode().splitlines()
    execs = [json.loads(line) for line in since if '"exec_' in line]
    assert [(e["Action"].split(":")[0], e["Actor"]["Attributes"]["execID"]) for e in execs] == [
        ("exec_create", exec_id), ("exec_start", exec_id), ("exec_die", exec_id)
    ]  # fmt: skip
    assert execs[-1]["Actor"]["Attributes"]["exitCode"] == "4"


def test_error_attach_with_unnamable_detach_keys(api: Served) -> None:
    _create(api, "box", ["sh"])
    path = "/containers/box/attach?stream=1&stdin=1&stdout=1&detachKeys=shift-a"
    reply = api.request("POST", path)
    assert (reply.status, reply.json()) == (
        400,
        {"message": "Invalid detach keys (shift-a) provided"},
    )


# --- the real docker CLI on a pseudo-terminal ----------------------------------------------------
class Pty:
    def __init__(self, home: Path, socket_path: Path) -> None:
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "DOCKER_CONFIG": str(home / "client"),
            "DOCKER_HOST": f"unix://{socket_path}",
            "TERM": "xterm",
        }

    def run(self, argv: list[str], lines: list[bytes], wait_for: bytes) -> tuple[bytes, int]:
        """Run `docker ARGV` on a pty; type each line once `wait_for` (a prompt) shows."""
        assert DOCKER is not None
        pid, fd = pty.fork()
        if pid == 0:  # pragma: no cover - the child
            os.execve(DOCKER, [DOCKER, *argv], self.env)
        out = b""
        typed = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                out += data
            if typed < len(lines) and out.count(wait_for) > typed:
                os.write(fd, lines[typed])
                typed += 1
        else:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        return out, os.waitstatus_to_exitcode(status)


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Pty, Served]]:
    home = Path(tempfile.mkdtemp(prefix="dstty-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    (home / "client").mkdir()
    with served(home) as api:
        assert api.request("POST", "/images/create?fromImage=alpine&tag=latest").status == 200
        yield Pty(home, api.socket), api
    shutil.rmtree(home, ignore_errors=True)


@needs_cli
def test_real_cli_run_it_rm_types_echo_then_exit(real: tuple[Pty, Served]) -> None:
    term, api = real
    out, code = term.run(["run", "-it", "--rm", "alpine", "sh"], [b"echo hi\r", b"exit\r"], b"# ")
    assert (out, code) == (b"/ # echo hi\r\nhi\r\n/ # exit\r\n", 0)
    assert api.request("GET", "/containers/json?all=1").json() == []


@needs_cli
def test_real_cli_exec_it_and_attach(real: tuple[Pty, Served]) -> None:
    term, api = real
    assert api.dockersim("run", "-dit", "--name", "box", "alpine", "sh").returncode == 0
    # exec -it: a second shell, its status the CLI's
    out, code = term.run(["exec", "-it", "box", "sh"], [b"pwd\r", b"exit 4\r"], b"# ")
    assert (out, code) == (b"/ # pwd\r\n/\r\n/ # exit 4\r\n", 4)
    # attach: the main shell; its exit ends the container
    out, code = term.run(["attach", "box"], [b"exit 5\r"], b"# ")
    assert (out, code) == (b"/ # exit 5\r\n", 5)
    assert "Exited (5)" in api.dockersim("ps", "-a").stdout


@needs_cli
def test_real_cli_run_it_of_a_program_that_reads_no_lines_shows_its_output(
    real: tuple[Pty, Served],
) -> None:
    # the container is gone (--rm) by the time the session looks: its last words still show
    term, api = real
    out, code = term.run(["run", "-it", "--rm", "alpine", "sh", "-c", "echo hi; exit 2"], [], b"")
    assert (out, code) == (b"hi\r\n", 2)
    assert api.request("GET", "/containers/json?all=1").json() == []
