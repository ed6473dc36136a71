"""node's core modules for the node evaluator: `fs` (sync, callback and promise forms of what
tutorials use), `path` (posix), `os`, `util`, `events` and `timers`.

`fs` works on the container's filesystem (the process's CowFS) as the program's user; its
errors are node's (`ENOENT: no such file or directory, open 'x'` with errno, code, syscall,
path). A member node has that is not here says it is not simulated.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.model.fs import FsError
from dockersim.model.userland.programs.jsevents import event_emitter
from dockersim.model.userland.programs.jsinspect import format_args, inspect
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    to_string,
    words,
)

if TYPE_CHECKING:
    from dockersim.model.cowfs import CowFS
    from dockersim.model.userland.programs.jseval import Interpreter

ERRNO = {"ENOENT": -2, "EEXIST": -17, "ENOTDIR": -20, "EISDIR": -21, "ENOTEMPTY": -39,
         "EACCES": -13, "EPERM": -1, "ENOSPC": -28, "EROFS": -30, "EFBIG": -27}  # fmt: skip
FS_MEMBERS = words(
    """access accessSync appendFile appendFileSync chmod chmodSync chown chownSync close
    closeSync copyFile copyFileSync cp cpSync createReadStream createWriteStream exists
    existsSync lstat lstatSync mkdir mkdirSync mkdtemp mkdtempSync open openSync opendir read
    readFile readFileSync readSync readdir readdirSync readlink realpath realpathSync rename
    renameSync rm rmSync rmdir rmdirSync stat statSync symlink truncate unlink unlinkSync
    watch watchFile write writeFile writeFileSync writeSync constants promises"""
)


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def fs_error(realm: Interpreter, exc: FsError, syscall: str, path: str, dest: str = "") -> JSThrow:
    code = exc.errno if hasattr(exc, "errno") and isinstance(exc.errno, str) else "ENOENT"
    text = FsError.MESSAGES.get(code, code).lower()
    target = f"'{path}'" + (f" -> '{dest}'" if dest else "")
    message = f"{code}: {text}, {syscall} {target}"
    error = realm.make_error("Error", message)
    error.props.update(errno=float(ERRNO.get(code, -1)), code=code, syscall=syscall, path=path)
    if dest:
        error.props["dest"] = dest
    return JSThrow("Error", message, None, error)


def make_fs(realm: Interpreter, fs: CowFS, cwd: str) -> JSObject:
    """The `fs` module."""

    def path_of(value: Any) -> str:
        if not isinstance(value, str):
            raise JSThrow("TypeError", 'The "path" argument must be of type string or an '
                          f"instance of Buffer or URL. Received {realm.shown(value)}")  # fmt: skip
        return value

    def encoding(options: Any) -> str | None:
        if isinstance(options, str):
            return options
        if isinstance(options, JSObject):
            found = options.props.get("encoding")
            return found if isinstance(found, str) else None
        return None

    def read_file(args: list[Any]) -> Any:
        path = path_of(_arg(args, 0))
        try:
            data = fs.read(path, cwd)
        except FsError as exc:
            raise fs_error(realm, exc, "open", path) from None
        if encoding(_arg(args, 1)) is None:
            from dockersim.model.userland.programs.jsvalues import Unsupported

            raise Unsupported("Buffers (readFileSync without an encoding)")
        return realm.string(data.decode("utf-8", "replace"))

    def write_file(args: list[Any], append: bool = False) -> Any:
        path = path_of(_arg(args, 0))
        text = realm.string(to_string(_arg(args, 1)))
        try:
            fs.write(path, text.encode(), cwd, append=append)
        except FsError as exc:
            raise fs_error(realm, exc, "open", path) from None
        return UNDEFINED

    def mkdir(args: list[Any]) -> Any:
        path = path_of(_arg(args, 0))
        options = _arg(args, 1)
        recursive = isinstance(options, JSObject) and options.props.get("recursive") is True
        try:
            if recursive and fs.exists(path, cwd):
                return UNDEFINED
            fs.mkdir(path, cwd, parents=recursive)
        except FsError as exc:
            raise fs_error(realm, exc, "mkdir", path) from None
        return posixpath.normpath(posixpath.join(cwd, path)) if recursive else UNDEFINED

    def readdir(args: list[Any]) -> Any:
        path = path_of(_arg(args, 0))
        try:
            return JSArray(list(fs.listdir(path, cwd)))
        except FsError as exc:
            raise fs_error(realm, exc, "scandir", path) from None

    def unlink(args: list[Any]) -> Any:
        path = path_of(_arg(args, 0))
        try:
            if fs.stat(path, cwd, follow=False).kind == "dir":
                raise FsError("EISDIR", path)
            fs.remove(path, cwd)
        except FsError as exc:
            raise fs_error(realm, exc, "unlink", path) from None
        return UNDEFINED

    def rm(args: list[Any]) -> Any:
        path = path_of(_arg(args, 0))
        options = _arg(args, 1)
        flags = options.props if isinstance(options, JSObject) else {}
        try:
            if not fs.exists(path, cwd) and flags.get("force") is True:
                return UNDEFINED
            fs.remove(path, cwd, recursive=flags.get("recursive") is True)
        except FsError as exc:
            raise fs_error(realm, exc, "rm", path) from None
        return UNDEFINED

    def stat(args: list[Any]) -> Any:
        path = path_of(_arg(args, 0))
        try:
            entry = fs.stat(path, cwd)
        except FsError as exc:
            raise fs_error(realm, exc, "stat", path) from None
        is_dir = entry.kind == "dir"
        numbers = {"size": entry.size, "mode": entry.mode, "uid": entry.uid, "gid": entry.gid}
        stats = JSObject({k: float(v) for k, v in numbers.items()}, cls="Stats")
        stats.props["isDirectory"] = JSFunction("isDirectory", lambda a: is_dir)
        stats.props["isFile"] = JSFunction("isFile", lambda a: entry.kind == "file")
        return stats

    def exists(args: list[Any]) -> Any:
        path = _arg(args, 0)
        return isinstance(path, str) and fs.exists(path, cwd)

    sync: dict[str, Callable[[list[Any]], Any]] = {
        "readFile": read_file, "writeFile": write_file,
        "appendFile": lambda a: write_file(a, True), "mkdir": mkdir, "readdir": readdir,
        "unlink": unlink, "rm": rm, "stat": stat, "lstat": stat,
        "access": lambda a: (stat(a), UNDEFINED)[1],
    }  # fmt: skip
    module = JSObject({}, tag="fs", known=FS_MEMBERS)
    loop = realm.loop
    promises = JSObject({}, tag="fs/promises", known=FS_MEMBERS)
    for name, fn in sync.items():
        module.props[name + "Sync"] = JSFunction(name + "Sync", fn)
        module.props[name] = JSFunction(name, _callback_form(realm, fn))
        promises.props[name] = JSFunction(name, _promise_form(realm, fn))
    module.props["existsSync"] = JSFunction("existsSync", exists)
    module.props["promises"] = promises
    module.props["constants"] = JSObject({"F_OK": 0.0, "R_OK": 4.0, "W_OK": 2.0, "X_OK": 1.0})
    del loop
    return module


def _callback_form(
    realm: Interpreter, fn: Callable[[list[Any]], Any]
) -> Callable[[list[Any]], Any]:
    """fs.readFile(path, [options], callback): the callback later, with (err, result)."""

    def run(args: list[Any]) -> Any:
        callback = args[-1] if args else UNDEFINED
        if not isinstance(callback, JSFunction):
            raise JSThrow("TypeError", 'The "cb" argument must be of type function. Received '
                          + realm.shown(callback))  # fmt: skip
        try:
            result = fn(list(args[:-1]))
            reply = [NULL, result] if result is not UNDEFINED else [NULL]
        except JSThrow as exc:
            reply = [realm.thrown_value(exc)]
        realm.loop.immediate(callback, reply)
        return UNDEFINED

    return run


def _promise_form(realm: Interpreter, fn: Callable[[list[Any]], Any]) -> Callable[[list[Any]], Any]:
    def run(args: list[Any]) -> Any:
        promise = realm.loop.new_promise()
        try:
            realm.loop.resolve(promise, fn(args))
        except JSThrow as exc:
            realm.loop.settle(promise, "rejected", realm.thrown_value(exc))
        return promise

    return run


def make_path(realm: Interpreter, cwd: str) -> JSObject:
    """The `path` module (posix)."""

    def strings(args: list[Any]) -> list[str]:
        for arg in args:
            if not isinstance(arg, str):
                raise JSThrow("TypeError", 'The "path" argument must be of type string. '
                              f"Received {realm.shown(arg)}")  # fmt: skip
        return list(args)

    def join(args: list[Any]) -> str:
        parts = [p for p in strings(args) if p]
        return posixpath.normpath("/".join(parts)) if parts else "."

    def resolve(args: list[Any]) -> str:
        out = cwd
        for part in strings(args):
            if part:
                out = posixpath.join(out, part)
        normal = posixpath.normpath(out)
        return "/" if normal == "//" else normal

    def extname(args: list[Any]) -> str:
        base = posixpath.basename(strings(args)[0].rstrip("/"))
        dot = base.rfind(".")
        return base[dot:] if dot > 0 else ""

    def basename(args: list[Any]) -> str:
        items = strings(args)
        base = posixpath.basename(items[0].rstrip("/")) if items else ""
        if len(items) > 1 and base.endswith(items[1]) and base != items[1]:
            base = base[: -len(items[1])]
        return base

    def dirname(args: list[Any]) -> str:
        text = strings(args)[0].rstrip("/") or ("/" if strings(args)[0].startswith("/") else "")
        if not text:
            return "."
        return posixpath.dirname(text) or "."

    fns = {
        "join": join, "resolve": resolve, "basename": basename, "dirname": dirname,
        "extname": extname,
        "normalize": lambda a: posixpath.normpath(strings(a)[0]) if strings(a)[0] else ".",
        "isAbsolute": lambda a: strings(a)[0].startswith("/"),
        "relative": lambda a: posixpath.relpath(resolve(a[1:2]), resolve(a[:1])),
    }  # fmt: skip
    module = JSObject({name: JSFunction(name, fn) for name, fn in fns.items()}, tag="path",
                      known=words("parse format toNamespacedPath matchesGlob win32"))  # fmt: skip
    module.props.update(sep="/", delimiter=":")
    module.props["posix"] = module
    return module


def make_os(realm: Interpreter, hostname: str, arch: str, home: str) -> JSObject:
    props = {
        "hostname": JSFunction("hostname", lambda a: hostname),
        "platform": JSFunction("platform", lambda a: "linux"),
        "type": JSFunction("type", lambda a: "Linux"),
        "arch": JSFunction("arch", lambda a: arch),
        "homedir": JSFunction("homedir", lambda a: home),
        "tmpdir": JSFunction("tmpdir", lambda a: "/tmp"),
        "EOL": "\n",
    }
    return JSObject(props, tag="os", known=words(
        """cpus freemem totalmem loadavg networkInterfaces release uptime userInfo version
        machine endianness availableParallelism constants devNull getPriority
        setPriority"""))  # fmt: skip


def make_util(realm: Interpreter) -> JSObject:
    def promisify(args: list[Any]) -> Any:
        fn = _arg(args, 0)

        def run(this: Any, more: list[Any]) -> Any:
            promise = realm.loop.new_promise()

            def done(reply: list[Any]) -> Any:
                error = _arg(reply, 0)
                if error is not UNDEFINED and error is not NULL:
                    realm.loop.settle(promise, "rejected", error)
                else:
                    realm.loop.resolve(promise, _arg(reply, 1))
                return UNDEFINED

            realm.call_sync(fn, this, [*more, JSFunction("", done)])
            return promise

        return JSFunction(getattr(fn, "name", ""), method=run)

    def inspect_(args: list[Any]) -> str:
        options = _arg(args, 1)
        depth = 2
        if isinstance(options, JSObject) and isinstance(options.props.get("depth"), float):
            depth = int(options.props["depth"])
        return inspect(_arg(args, 0), depth)

    props = {
        "format": JSFunction("format", lambda a: format_args(list(a))),
        "inspect": JSFunction("inspect", inspect_),
        "promisify": JSFunction("promisify", promisify),
        "isDeepStrictEqual": JSFunction(
            "isDeepStrictEqual", lambda a: inspect(_arg(a, 0), 99) == inspect(_arg(a, 1), 99)),
    }  # fmt: skip
    return JSObject(props, tag="util", known=words(
        """callbackify debuglog deprecate inherits parseArgs styleText stripVTControlCharacters
        types TextDecoder TextEncoder isArray"""))  # fmt: skip


def make_events(realm: Interpreter) -> JSFunction:
    emitter = event_emitter(realm)
    emitter.props["once"] = JSFunction("once", lambda a: _once(realm, a))
    return emitter


def _once(realm: Interpreter, args: list[Any]) -> Any:
    target, event = _arg(args, 0), to_string(_arg(args, 1))
    promise = realm.loop.new_promise()
    listener = JSFunction("", lambda a: realm.loop.resolve(promise, JSArray(list(a))))
    on = realm.get(target, "once", 0)
    realm.call_sync(on, target, [event, listener])
    return promise


def make_timers(realm: Interpreter) -> JSObject:
    names = ("setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval",
             "clearImmediate")  # fmt: skip
    return JSObject({n: realm.builtins[n] for n in names}, tag="timers",
                    known=words("promises active unenroll enroll"))  # fmt: skip
