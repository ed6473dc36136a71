"""The adminer image's page: Adminer's login form, as PHP's built-in server answers with it.
Logging in (which needs a database client) is not modelled and says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs._texts import catalog_text
from dockersim.engine.programs.http import HttpResponse, env_of, http_date

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.programs import Request
    from dockersim.model.container import Container


def page(engine: Engine, container: Container, request: Request, php: str) -> HttpResponse:
    base = (
        ("Host", request.host or "localhost"),
        ("Date", http_date(engine.now)),
        ("Connection", "close"),
        ("X-Powered-By", f"PHP/{php}"),
    )
    path = request.path.split("?", 1)[0]
    if request.method == "POST" or "?" in request.path:
        body = b"dockersim: not simulated in adminer: logging in to a database\n"
        return HttpResponse(501, "Not Implemented", (*base, ("Content-Type", "text/plain")), body)
    if path not in ("/", "/index.php"):
        body = b""
        return HttpResponse(
            404, "Not Found", (*base, ("Content-type", "text/html; charset=UTF-8")), body
        )
    server = env_of(container, "ADMINER_DEFAULT_SERVER", "") or "db"
    version = env_of(container, "ADMINER_VERSION", "5.3.0")
    body = (
        catalog_text("adminer_login_page")
        .replace("{version}", version)
        .replace("{server}", server)
        .encode()
    )
    return HttpResponse(
        200,
        "OK",
        (
            *base,
            ("Content-Type", "text/html; charset=utf-8"),
            ("Cache-Control", "no-cache"),
            ("X-Frame-Options", "deny"),
            ("X-XSS-Protection", "0"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "origin-when-cross-origin"),
        ),
        body,
    )
