"""exec through the API: create, start (hijacked or detached), inspect; the real docker CLI's
`docker exec` and docker-py's `exec_run` (engine-api.md §3.11, §5)."""

from __future__ import annotations

import json
import re
import time

from apiclient import Served, frames

from dockersim.api.handlers.streams import MULTIPLEXED


def _web(api: Served) -> str:
    assert api.request("POST", "/images/create?fromImage=alpine&tag=latest").status == 200
    body = {"Image": "alpine", "Cmd": ["sleep", "1000"], "Hostname": "box"}
    reply = api.request("POST", "/containers/create?name=web", body=body)
    assert reply.status == 201, reply.body
    assert api.request("POST", "/containers/web/start").status == 204
    return str(reply.json()["Id"])


def _exec(api: Served, cmd: list[str], **extra: object) -> str:
    body = {"User": "", "Privileged": False, "Tty": False, "AttachStdin": False,
            "AttachStderr": True, "AttachStdout": True, "Detach": False, "DetachKeys": "",
            "Env": None, "WorkingDir": "", "Cmd": cmd, **extra}  # fmt: skip
    reply = api.request("POST", "/v1.50/containers/web/exec", body=body)
    assert reply.status == 201, reply.body
    assert list(reply.json()) == ["Id"]
    return str(reply.json()["Id"])


def _start(api: Served, exec_id: str, tty: bool = False) -> tuple[bytes, bytes]:
    """The 101 head and the raw stream after it, until the server closes."""
    body = json.dumps({"Detach": False, "Tty": tty}).encode()
    data = api.raw(
        f"POST /v1.50/exec/{exec_id}/start HTTP/1.1\r\nHost: api.moby.localhost\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n".encode()
        + body
    )
    head, _, stream = data.partition(b"\r\n\r\n")
    return head, stream


def test_exec_streams_framed_output_and_inspect_gives_the_exit_code(api: Served) -> None:
    # given
    cid = _web(api)
    exec_id = _exec(api, ["sh", "-c", "echo $HOSTNAME; echo oops >&2; exit 3"])
    before = api.request("GET", f"/v1.50/exec/{exec_id}/json").json()
    # when
    head, stream = _start(api, exec_id)
    # then
    assert (
        head
        == (
            f"HTTP/1.1 101 UPGRADED\r\nContent-Type: {MULTIPLEXED}\r\n"
            "Connection: Upgrade\r\nUpgrade: tcp"
        ).encode()
    )
    assert frames(stream) == [(1, b"box\n"), (2, b"oops\n")]
    after = api.request("GET", f"/v1.50/exec/{exec_id}/json").json()
    assert (before["Running"], before["ExitCode"], before["Pid"]) == (False, None, 0)
    assert list(after) == [
        "ID", "Running", "ExitCode", "ProcessConfig", "OpenStdin", "OpenStderr",
        "OpenStdout", "CanRemove", "ContainerID", "DetachKeys", "Pid",
    ]  # fmt: skip
    assert after["ID"] == exec_id
    assert (after["Running"], after["ExitCode"], after["ContainerID"]) == (False, 3, cid)
    assert after["ProcessConfig"] == {
        "tty": False, "entrypoint": "sh",
        "arguments": ["-c", "echo $HOSTNAME; echo oops >&2; exit 3"], "privileged": False,
    }  # fmt: skip
    assert after["Pid"] > 0 and after["DetachKeys"] == ""


def test_exec_with_a_tty_is_raw_with_a_terminal_s_line_ends(api: Served) -> None:
    _web(api)
    exec_id = _exec(api, ["echo", "hi"], Tty=True)
    head, stream = _start(api, exec_id, tty=True)
    assert b"Content-Type: application/vnd.docker.raw-stream" in head
    assert stream == b"hi\r\n"


def test_exec_of_a_missing_program_says_runc_s_error_in_the_stream(api: Served) -> None:
    _web(api)
    exec_id = _exec(api, ["nosuch"])
    _, stream = _start(api, exec_id)
    message = (
        b"OCI runtime exec failed: exec failed: unable to start container process: "
        b'exec: "nosuch": executable file not found in $PATH: unknown\r\n'
    )
    assert frames(stream) == [(1, message)]
    assert api.request("GET", f"/exec/{exec_id}/json").json()["ExitCode"] == 127


def test_exec_start_detached_answers_at_once_and_the_exec_runs_on(api: Served) -> None:
    # given
    _web(api)
    exec_id = _exec(api, ["sleep", "100"], AttachStdout=False, AttachStderr=False)
    # when
    reply = api.request("POST", f"/exec/{exec_id}/start", body={"Detach": True})
    # then
    assert (reply.status, reply.body) == (200, b"")
    assert api.request("GET", f"/exec/{exec_id}/json").json()["Running"] is True
    again = api.request("POST", f"/exec/{exec_id}/start", body={"Detach": True})
    assert again.json() == {"message": f"exec command {exec_id} is already running"}
    assert again.status == 409
    # and the container's end ends it: killed with what was left in the container
    assert api.request("POST", "/containers/web/kill").status == 204
    deadline = time.monotonic() + 5
    while api.request("GET", f"/exec/{exec_id}/json").json()["Running"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert api.request("GET", f"/exec/{exec_id}/json").json()["ExitCode"] == 137


def test_error_exec_create_and_start_sentences(api: Served) -> None:
    _web(api)
    no_cmd = api.request("POST", "/containers/web/exec", body={"Cmd": []})
    assert (no_cmd.status, no_cmd.json()) == (400, {"message": "No exec command specified"})
    missing = api.request("POST", "/containers/nope/exec", body={"Cmd": ["ls"]})
    assert (missing.status, missing.json()) == (404, {"message": "No such container: nope"})
    user = api.request("POST", "/containers/web/exec", body={"Cmd": ["id"], "User": "bob"})
    assert user.status == 400
    assert user.json()["message"] == "unable to find user bob: no matching entries in passwd file"
    unknown = api.request("GET", "/exec/abc/json")
    assert (unknown.status, unknown.json()) == (404, {"message": "No such exec instance: abc"})
    exec_id = _exec(api, ["true"])
    _start(api, exec_id)
    ran = api.request("POST", f"/exec/{exec_id}/start", body={"Detach": True})
    assert (ran.status, ran.json()) == (409, {"message": f"exec command {exec_id} has already run"})
    assert api.request("POST", "/containers/web/pause").status == 204
    paused = api.request("POST", "/containers/web/exec", body={"Cmd": ["ls"]})
    assert paused.status == 409
    assert paused.json()["message"] == "Container web is paused, unpause the container before exec"


def test_error_exec_in_a_stopped_container_is_not_running(api: Served) -> None:
    cid = _web(api)
    assert api.request("POST", "/containers/web/kill").status == 204
    reply = api.request("POST", "/containers/web/exec", body={"Cmd": ["ls"]})
    assert (reply.status, reply.json()) == (409, {"message": f"container {cid} is not running"})


def test_exec_events_create_start_die(api: Served) -> None:
    _web(api)
    exec_id = _exec(api, ["sh", "-c", "exit 2"])
    _start(api, exec_id)
    reply = api.request("GET", f"/events?since=0&until={int(time.time()) + 1}")
    actions = [json.loads(line)["Action"] for line in reply.body.splitlines() if line]
    execs = [a for a in actions if re.match("exec_", a)]
    assert execs == ["exec_create: sh -c exit 2", "exec_start: sh -c exit 2", "exec_die"]
