"""CommonJS for the node evaluator: `require`, `module.exports`, `__dirname`, node_modules.

A module's file is read from the container's filesystem (the process's CowFS, never the real
disk) and run as node wraps it: a function of `exports, require, module, __filename,
__dirname` whose `this` is `module.exports`. `require(x)` resolves as node's
`Module._resolveFilename` does for what tutorials use: core modules (`fs`, `node:fs`), `./a`
and `../a` as a file (`a`, `a.js`, `a.json`) or a directory (its package.json "main", then
index.js), and bare names through each `node_modules` from the requiring file's directory up
to `/`. A module is run once and cached by its path; a cycle gets the unfinished exports.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.model.fs import FsError
from dockersim.model.userland.programs.jsfunc import Scope, var_names
from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
    to_string,
    words,
)

if TYPE_CHECKING:
    from dockersim.model.cowfs import CowFS
    from dockersim.model.userland.programs.jseval import Interpreter

#: node's built-in modules this evaluator has
CORE = frozenset(["fs", "fs/promises", "path", "os", "events", "util", "timers", "process", "http",
                  "crypto"])  # fmt: skip
#: the first line of a package's file in node_modules that dockersim does not run (npm.py)
STAND_IN = "/* dockersim stand-in: "
#: the first line of a native addon's file (`*.node`) whose binding the program gives
#: (`ModuleSystem.addons`: sqlite3's, and the wire protocol of mysql2 and wait-port)
ADDON = "/* dockersim addon: "
#: node's other built-in modules (real in node, not simulated here)
OTHER_CORE = words(
    """assert async_hooks buffer child_process cluster console constants crypto dgram
    diagnostics_channel dns domain http2 https inspector module net perf_hooks punycode
    querystring readline repl stream string_decoder sys tls trace_events tty url v8 vm wasi
    worker_threads zlib"""
)
#: how many modules a program may load
MAX_MODULES = 500


class ModuleSystem:
    """One program's modules: the cache, and how `require` finds and runs them."""

    def __init__(self, realm: Interpreter, fs: CowFS, cwd: str) -> None:
        self.realm = realm
        self.fs = fs
        self.cwd = cwd
        self.cache: dict[str, JSObject] = {}
        #: the text each module in the cache was run from (a server kept in memory is run
        #: again when one of them changed: node_live.py)
        self.sources: dict[str, str] = {}
        #: (request, requiring directory) -> the file it resolved to
        self.resolved: dict[tuple[str, str], str] = {}
        self.core: dict[str, Any] = {}
        #: the files requiring, outermost first (node's "Require stack")
        self.stack: list[str] = []
        #: core modules made on demand (set by the program: name -> maker)
        self.makers: dict[str, Callable[[], Any]] = {}
        #: native addons by name (set by the program: name -> maker), made once each
        self.addons: dict[str, Callable[[], Any]] = {}
        self.made: dict[str, Any] = {}

    # --- resolving -------------------------------------------------------------------------
    def is_file(self, path: str) -> bool:
        try:
            return self.fs.stat(path).kind == "file"
        except FsError:
            return False

    def is_dir(self, path: str) -> bool:
        try:
            return self.fs.stat(path).kind == "dir"
        except FsError:
            return False

    def as_file(self, path: str) -> str | None:
        for candidate in (path, path + ".js", path + ".json", path + ".cjs"):
            if self.is_file(candidate):
                return candidate
        return None

    def as_directory(self, path: str) -> str | None:
        manifest = posixpath.join(path, "package.json")
        if self.is_file(manifest):
            try:
                data = json.loads(self.fs.read(manifest).decode("utf-8", "replace"))
            except ValueError:
                data = {}
            main = data.get("main") if isinstance(data, dict) else None
            if isinstance(main, str) and main:
                target = posixpath.normpath(posixpath.join(path, main))
                found = self.as_file(target) or self.as_file(posixpath.join(target, "index"))
                if found is not None:
                    return found
        return self.as_file(posixpath.join(path, "index"))

    def resolve(self, request: str, base: str) -> str | None:
        """The file `require(request)` from a module in directory `base` loads, or None. What
        was found is remembered for the program's life, as node's `Module._pathCache` does."""
        key = (request, base)
        found = self.resolved.get(key)
        if found is None:
            found = self._resolve(request, base)
            if found is not None:
                self.resolved[key] = found
        return found

    def _resolve(self, request: str, base: str) -> str | None:
        if request.startswith(("./", "../", "/")) or request in (".", ".."):
            target = posixpath.normpath(posixpath.join(base, request))
            return self.as_file(target) or self.as_directory(target)
        directory = base
        while True:
            if posixpath.basename(directory) != "node_modules":
                modules = posixpath.join(directory, "node_modules")
                if self.is_dir(modules):  # (nothing is found in a folder that is not there)
                    target = posixpath.join(modules, request)
                    found = self.as_file(target) or self.as_directory(target)
                    if found is not None:
                        return found
            if directory == "/":
                return None
            directory = posixpath.dirname(directory)

    # --- loading ---------------------------------------------------------------------------
    def require(self, request: Any, base: str, parent: str | None) -> Any:
        if not isinstance(request, str):
            raise JSThrow("TypeError", 'The "id" argument must be of type string. Received '
                          + self.realm.shown(request))  # fmt: skip
        name = request[5:] if request.startswith("node:") else request
        if name in CORE and name in self.makers:
            if name not in self.core:
                self.core[name] = self.makers[name]()
            return self.core[name]
        if name in OTHER_CORE or name in CORE:
            raise Unsupported(f"the '{name}' module")
        path = self.resolve(request, base)
        if path is None:
            raise self.not_found(request, parent)
        return self.load(path, parent)

    def not_found(self, request: str, parent: str | None) -> JSThrow:
        realm = self.realm
        chain = [parent] if parent else []
        chain += [f for f in reversed(self.stack) if f not in chain]
        message = f"Cannot find module '{request}'"
        if chain:
            message += "\nRequire stack:\n" + "\n".join(f"- {f}" for f in chain)
        error = realm.make_error("Error", message)
        error.props["code"] = "MODULE_NOT_FOUND"
        error.props["requireStack"] = JSArray(list(chain))
        return JSThrow("Error", message, None, error)

    def load(self, path: str, parent: str | None) -> Any:
        found = self.cache.get(path)
        if found is not None:
            return self.realm.get(found, "exports", 0)
        if len(self.cache) >= MAX_MODULES:
            raise Unsupported(f"more than {MAX_MODULES} modules")
        try:
            text = self.fs.read(path).decode("utf-8", "replace")
        except FsError:
            raise self.not_found(path, parent) from None
        self.realm.string(text)
        if text.startswith(STAND_IN):  # (a package whose code dockersim does not have)
            raise Unsupported(text[len(STAND_IN) :].split(" */", 1)[0])
        if text.startswith(ADDON):
            return self.addon(text[len(ADDON) :].split(" */", 1)[0])
        exports = JSObject()
        module = JSObject({"id": ".", "path": posixpath.dirname(path), "exports": exports,
                           "filename": path, "loaded": False, "children": JSArray([]),
                           "paths": JSArray([])}, cls="Module")  # fmt: skip
        self.cache[path] = module
        self.sources[path] = text
        if path.endswith(".json"):
            from dockersim.model.userland.programs.jsjson import json_parse

            try:
                module.props["exports"] = json_parse(self.realm, text)
            except JSThrow as exc:
                raise JSThrow("SyntaxError", f"{path}: {exc.message}") from None
            return module.props["exports"]
        self.stack.append(path)
        try:
            self.run(path, text, module)
        except BaseException:
            del self.cache[path]
            del self.sources[path]
            raise
        finally:
            self.stack.pop()
        module.props["loaded"] = True
        return self.realm.get(module, "exports", 0)

    def addon(self, name: str) -> Any:
        """A native addon's exports: what the program's binding for it makes."""
        if name not in self.made:
            maker = self.addons.get(name)
            if maker is None:
                raise Unsupported(f"the native addon '{name}'")
            self.made[name] = maker()
        return self.made[name]

    def run(self, path: str, text: str, module: JSObject) -> None:
        """Run a module's code as node's wrapper function would."""
        from dockersim.model.userland.programs.jsfunc import Frame
        from dockersim.model.userland.programs.jsparsed import parse

        realm = self.realm
        if text.startswith("#!"):  # node skips a shebang line
            end = text.find("\n")
            text = " " * (len(text) if end < 0 else end) + text[end if end >= 0 else len(text) :]
        source = (path, text)
        realm.module = source
        body = parse(text, function=True)
        directory = posixpath.dirname(path)
        exports = module.props["exports"]
        scope = Scope(realm.scope, this=exports, has_this=True)
        require = JSFunction("require", lambda args: self.require(
            args[0] if args else UNDEFINED, directory, path))  # fmt: skip
        require.props["resolve"] = JSFunction("resolve", lambda args: self.resolve_or_throw(
            to_string(args[0]) if args else "undefined", directory, path))  # fmt: skip
        require.props["cache"] = JSObject()
        require.props["main"] = module if not self.stack[:-1] else UNDEFINED
        for name, value in (("exports", exports), ("require", require), ("module", module),
                            ("__filename", path), ("__dirname", directory)):  # fmt: skip
            scope.vars[name] = [value, False]
        for name in var_names(body):
            scope.vars.setdefault(name, [UNDEFINED, False])
        realm.hoist(body, scope)
        realm.frames.append(Frame("", source))
        outer_source = realm.source
        realm.source = text
        try:
            realm.drive(realm.run_body(body, scope))
        finally:
            realm.frames.pop()
            realm.source = outer_source

    def resolve_or_throw(self, request: str, base: str, parent: str) -> str:
        name = request[5:] if request.startswith("node:") else request
        if name in CORE or name in OTHER_CORE:
            return request
        found = self.resolve(request, base)
        if found is None:
            raise self.not_found(request, parent)
        return found
