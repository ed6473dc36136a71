"""A learner's Python web app, understood by reading it (never by running it).

`analyse(source)` parses `app.py` with `ast` and finds a Flask app (its routes and what each
returns when that is a literal: a string, a dict (JSON), a `(body, status)` tuple,
`jsonify(...)` of literals) or an `http.server` handler (`do_GET` writing literal bytes), and
the port from `app.run(...)` / `HTTPServer((host, port), ...)`. Whatever it cannot work out
is listed in `notes`; such a route still answers (200, empty body) and the app says so in its
log. `WebApp.answer(method, path)` is what the server would send; the networking code asks
`Engine.webapp_of(container)` for it.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Mapping

import attrs

from dockersim.engine.programs.webapp_templates import pattern, template_call

#: top-level modules of the standard library an app commonly imports (never "missing")
STDLIB = frozenset(
    {
        "abc", "argparse", "array", "ast", "asyncio", "base64", "bisect", "calendar",
        "collections", "contextlib", "copy", "csv", "dataclasses", "datetime", "decimal",
        "enum", "functools", "glob", "gzip", "hashlib", "heapq", "hmac", "html", "http", "io",
        "itertools", "json", "logging", "math", "mimetypes", "operator", "os", "pathlib",
        "pickle", "platform", "pprint", "queue", "random", "re", "secrets", "shutil", "signal",
        "socket", "socketserver", "sqlite3", "ssl", "statistics", "string", "struct",
        "subprocess", "sys", "tempfile", "textwrap", "threading", "time", "timeit",
        "traceback", "types", "typing", "unittest", "urllib", "uuid", "warnings", "weakref",
        "wsgiref", "xml", "zipfile", "zlib", "__future__",
    }
)  # fmt: skip
NOT_FOUND_PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again.</p>\n"
)
NOT_ALLOWED_PAGE = (
    "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n"
    "<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n"
)
REASONS = {200: "OK", 201: "CREATED", 204: "NO CONTENT", 400: "BAD REQUEST", 404: "NOT FOUND",
           405: "METHOD NOT ALLOWED", 500: "INTERNAL SERVER ERROR"}  # fmt: skip
HTML = "text/html; charset=utf-8"
Reader = Callable[[str], bytes | None]


@attrs.frozen
class Route:
    path: str
    methods: tuple[str, ...] = ("GET",)
    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    known: bool = True
    #: `render_template`: the template, its context (webapp_templates.Spec), where it is called
    template: str = ""
    context: tuple[tuple[str, tuple[str, object]], ...] = ()
    endpoint: str = ""
    pattern: str = ""
    line: int = 0
    code: str = ""


@attrs.frozen
class Answer:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    log: str = ""


@attrs.frozen
class WebApp:
    """What `app.py` is: `kind` is `flask`, `http.server` or `script`."""

    kind: str
    port: int = 5000
    host: str = "127.0.0.1"
    routes: Mapping[str, Route] = attrs.field(factory=dict)
    notes: tuple[str, ...] = ()
    debug: bool = False
    runs_server: bool = False
    imports: tuple[tuple[str, int, str], ...] = ()
    prints: tuple[str, ...] = ()
    server: str = "Werkzeug/3.1.3"
    root: str = "/"
    file: str = "app.py"
    template_folder: str = "templates"
    static_folder: str = "static"

    @property
    def route_table(self) -> dict[str, tuple[int, bytes, str]]:
        """path -> (status, body, content type), the brief's shape."""
        return {p: (r.status, r.body, r.content_type) for p, r in self.routes.items()}

    def answer(
        self, method: str, path: str, read: Reader | None = None, now: float = 0.0
    ) -> Answer:
        """What the app sends for one request; `read` reads the container's files (templates
        and static files), `now` stamps an error's log."""
        from dockersim.engine.programs import webapp_templates as tpl

        clean = path.split("?", 1)[0] or "/"
        found = tpl.match(self.routes, clean)
        if found is None:
            static = tpl.static_file(self, clean, read) if read and self.kind == "flask" else None
            if static is not None and method in ("GET", "HEAD"):
                data, kind = static
                headers = (("Content-Disposition", f"inline; filename={clean.rsplit('/')[-1]}"),
                           ("Content-Type", kind), ("Content-Length", str(len(data))),
                           ("Cache-Control", "no-cache"))  # fmt: skip
                return Answer(200, "OK", headers, b"" if method == "HEAD" else data)
            return _page(404, "NOT FOUND", NOT_FOUND_PAGE)
        route, params = found
        allowed = set(route.methods) | ({"HEAD"} if "GET" in route.methods else set())
        allowed.add("OPTIONS")
        if method not in allowed:
            answer = _page(405, "METHOD NOT ALLOWED", NOT_ALLOWED_PAGE)
            allow = ", ".join(sorted(allowed))
            return attrs.evolve(answer, headers=(*answer.headers, ("Allow", allow)))
        full = route.body
        if route.template and read is not None:
            rendered, last = tpl.render_page(self, route, params, method, clean, read)
            if rendered is None:
                answer = _page(500, "INTERNAL SERVER ERROR", tpl.SERVER_ERROR_PAGE)
                log = tpl.error_log(self, route, method, clean, now, last)
                return attrs.evolve(answer, log=log)
            full = rendered
        body = b"" if method == "HEAD" else full
        reason = REASONS.get(route.status, "OK")
        return Answer(
            route.status,
            reason,
            (("Content-Type", route.content_type), ("Content-Length", str(len(full)))),
            body,
        )


def _page(status: int, reason: str, page: str) -> Answer:
    body = page.encode()
    return Answer(
        status, reason, (("Content-Type", HTML), ("Content-Length", str(len(body)))), body
    )


def analyse(source: str, filename: str = "app.py") -> WebApp:
    """Read a Python module and say what kind of app it is (see the module docstring)."""
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        return WebApp("script", notes=(f"app.py does not parse: {exc.msg} (line {exc.lineno})",))
    imports = tuple(_imports(tree))
    flask_names = _flask_app_names(tree)
    if flask_names:
        app = _flask(tree, flask_names, imports, source.splitlines())
        folders = _folders(tree)
        return attrs.evolve(
            app,
            file=filename,
            template_folder=folders.get("template_folder", app.template_folder),
            static_folder=folders.get("static_folder", app.static_folder),
        )
    if any(module == "http" for module, _, _ in imports) or "HTTPServer" in source:
        return _http_server(tree, imports)
    prints = tuple(_literal_prints(tree.body))
    return WebApp("script", imports=imports, prints=prints)


def _imports(tree: ast.Module) -> list[tuple[str, int, str]]:
    out: list[tuple[str, int, str]] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.append((alias.name.split(".")[0], node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module.split(".")[0], node.lineno, ast.unparse(node)))
    return out


def _flask_app_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called == "Flask":
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _folders(tree: ast.Module) -> dict[str, str]:
    """`Flask(__name__, template_folder=..., static_folder=...)`."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Flask":
            for keyword in node.keywords:
                value = _literal(keyword.value)
                if keyword.arg in ("template_folder", "static_folder") and isinstance(value, str):
                    out[keyword.arg] = value
    return out


def _flask(
    tree: ast.Module, apps: set[str], imports: tuple[tuple[str, int, str], ...], lines: list[str]
) -> WebApp:
    routes: dict[str, Route] = {}
    notes: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            found = _route_of(decorator, apps)
            if found is None:
                continue
            path, methods = found
            route = _flask_response(path, methods, node, tree)
            code = lines[route.line - 1].strip() if 0 < route.line <= len(lines) else ""
            route = attrs.evolve(route, endpoint=node.name, pattern=pattern(path), code=code)
            if not route.known:
                notes.append(
                    f"dockersim: cannot work out what {path} returns without running the app; "
                    "it answers 200 with an empty body"
                )
            routes[path] = route
    port, host, debug, runs = 5000, "127.0.0.1", False, False
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "run"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in apps
        ):
            runs = True
            values = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
            positional = [_literal(a) for a in node.args]
            host = str(values.get("host", positional[0] if positional else host) or host)
            raw_port = values.get("port", positional[1] if len(positional) > 1 else port)
            port = raw_port if isinstance(raw_port, int) else 5000
            debug = bool(values.get("debug", False))
    return WebApp(
        "flask", port, host, routes, tuple(notes), debug, runs, imports,
        tuple(_literal_prints(tree.body)),
    )  # fmt: skip


def _route_of(decorator: ast.expr, apps: set[str]) -> tuple[str, tuple[str, ...]] | None:
    if not isinstance(decorator, ast.Call) or not isinstance(decorator.func, ast.Attribute):
        return None
    target = decorator.func.value
    if not (isinstance(target, ast.Name) and target.id in apps):
        return None
    verb = decorator.func.attr
    if verb not in ("route", "get", "post", "put", "delete", "patch"):
        return None
    path = _literal(decorator.args[0]) if decorator.args else None
    if not isinstance(path, str):
        return None
    methods: tuple[str, ...] = ("GET",) if verb == "route" else (verb.upper(),)
    for keyword in decorator.keywords:
        if keyword.arg == "methods":
            value = _literal(keyword.value)
            if isinstance(value, (list, tuple)):
                methods = tuple(str(m).upper() for m in value)
    return path, methods


def _flask_response(
    path: str, methods: tuple[str, ...], func: ast.AST, module: ast.Module | None = None
) -> Route:
    returns = [n for n in ast.walk(func) if isinstance(n, ast.Return)]
    if len(returns) != 1 or returns[0].value is None:
        return Route(path, methods, known=False)
    value = returns[0].value
    status = 200
    if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
        code = _literal(value.elts[1])
        if isinstance(code, int):
            status = code
        value = value.elts[0]
    template = template_call(value, func, module)
    if template is not None:
        name, specs = template
        line = returns[0].lineno
        if not name or any(kind == "unknown" for _, (kind, _) in specs):
            return Route(path, methods, known=False, line=line)
        return Route(path, methods, status, template=name, context=specs, line=line)
    if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "jsonify":
        args = [_literal(a) for a in value.args]
        data: object = args[0] if len(args) == 1 else args
        if any(a is _UNKNOWN for a in args) or value.keywords:
            return Route(path, methods, known=False)
        return Route(path, methods, status, _json_body(data), "application/json")
    literal = _literal(value)
    if isinstance(literal, str):
        return Route(path, methods, status, literal.encode())
    if isinstance(literal, (dict, list)):
        return Route(path, methods, status, _json_body(literal), "application/json")
    return Route(path, methods, known=False)


def _json_body(data: object) -> bytes:
    """Flask's DefaultJSONProvider outside debug mode: sorted, compact, a newline at the end."""
    return (json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n").encode()


_UNKNOWN = object()


def _literal(node: ast.expr) -> object:
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                return _UNKNOWN
        return "".join(parts)
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _UNKNOWN


def _literal_prints(body: list[ast.stmt]) -> list[str]:
    out: list[str] = []
    for node in body:
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", "") == "print"
        ):
            args = [_literal(a) for a in node.value.args]
            if all(a is not _UNKNOWN for a in args):
                out.append(" ".join(str(a) for a in args))
    return out


def _http_server(tree: ast.Module, imports: tuple[tuple[str, int, str], ...]) -> WebApp:
    port, host, runs = 8000, "", False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
            "HTTPServer",
            "ThreadingHTTPServer",
        ):
            address = _literal(node.args[0]) if node.args else _UNKNOWN
            if isinstance(address, tuple) and len(address) == 2 and isinstance(address[1], int):
                host, port = str(address[0]), address[1]
        if isinstance(node, ast.Attribute) and node.attr == "serve_forever":
            runs = True
    routes: dict[str, Route] = {}
    notes: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "do_GET":
            found = _handler_routes(node)
            if not found:
                notes.append("dockersim: cannot work out what do_GET answers; it answers 200")
                found = {"/": Route("/", known=False)}
            routes.update(found)
    return WebApp(
        "http.server", port, host, routes, tuple(notes), False, runs, imports,
        tuple(_literal_prints(tree.body)), "BaseHTTP/0.6",
    )  # fmt: skip


def _handler_routes(func: ast.FunctionDef) -> dict[str, Route]:
    """`do_GET`: one answer, or one per `if self.path == "/x":` branch."""
    routes: dict[str, Route] = {}
    body = func.body
    for node in body:
        if isinstance(node, ast.If):
            path = _path_test(node.test)
            if path is not None:
                routes[path] = _written(path, node.body)
                if node.orelse:
                    routes.setdefault("*", _written("*", node.orelse))
    if not routes:
        routes["*"] = _written("*", body)
    fallback = routes.pop("*", None)
    if fallback is not None:
        for path in ("/", "/index.html"):
            routes.setdefault(path, attrs.evolve(fallback, path=path))
    return routes


def _path_test(test: ast.expr) -> str | None:
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Attribute)
        and test.left.attr == "path"
        and len(test.comparators) == 1
    ):
        value = _literal(test.comparators[0])
        return value if isinstance(value, str) else None
    return None


def _written(path: str, body: list[ast.stmt]) -> Route:
    status, ctype, chunks, known = 200, "text/html", [], True
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            args = [_literal(a) for a in node.args]
            if node.func.attr == "send_response" and args and isinstance(args[0], int):
                status = args[0]
            elif node.func.attr == "send_header" and len(args) == 2:
                if str(args[0]).lower() == "content-type":
                    ctype = str(args[1])
            elif node.func.attr == "write" and args:
                if isinstance(args[0], bytes):
                    chunks.append(args[0])
                elif (
                    isinstance(node.args[0], ast.Call)
                    and getattr(node.args[0].func, "attr", "") == "encode"
                ):
                    text = _literal(node.args[0].func.value)  # type: ignore[attr-defined]
                    if isinstance(text, str):
                        chunks.append(text.encode())
                    else:
                        known = False
                else:
                    known = False
    return Route(path, ("GET",), status, b"".join(chunks), ctype, known)
