"""The page's server attacked over a real socket: what a web page or a lesson could try.

A hostile web page the learner visits can make the browser send requests to 127.0.0.1 (form
posts, fetch without reading the answer, DNS rebinding with its own Host); a lesson file is
untrusted text shown in the page. None of it may run a command, read the token or a file
outside the fixed list, or reach the real machine.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersim.web.api import MAX_BODY, App
from dockersim.web.lessons import load_lessons
from dockersim.web.server import PageServer, bind
from dockersim.web.world import World


@pytest.fixture
def server(app: App) -> Iterator[PageServer]:
    running = PageServer(app, 0)
    thread = threading.Thread(target=running.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()
        thread.join(5)


def request(
    server: PageServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes, dict[str, str]]:
    """One request with exactly these headers (urllib adds Host unless one is given)."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        given = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        if body is not None and "Content-Length" not in given:
            given["Content-Length"] = str(len(body))
        for name, value in given.items():
            if value:
                connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def own(server: PageServer, **extra: str) -> dict[str, str]:
    port = server.server_address[1]
    headers = {
        "Origin": f"http://127.0.0.1:{port}",
        "Content-Type": "application/json",
        "X-Dockersim-Token": server.app.token,
    }
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return headers


RUN = json.dumps({"line": "docker network create pwned"}).encode()


def networks(app: App) -> str:
    with app.world.session(lambda: False) as engine:
        return engine.docker(["network", "ls", "--format", "{{.Name}}"]).stdout


def test_it_listens_on_loopback_only(server: PageServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.server_address[1]}/"


def test_the_page_itself_works_over_the_socket(server: PageServer) -> None:
    url = server.url
    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode()
        headers = response.headers
    assert server.app.token in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, body, _ = request(server, "POST", "/api/run", RUN, own(server))
    assert status == 200 and json.loads(body)["exit_code"] == 0
    assert "pwned" in networks(server.app)


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1", "", "0.0.0.0:{port}", "localhost:1"],
)
def test_dns_rebinding_a_foreign_host_gets_nothing(server: PageServer, host: str) -> None:
    port = server.server_address[1]
    given = host.format(port=port)
    for method, path, body in (("GET", "/", None), ("POST", "/api/run", RUN)):
        headers = own(server, Host=given) if body else {"Host": given}
        if not given:
            headers["Host"] = ""
        status, answer, _ = request(server, method, path, body, headers)
        assert status == 403
        assert server.app.token.encode() not in answer
    assert "pwned" not in networks(server.app)


def test_localhost_by_name_is_the_same_server(server: PageServer) -> None:
    port = server.server_address[1]
    status, page, _ = request(server, "GET", "/", headers={"Host": f"localhost:{port}"})
    assert status == 200 and server.app.token.encode() in page


@pytest.mark.parametrize(
    "change",
    [
        {"X-Dockersim-Token": ""},  # a form post or a blind fetch cannot know the token
        {"X-Dockersim-Token": "guess"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Content-Type": "text/plain"},  # the content type a "simple" cross-site request has
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_state_changing_requests_need_the_token_and_our_origin(
    server: PageServer, change: dict[str, str]
) -> None:
    headers = own(server, **{k.replace("-", "_"): v for k, v in change.items()})
    for name, value in change.items():
        headers[name] = value
    status, _, _ = request(server, "POST", "/api/run", RUN, headers)
    assert status in (403, 415)
    assert "pwned" not in networks(server.app)


def test_no_get_request_changes_anything(server: PageServer) -> None:
    for path in ("/api/run?line=docker+network+create+pwned", "/api/state", "/api/prepare"):
        status, _, _ = request(server, "GET", path)
        assert status == 405
    assert "pwned" not in networks(server.app)


def test_a_preflight_is_not_answered_with_cors(server: PageServer) -> None:
    status, _, headers = request(
        server,
        "OPTIONS",
        "/api/run",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 501
    assert not any(name.lower().startswith("access-control") for name in headers)


def test_bodies_are_bounded_before_they_are_read(server: PageServer) -> None:
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        head = (
            f"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nX-Dockersim-Token: {server.app.token}\r\n"
            f"Content-Length: {10 * 1024 * 1024 * 1024}\r\n\r\n"
        )
        sock.sendall(head.encode())  # a body of 10 GiB announced, none sent
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413 ")
    big = json.dumps({"line": "x" * MAX_BODY}).encode()
    assert request(server, "POST", "/api/run", big, own(server))[0] == 413


def test_a_body_without_a_length_is_refused(server: PageServer) -> None:
    headers = own(server, Transfer_Encoding="chunked", Content_Length="")
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        lines = ["POST /api/run HTTP/1.1", f"Host: 127.0.0.1:{port}"]
        lines += [f"{k}: {v}" for k, v in headers.items() if v]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n").encode())
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 411 ")
    assert "pwned" not in networks(server.app)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../api.py",
        "/static/%2e%2e/api.py",
        "/static/vendor/../../server.py",
        "/static/vendor/VENDORED.md",
        "/static/app.js/../../__init__.py",
        "//etc/passwd",
        "/../../../../etc/passwd",
        "/static/..%2f..%2fapi.py",
        "/static/app.js%00.html",
        "/index.html/..",
    ],
)
def test_no_path_reaches_a_file_outside_the_fixed_list(server: PageServer, path: str) -> None:
    status, body, _ = request(server, "GET", path)
    assert status == 404
    assert b"import" not in body and b"root:" not in body


def test_lesson_text_cannot_put_markup_in_the_page(app: App, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        "dockersim: 1\n"
        'title: "<img src=x onerror=alert(1)>"\n'
        "description: |\n"
        '  <script>fetch("/api/run")</script> [click](javascript:alert(1))\n'
        "  `<b>code</b>` **<i>x</i>**\n"
        "steps:\n"
        "  - say: '<iframe src=//evil.example></iframe>'\n"
        "    run: docker ps\n"
    )
    lesson = load_lessons([hostile])[0].to_json(0)
    assert lesson["title"] == "<img src=x onerror=alert(1)>"  # shown with textContent
    assert lesson["description"] == (
        "<p>&lt;script&gt;fetch(&quot;/api/run&quot;)&lt;/script&gt; click "
        "(javascript:alert(1)) <code>&lt;b&gt;code&lt;/b&gt;</code> "
        "<strong>&lt;i&gt;x&lt;/i&gt;</strong></p>"
    )
    assert lesson["steps"][0]["say"] == "<p>&lt;iframe src=//evil.example&gt;&lt;/iframe&gt;</p>"


def test_a_busy_port_gives_a_free_one_and_says_so(app: App) -> None:
    import io

    first = PageServer(app, 0)
    try:
        busy = first.server_address[1]
        other = App([], World(), busy)
        said = io.StringIO()
        second = bind(other, busy, said)
        try:
            port = second.server_address[1]
            assert port != busy
            assert said.getvalue() == f"dockersim web: port {busy} is in use; using {port}\n"
            assert other.hosts == {f"127.0.0.1:{port}", f"localhost:{port}"}
        finally:
            second.server_close()
    finally:
        first.server_close()


def test_a_stalled_client_does_not_hold_the_world(server: PageServer) -> None:
    port = server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /api/run HTTP/1.1\r\n")  # and nothing more
        status, _, _ = request(server, "POST", "/api/run", RUN, own(server))
    assert status == 200


def test_errors_never_show_a_traceback(server: PageServer, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "world.json").write_text('{"version": 1, "seed": "x"}')
    status, body, _ = request(server, "POST", "/api/run", RUN, own(server))
    assert status == 500
    assert b"Traceback" not in body
    assert json.loads(body)["error"].startswith("dockersim: cannot read the saved world")
    status, body, _ = request(server, "POST", "/api/run", b"{bad json", own(server))
    assert (status, json.loads(body)) == (400, {"error": "the body is not JSON"})
