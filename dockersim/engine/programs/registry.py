"""The registry's server (registry:2): what it logs, and its HTTP API over the engine's store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, http_date

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx


def registry(ctx: Ctx) -> int:
    if ctx.fs.exists("/etc/distribution/config.yml"):
        return _registry_3(ctx)
    ctx.err.write(
        'time="{ts}" level=info msg="listening on [::]:5000" go.version=go1.20.8 '
        "instance.id=00000000-0000-0000-0000-000000000000 service=registry version=2.8.3\n".replace(
            "{ts}", datetime.fromtimestamp(ctx.now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
        )
    )
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _registry_3(ctx: Ctx) -> int:
    """registry:3 (3.0.0): its config logs at debug level in the development environment;
    the fields after `msg` are its logger's (go.version and the order est.)."""
    ts = datetime.fromtimestamp(ctx.now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
    tail = (
        "environment=development go.version=go1.23.7 "
        "instance.id=00000000-0000-0000-0000-000000000000 service=registry version=3.0.0\n"
    )
    for level, msg in (
        ("info", "Starting upload purge in 20m0s"),
        ("info", "redis not configured"),
        ("info", "using inmemory blob descriptor cache"),
        ("info", "providing prometheus metrics on /metrics"),
        ("info", "debug server listening :5001"),
        ("info", "listening on [::]:5000"),
    ):
        ctx.err.write(f'time="{ts}" level={level} msg="{msg}" {tail}')
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _ports(engine: Engine, container: Container) -> list[int]:
    return [5000]


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    """The registry's HTTP API (`/v2/`, `/v2/_catalog`, tags), over the engine's store."""
    code, answer = engine.registry_api(container, request.path)
    found = bool(answer) or code == 200
    body = (json.dumps(answer, separators=(",", ":")) + "\n").encode()
    return HttpResponse(
        code,
        "OK" if code == 200 else "Not Found",
        (
            ("Content-Type", "application/json; charset=utf-8" if found else "text/plain"),
            ("Docker-Distribution-Api-Version", "registry/2.0"),
            ("Date", http_date(engine.now)),
        ),
        body if found else b"404 page not found\n",
    )


PROGRAM = Program(
    registry,
    ports=_ports,
    serve=_serve,
    exits={"SIGTERM": 2, "SIGINT": 2},
    registry=True,
)
