"""The wordpress image: its entrypoint (WordPress copied into an empty /var/www/html, and
wp-config.php made from wp-config-docker.php when WORDPRESS_* variables are set), and what a
beginner's browser sees of WordPress: the redirect to the setup page, the language chooser, and
the database error page when WORDPRESS_DB_HOST does not answer on its MySQL port.

A database counts as reachable when a container listens on the port at that address (the
engine's network view); talking MySQL to it is not modelled, so the pages after that say so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs._texts import catalog_text
from dockersim.engine.programs.http import HttpResponse, env_of, http_date
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

SOURCE = "/usr/src/wordpress"
SERVER = "Apache/2.4.62 (Debian)"


def entrypoint(ctx: Ctx) -> int:
    """docker-entrypoint.sh: for apache2* and php-fpm, install WordPress, then exec the command."""
    args = ctx.argv[1:]
    if args and (args[0].startswith("apache2") or args[0] == "php-fpm"):
        _install(ctx)
    if not args:
        return 0
    if ctx.spawn is None:
        raise ctx.not_simulated("running the command")
    return ctx.spawn(args, ctx)


def _install(ctx: Ctx) -> None:
    here = ctx.cwd
    fs = ctx.fs
    if not fs.exists(f"{here}/index.php") and not fs.exists(f"{here}/wp-includes/version.php"):
        ctx.err.write(f"WordPress not found in {here} - copying now...\n")
        present = [n for n in _names(ctx, here) if n != "wp-content"]
        if present:
            ctx.err.write(f"WARNING: {here} is not empty! (copying anyhow)\n")
        skip = set()
        for path in [f"{SOURCE}/.htaccess", *_plugins_and_themes(ctx)]:
            relative = path[len(SOURCE) + 1 :]
            if fs.exists(f"{here}/{relative}"):
                ctx.err.write(
                    f"WARNING: '{here}/{relative}' exists! (not copying the WordPress version)\n"
                )
                skip.add(relative)
        _copy(ctx, SOURCE, here, "", skip)
        ctx.err.write(f"Complete! WordPress has been successfully copied to {here}\n")
    names = sorted(k for k in ctx.env if k.startswith("WORDPRESS_"))
    config = f"{here}/wp-config.php"
    if names and not _nonempty(ctx, config):
        for candidate in ("wp-config-docker.php", f"{SOURCE}/wp-config-docker.php"):
            if _nonempty(ctx, candidate if candidate.startswith("/") else f"{here}/{candidate}"):
                ctx.err.write(
                    f"No 'wp-config.php' found in {here}, but 'WORDPRESS_...' variables supplied; "
                    f"copying '{candidate}' ({' '.join(names)})\n"
                )
                source = candidate if candidate.startswith("/") else f"{here}/{candidate}"
                fs.write(config, fs.read(source))
                ctx.touch(config)
                break


def _names(ctx: Ctx, path: str) -> list[str]:
    try:
        return ctx.fs.listdir(path)
    except FsError:
        return []


def _nonempty(ctx: Ctx, path: str) -> bool:
    try:
        return bool(ctx.fs.read(path))
    except FsError:
        return False


def _plugins_and_themes(ctx: Ctx) -> list[str]:
    out = []
    for kind in _names(ctx, f"{SOURCE}/wp-content"):
        base = f"{SOURCE}/wp-content/{kind}"
        if ctx.fs.exists(base) and ctx.fs.stat(base).kind == "dir":
            out += [
                f"{base}/{n}" for n in _names(ctx, base) if ctx.fs.stat(f"{base}/{n}").kind == "dir"
            ]
    return out


def _copy(ctx: Ctx, source: str, target: str, relative: str, skip: set[str]) -> None:
    for name in _names(ctx, f"{source}/{relative}".rstrip("/")):
        rel = f"{relative}/{name}".lstrip("/")
        if rel in skip:
            continue
        entry = ctx.fs.stat(f"{source}/{rel}")
        if entry.kind == "dir":
            if not ctx.fs.exists(f"{target}/{rel}"):
                ctx.fs.mkdir(f"{target}/{rel}", parents=True)
            _copy(ctx, source, target, rel, skip)
        else:
            ctx.fs.write(f"{target}/{rel}", ctx.fs.read(f"{source}/{rel}"))
        ctx.touch(f"{target}/{rel}")


# --- what the browser sees --------------------------------------------------------------------
def respond(engine: Engine, container: Container, request: Request) -> HttpResponse:
    fs = engine.container_fs(container)
    path = request.path.split("?", 1)[0]
    host = request.host or "localhost"
    php = env_of(container, "PHP_VERSION", "8.2.28")
    base = (("Date", http_date(engine.now)), ("Server", SERVER), ("X-Powered-By", f"PHP/{php}"))
    if not fs.exists("/var/www/html/wp-config.php"):
        if "setup-config" in request.path:
            body = catalog_text("wordpress_setup_config_page").encode()
            return HttpResponse(
                200,
                "OK",
                (
                    *base,
                    ("Vary", "Accept-Encoding"),
                    ("Content-Length", str(len(body))),
                    ("Content-Type", "text/html; charset=utf-8"),
                ),
                body,
            )
        return HttpResponse(
            302,
            "Found",
            (
                *base,
                ("Location", f"http://{host}/wp-admin/setup-config.php"),
                ("Content-Length", "0"),
                ("Content-Type", "text/html; charset=UTF-8"),
            ),
            b"",
        )
    if not _database_answers(engine, container):
        body = catalog_text("wordpress_db_error_page").encode()
        return HttpResponse(
            500,
            "Internal Server Error",
            (
                *base,
                ("Content-Length", str(len(body))),
                ("Connection", "close"),
                ("Content-Type", "text/html; charset=utf-8"),
            ),
            body,
        )
    if path in ("", "/", "/index.php"):
        return HttpResponse(
            302,
            "Found",
            (
                *base,
                ("Location", f"http://{host}/wp-admin/install.php"),
                ("Content-Length", "0"),
                ("Content-Type", "text/html; charset=UTF-8"),
            ),
            b"",
        )
    body = b"dockersim: not simulated in wordpress: pages that need the MySQL database\n"
    return HttpResponse(501, "Not Implemented", (*base, ("Content-Type", "text/plain")), body)


def _database_answers(engine: Engine, container: Container) -> bool:
    from dockersim.engine.netview import NetView

    where = env_of(container, "WORDPRESS_DB_HOST", "mysql")
    host, _, port = where.partition(":")
    outcome = NetView(engine, container).connect(host, int(port) if port.isdigit() else 3306)
    return outcome.status == "ok"


PROGRAM = Program(entrypoint)
