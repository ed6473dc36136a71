"""The HTTP layer of `dockersim serve`: ping, versions, errors, and what a hostile or broken
client sends (engine-api.md §1, §2, §4)."""

from __future__ import annotations

import socket
import time

import pytest
from apiclient import Served

from dockersim.api import routes
from dockersim.api.http import MAX_BODY


def test_head_ping_sends_the_daemon_headers_and_no_body(api: Served) -> None:
    # when
    reply = api.request("HEAD", "/_ping")
    # then
    assert reply.status == 200
    assert reply.body == b""
    headers = reply.headers
    assert headers["api-version"] == "1.52"
    assert headers["ostype"] == "linux"
    assert headers["docker-experimental"] == "false"
    assert headers["server"] == "Docker/29.1.3 (linux)"
    assert headers["swarm"] == "inactive"
    assert headers["builder-version"] == "1"
    assert headers["cache-control"] == "no-cache, no-store, must-revalidate"
    assert headers["pragma"] == "no-cache"
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["content-length"] == "0"


def test_get_ping_answers_ok_on_every_supported_version(api: Served) -> None:
    for path in ("/_ping", "/v1.44/_ping", "/v1.50/_ping", "/v1.52/_ping"):
        reply = api.request("GET", path)
        assert (reply.status, reply.body) == (200, b"OK"), path


def test_error_a_version_outside_the_range_is_refused_with_the_middleware_text(
    api: Served,
) -> None:
    old = api.request("GET", "/v1.43/version")
    new = api.request("GET", "/v1.53/version")
    assert (old.status, old.json()) == (
        400,
        {
            "message": "client version 1.43 is too old. Minimum supported API version is 1.44, "
            "please upgrade your client to a newer version"
        },
    )
    assert (new.status, new.json()) == (
        400,
        {"message": "client version 1.53 is too new. Maximum supported API version is 1.52"},
    )


def test_version_reports_the_engine_and_its_api_range(api: Served) -> None:
    body = api.request("GET", "/version").json()
    assert (body["Version"], body["ApiVersion"], body["MinAPIVersion"]) == (
        "29.1.3",
        "1.52",
        "1.44",
    )
    assert body["Components"][0]["Name"] == "Engine"
    assert "podman" not in body["Platform"]["Name"].lower()


def test_error_an_unknown_route_is_page_not_found_in_exact_json(api: Served) -> None:
    for method, path in (("GET", "/nothing"), ("POST", "/v1.50/swarm/init"), ("PUT", "/_ping")):
        reply = api.request(method, path)
        assert reply.status == 404, path
        assert reply.headers["content-type"] == "application/json"
        assert reply.body == b'{"message":"page not found"}\n'


def test_error_engine_errors_carry_their_status_and_sentence(api: Served) -> None:
    reply = api.request("GET", "/v1.50/containers/nosuch/json")
    assert (reply.status, reply.body) == (404, b'{"message":"No such container: nosuch"}\n')
    assert reply.headers["content-type"] == "application/json"


def test_error_a_malformed_request_line_gets_go_s_400_and_the_connection_ends(
    api: Served,
) -> None:
    answer = api.raw(b"NONSENSE\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert answer.endswith(b"\r\n\r\n400 Bad Request")


def test_error_a_body_over_the_limit_is_refused_before_it_is_read(api: Served) -> None:
    head = (
        f"POST /volumes/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {MAX_BODY + 1}\r\n\r\n"
    ).encode()
    answer = api.raw(head)
    assert answer.startswith(b"HTTP/1.1 413 Request Entity Too Large\r\n")


def test_error_endless_headers_are_refused(api: Served) -> None:
    head = b"GET /_ping HTTP/1.1\r\n" + b"X-A: b\r\n" * 300 + b"\r\n"
    assert api.raw(head).startswith(b"HTTP/1.1 431 ")


def test_a_chunked_request_body_is_read(api: Served) -> None:
    body = b'{"Name":"chunky"}'
    data = (
        b"POST /v1.50/volumes/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + b"%x\r\n%s\r\n0\r\n\r\n"
        % (len(body), body)
    )
    answer = api.raw(data)
    assert answer.startswith(b"HTTP/1.1 201 Created\r\n")
    assert b'"Name":"chunky"' in answer


def test_keep_alive_answers_several_requests_on_one_connection(api: Served) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(str(api.socket))
    try:
        sock.sendall(b"GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n" * 2)
        data = b""
        while data.count(b"\r\n\r\nOK") < 2:
            data += sock.recv(4096)
        assert data.count(b"HTTP/1.1 200 OK\r\n") == 2
    finally:
        sock.close()


def test_error_names_with_traversal_are_just_names_nobody_has(api: Served) -> None:
    for path in (
        "/containers/..%2F..%2Fetc%2Fpasswd/json",
        "/volumes/..%2F..%2Fetc",
        "/images/..%2F..%2Fetc%2Fpasswd/json",
    ):
        reply = api.request("GET", path)
        assert reply.status in (400, 404), path
        assert "message" in reply.json()
    assert not (api.home / "etc").exists()


def test_error_a_bug_in_a_handler_is_a_500_with_a_message_and_the_server_goes_on(
    api: Served, monkeypatch: object
) -> None:
    # given: a handler that fails
    def broken(call: routes.Call) -> routes.Reply:
        raise RuntimeError("boom")

    routes.route("GET", "/dockersim-test/broken")(broken)
    try:
        # when
        reply = api.request("GET", "/dockersim-test/broken")
        # then
        assert reply.status == 500
        assert reply.json() == {"message": "dockersim: internal error: RuntimeError('boom')"}
        assert api.request("GET", "/_ping").body == b"OK"
    finally:
        routes._ROUTES.pop()


def test_error_bad_json_bodies_are_400s(api: Served) -> None:
    empty = api.request("POST", "/containers/create", body=b"")
    broken = api.request("POST", "/containers/create", body=b"{nope")
    wrong = api.request("POST", "/containers/create", body={"Image": 5})
    text = api.request(
        "POST", "/containers/create", body=b"{}", headers={"Content-Type": "text/plain"}
    )
    assert empty.json() == {"message": "invalid JSON: got EOF while reading request body"}
    assert broken.status == 400 and broken.json()["message"].startswith("invalid JSON: ")
    assert wrong.json() == {
        "message": "json: cannot unmarshal number into Go struct field CreateRequest.Image "
        "of type string"
    }
    assert text.json() == {
        "message": "unsupported Content-Type header (text/plain): must be 'application/json'"
    }


def test_the_server_survives_a_client_that_leaves_mid_stream(api: Served) -> None:
    # given: an events stream, left half read
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(str(api.socket))
    sock.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    assert sock.recv(4096).startswith(b"HTTP/1.1 200 OK\r\n")
    # when
    sock.close()
    time.sleep(0.4)
    # then
    assert api.request("GET", "/_ping").body == b"OK"
    assert api.request("POST", "/volumes/create", body={"Name": "after"}).status == 201


@pytest.mark.parametrize(
    ("method", "path", "what"),
    [
        ("POST", "/v1.52/build/prune", "build cache prune"),
        ("GET", "/distribution/alpine/json", "distribution inspect"),
        ("POST", "/v1.47/build/cancel", "build cancel"),
    ],
)
def test_a_docker_route_not_served_yet_says_so(api: Served, method: str, path: str, what: str):
    reply = api.request(method, path)
    assert (reply.status, reply.json()) == (
        501,
        {"message": f"dockersim: not simulated in serve: {what}"},
    )


def test_a_route_docker_lacks_is_page_not_found(api: Served) -> None:
    reply = api.request("GET", "/v1.52/containers/web/nonsense")
    assert (reply.status, reply.json()) == (404, {"message": "page not found"})
