"""Stats, update, save/load, search and auth at the API level (handlers/resources.py,
handlers/transfer.py): the JSON the CLI and docker-py read."""

from __future__ import annotations

import json
import socket
import time

from apiclient import Served


def _run_nginx(api: Served) -> None:
    assert api.request("POST", "/images/create?fromImage=nginx&tag=latest").status == 200
    assert api.request("POST", "/containers/create?name=web", body={"Image": "nginx"}).status == 201
    assert api.request("POST", "/containers/web/start").status == 204


def test_stats_one_sample_has_moby_field_order_and_the_usage(api: Served) -> None:
    _run_nginx(api)
    reply = api.request("GET", "/containers/web/stats?stream=0")
    sample = reply.json()
    assert reply.status == 200
    assert list(sample) == [
        "name",
        "id",
        "read",
        "preread",
        "pids_stats",
        "blkio_stats",
        "num_procs",
        "storage_stats",
        "cpu_stats",
        "precpu_stats",
        "memory_stats",
        "networks",
    ]
    assert sample["name"] == "/web"
    assert sample["preread"] == "0001-01-01T00:00:00Z"
    assert sample["pids_stats"]["current"] == 3
    assert sample["memory_stats"]["usage"] == int(9.8 * 1024 * 1024)
    assert sample["networks"]["eth0"]["rx_bytes"] == 1050


def test_stats_streams_a_sample_a_second_with_the_previous_read_time(api: Served) -> None:
    _run_nginx(api)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(str(api.socket))
    sock.sendall(b"GET /containers/web/stats HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    started = time.monotonic()
    while data.count(b'"name":"/web"') < 2:
        data += sock.recv(65536)
    sock.close()
    assert 0.8 < time.monotonic() - started < 5
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"Transfer-Encoding: chunked" in head
    samples = [json.loads(line) for line in body.split(b"\r\n") if line.startswith(b"{")]
    assert samples[1]["preread"] == samples[0]["read"]
    assert samples[1]["precpu_stats"] == samples[1]["cpu_stats"]


def test_error_update_of_a_resource_the_model_lacks_is_not_simulated(api: Served) -> None:
    _run_nginx(api)
    reply = api.request("POST", "/containers/web/update", body={"CpuShares": 512})
    assert (reply.status, reply.json()) == (
        501,
        {"message": "dockersim: not simulated in serve: update of CpuShares"},
    )
    ok = api.request("POST", "/containers/web/update", body={"RestartPolicy": {"Name": "always"}})
    assert (ok.status, ok.json()) == (200, {"Warnings": None})
    policy = api.request("GET", "/containers/web/json").json()["HostConfig"]["RestartPolicy"]
    assert policy == {"Name": "always", "MaximumRetryCount": 0}


def test_load_without_quiet_shows_each_layer_then_the_tag(api: Served) -> None:
    assert api.request("POST", "/images/create?fromImage=busybox&tag=latest").status == 200
    archive = api.request("GET", "/images/busybox/get")
    assert archive.headers["content-type"] == "application/x-tar"
    assert api.request("DELETE", "/images/busybox").status == 200
    reply = api.request("POST", "/images/load", body=archive.body)
    lines = [json.loads(line) for line in reply.body.splitlines()]
    assert [line.get("status") or line.get("stream") for line in lines] == [
        "Loading layer",
        "Loaded image: busybox:latest\n",
    ]
    assert lines[0]["progressDetail"]["current"] == lines[0]["progressDetail"]["total"]


def test_search_and_auth_answer_as_the_daemon(api: Served) -> None:
    hits = api.request("GET", "/images/search?term=nginx&limit=1").json()
    assert hits == [
        {
            "star_count": 20810,
            "is_official": True,
            "name": "nginx",
            "is_automated": False,
            "description": "Official build of Nginx.",
        }
    ]
    bad = api.request("GET", '/images/search?term=x&filters={"color":["red"]}')
    assert (bad.status, bad.json()) == (400, {"message": "invalid filter 'color'"})
    login = {"username": "bob", "password": "pw", "serveraddress": "https://index.docker.io/v1/"}
    reply = api.request("POST", "/auth", body=login)
    assert (reply.status, reply.json()) == (200, {"IdentityToken": "", "Status": "Login Succeeded"})
