"""What the servers of the official images listen on and answer over HTTP.

nginx serves its document root from the container's own filesystem (so a bind-mounted site
shows up), with nginx's headers, its 301 for directories and its 404 page; httpd answers from
htdocs; `python -m http.server` lists directories; a learner's Flask app answers the routes
its source declares. Each request is logged to the server's stdout as the real one does.
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from dockersim.model.container import Container
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine

NGINX_404 = (
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n"
    "</body>\r\n</html>\r\n"
)
NGINX_301 = (
    "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
    "<center><h1>301 Moved Permanently</h1></center>\r\n"
    "<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
)
APACHE_404 = (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
    "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on this server.</p>\n</body></html>\n"
)
FIXED_PORTS = {"httpd": 80, "redis-server": 6379, "postgres": 5432, "registry": 5000}


@attrs.frozen
class HttpResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    http_version: str = "HTTP/1.1"


def http_date(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def listening_ports(engine: Engine, container: Container) -> dict[int, str]:
    """Port -> server, for the program PID 1 waits in."""
    program = container.blocked_in
    if not container.state.running or container.state.restarting:
        return {}
    if program in ("nginx", "nginx-debug"):
        return dict.fromkeys(_nginx_listen(engine, container), "nginx")
    if program in FIXED_PORTS:
        return {FIXED_PORTS[program]: program}
    args = [container.path, *container.args]
    if "http.server" in args:
        index = args.index("http.server")
        tail = args[index + 1 :]
        port = next((int(a) for a in tail if a.isdigit()), 8000)
        return {port: "http.server"}
    app = getattr(engine, "webapp_of", None)
    if app is not None:
        found = app(container)
        if found is not None:
            return {int(found.port): "webapp"}
    return {}


def _nginx_listen(engine: Engine, container: Container) -> list[int]:
    fs = engine.container_fs(container)
    ports: list[int] = []
    try:
        names = fs.listdir("/etc/nginx/conf.d")
    except FsError:
        names = []
    for name in names:
        if not name.endswith(".conf"):
            continue
        try:
            text = fs.read(f"/etc/nginx/conf.d/{name}").decode(errors="replace")
        except FsError:
            continue
        for match in re.finditer(r"^\s*listen\s+(?:[\d.]+:)?(\d+)", text, re.MULTILINE):
            ports.append(int(match.group(1)))
    return ports or [80]


def serve(
    engine: Engine, container: Container, port: int, method: str, path: str, peer: str, agent: str
) -> HttpResponse | None:
    """The answer of the server on `port`; None when it does not speak HTTP."""
    server = listening_ports(engine, container).get(port)
    if server == "nginx":
        response = _nginx(engine, container, method, path)
        _access_log(engine, container, peer, method, path, response, agent)
        return response
    if server == "httpd":
        return _static(engine, container, "/usr/local/apache2/htdocs", path, "Apache/2.4.63 (Unix)")
    if server == "http.server":
        response = _static(
            engine,
            container,
            container.config.working_dir or "/",
            path,
            f"SimpleHTTP/0.6 Python/{_env(container, 'PYTHON_VERSION', '3.12.11')}",
        )
        # http.server's log_message: stderr, so `docker logs` shows it even when buffered
        stamp = datetime.fromtimestamp(engine.now, UTC).strftime("%d/%b/%Y %H:%M:%S")
        status = "File not found" if response.status == 404 else response.reason
        line = f'{peer} - - [{stamp}] "{method} {path or "/"} HTTP/1.1" {response.status} -\n'
        if response.status >= 400:
            line = f"{peer} - - [{stamp}] code {response.status}, message {status}\n" + line
        container.logs.append((engine.now, "stderr", line))
        return response
    if server == "registry":
        code, answer = engine.registry_api(container, path)
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
    if server == "webapp":
        app = engine.webapp_of(container)
        if app is None:
            return None
        return app.respond(method, path, engine.now)
    return None


def _nginx(engine: Engine, container: Container, method: str, path: str) -> HttpResponse:
    version = _env(container, "NGINX_VERSION", "1.27.5")
    fs = engine.container_fs(container)
    root = "/usr/share/nginx/html"
    clean = posixpath.normpath("/" + path.split("?", 1)[0].lstrip("/")) if path else "/"
    target = posixpath.join(root, clean.lstrip("/"))
    base = [("Server", f"nginx/{version}"), ("Date", http_date(engine.now))]
    try:
        entry = fs.stat(target)
        if entry.kind == "dir":
            if not path.endswith("/"):
                body = NGINX_301.format(version=version).encode()
                return HttpResponse(
                    301,
                    "Moved Permanently",
                    (
                        *base,
                        ("Content-Type", "text/html"),
                        ("Content-Length", str(len(body))),
                        ("Location", f"http://localhost{clean}/"),
                        ("Connection", "keep-alive"),
                    ),
                    body if method != "HEAD" else b"",
                )
            target = posixpath.join(target, "index.html")
            entry = fs.stat(target)
        content = fs.read(target)
    except FsError:
        body = NGINX_404.format(version=version).encode()
        return HttpResponse(
            404,
            "Not Found",
            (
                *base,
                ("Content-Type", "text/html"),
                ("Content-Length", str(len(body))),
                ("Connection", "keep-alive"),
            ),
            body if method != "HEAD" else b"",
        )
    mtime = engine.world.mtimes.get(container.id, {}).get(target, engine.now - 86400 * 60)
    etag = f'"{int(mtime):x}-{len(content):x}"'
    return HttpResponse(
        200,
        "OK",
        (
            *base,
            ("Content-Type", _mime(target)),
            ("Content-Length", str(len(content))),
            ("Last-Modified", http_date(mtime)),
            ("Connection", "keep-alive"),
            ("ETag", etag),
            ("Accept-Ranges", "bytes"),
        ),
        content if method != "HEAD" else b"",
    )


def _static(
    engine: Engine, container: Container, root: str, path: str, server: str
) -> HttpResponse:
    fs = engine.container_fs(container)
    clean = posixpath.normpath("/" + path.split("?", 1)[0].lstrip("/"))
    target = posixpath.join(root, clean.lstrip("/"))
    base = (("Date", http_date(engine.now)), ("Server", server))
    try:
        entry = fs.stat(target)
        if entry.kind == "dir":
            index = posixpath.join(target, "index.html")
            if fs.exists(index):
                target = index
            else:
                names = fs.listdir(target)
                body = _listing(clean, names).encode()
                return HttpResponse(
                    200,
                    "OK",
                    (
                        *base,
                        ("Content-type", "text/html; charset=utf-8"),
                        ("Content-Length", str(len(body))),
                    ),
                    body,
                )
        content = fs.read(target)
    except FsError:
        body = APACHE_404.encode()
        return HttpResponse(
            404,
            "Not Found",
            (
                *base,
                ("Content-Type", "text/html; charset=iso-8859-1"),
                ("Content-Length", str(len(body))),
            ),
            body,
        )
    return HttpResponse(
        200,
        "OK",
        (*base, ("Content-Type", _mime(target)), ("Content-Length", str(len(content)))),
        content,
    )


def _listing(path: str, names: list[str]) -> str:
    items = "".join(f'<li><a href="{n}">{n}</a></li>\n' for n in names)
    return (
        '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Directory listing for {path}</title>\n</head>\n<body>\n"
        f"<h1>Directory listing for {path}</h1>\n<hr>\n<ul>\n{items}</ul>\n<hr>\n</body>\n</html>\n"
    )


def _mime(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {
        "html": "text/html",
        "htm": "text/html",
        "css": "text/css",
        "js": "application/javascript",
        "json": "application/json",
        "txt": "text/plain",
        "png": "image/png",
        "svg": "image/svg+xml",
    }.get(ext, "application/octet-stream")


def _env(container: Container, key: str, default: str) -> str:
    for item in container.config.env:
        name, _, value = item.partition("=")
        if name == key:
            return value
    return default


def _access_log(
    engine: Engine,
    container: Container,
    peer: str,
    method: str,
    path: str,
    response: HttpResponse,
    agent: str,
) -> None:
    stamp = datetime.fromtimestamp(engine.now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    line = (
        f'{peer} - - [{stamp}] "{method} {path or "/"} HTTP/1.1" {response.status} '
        f'{len(response.body)} "-" "{agent}" "-"\n'
    )
    container.logs.append((engine.now, "stdout", line))
