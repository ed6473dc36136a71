"""PHP's command line (the php images): `php -v`, `-m`, `-r` and scripts on a small evaluator
(`phpeval`: echo/print of literals and simple expressions), and the built-in web server
(`php -S`) serving static files and pages whose PHP the evaluator runs. What it does not model it
says on stderr (exit 1)."""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, env_of, http_date, mime
from dockersim.engine.programs.phpeval import PhpUnsupported, render_page, run_code
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

#: `php -m` of the official images (the same for cli, apache and alpine builds)
MODULES = tuple(
    [
        "Core",
        "ctype",
        "curl",
        "date",
        "dom",
        "fileinfo",
        "filter",
        "hash",
        "iconv",
        "json",
        "libxml",
        "mbstring",
        "mysqlnd",
        "openssl",
        "pcre",
        "PDO",
        "pdo_sqlite",
        "Phar",
        "posix",
        "random",
        "readline",
        "Reflection",
        "session",
        "SimpleXML",
        "sodium",
        "SPL",
        "sqlite3",
        "standard",
        "tokenizer",
        "xml",
        "xmlreader",
        "xmlwriter",
        "zlib",
    ]
)
#: build dates `php -v` shows (est.: the day the images were built)
BUILT = "May 22 2025 20:41:07"


def version_text(version: str) -> str:
    """`php -v` as the official images print it; 8.4 adds the build provider line."""
    zend = "4." + version.split(".", 1)[1] if version.startswith("8.4") else ""
    if not zend:
        minor = version.split(".")[1]
        zend = f"4.{minor}.{version.split('.')[2]}"
    provider = "Built by https://github.com/docker-library/php\n" if version >= "8.4" else ""
    return (
        f"PHP {version} (cli) (built: {BUILT}) (NTS)\nCopyright (c) The PHP Group\n{provider}"
        f"Zend Engine v{zend}, Copyright (c) Zend Technologies\n"
    )


def php(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    version = ctx.env.get("PHP_VERSION", "8.4.7")
    if not args or args == ["-a"]:
        if ctx.out.is_tty:
            raise ctx.not_simulated("the interactive shell (php -a at a terminal)")
        ctx.write("Interactive shell\n\n")
        return 0
    first = args[0]
    if first in ("-v", "--version"):
        ctx.write(version_text(version))
        return 0
    if first in ("-m", "--modules"):
        ctx.write("[PHP Modules]\n" + "".join(f"{m}\n" for m in MODULES) + "\n[Zend Modules]\n\n")
        return 0
    if first == "-r" and len(args) >= 2:
        return _run(ctx, args[1], version, "Command line code")
    if first == "-S" and len(args) >= 2:
        return _serve_start(ctx, args[1:], version)
    if first.startswith("-"):
        raise ctx.not_simulated(f"option {first}")
    try:
        text = ctx.fs.read(first, ctx.cwd).decode(errors="replace")
    except FsError:
        ctx.write(f"Could not open input file: {first}\n")
        return 1
    try:
        ctx.write(render_page(text, version))
    except PhpUnsupported as exc:
        raise ctx.not_simulated(f"PHP code ({exc})") from None
    return 0


def _run(ctx: Ctx, code: str, version: str, where: str) -> int:
    try:
        ctx.write(run_code(code, version))
    except PhpUnsupported as exc:
        raise ctx.not_simulated(f"PHP code ({exc})") from None
    return 0


def _serve_start(ctx: Ctx, args: list[str], version: str) -> int:
    address = args[0]
    rest = args[1:]
    if rest and rest[0] == "-t" and len(rest) >= 2:
        rest = rest[2:]
    if rest:
        raise ctx.not_simulated(f"option {rest[0]}")
    stamp = php_stamp(ctx.now())
    ctx.err.write(f"[{stamp}] PHP {version} Development Server (http://{address}) started\n")
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def php_stamp(now: float) -> str:
    """The built-in server's time stamps: `Wed Jun  4 12:00:00 2025`."""
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%a %b ") + f"{moment.day:>2}" + moment.strftime(" %H:%M:%S %Y")


def _server_args(container: Container) -> tuple[str, str]:
    """(listen address, document root) of a container whose PID 1 is `php -S`."""
    argv = [container.path, *container.args]
    if "-S" not in argv:
        return "", ""
    at = argv.index("-S")
    address = argv[at + 1] if at + 1 < len(argv) else ""
    root = container.config.working_dir or "/"
    if "-t" in argv[at:]:
        t = argv.index("-t", at)
        root = argv[t + 1] if t + 1 < len(argv) else root
    return address, root


def _ports(engine: Engine, container: Container) -> list[int]:
    address, _ = _server_args(container)
    port = address.rpartition(":")[2]
    return [int(port)] if port.isdigit() else []


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    from dockersim.engine.programs import adminer

    _, root = _server_args(container)
    version = env_of(container, "PHP_VERSION", "8.4.7")
    if env_of(container, "ADMINER_VERSION", ""):
        response = adminer.page(engine, container, request, version)
    else:
        response = _page(engine, container, root, request.path, version)
    stamp = php_stamp(engine.now)
    peer = f"{request.peer}:{40000 + len(container.logs) % 20000}"
    for line in (
        f"{peer} Accepted",
        f"{peer} [{response.status}]: {request.method} {request.path}",
        f"{peer} Closing",
    ):
        container.logs.append((engine.now, "stderr", f"[{stamp}] {line}\n"))
    return response


def _page(engine: Engine, container: Container, root: str, path: str, version: str) -> HttpResponse:
    fs = engine.container_fs(container)
    clean = posixpath.normpath("/" + path.split("?", 1)[0].lstrip("/"))
    target = posixpath.join(root, clean.lstrip("/"))
    date = ("Date", http_date(engine.now))
    try:
        if fs.stat(target).kind == "dir":
            for index in ("index.php", "index.html"):
                if fs.exists(posixpath.join(target, index)):
                    target = posixpath.join(target, index)
                    break
        content = fs.read(target)
    except FsError:
        body = (
            "<!doctype html><html><head><title>404 Not Found</title><style>\n"
            "body { background-color: #fcfcfc; color: #333333; margin: 0; padding:0; }\n"
            "h1 { font-size: 1.5em; font-weight: normal; background-color: #9999cc; "
            "min-height:2em; line-height:2em; border-bottom: 1px inset black; margin: 0; }\n"
            "h1, p { padding-left: 10px; }\n"
            "code.url { background-color: #eeeeee; font-family:monospace; padding:0 2px;}\n"
            "</style>\n</head><body><h1>Not Found</h1><p>The requested resource "
            f'<code class="url">{clean}</code> was not found on this server.</p></body></html>'
        ).encode()
        return HttpResponse(
            404,
            "Not Found",
            (
                ("Host", "localhost"),
                date,
                ("Connection", "close"),
                ("Content-Type", "text/html; charset=UTF-8"),
                ("Content-Length", str(len(body))),
            ),
            body,
        )
    if target.endswith(".php"):
        try:
            body = render_page(content.decode(errors="replace"), version).encode()
        except PhpUnsupported as exc:
            body = f"dockersim: not simulated in php: PHP code ({exc})\n".encode()
            return HttpResponse(
                501, "Not Implemented", (date, ("Content-Type", "text/plain")), body
            )
        return HttpResponse(
            200,
            "OK",
            (
                ("Host", "localhost"),
                date,
                ("Connection", "close"),
                ("X-Powered-By", f"PHP/{version}"),
                ("Content-type", "text/html; charset=UTF-8"),
            ),
            body,
        )
    return HttpResponse(
        200,
        "OK",
        (
            ("Host", "localhost"),
            date,
            ("Connection", "close"),
            (
                "Content-Type",
                mime(target) + ("; charset=UTF-8" if mime(target).startswith("text/") else ""),
            ),
            ("Content-Length", str(len(content))),
        ),
        content,
    )


PROGRAM = Program(
    php, ports=_ports, serve=_serve, exits={"SIGTERM": 0, "SIGINT": 0}, memory_mib=11.2
)
