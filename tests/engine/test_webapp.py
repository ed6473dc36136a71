"""Reading a learner's app with `ast` (never running it)."""

from __future__ import annotations

from dockersim.engine.programs.webapp import analyse

FLASK = """from flask import Flask, jsonify
app = Flask(__name__)

@app.route("/")
def index():
    return "Hello, Docker!"

@app.route("/api")
def api():
    return jsonify({"status": "ok", "count": 2})

@app.post("/items")
def create():
    return {"created": True}, 201

@app.route("/time")
def now():
    import datetime
    return str(datetime.datetime.now())

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=False)
"""


def test_flask_routes_port_and_notes() -> None:
    # when
    app = analyse(FLASK)
    # then
    assert (app.kind, app.port, app.host, app.runs_server) == ("flask", 8000, "0.0.0.0", True)
    assert app.route_table == {
        "/": (200, b"Hello, Docker!", "text/html; charset=utf-8"),
        "/api": (200, b'{"count":2,"status":"ok"}\n', "application/json"),
        "/items": (201, b'{"created":true}\n', "application/json"),
        "/time": (200, b"", "text/html; charset=utf-8"),
    }
    assert app.notes == (
        "dockersim: cannot work out what /time returns without running the app; it answers "
        "200 with an empty body",
    )


def test_flask_answers_like_werkzeug() -> None:
    app = analyse(FLASK)
    ok = app.answer("GET", "/")
    missing = app.answer("GET", "/nope")
    wrong = app.answer("GET", "/items")
    assert (ok.status, ok.reason, ok.body) == (200, "OK", b"Hello, Docker!")
    assert (missing.status, missing.reason) == (404, "NOT FOUND")
    assert missing.body.startswith(b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>")
    assert (wrong.status, dict(wrong.headers)["Allow"]) == (405, "OPTIONS, POST")


def test_default_port_is_5000() -> None:
    app = analyse("from flask import Flask\napp = Flask(__name__)\napp.run()\n")
    assert (app.port, app.host) == (5000, "127.0.0.1")


def test_http_server_handler() -> None:
    source = (
        "from http.server import HTTPServer, BaseHTTPRequestHandler\n"
        "class H(BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        if self.path == '/health':\n"
        "            self.send_response(200)\n"
        "            self.end_headers()\n"
        "            self.wfile.write(b'ok')\n"
        "        else:\n"
        "            self.send_response(200)\n"
        "            self.send_header('Content-type', 'text/plain')\n"
        "            self.end_headers()\n"
        "            self.wfile.write('hello'.encode())\n"
        "HTTPServer(('', 8080), H).serve_forever()\n"
    )
    app = analyse(source)
    assert (app.kind, app.port, app.runs_server) == ("http.server", 8080, True)
    assert app.route_table["/health"] == (200, b"ok", "text/html")
    assert app.route_table["/"] == (200, b"hello", "text/plain")


def test_plain_script_prints_literals() -> None:
    app = analyse("import os\nprint('hi', 3)\nx = 1\nprint(x)\n")
    assert (app.kind, app.prints) == ("script", ("hi 3",))


def test_syntax_error_is_a_note() -> None:
    app = analyse("def broken(:\n")
    assert app.notes == ("app.py does not parse: invalid syntax (line 1)",)
