"""`python app.py` and `flask run` in the simulated userland (pip is the userland's, pip.py).

`python app.py` reads the script (never runs it: `webapp.py` analyses it with `ast`): a
Flask app prints Flask's and Werkzeug's start-up lines (the banner on stdout, the rest on
stderr, with Werkzeug's ANSI styles, exactly as `docker logs` shows them) and serves; an
`http.server` app serves silently (Python buffers stdout without a terminal); a plain script
prints its literal `print(...)`s. An import of a package that is not installed fails with
Python's traceback. Anything else falls through to the userland's own `python`. At a terminal
with no script, `python_repl` is its REPL.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, env_of, http_date, static
from dockersim.engine.programs.python_repl import repl
from dockersim.engine.programs.webapp import STDLIB, WebApp, analyse
from dockersim.engine.programs.webapp_run import access_log, find_app
from dockersim.model.cowfs import FsError
from dockersim.model.userland import programs as userland
from dockersim.model.userland.programs.base import Ctx

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS

DEV_WARNING = (
    "\x1b[31m\x1b[1mWARNING: This is a development server. Do not use it in a production "
    "deployment. Use a production WSGI server instead.\x1b[0m"
)
QUIT = "\x1b[33mPress CTRL+C to quit\x1b[0m"
PYTHON_OPTIONS = frozenset(["-u", "-B", "-O", "-OO", "-E", "-s", "-S", "-I", "-q", "-v"])


def _own_ip(ctx: Ctx) -> str:
    net = getattr(ctx.proc, "net", None)
    resolve = getattr(net, "resolve", None)
    if resolve is not None:
        found = resolve(ctx.proc.hostname)
        if found and not found[0].startswith("127."):
            return str(found[0])
    return "172.17.0.2"


def _installed(ctx: Ctx, module: str) -> bool:
    if module in STDLIB:
        return True
    for base in ("/usr/local/lib", "/usr/lib"):
        try:
            names = ctx.fs.listdir(base)
        except FsError:
            continue
        for name in names:
            if not name.startswith("python"):
                continue
            for sub in ("site-packages", "dist-packages"):
                if ctx.fs.exists(f"{base}/{name}/{sub}/{module}"):
                    return True
    return ctx.fs.exists(posixpath.join(ctx.cwd, module + ".py"))


def _missing_import(ctx: Ctx, app: WebApp, script: str) -> bool:
    for module, line, code in app.imports:
        if not _installed(ctx, module):
            ctx.err.write(
                "Traceback (most recent call last):\n"
                f'  File "{script}", line {line}, in <module>\n'
                f"    {code}\n"
                f"ModuleNotFoundError: No module named '{module}'\n"
            )
            return True
    return False


def serve_flask(ctx: Ctx, app: WebApp, name: str, host: str, port: int, debug: bool) -> int:
    """Flask's `show_server_banner` then Werkzeug's `log_startup`, then serve."""
    ctx.out.write(f" * Serving Flask app '{name}'\n * Debug mode: {'on' if debug else 'off'}\n")
    lines = [DEV_WARNING]
    if host in ("0.0.0.0", ""):
        lines.append(" * Running on all addresses (0.0.0.0)")
        lines.append(f" * Running on http://127.0.0.1:{port}")
        lines.append(f" * Running on http://{_own_ip(ctx)}:{port}")
    else:
        lines.append(f" * Running on http://{host}:{port}")
    ctx.err.write("\n".join(lines) + "\n" + QUIT + "\n")
    if debug:
        ctx.err.write(
            " * Restarting with stat\n * Debugger is active!\n * Debugger PIN: 123-456-789\n"
        )
    for note in app.notes:
        ctx.err.write(note + "\n")
    ctx.block(frozenset({"SIGINT"}))
    return 0


def python(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    unbuffered = ctx.env.get("PYTHONUNBUFFERED", "") not in ("", "0")
    while args and args[0] in PYTHON_OPTIONS:
        unbuffered = unbuffered or args[0] == "-u"
        args = args[1:]
    if args[:2] == ["-m", "flask"]:
        return flask(ctx, args[2:], "python -m flask")
    if args[:2] == ["-m", "http.server"]:
        return http_server(ctx, args[2:], unbuffered or ctx.out.is_tty)
    if not args or args[0].startswith("-"):
        return _fallback(ctx)
    path = ctx.path(args[0])
    try:
        source = ctx.fs.read(args[0], ctx.cwd).decode(errors="replace")
    except FsError:
        return _fallback(ctx)
    app = analyse(source, posixpath.basename(path))
    if _missing_import(ctx, app, path):
        return 1
    name = posixpath.splitext(posixpath.basename(path))[0]
    if app.kind == "flask" and app.runs_server:
        if unbuffered:
            ctx.out.write("".join(p + "\n" for p in app.prints))
        return serve_flask(ctx, app, name, app.host, app.port, app.debug)
    if app.kind == "http.server" and app.runs_server:
        if unbuffered:
            ctx.out.write("".join(p + "\n" for p in app.prints))
        for note in app.notes:
            ctx.err.write(note + "\n")
        ctx.block(frozenset())
        return 0
    return _fallback(ctx)  # a plain script: the userland's python runs it in pyeval


def http_server(ctx: Ctx, args: list[str], unbuffered: bool) -> int:
    """`python -m http.server [PORT] [-b ADDR]`: serves until stopped. Its banner goes to
    stdout, which Python block-buffers without a terminal, so `docker logs` shows it only with
    `-u`, PYTHONUNBUFFERED or `-t`; the access log (stderr) always shows."""
    port = next((a for a in args if a.isdigit()), "8000")
    bind = "0.0.0.0"
    for flag in ("-b", "--bind"):
        if flag in args and args.index(flag) + 1 < len(args):
            bind = args[args.index(flag) + 1]
    if unbuffered:
        shown = "[::]" if bind == "::" else bind
        ctx.out.write(f"Serving HTTP on {shown} port {port} (http://{shown}:{port}/) ...\n")
    ctx.block(frozenset())
    return 0


def flask(ctx: Ctx, args: list[str] | None = None, prog: str = "flask") -> int:
    """`flask run`: find the app (FLASK_APP or --app, else app.py / wsgi.py) and serve it."""
    words = list(ctx.argv[1:] if args is None else args)
    target = ctx.env.get("FLASK_APP", "")
    host, port, debug = "127.0.0.1", 5000, ctx.env.get("FLASK_DEBUG", "") in ("1", "true")
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        key, eq, value = word.partition("=")
        if key in ("--app", "-A", "--host", "-h", "--port", "-p") and not eq:
            value = words[i + 1] if i + 1 < len(words) else ""
            i += 1
        if key in ("--app", "-A"):
            target = value
        elif key in ("--host", "-h"):
            host = value
        elif key in ("--port", "-p"):
            port = int(value) if value.isdigit() else port
        elif key == "--debug":
            debug = True
        else:
            rest.append(word)
        i += 1
    if rest[:1] != ["run"]:
        ctx.out.write(f"Usage: {prog} [OPTIONS] COMMAND [ARGS]...\n")
        return 0 if not rest else 2
    candidates = [target.split(":")[0]] if target else ["wsgi", "app"]
    for candidate in candidates:
        file = candidate if candidate.endswith(".py") else candidate + ".py"
        try:
            source = ctx.fs.read(file, ctx.cwd).decode(errors="replace")
        except FsError:
            continue
        app = analyse(source, file)
        if _missing_import(ctx, app, ctx.path(file)):
            return 1
        if app.kind == "flask":
            name = posixpath.splitext(file)[0]
            return serve_flask(ctx, app, name, host, port, debug)
    ctx.err.write(
        "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\nError: Could not "
        "locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment "
        "variable, or a 'wsgi.py' or 'app.py' file in the current directory.\n"
    )
    return 2


def _fallback(ctx: Ctx) -> int:
    """The userland's own `python` (`-c`, the REPL, `--version`, ...)."""
    original = userland.lookup("python")
    if original is None:
        return 0
    return original(ctx)


def _ports(engine: Engine, container: Container) -> list[int]:
    """`python -m http.server [PORT]`, or the port a learner's web app listens on."""
    args = [container.path, *container.args]
    if "http.server" in args:
        tail = args[args.index("http.server") + 1 :]
        return [next((int(a) for a in tail if a.isdigit()), 8000)]
    found = running_app(engine, container)
    return [found.port] if found is not None else []


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    args = [container.path, *container.args]
    if "http.server" in args:
        return _serve_directory(engine, container, request)
    app = running_app(engine, container)
    return app.respond(request.method, request.path, engine.now) if app is not None else None


def _serve_directory(engine: Engine, container: Container, request: Request) -> HttpResponse:
    """http.server: files and listings from the working directory, logged on stderr (so
    `docker logs` shows them even when stdout is buffered)."""
    method, path, peer = request.method, request.path, request.peer
    version = env_of(container, "PYTHON_VERSION", "3.12.11")
    workdir = container.config.working_dir or "/"
    response = static(engine, container, workdir, path, f"SimpleHTTP/0.6 Python/{version}")
    stamp = datetime.fromtimestamp(engine.now, UTC).strftime("%d/%b/%Y %H:%M:%S")
    status = "File not found" if response.status == 404 else response.reason
    line = f'{peer} - - [{stamp}] "{method} {path or "/"} HTTP/1.1" {response.status} -\n'
    if response.status >= 400:
        line = f"{peer} - - [{stamp}] code {response.status}, message {status}\n" + line
    container.logs.append((engine.now, "stderr", line))
    return response


def running_app(engine: Engine, container: Container) -> RunningApp | None:
    """The learner's Python web app PID 1 of `container` serves, if any."""
    if container.blocked_in not in ("python", "python3", "flask") or not container.state.running:
        return None
    fs = engine.container_fs(container)
    found = find_app(
        [container.path, *container.args], fs, container.config.working_dir or "/",
        dict(item.partition("=")[::2] for item in container.config.env),
    )  # fmt: skip
    if found is None:
        return None
    app, port = found
    return RunningApp(container, app, port, fs)


class RunningApp:
    """A learner's app in a running container: where it listens and what it answers."""

    def __init__(
        self, container: Container, app: WebApp, port: int, fs: CowFS | None = None
    ) -> None:
        self.container = container
        self.app = app
        self.port = port
        self.fs = fs

    def read(self, path: str) -> bytes | None:
        """A file of the container (a template, a static file), None when it is not one."""
        if self.fs is None:
            return None
        try:
            return self.fs.read(path, "/")
        except FsError:
            return None

    def respond(self, method: str, path: str, now: float, peer: str = "172.17.0.1") -> HttpResponse:
        """The app's answer, with its server's headers, and its access log line."""
        answer = self.app.answer(method, path, self.read, now)
        python = env_of(self.container, "PYTHON_VERSION", "3.12.11")
        server = f"{self.app.server} Python/{python}"
        headers = (("Server", server), ("Date", http_date(now)), *answer.headers)
        if self.app.kind == "flask":
            headers = (*headers, ("Connection", "close"))
        stamp = datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y %H:%M:%S")
        line = access_log(self.app, peer, stamp, method, path, answer.status)
        if answer.log:
            self.container.logs.append((now, "stderr", answer.log))
        self.container.logs.append((now, "stderr", line))
        version = "HTTP/1.1" if self.app.kind == "flask" else "HTTP/1.0"
        return HttpResponse(answer.status, answer.reason, headers, answer.body, version)


PROGRAM = Program(
    python,
    ports=_ports,
    serve=_serve,
    commands={"flask": flask},
    repl=repl,
)
