"""Requests as the page's own script sends them, and a lesson to serve (tests/web)."""

from __future__ import annotations

import json

from dockersim.web.api import App, Request, Response

PORT = 8642
HOST = f"127.0.0.1:{PORT}"
LESSON = """\
dockersim: 1
title: "A web server"
description: |
  Run **nginx** in the background. <script>alert(1)</script>
files:
  /home/student/site/index.html: "<h1>hi</h1>"
images: [nginx:latest]
steps:
  - id: run
    say: "Start it: `docker run -d --name web nginx`"
    run: docker run -d --name web nginx
    expect: {exit: 0}
    check:
      - container: {name: web, state: running}
    hint: Did you name it web?
  - id: net
    say: Make a network.
    run: docker network create lab
    check:
      - network: {name: lab}
"""


def headers(app: App, **extra: str) -> dict[str, str]:
    """What the page's own script sends."""
    base = {
        "host": HOST,
        "origin": f"http://{HOST}",
        "content-type": "application/json",
        "x-dockersim-token": app.token,
        "sec-fetch-site": "same-origin",
    }
    base.update({key.replace("_", "-"): value for key, value in extra.items()})
    return {key: value for key, value in base.items() if value != "-"}


def post(app: App, path: str, data: object = None, **extra: str) -> Response:
    body = json.dumps({} if data is None else data).encode()
    return app.handle(Request("POST", path, headers(app, **extra), body))


def get(app: App, path: str, host: str = HOST) -> Response:
    return app.handle(Request("GET", path, {"host": host}))


def data(response: Response) -> dict[str, object]:
    value = json.loads(response.body)
    assert isinstance(value, dict)
    return value
