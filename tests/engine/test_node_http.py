"""A node script's `http.createServer(...).listen(port)` answers the simulator's HTTP clients:
curl inside the container and a published port from the host; its handler's console.log goes
to the container's log."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

APP = "/home/student/app"
SERVER = """\
const http = require('http');
const server = http.createServer((req, res) => {
  console.log(`${req.method} ${req.url}`);
  if (req.url === '/api') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ ok: true, agent: req.headers['user-agent'] }));
    return;
  }
  if (req.url === '/missing') {
    res.statusCode = 404;
    res.end('nothing here');
    return;
  }
  let body = '';
  req.on('data', chunk => body += chunk);
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('Hello World');
    res.end(body ? ' ' + body + '\\n' : '\\n');
  });
});
server.listen(3000, () => console.log('Server running on port 3000'));
"""


@pytest.fixture(autouse=True)
def serving(engine: Engine) -> None:
    engine.host_write(f"{APP}/app.js", SERVER)
    assert engine.docker("pull -q node:20").exit_code == 0
    ran = engine.docker(f"run -d --name web -p 8080:3000 -v {APP}:/app -w /app node:20 node app.js")
    assert ran.exit_code == 0


def test_the_server_keeps_the_container_running(engine: Engine) -> None:
    assert engine.docker("inspect -f '{{.State.Status}}' web").stdout == "running\n"
    assert engine.docker("logs web").stdout == "Server running on port 3000\n"


def test_a_published_port_answers_with_nodes_headers(engine: Engine) -> None:
    got = engine.host("curl -si localhost:8080/api").stdout
    assert got == (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Date: Sun, 15 Jun 2025 12:00:00 GMT\r\nConnection: keep-alive\r\n"
        "Keep-Alive: timeout=5\r\nContent-Length: 32\r\n\r\n"
        '{"ok":true,"agent":"curl/8.5.0"}'
    )


def test_a_streamed_body_is_chunked_and_the_request_body_arrives(engine: Engine) -> None:
    got = engine.host("curl -si -d name=docker localhost:8080/").stdout
    head, _, body = got.partition("\r\n\r\n")
    assert body == "Hello World name=docker\n"
    assert "Transfer-Encoding: chunked" in head.split("\r\n")


def test_status_codes_and_the_log(engine: Engine) -> None:
    got = engine.host("curl -si localhost:8080/missing").stdout
    assert got.startswith("HTTP/1.1 404 Not Found\r\n")
    assert got.endswith("Content-Length: 12\r\n\r\nnothing here")
    assert engine.docker("exec web curl -s localhost:3000/api").stdout.startswith('{"ok":true')
    assert engine.docker("logs web").stdout == (
        "Server running on port 3000\nGET /missing\nGET /api\n"
    )


def test_a_port_nothing_listens_on_is_refused(engine: Engine) -> None:
    ran = engine.docker("exec web curl -sS localhost:4000/")
    assert ran.exit_code == 7
