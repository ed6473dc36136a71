"""A learner's app in a running container: which file PID 1 serves, and its request log.

`find_app` follows `python [options] app.py`, `python -m flask run`, `flask run` and a shell
form (`/bin/sh -c "python app.py"`); `access_log` is the server's line for one request
(Werkzeug styles the request by status code, as `docker logs` shows).
"""

from __future__ import annotations

import posixpath
import shlex
from collections.abc import Callable, Mapping
from typing import Protocol

import attrs

from dockersim.engine.programs.webapp import WebApp, analyse


class Readable(Protocol):
    def read(self, path: str, cwd: str = "/") -> bytes: ...


def find_app(
    argv: list[str], fs: Readable, cwd: str, env: Mapping[str, str]
) -> tuple[WebApp, int] | None:
    """The app a container's PID 1 serves: `python [opts] app.py` or `flask run [...]`."""
    read = fs.read
    name = argv[0].rsplit("/", 1)[-1] if argv else ""
    args = argv[1:]
    if name in ("sh", "bash", "dash", "ash") and len(args) >= 2 and args[0] == "-c":
        try:
            words = shlex.split(args[1])
        except ValueError:
            return None
        if words[:1] == ["exec"]:
            words = words[1:]
        return find_app(words, fs, cwd, env) if words else None
    if name.startswith("python"):
        while args and args[0].startswith("-") and args[0] not in ("-m", "-c"):
            args = args[1:]
        if args[:2] == ["-m", "flask"]:
            return _flask_run(args[2:], read, cwd, env)
        if not args or args[0].startswith("-"):
            return None
        try:
            app = analyse(read(args[0], cwd).decode(errors="replace"), _base(args[0]))
        except Exception:
            return None
        app = attrs.evolve(app, root=_root(args[0], cwd))
        return (app, app.port) if app.runs_server and app.kind != "script" else None
    if name == "flask":
        return _flask_run(args, read, cwd, env)
    return None


def _flask_run(
    args: list[str], read: Callable[[str, str], bytes], cwd: str, env: Mapping[str, str]
) -> tuple[WebApp, int] | None:
    target = env.get("FLASK_APP", "")
    port = 5000
    for i, word in enumerate(args):
        key, eq, value = word.partition("=")
        if key in ("--port", "-p"):
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            port = int(value) if value.isdigit() else port
        if key in ("--app", "-A"):
            target = value if eq else (args[i + 1] if i + 1 < len(args) else "")
    for candidate in [target.split(":")[0]] if target else ["wsgi", "app"]:
        file = candidate if candidate.endswith(".py") else candidate + ".py"
        try:
            app = analyse(read(file, cwd).decode(errors="replace"), _base(file))
        except Exception:
            continue
        if app.kind == "flask":
            return attrs.evolve(app, root=_root(file, cwd)), port
    return None


def _root(file: str, cwd: str) -> str:
    """The app's folder (Flask's `root_path`): where `templates/` and `static/` are."""
    return posixpath.dirname(posixpath.normpath(posixpath.join(cwd, file))) or "/"


def _base(file: str) -> str:
    return posixpath.basename(file)


_STYLES = {"bold": 1, "red": 31, "green": 32, "yellow": 33, "magenta": 35, "cyan": 36}


def _style(text: str, *styles: str) -> str:
    for name in styles:
        text = f"\x1b[{_STYLES[name]}m{text}"
    return f"{text}\x1b[0m"


def access_log(app: WebApp, peer: str, stamp: str, method: str, path: str, status: int) -> str:
    """The server's request log line (Werkzeug styles the request by status)."""
    request = f"{method} {path} HTTP/1.1"
    code = str(status)
    if app.kind == "flask":
        if code[0] == "1":
            request = _style(request, "bold")
        elif code == "304":
            request = _style(request, "cyan")
        elif code[0] == "3":
            request = _style(request, "green")
        elif code == "404":
            request = _style(request, "yellow")
        elif code[0] == "4":
            request = _style(request, "bold", "red")
        elif code[0] != "2":
            request = _style(request, "bold", "magenta")
    return f'{peer} - - [{stamp}] "{request}" {code} -\n'
