"""Caddy 2 (the caddy images): `caddy version`, `caddy run` with the image's Caddyfile (its
JSON start lines, the welcome page and static files from /usr/share/caddy on :80). Other
Caddyfiles, sub-commands and the admin API are not modelled and say so."""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, http_date, mime
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

VERSION = "v2.10.0 h1:fonubSaQKF1YANl8TXqGcn4IbIRUDdfAkpcsfI/vX5U="  # est. (module hash)
ROOT = "/usr/share/caddy"


def caddy(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] == ["version"]:
        ctx.write(VERSION + "\n")
        return 0
    if args[:1] != ["run"]:
        raise ctx.not_simulated(f"caddy {args[0]}" if args else "caddy without a sub-command")
    config = _flag(args, "--config")
    try:
        text = ctx.fs.read(config).decode(errors="replace") if config else ""
    except FsError:
        ctx.err.write(_line(ctx.now(), "info", None, "using config from file", file=config))
        ctx.err.write(
            f"Error: reading config from file: open {config}: no such file or directory\n"
        )
        return 1
    if config and not _is_default(ctx, text):
        raise ctx.not_simulated("a Caddyfile other than the image's")
    now = ctx.now()
    out = [
        _line(
            now,
            "info",
            None,
            f"maxprocs: Leaving GOMAXPROCS={ctx.proc.ncpu}: CPU quota undefined",
        ),
        _line(
            now,
            "info",
            None,
            "GOMEMLIMIT is updated",
            package="github.com/KimMachineGun/automemlimit/memlimit",
            GOMEMLIMIT=1_800_000_000,
            previous=9223372036854775807,
        ),
        _line(now, "info", None, "using config from file", file=config),
        _line(now, "info", None, "adapted config to JSON", adapter="caddyfile"),
        _line(
            now,
            "info",
            "admin",
            "admin endpoint started",
            address="localhost:2019",
            enforce_origin=False,
            origins=["//localhost:2019", "//[::1]:2019", "//127.0.0.1:2019"],
        ),
        _line(
            now,
            "warn",
            "http.auto_https",
            "server is listening only on the HTTP port, so no automatic HTTPS will be applied "
            "to this server",
            server_name="srv0",
            http_port=80,
        ),
        _line(
            now,
            "info",
            "tls.cache.maintenance",
            "started background certificate maintenance",
            cache="0xc000488f00",
        ),
        _line(
            now, "warn", "http", "HTTP/2 skipped because it requires TLS", network="tcp", addr=":80"
        ),
        _line(
            now, "warn", "http", "HTTP/3 skipped because it requires TLS", network="tcp", addr=":80"
        ),
        _line(now, "info", "http.log", "server running", name="srv0", protocols=["h1", "h2", "h3"]),
        _line(
            now,
            "info",
            None,
            "autosaved config (load with --resume flag)",
            file="/config/caddy/autosave.json",
        ),
        _line(now, "info", None, "serving initial configuration"),
        _line(
            now,
            "info",
            "tls",
            "storage cleaning happened too recently; skipping for now",
            storage="FileStorage:/data/caddy",
            try_again="2025-06-05T12:00:00Z",
            try_again_in=86399.99,
        ),
        _line(now, "info", "tls", "finished cleaning storage units"),
    ]
    ctx.err.write("".join(out))
    ctx.block(frozenset({"SIGTERM", "SIGINT", "SIGQUIT"}))
    return 0


def _is_default(ctx: Ctx, text: str) -> bool:
    from dockersim import catalog

    return text == catalog.load().texts.get("caddy_caddyfile")


def _line(now: float, level: str, logger: str | None, msg: str, **fields: object) -> str:
    record: dict[str, object] = {"level": level, "ts": round(now + 0.1234567, 7)}
    if logger:
        record["logger"] = logger
    record["msg"] = msg
    record.update(fields)
    return json.dumps(record, separators=(",", ":")) + "\n"


def _flag(args: list[str], name: str) -> str:
    if name in args:
        at = args.index(name)
        return args[at + 1] if at + 1 < len(args) else ""
    return ""


def _ports(engine: Engine, container: Container) -> list[int]:
    return [80, 2019]


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    date = ("Date", http_date(engine.now))
    if request.port == 2019:
        body = b"dockersim: not simulated in caddy: the admin API\n"
        return HttpResponse(501, "Not Implemented", (("Content-Type", "text/plain"), date), body)
    fs = engine.container_fs(container)
    clean = posixpath.normpath("/" + request.path.split("?", 1)[0].lstrip("/"))
    target = posixpath.join(ROOT, clean.lstrip("/"))
    base = (("Server", "Caddy"), date)
    try:
        if fs.stat(target).kind == "dir":
            target = posixpath.join(target, "index.html")
        content = fs.read(target)
    except FsError:
        return HttpResponse(404, "Not Found", (*base, ("Content-Length", "0")), b"")
    mtime = engine.world.mtimes.get(container.id, {}).get(target, engine.now - 86400 * 45)
    kind = mime(target) + ("; charset=utf-8" if mime(target).startswith("text/") else "")
    return HttpResponse(
        200,
        "OK",
        (
            ("Accept-Ranges", "bytes"),
            ("Content-Length", str(len(content))),
            ("Content-Type", kind),
            ("Etag", f'"{int(mtime):x}{len(content):x}"'),
            ("Last-Modified", http_date(mtime)),
            ("Vary", "Accept-Encoding"),
            *base,
        ),
        content if request.method != "HEAD" else b"",
    )


PROGRAM = Program(
    caddy,
    ports=_ports,
    serve=_serve,
    exits={"SIGTERM": 0, "SIGINT": 0, "SIGQUIT": 0},
    memory_mib=12.5,
)
