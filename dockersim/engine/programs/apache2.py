"""Debian's Apache with mod_php (the php:*-apache and wordpress images): its start-up lines,
/var/www/html served with `DirectoryIndex index.php index.html` and `Options -Indexes`, PHP
pages through `phpeval`, and WordPress handed to `wordpress`."""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs._texts import apache_ts
from dockersim.engine.programs.http import HttpResponse, env_of, http_date, mime
from dockersim.engine.programs.phpeval import PhpUnsupported, render_page
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

#: bookworm's apache2 in May 2025 (2.4.62-1~deb12u2)
SERVER = "Apache/2.4.62 (Debian)"
ROOT = "/var/www/html"


def apache2(ctx: Ctx) -> int:
    # an empty word: the userland's "$@" with no arguments (apache2-foreground) gives one
    args = [a for a in ctx.argv[1:] if a]
    if "-v" in args:
        ctx.write(f"Server version: {SERVER}\nServer built:   2025-03-04T16:29:44\n")
        return 0
    if args != ["-DFOREGROUND"]:
        raise ctx.not_simulated(
            "apache2 " + " ".join(args) if args else "apache2 without -DFOREGROUND"
        )
    from dockersim.engine.netview import view_of

    view = view_of(ctx)
    address = "172.17.0.2"
    if view is not None:
        found = [ip for _name, ip, _prefix, _mac in view.interfaces() if not ip.startswith("127.")]
        address = found[0] if found else address
    fqdn = (
        f"AH00558: apache2: Could not reliably determine the server's fully qualified domain "
        f"name, using {address}. Set the 'ServerName' directive globally to suppress this message\n"
    )
    php = ctx.env.get("PHP_VERSION", "")
    powered = f" PHP/{php}" if php else ""
    ts = apache_ts(ctx)
    ctx.err.write(
        fqdn
        + fqdn
        + f"[{ts}] [mpm_prefork:notice] [pid 1:tid 1] AH00163: {SERVER}{powered} configured -- "
        "resuming normal operations\n"
        f"[{ts}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'apache2 -D FOREGROUND'\n"
    )
    ctx.block(frozenset({"SIGWINCH", "SIGTERM", "SIGINT"}))
    return 0


def error_page(status: int, reason: str, text: str, port: int) -> bytes:
    return (
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
        f"<title>{status} {reason}</title>\n</head><body>\n<h1>{reason}</h1>\n<p>{text}</p>\n"
        f"<hr>\n<address>{SERVER} Server at localhost Port {port}</address>\n</body></html>\n"
    ).encode()


def _error(engine: Engine, status: int, reason: str, text: str, port: int) -> HttpResponse:
    body = error_page(status, reason, text, port)
    return HttpResponse(
        status,
        reason,
        (
            ("Date", http_date(engine.now)),
            ("Server", SERVER),
            ("Content-Length", str(len(body))),
            ("Content-Type", "text/html; charset=iso-8859-1"),
        ),
        body,
    )


def respond(engine: Engine, container: Container, request: Request) -> HttpResponse:
    from dockersim.engine.programs import wordpress

    fs = engine.container_fs(container)
    if fs.exists(f"{ROOT}/wp-includes/version.php"):
        return wordpress.respond(engine, container, request)
    path = request.path.split("?", 1)[0]
    clean = posixpath.normpath("/" + path.lstrip("/"))
    target = posixpath.join(ROOT, clean.lstrip("/"))
    php = env_of(container, "PHP_VERSION", "")
    try:
        if fs.stat(target).kind == "dir":
            for index in ("index.php", "index.html"):
                if fs.exists(posixpath.join(target, index)):
                    target = posixpath.join(target, index)
                    break
            else:
                return _error(
                    engine,
                    403,
                    "Forbidden",
                    "You don't have permission to access this resource.",
                    request.port,
                )
        content = fs.read(target)
    except FsError:
        return _error(
            engine,
            404,
            "Not Found",
            "The requested URL was not found on this server.",
            request.port,
        )
    base = (("Date", http_date(engine.now)), ("Server", SERVER))
    if target.endswith(".php") and php:
        try:
            body = render_page(content.decode(errors="replace"), php).encode()
        except PhpUnsupported as exc:
            body = f"dockersim: not simulated in php: PHP code ({exc})\n".encode()
            return HttpResponse(
                501, "Not Implemented", (*base, ("Content-Type", "text/plain")), body
            )
        return HttpResponse(
            200,
            "OK",
            (
                *base,
                ("X-Powered-By", f"PHP/{php}"),
                ("Content-Length", str(len(body))),
                ("Content-Type", "text/html; charset=UTF-8"),
            ),
            body,
        )
    mtime = engine.container_file_time(container.id, target)
    return HttpResponse(
        200,
        "OK",
        (
            *base,
            ("Last-Modified", http_date(mtime)),
            ("ETag", f'"{len(content):x}-{int(mtime * 1e6):x}"'),
            ("Accept-Ranges", "bytes"),
            ("Content-Length", str(len(content))),
            ("Content-Type", mime(target)),
        ),
        content,
    )


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    response = respond(engine, container, request)
    stamp = datetime.fromtimestamp(engine.now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    line = (
        f'{request.peer} - - [{stamp}] "{request.method} {request.path or "/"} HTTP/1.1" '
        f'{response.status} {len(response.body)} "-" "{request.agent}"\n'
    )
    container.logs.append((engine.now, "stdout", line))
    return response


def _ports(engine: Engine, container: Container) -> list[int]:
    return [80]


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    if sig != "SIGWINCH":
        return None
    moment = datetime.fromtimestamp(engine.now, UTC)
    ts = moment.strftime("%a %b %d %H:%M:%S.") + f"{moment.microsecond:06d} {moment.year}"
    return "stderr", (
        f"[{ts}] [mpm_prefork:notice] [pid 1:tid 1] AH00170: "
        "caught SIGWINCH, shutting down gracefully\n"
    )


PROGRAM = Program(
    apache2,
    ports=_ports,
    serve=_serve,
    shutdown=_shutdown,
    exits={"SIGWINCH": 0, "SIGTERM": 0, "SIGINT": 0},
    memory_mib=14.6,
)
