"""busybox httpd (1.37): `httpd -h DIR [-p [IP:]PORT] [-f]`, static files over HTTP/1.1.

Facts from busybox networking/httpd.c: the default port is 80 and the default home `.`;
without -f it daemonizes (the command returns at once, the server keeps running in the
container); every response is `HTTP/1.1`, with `Date:` and `Connection: close` and no
`Server:` header; a file gets `Content-type` (from its extension), `Accept-Ranges: bytes`,
`Last-Modified`, `ETag: "<mtime hex>-<size hex>"` and `Content-Length`; an error is a small
HTML page (`<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>` ...) with no Content-Length; a
directory asked for without its `/` is redirected (302 Found, `Location: /dir/`).

The engine serves HTTP for PID 1 and for the daemons a container's processes started
(`Container.daemons`, the argv of each), so both forms answer wget/curl.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, http_date
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.types import Blocked

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

#: the name PID 1 waits in (`Container.blocked_in`): Apache's httpd is another program
BLOCKED = "busybox-httpd"
USAGE = (
    "Usage: httpd [-ifvv] [-c CONFFILE] [-p [IP:]PORT] [-u USER[:GRP]] [-r REALM] [-h HOME]\n"
    "or httpd -d/-e/-m STRING\n"
)
#: busybox's built-in suffix table (the common entries)
MIME = {
    "htm": "text/html",
    "html": "text/html",
    "txt": "text/plain",
    "css": "text/css",
    "js": "application/javascript",
    "json": "application/json",
    "xml": "application/xml",
    "png": "image/png",
    "gif": "image/gif",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "svg": "image/svg+xml",
    "ico": "image/x-icon",
    "wasm": "application/wasm",
}
ERRORS = {
    404: ("Not Found", "The requested URL was not found"),
    403: ("Forbidden", ""),
    501: ("Not Implemented", "The requested method is not recognized"),
}


def parse(argv: list[str]) -> tuple[dict[str, str], set[str]] | None:
    """(options with values, flags) of an httpd command line; None when it is bad."""
    values: dict[str, str] = {}
    flags: set[str] = set()
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-") or arg == "-":
            return None
        j = 1
        while j < len(arg):
            char = arg[j]
            if char in "ifv":
                flags.add(char)
            elif char in "hpcurdemKPRH":
                rest = arg[j + 1 :]
                if not rest:
                    i += 1
                    if i >= len(args):
                        return None
                    rest = args[i]
                values[char] = rest
                break
            else:
                return None
            j += 1
        i += 1
    return values, flags


def port_of(values: dict[str, str]) -> int:
    spec = values.get("p", "80").rsplit(":", 1)[-1]
    return int(spec) if spec.isdigit() and 0 < int(spec) < 65536 else 0


def httpd(ctx: Ctx) -> int:
    parsed = parse(ctx.argv)
    if parsed is None:
        ctx.err.write(USAGE)
        return 1
    values, flags = parsed
    for key in "cudemKPRH":
        if key in values:
            raise ctx.not_simulated(f"option -{key}")
    if "i" in flags:
        raise ctx.not_simulated("option -i")
    port = port_of(values)
    if not port:
        ctx.err.write(f"httpd: invalid port '{values.get('p', '')}'\n")  # est.
        return 1
    home = posixpath.normpath(posixpath.join(ctx.cwd, values.get("h", ".")))
    if not _isdir(ctx.fs, home):
        ctx.err.write(
            f"httpd: can't change directory to '{values.get('h', '.')}': "
            "No such file or directory\n"
        )
        return 1
    from dockersim.engine.netview import view_of

    view = view_of(ctx)
    container = view.source if view is not None else None
    if (
        view is not None
        and container is not None
        and port in view.engine.listening_ports(container)
    ):
        ctx.err.write("httpd: bind: Address in use\n")
        return 1
    if "f" in flags:  # in the foreground: it serves until killed (no handler: PID 1 ignores
        # SIGTERM, so `docker stop` waits and kills it)
        raise Blocked(BLOCKED, frozenset())
    if container is None:
        raise ctx.not_simulated("running as a daemon outside a container")
    # daemonized: the parent returns at once, the child serves from this container
    container.daemons.append(["httpd", "-f", "-h", home, "-p", str(port)])
    return 0


def settings(argv: list[str], cwd: str = "/") -> tuple[str, int] | None:
    """(home, port) of a busybox httpd command line."""
    parsed = parse(argv)
    if parsed is None:
        return None
    values, _flags = parsed
    return posixpath.normpath(posixpath.join(cwd, values.get("h", "."))), port_of(values)


def pid1_settings(container: Container) -> tuple[str, int] | None:
    argv = [container.path, *container.args]
    if not argv or posixpath.basename(argv[0]) != "httpd":
        return None
    return settings(argv, container.config.working_dir or "/")


def respond(engine: Engine, container: Container, home: str, request: Request) -> HttpResponse:
    now = http_date(engine.now)
    if request.method not in ("GET", "HEAD", "POST"):
        return _error(now, 501)
    fs = engine.container_fs(container)
    path = request.path.split("?", 1)[0]
    clean = posixpath.normpath("/" + path.lstrip("/"))
    target = posixpath.join(home, clean.lstrip("/"))
    if _isdir(fs, target):
        if not path.endswith("/"):
            return HttpResponse(
                302,
                "Found",
                (("Date", now), ("Connection", "close"), ("Location", f"{path}/")),
                b"",
            )
        target = posixpath.join(target, "index.html")
    try:
        content = fs.read(target)
    except FsError:
        return _error(now, 404)
    ext = target.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(target) else ""
    mime = MIME.get(ext, "application/octet-stream")
    stamp = int(container.state.started_at or engine.now)  # est.: files carry no mtime in the model
    headers = (
        ("Date", now),
        ("Connection", "close"),
        ("Content-type", mime),
        ("Accept-Ranges", "bytes"),
        ("Last-Modified", http_date(stamp)),
        ("ETag", f'"{stamp:x}-{len(content):x}"'),
        ("Content-Length", str(len(content))),
    )
    return HttpResponse(200, "OK", headers, content)


def _isdir(fs: CowFS, path: str) -> bool:
    try:
        return fs.stat(path).kind == "dir"
    except FsError:
        return False


def _error(now: str, status: int) -> HttpResponse:
    reason, info = ERRORS[status]
    body = (
        f"<HTML><HEAD><TITLE>{status} {reason}</TITLE></HEAD>\n"
        f"<BODY><H1>{status} {reason}</H1>\n{info}\n</BODY></HTML>\n"
    ).encode()
    headers = (("Date", now), ("Connection", "close"), ("Content-type", "text/html"))
    return HttpResponse(status, reason, headers, body)


def _ports(engine: Engine, container: Container) -> list[int]:
    found = pid1_settings(container)
    return [found[1]] if found else []


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    found = pid1_settings(container)
    return respond(engine, container, found[0], request) if found else None


PROGRAM = Program(httpd, ports=_ports, serve=_serve, memory_mib=0.2)
