"""HTTP as the simulated servers speak it: the response, dates, static files and listings."""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import attrs

from dockersim.model.container import Container
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine


@attrs.frozen
class HttpResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    http_version: str = "HTTP/1.1"


def http_date(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


APACHE_404 = (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
    "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on this server.</p>\n</body></html>\n"
)


def static(engine: Engine, container: Container, root: str, path: str, server: str) -> HttpResponse:
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
        (*base, ("Content-Type", mime(target)), ("Content-Length", str(len(content)))),
        content,
    )


def _listing(path: str, names: list[str]) -> str:
    items = "".join(f'<li><a href="{n}">{n}</a></li>\n' for n in names)
    return (
        '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Directory listing for {path}</title>\n</head>\n<body>\n"
        f"<h1>Directory listing for {path}</h1>\n<hr>\n<ul>\n{items}</ul>\n<hr>\n</body>\n</html>\n"
    )


def mime(path: str) -> str:
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


def env_of(container: Container, key: str, default: str) -> str:
    for item in container.config.env:
        name, _, value = item.partition("=")
        if name == key:
            return value
    return default
