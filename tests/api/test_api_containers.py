"""Containers, images, networks and volumes through the API, request by request, with the
bodies the docker CLI and docker-py send (engine-api.md §3, §5)."""

from __future__ import annotations

import json
import socket
import threading
from urllib.parse import quote

from apiclient import Served, UnixConnection, frames

from dockersim.api.handlers.streams import MULTIPLEXED


def _pull(api: Served, name: str = "alpine") -> list[dict[str, object]]:
    reply = api.request("POST", f"/v1.50/images/create?fromImage={name}&tag=latest")
    assert reply.status == 200
    assert reply.headers["transfer-encoding"] == "chunked"
    return [json.loads(line) for line in reply.body.split(b"\r\n") if line]


def _create(api: Served, body: dict[str, object], name: str = "") -> str:
    path = "/v1.50/containers/create" + (f"?name={name}" if name else "")
    reply = api.request("POST", path, body=body)
    assert reply.status == 201, reply.body
    return str(reply.json()["Id"])


def test_pull_streams_the_daemon_s_json_messages(api: Served) -> None:
    messages = _pull(api)
    assert messages[0] == {"status": "Pulling from library/alpine", "id": "latest"}
    assert messages[1]["status"] == "Pulling fs layer"
    assert messages[1]["progressDetail"] == {}
    assert messages[-1] == {"status": "Status: Downloaded newer image for alpine:latest"}
    assert str(messages[-2]["status"]).startswith("Digest: sha256:")


def test_error_pulling_a_missing_repository_is_a_404_before_any_stream(api: Served) -> None:
    reply = api.request("POST", "/images/create?fromImage=nonexist%2Fxyz&tag=latest")
    assert reply.status == 404
    assert reply.json()["message"].startswith("pull access denied for nonexist/xyz")


def test_error_create_of_an_image_not_here_is_no_such_image(api: Served) -> None:
    reply = api.request("POST", "/containers/create", body={"Image": "alpine"})
    assert (reply.status, reply.json()) == (404, {"message": "No such image: alpine:latest"})


def test_run_attached_streams_framed_output_then_wait_gives_the_status(api: Served) -> None:
    # given
    _pull(api)
    cid = _create(
        api,
        {"Image": "alpine", "Cmd": ["sh", "-c", "echo out; echo err >&2; exit 3"],
         "AttachStdout": True, "AttachStderr": True, "HostConfig": {"NetworkMode": "default"}},
    )  # fmt: skip
    attach = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    attach.settimeout(10)
    attach.connect(str(api.socket))
    attach.sendall(
        f"POST /v1.50/containers/{cid}/attach?stderr=1&stdout=1&stream=1 HTTP/1.1\r\n"
        "Host: api.moby.localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".encode()
    )
    received = [attach.recv(4096)]  # the CLI goes on once the 101 has come
    while b"\r\n\r\n" not in received[0]:
        received[0] += attach.recv(4096)

    def read() -> None:
        while piece := attach.recv(65536):
            received.append(piece)

    reader = threading.Thread(target=read)
    reader.start()
    attach.shutdown(socket.SHUT_WR)  # the CLI half-closes at once without -i
    waiter = UnixConnection(str(api.socket))
    waiter.request("POST", f"/v1.50/containers/{cid}/wait?condition=next-exit")
    waiting = waiter.getresponse()  # the headers come at once: then the CLI starts
    # when
    started = api.request("POST", f"/v1.50/containers/{cid}/start")
    reader.join(10)
    attach.close()
    # then
    assert started.status == 204
    data = b"".join(received)
    head, _, stream = data.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"HTTP/1.1 101 UPGRADED"
    assert f"Content-Type: {MULTIPLEXED}".encode() in head
    assert frames(stream) == [(1, b"out\n"), (2, b"err\n")]
    assert waiting.read() == b'{"StatusCode":3}\n'
    waiter.close()


def test_start_twice_is_not_modified_and_stop_of_a_stopped_one_too(api: Served) -> None:
    _pull(api)
    cid = _create(api, {"Image": "alpine", "Cmd": ["sleep", "100"]}, name="sleeper")
    assert api.request("POST", "/containers/sleeper/start").status == 204
    again = api.request("POST", "/containers/sleeper/start")
    assert (again.status, again.body) == (304, b"")
    assert api.request("POST", "/containers/sleeper/stop?t=1").status == 204
    assert api.request("POST", f"/containers/{cid[:12]}/stop").status == 304


def test_error_lifecycle_conflicts_carry_the_daemon_s_sentences(api: Served) -> None:
    _pull(api)
    cid = _create(api, {"Image": "alpine", "Cmd": ["sleep", "100"]}, name="busy")
    api.request("POST", "/containers/busy/start")
    rm = api.request("DELETE", "/containers/busy")
    again = api.request("POST", "/containers/create?name=busy", body={"Image": "alpine"})
    kill = api.request("POST", "/containers/nosuch/kill")
    assert rm.status == 409
    assert rm.json()["message"].startswith('cannot remove container "busy": container is')
    assert again.status == 409
    assert again.json()["message"] == (
        f'Conflict. The container name "/busy" is already in use by container "{cid}". You '
        "have to remove (or rename) that container to be able to reuse that name."
    )
    assert kill.json() == {"message": "cannot kill container: nosuch: No such container: nosuch"}
    assert api.request("DELETE", "/containers/busy?force=1").status == 204


def test_inspect_is_the_document_dockersim_docker_inspect_prints(api: Served) -> None:
    from dockersim.docker.render.inspect_json import indent_json

    _pull(api)
    _create(api, {"Image": "alpine", "Cmd": ["sleep", "5"]}, name="doc")
    served = api.request("GET", "/v1.50/containers/doc/json").json()
    cli = api.dockersim("inspect", "doc")
    assert cli.stdout == indent_json([served]) + "\n"


def test_list_filters_as_docker_ps_does(api: Served) -> None:
    _pull(api)
    for name in ("one", "two"):
        _create(api, {"Image": "alpine", "Cmd": ["sleep", "100"], "Labels": {"app": name}}, name)
    api.request("POST", "/containers/one/start")
    running = api.request("GET", "/containers/json").json()
    every = api.request("GET", "/containers/json?all=1").json()
    go_filter = quote(json.dumps({"label": {"app=two": True}}))
    py_filter = quote(json.dumps({"status": ["created"]}))
    by_label = api.request("GET", f"/containers/json?all=1&filters={go_filter}").json()
    by_status = api.request("GET", f"/containers/json?filters={py_filter}").json()
    bad = api.request("GET", "/containers/json?filters=" + quote(json.dumps({"colour": ["x"]})))
    assert [c["Names"] for c in running] == [["/one"]]
    assert [c["Names"] for c in every] == [["/two"], ["/one"]]
    assert [c["Names"] for c in by_label] == [["/two"]]
    assert [c["Names"] for c in by_status] == [["/two"]]
    assert running[0]["State"] == "running"
    assert running[0]["Image"] == "alpine"
    assert running[0]["ImageID"].startswith("sha256:")
    assert (bad.status, bad.json()) == (400, {"message": "invalid filter 'colour'"})


def test_logs_frame_each_line_and_honour_tail_and_stream_choice(api: Served) -> None:
    _pull(api)
    cid = _create(api, {"Image": "alpine", "Cmd": ["sh", "-c", "echo a; echo b; echo c >&2"]})
    api.request("POST", f"/containers/{cid}/start")
    api.request("POST", f"/containers/{cid}/wait")
    both = api.request("GET", f"/v1.50/containers/{cid}/logs?stdout=1&stderr=1")
    out_only = api.request("GET", f"/containers/{cid}/logs?stdout=1&stderr=0&tail=1")
    none = api.request("GET", f"/containers/{cid}/logs")
    assert frames(both.body) == [(1, b"a\n"), (1, b"b\n"), (2, b"c\n")]
    assert frames(out_only.body) == [(1, b"b\n")]
    assert (none.status, none.json()) == (
        400,
        {"message": "must specify at least one of 'stdout' or 'stderr'"},
    )


def test_error_wait_with_an_unknown_condition(api: Served) -> None:
    _pull(api)
    cid = _create(api, {"Image": "alpine", "Cmd": ["true"]})
    reply = api.request("POST", f"/containers/{cid}/wait?condition=soon")
    assert (reply.status, reply.json()) == (400, {"message": 'invalid condition: "soon"'})


def test_rename_top_and_changes(api: Served) -> None:
    _pull(api)
    _create(api, {"Image": "alpine", "Cmd": ["sh", "-c", "touch /new; sleep 100"]}, "old")
    assert api.request("POST", "/containers/old/rename?name=new").status == 204
    api.request("POST", "/containers/new/start")
    top = api.request("GET", "/containers/new/top").json()
    changes = api.request("GET", "/containers/new/changes").json()
    assert top["Titles"] == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    cli = api.dockersim("top", "new").stdout.splitlines()[1:]
    assert [p[-1] for p in top["Processes"]] == [line.split(None, 7)[-1] for line in cli]
    assert {"Kind": 1, "Path": "/new"} in changes


def test_images_list_inspect_history_tag_and_remove(api: Served) -> None:
    _pull(api)
    tagged = api.request("POST", "/images/alpine/tag?repo=docker.io%2Flibrary%2Fmine&tag=v1")
    listed = api.request("GET", "/images/json").json()
    inspected = api.request("GET", "/images/docker.io/library/mine:v1/json").json()
    history = api.request("GET", "/images/mine:v1/history").json()
    removed = api.request("DELETE", "/images/mine:v1").json()
    assert (tagged.status, tagged.body) == (201, b"")
    assert sorted(listed[0]["RepoTags"]) == ["alpine:latest", "mine:v1"]
    assert inspected["RepoTags"] == ["alpine:latest", "mine:v1"]
    assert history[0]["Id"] == inspected["Id"]
    assert removed == [{"Untagged": "mine:v1"}]


def test_networks_and_volumes_round_trip(api: Served) -> None:
    _pull(api)
    _create(api, {"Image": "alpine", "Cmd": ["sleep", "100"]}, name="member")
    api.request("POST", "/containers/member/start")
    made = api.request("POST", "/networks/create", body={"Name": "net1", "Driver": "bridge"})
    joined = api.request("POST", "/networks/net1/connect", body={"Container": "member"})
    inspected = api.request("GET", "/networks/net1").json()
    listed = api.request("GET", "/networks").json()
    left = api.request("POST", "/networks/net1/disconnect", body={"Container": "member"})
    gone = api.request("DELETE", "/networks/net1")
    volume = api.request("POST", "/volumes/create", body={"Name": "vol1"})
    volumes = api.request("GET", "/volumes").json()
    assert made.status == 201 and made.json()["Warning"] == ""
    assert (joined.status, left.status, gone.status) == (200, 200, 204)
    assert [c["Name"] for c in inspected["Containers"].values()] == ["member"]
    assert [n["Name"] for n in listed] == ["bridge", "host", "net1", "none"]
    assert "Containers" not in listed[0]
    assert volume.status == 201 and volume.json()["Name"] == "vol1"
    assert [v["Name"] for v in volumes["Volumes"]] == ["vol1"]
    assert volumes["Warnings"] is None
    assert api.request("DELETE", "/volumes/vol1").status == 204
    assert api.request("GET", "/volumes/vol1").status == 404


def test_a_change_made_by_dockersim_docker_is_seen_by_the_server(api: Served) -> None:
    # given: a container created from the command line while the server runs
    assert api.dockersim("volume", "create", "fromcli").returncode == 0
    # when
    names = [v["Name"] for v in api.request("GET", "/volumes").json()["Volumes"]]
    # then
    assert names == ["fromcli"]
