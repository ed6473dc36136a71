"""Flask's templates, routes with variables, `url_for` and static files, for `webapp`.

A route that returns `render_template("page.html", name=value, ...)` is read with `ast` like
the rest of the app: each value is a literal, a name bound to a literal (in the function or at
the top of the module) or one of the route's variables (`/hello/<name>`). The page is
rendered when a request comes, from the app's `templates/` folder in the container, by the
safe Jinja renderer (`jinja.py`). An error in the template answers Werkzeug's 500 page and
logs Flask's `ERROR in app` line and the exception, as the real app does.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode

if TYPE_CHECKING:
    from dockersim.engine.programs.webapp import Route, WebApp

Reader = Callable[[str], bytes | None]
Spec = tuple[str, object]  # ("lit", value) or ("param", name)
UNKNOWN = ("unknown", None)
SERVER_ERROR_PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
    "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was "
    "unable to complete your request. Either the server is overloaded or there is an error in "
    "the application.</p>\n"
)
CONVERTERS = {"string": r"[^/]+", "int": r"\d+", "float": r"\d+\.\d+", "path": r"[^/].*?",
              "uuid": r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-"
              r"[A-Fa-f0-9]{12}", "any": r"[^/]+"}  # fmt: skip
VARIABLE = re.compile(r"<(?:(?P<conv>[a-z]+)(?:\([^)]*\))?:)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)>")
#: what Python 3.12's mimetypes says, with Werkzeug's charset for text
MIME = {".css": "text/css", ".js": "text/javascript", ".html": "text/html",
        ".htm": "text/html", ".txt": "text/plain", ".json": "application/json",
        ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
        ".svg": "image/svg+xml", ".ico": "image/vnd.microsoft.icon", ".webp": "image/webp",
        ".woff2": "font/woff2", ".map": "application/json"}  # fmt: skip


def template_call(
    value: ast.expr, func: ast.AST, module: ast.Module | None
) -> tuple[str, tuple[tuple[str, Spec], ...]] | None:
    """`render_template("x.html", k=v, ...)` as (name, specs); None if it is not one, and
    a spec of UNKNOWN where a value cannot be worked out without running the app."""
    if not (isinstance(value, ast.Call) and getattr(value.func, "id", "") == "render_template"):
        return None
    if not value.args or not isinstance(value.args[0], ast.Constant):
        return "", ()
    name = value.args[0].value
    specs = tuple((k.arg, _spec(k.value, func, module)) for k in value.keywords if k.arg)
    if len(specs) != len(value.keywords) or len(value.args) != 1 or not isinstance(name, str):
        return "", ()
    return name, specs


def _spec(node: ast.expr, func: ast.AST, module: ast.Module | None) -> Spec:
    literal = _literal(node)
    if literal is not UNKNOWN:
        return ("lit", literal)
    if not isinstance(node, ast.Name):
        return UNKNOWN
    local = _bound(node.id, getattr(func, "body", []))
    if local is not None:
        return local
    params = getattr(getattr(func, "args", None), "args", [])
    if any(p.arg == node.id for p in params):
        return ("param", node.id)
    if module is not None:
        found = _bound(node.id, module.body)
        if found is not None:
            return found
    return UNKNOWN


def _bound(name: str, body: list[ast.stmt]) -> Spec | None:
    values = [
        n.value for n in body if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
    ]  # fmt: skip
    if not values:
        return None
    literal = _literal(values[-1]) if len(values) == 1 else UNKNOWN
    return ("lit", literal) if literal is not UNKNOWN else UNKNOWN


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return UNKNOWN


def pattern(path: str) -> str:
    """A rule with variables (`/user/<int:id>`) as a regular expression; "" for a plain one."""
    if "<" not in path:
        return ""
    out, pos = [], 0
    for match in VARIABLE.finditer(path):
        out.append(re.escape(path[pos : match.start()]))
        converter = CONVERTERS.get(match.group("conv") or "string", r"[^/]+")
        out.append(f"(?P<{match.group('name')}>{converter})")
        pos = match.end()
    out.append(re.escape(path[pos:]))
    return "".join(out)


def match(routes: Mapping[str, Route], path: str) -> tuple[Route, dict[str, object]] | None:
    """The route for `path`: a plain rule first, then one with variables."""
    if path in routes:
        return routes[path], {}
    path = unquote(path)
    for route in routes.values():
        if route.pattern:
            found = re.fullmatch(route.pattern, path)
            if found:
                return route, _converted(route.path, found.groupdict())
    return None


def _converted(rule: str, values: dict[str, str]) -> dict[str, object]:
    kinds = {m.group("name"): m.group("conv") for m in VARIABLE.finditer(rule)}
    out: dict[str, object] = {}
    for name, text in values.items():
        kind = kinds.get(name)
        out[name] = int(text) if kind == "int" else float(text) if kind == "float" else text
    return out


def url_for(app: WebApp) -> Callable[..., str]:
    """Flask's `url_for` for the app's endpoints and `static`."""
    static_path = "/" + posixpath.basename(app.static_folder.rstrip("/"))

    def build(endpoint: str, **values: Any) -> str:
        from difflib import SequenceMatcher

        from dockersim.engine.programs.jinja_expr import TemplateError

        rules = {r.endpoint: r.path for r in app.routes.values() if r.endpoint}
        rules["static"] = static_path + "/<path:filename>"
        rule = rules.get(endpoint)
        if rule is None or not all(m.group("name") in values for m in VARIABLE.finditer(rule)):
            message = f"Could not build url for endpoint {endpoint!r}"
            if rule is not None and values:
                message += f" with values {sorted(values)!r}"
            best = max(rules, key=lambda e: SequenceMatcher(None, e, endpoint).ratio())
            message += "." + (f" Did you mean {best!r} instead?" if best != endpoint else "")
            raise TemplateError("werkzeug.routing.exceptions.BuildError", message)
        used: set[str] = set()

        def fill(found: re.Match[str]) -> str:
            used.add(found.group("name"))
            safe = "/" if found.group("conv") == "path" else ""
            return quote(str(values[found.group("name")]), safe=safe)

        url = VARIABLE.sub(fill, rule)
        rest = {k: v for k, v in values.items() if k not in used and v is not None}
        return url + ("?" + urlencode(rest) if rest else "")

    return build


def render_page(
    app: WebApp, route: Route, params: Mapping[str, object], method: str, path: str,
    read: Reader,
) -> tuple[bytes | None, str]:  # fmt: skip
    """The rendered page, or None and the exception's last traceback line."""
    from dockersim.engine.programs import jinja
    from dockersim.engine.programs.jinja_expr import TemplateError

    folder = posixpath.join(app.root, app.template_folder)

    def load(name: str) -> str | None:
        data = read(posixpath.join(folder, name))
        return None if data is None else data.decode(errors="replace")

    context: dict[str, object] = {"request": {"path": path, "method": method, "args": {}}}
    for key, (kind, value) in route.context:
        context[key] = params.get(str(value)) if kind == "param" else value

    functions: dict[str, Callable[..., object]] = {
        "url_for": url_for(app),
        "get_flashed_messages": lambda **_: [],
    }
    try:
        text = jinja.render(route.template, context, load, functions)
    except TemplateError as exc:
        last = f"{exc.kind}: {exc.message}" if exc.kind != "dockersim" else exc.message
        return None, last if exc.kind != "dockersim" else f"dockersim: {exc.message}"
    return text.encode(), ""


def error_log(app: WebApp, route: Route, method: str, path: str, now: float, last: str) -> str:
    """Flask's log of an unhandled exception (its own frames and Jinja's left out)."""
    stamp = datetime.fromtimestamp(now, UTC)
    when = stamp.strftime("%Y-%m-%d %H:%M:%S") + f",{stamp.microsecond // 1000:03d}"
    if last.startswith("dockersim:"):
        return last + "\n"
    frame = ""
    if route.line:
        frame = (
            f'  File "{posixpath.join(app.root, app.file)}", line {route.line}, in '
            f"{route.endpoint}\n    {route.code}\n"
        )
    return (
        f"[{when}] ERROR in app: Exception on {path} [{method}]\n"
        f"Traceback (most recent call last):\n{frame}{last}\n"
    )


def static_file(app: WebApp, path: str, read: Reader) -> tuple[bytes, str] | None:
    """`/static/<path>` from the app's static folder: the bytes and their content type."""
    prefix = "/" + posixpath.basename(app.static_folder.rstrip("/")) + "/"
    if not path.startswith(prefix):
        return None
    name = posixpath.normpath(path[len(prefix) :])
    if name.startswith("..") or name.startswith("/"):
        return None
    data = read(posixpath.join(app.root, app.static_folder, name))
    if data is None:
        return None
    kind = MIME.get(posixpath.splitext(name)[1].lower(), "application/octet-stream")
    if kind.startswith("text/") or kind.endswith("+xml"):
        kind += "; charset=utf-8"
    return data, kind
