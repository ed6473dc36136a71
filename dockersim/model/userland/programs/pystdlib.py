"""The standard library modules pyeval imports, with the functions lessons call.

json, os (and os.path), sys, math, random, datetime, time, re, collections, itertools,
functools, pathlib, string, textwrap, platform and socket. Their functions compute on
pyeval's plain values with CPython's own code for pure computations (json's encoder, math,
re, the Mersenne Twister of `random`, textwrap), so results and error messages are CPython's;
what touches the system goes through the container instead: the file system (`os.listdir`,
`pathlib.Path`), the virtual clock (`time.time`, `time.sleep`, `datetime.now`), the network's
names (`socket.gethostbyname`). A name the real module has but pyeval does not simulate is
code pyeval does not simulate; a name it has not is CPython's AttributeError. A module of the
standard library not listed here is not simulated (said so); anything else is
ModuleNotFoundError, unless `pip install` put it in site-packages (pysite.py).
"""

from __future__ import annotations

import collections
import datetime
import itertools
import json
import math
import posixpath
import random
import re
import string
import textwrap
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.programs.pyobjects import PyPath
from dockersim.model.userland.programs.pyvalues import (
    FUNCS,
    Environ,
    Func,
    Module,
    PyError,
    Unsupported,
    is_pure,
)

#: when a process without a clock runs (the REPL replaying its inputs): 15 June 2025 (est.)
DEFAULT_EPOCH = 1749945600.0
#: `json.dumps(indent=)`, `str.center` ... wider than this are not built
MAX_WIDTH = 10_000
#: `math.factorial` and friends past this are not computed
MAX_FACTORIAL = 5_000


@attrs.define
class PyHost:
    """What a Python process sees of its container."""

    fs: CowFS | None = None
    cwd: str = "/"
    arch: str = "x86_64"
    #: a name's addresses as the container resolves them
    resolve: Callable[[str], list[str]] | None = None
    now: Callable[[], float] = lambda: DEFAULT_EPOCH
    sleep: Callable[[float], None] | None = None


class Runtime(Protocol):
    """What the modules need of the interpreter."""

    env: Mapping[str, str]
    version: str
    hostname: str
    pid: int
    host: PyHost
    write: Callable[[str], None]

    def need(self, size: int) -> None: ...

    def invoke(self, function: Any, args: list[Any], kwargs: dict[str, Any]) -> Any: ...


def _builtin(name: str) -> str:
    return f"<built-in function {name}>"


def _pure(where: str, *values: Any) -> None:
    for value in values:
        if not is_pure(value):
            raise Unsupported(f"these arguments to {where}()")


def _fn(module: str, name: str, impl: Callable[..., Any], shown: bool = False) -> Func:
    """A module's function; `shown` when CPython's repr of it holds no address."""
    where = f"{module}.{name}"

    def call(*args: Any, **kwargs: Any) -> Any:
        _pure(where, *args, *kwargs.values())
        return impl(*args, **kwargs)

    return Func(where, _builtin(name) if shown else None, impl=call)


def _lib(rt: Runtime) -> str:
    return "/usr/local/lib/python" + ".".join(rt.version.split(".")[:2])


def _minor(rt: Runtime) -> tuple[int, int]:
    parts = [*(int(p) for p in rt.version.split(".")[:2] if p.isdigit()), 3, 12]
    return parts[0], parts[1]


def _os_error(error: FsError, name: str) -> PyError:
    kinds = {
        "ENOENT": ("FileNotFoundError", 2),
        "ENOTDIR": ("NotADirectoryError", 20),
        "EACCES": ("PermissionError", 13),
        "EEXIST": ("FileExistsError", 17),
    }
    kind, number = kinds.get(error.errno, ("OSError", 5))
    return PyError(kind, f"[Errno {number}] {error}: {name!r}")


def _fs(rt: Runtime) -> CowFS:
    if rt.host.fs is None:
        raise Unsupported("the file system here")
    return rt.host.fs


def _json(rt: Runtime) -> dict[str, Any]:
    def dumps(obj: Any, indent: Any = None, sort_keys: bool = False, **kw: Any) -> str:
        if set(kw) - {"separators", "ensure_ascii"}:
            raise Unsupported(f"json.dumps({', '.join(sorted(kw))}=...)")
        if isinstance(indent, int) and indent > MAX_WIDTH:
            raise PyError("MemoryError", "")
        text = json.dumps(obj, indent=indent, sort_keys=sort_keys, **kw)
        rt.need(len(text))
        return text

    def loads(text: Any) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise PyError("json.decoder.JSONDecodeError", str(exc)) from None

    return {"dumps": _fn("json", "dumps", dumps), "loads": _fn("json", "loads", loads)}


def _os(rt: Runtime) -> dict[str, Any]:
    def listdir(path: str = ".") -> list[str]:
        try:
            return _fs(rt).listdir(path, rt.host.cwd)
        except FsError as exc:
            raise _os_error(exc, path) from None

    def makedirs(path: str, mode: int = 0o777, exist_ok: bool = False) -> None:
        fs = _fs(rt)
        if fs.exists(path, rt.host.cwd) and not exist_ok:
            raise _os_error(FsError("EEXIST", path), path)
        try:
            fs.mkdir(path, rt.host.cwd, parents=True)
        except FsError as exc:
            raise _os_error(exc, path) from None

    def mkdir(path: str, mode: int = 0o777) -> None:
        try:
            _fs(rt).mkdir(path, rt.host.cwd)
        except FsError as exc:
            raise _os_error(exc, path) from None

    def kind(path: str) -> str:
        try:
            return _fs(rt).stat(path, rt.host.cwd).kind
        except FsError:
            return ""

    cwd = rt.host.cwd
    path_attrs = {
        "join": _fn("posixpath", "join", posixpath.join),
        "basename": _fn("posixpath", "basename", posixpath.basename),
        "dirname": _fn("posixpath", "dirname", posixpath.dirname),
        "splitext": _fn("posixpath", "splitext", posixpath.splitext),
        "split": _fn("posixpath", "split", posixpath.split),
        "abspath": _fn(
            "posixpath", "abspath", lambda p: posixpath.normpath(posixpath.join(cwd, p))
        ),
        "exists": _fn("posixpath", "exists", lambda p: kind(p) != ""),
        "isfile": _fn("posixpath", "isfile", lambda p: kind(p) == "file"),
        "isdir": _fn("posixpath", "isdir", lambda p: kind(p) == "dir"),
        "sep": "/",
    }
    simple: dict[str, Callable[..., Any]] = {
        "getenv": lambda name, default=None: rt.env.get(name, default),
        "getpid": lambda: rt.pid,
        "getcwd": lambda: cwd,
        "listdir": listdir,
        "mkdir": mkdir,
        "makedirs": makedirs,
    }
    attrs_: dict[str, Any] = {
        n: _fn("os", n, f, n in ("getpid", "getcwd", "listdir", "mkdir")) for n, f in simple.items()
    }
    attrs_ |= {"environ": Environ(rt.env), "name": "posix", "sep": "/", "linesep": "\n"}
    attrs_["path"] = Module("posixpath", path_attrs, "(frozen)")
    return attrs_


class VersionInfo(collections.namedtuple("version_info", "major minor micro releaselevel serial")):
    """`sys.version_info`, shown as CPython shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
        )
        return f"sys.version_info({fields})"


def _sys(rt: Runtime) -> dict[str, Any]:
    from dockersim.model.userland.programs.pyvalues import BUILD, COMPILER

    major, minor = _minor(rt)
    micro = (
        int(rt.version.split(".")[2])
        if rt.version.count(".") >= 2 and rt.version.split(".")[2].isdigit()
        else 0
    )

    def write(text: Any) -> int:
        if not isinstance(text, str):
            kind = "NoneType" if text is None else type(text).__name__
            raise PyError("TypeError", f"write() argument must be str, not {kind}")
        rt.write(text)
        return len(text)

    info = VersionInfo(major, minor, micro, "final", 0)
    stdout = Module("stdout", {"write": Func("sys.stdout.write", None, impl=write)})
    stdout.shown = "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>"
    return {
        "version": f"{rt.version} ({BUILD}) \n[{COMPILER}]",
        "platform": "linux",
        "argv": ["-c"],
        "exit": Func("sys.exit", _builtin("exit")),
        "stdout": stdout,
        "version_info": info,
        "maxsize": 9223372036854775807,
        "byteorder": "little",
        "executable": "/usr/local/bin/python3",
    }


def _math(rt: Runtime) -> dict[str, Any]:
    def guarded(name: str) -> Callable[..., Any]:
        real = getattr(math, name)

        def call(*args: Any) -> Any:
            if name in ("factorial", "comb", "perm", "prod", "lcm") and any(
                isinstance(a, int) and abs(a) > MAX_FACTORIAL for a in args
            ):
                raise Unsupported(f"math.{name} of numbers this large")
            try:
                return real(*args)
            except OverflowError as exc:
                raise PyError("OverflowError", str(exc)) from None

        return call

    names = [n for n in dir(math) if not n.startswith("_")]
    values = {n: getattr(math, n) for n in names if not callable(getattr(math, n))}
    return values | {n: _fn("math", n, guarded(n), True) for n in names if n not in values}


def _random(rt: Runtime) -> dict[str, Any]:
    generator = random.Random(rt.pid * 1_000_003 + int(rt.host.now()))

    def choices(population: Any, weights: Any = None, k: int = 1) -> list[Any]:
        if isinstance(k, int) and k > 1_000_000:
            raise PyError("MemoryError", "")
        return generator.choices(population, weights, k=k)

    calls: dict[str, Callable[..., Any]] = {
        "seed": lambda a=None: generator.seed(a),
        "random": generator.random,
        "randint": generator.randint,
        "randrange": generator.randrange,
        "choice": generator.choice,
        "shuffle": generator.shuffle,
        "uniform": generator.uniform,
        "sample": generator.sample,
        "choices": choices,
    }
    return {n: _fn("random", n, f) for n, f in calls.items()}


def _now(rt: Runtime) -> datetime.datetime:
    stamp = rt.host.now()
    return datetime.datetime.fromtimestamp(stamp, datetime.UTC).replace(tzinfo=None)


def _datetime(rt: Runtime) -> dict[str, Any]:
    def now(tz: Any = None) -> datetime.datetime:
        if tz is not None:
            raise Unsupported("datetime.now() with a time zone")
        return _now(rt)

    def strptime(text: str, fmt: str) -> datetime.datetime:
        return datetime.datetime.strptime(text, fmt)

    own = {
        "now": _fn("datetime", "now", now, True),
        "today": _fn("datetime", "today", lambda: _now(rt), True),
        "fromtimestamp": _fn(
            "datetime",
            "fromtimestamp",
            lambda s: datetime.datetime.fromtimestamp(s, datetime.UTC).replace(tzinfo=None),
            True,
        ),
        "strptime": _fn("datetime", "strptime", strptime, True),
        "fromisoformat": _fn("datetime", "fromisoformat", datetime.datetime.fromisoformat, True),
    }
    date_own = {"today": _fn("date", "today", lambda: _now(rt).date(), True)}
    return {
        "datetime": Func(
            "datetime.datetime",
            "<class 'datetime.datetime'>",
            impl=_class_call("datetime.datetime", datetime.datetime),
            attrs=own,
        ),
        "date": Func(
            "datetime.date",
            "<class 'datetime.date'>",
            impl=_class_call("datetime.date", datetime.date),
            attrs=date_own,
        ),
        "timedelta": Func(
            "datetime.timedelta",
            "<class 'datetime.timedelta'>",
            impl=_class_call("datetime.timedelta", datetime.timedelta),
        ),
    }


def _class_call(name: str, cls: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        _pure(name, *args, *kwargs.values())
        try:
            return cls(*args, **kwargs)
        except OverflowError as exc:
            raise PyError("OverflowError", str(exc)) from None

    return call


def _time(rt: Runtime) -> dict[str, Any]:
    def sleep(seconds: Any) -> None:
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
            kind = type(seconds).__name__
            raise PyError("TypeError", f"'{kind}' object cannot be interpreted as an integer")
        if seconds < 0:
            raise PyError("ValueError", "sleep length must be non-negative")
        if rt.host.sleep is not None:
            rt.host.sleep(float(seconds))

    def strftime(fmt: str) -> str:
        return _now(rt).strftime(fmt)

    calls: dict[str, Callable[..., Any]] = {
        "time": rt.host.now,
        "sleep": sleep,
        "strftime": strftime,
        "ctime": lambda: _now(rt).ctime(),
        "monotonic": rt.host.now,
        "perf_counter": rt.host.now,
    }
    return {n: _fn("time", n, f, True) for n, f in calls.items()}


def _re(rt: Runtime) -> dict[str, Any]:
    def wrap(name: str) -> Callable[..., Any]:
        real = getattr(re, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if name == "sub" and len(args) >= 3 and isinstance(args[1], str):
                rt.need(len(str(args[2])) * (len(args[1]) + 1))
            try:
                return real(*args, **kwargs)
            except re.error as exc:
                raise PyError("re.error", str(exc)) from None

        return call

    calls = ["match", "search", "fullmatch", "findall", "sub", "split", "compile", "escape"]
    flags = {n: getattr(re, n) for n in ["IGNORECASE", "I", "MULTILINE", "M", "DOTALL", "S"]}
    return {n: _fn("re", n, wrap(n)) for n in calls} | flags


def _collections(rt: Runtime) -> dict[str, Any]:
    def defaultdict(factory: Any = None, *args: Any) -> Any:
        kinds = {
            "list": list,
            "int": int,
            "str": str,
            "dict": dict,
            "set": set,
            "float": float,
            "tuple": tuple,
        }
        if factory is not None and not (isinstance(factory, Func) and factory.name in kinds):
            raise Unsupported("defaultdict() with this default factory")
        _pure("collections.defaultdict", *args)
        return collections.defaultdict(kinds[factory.name] if factory else None, *args)

    def namedtuple(typename: Any, field_names: Any, **kwargs: Any) -> Func:
        _pure("collections.namedtuple", typename, field_names, *kwargs.values())
        if kwargs:
            raise Unsupported("namedtuple() with keyword arguments")
        made = collections.namedtuple(typename, field_names, module="__main__")  # type: ignore[misc]
        return Func(typename, f"<class '__main__.{typename}'>", impl=_class_call(typename, made))

    def classes(name: str, cls: Callable[..., Any]) -> Func:
        return Func(
            f"collections.{name}",
            f"<class 'collections.{name}'>",
            impl=_class_call(f"collections.{name}", cls),
        )

    return {
        "Counter": classes("Counter", collections.Counter),
        "OrderedDict": classes("OrderedDict", collections.OrderedDict),
        "deque": classes("deque", collections.deque),
        "defaultdict": Func(
            "collections.defaultdict", "<class 'collections.defaultdict'>", impl=defaultdict
        ),
        "namedtuple": Func("collections.namedtuple", None, impl=namedtuple),
    }


def _itertools(rt: Runtime) -> dict[str, Any]:
    names = "chain permutations combinations product accumulate islice repeat count cycle"
    return {n: _fn("itertools", n, getattr(itertools, n)) for n in names.split()}


def _functools(rt: Runtime) -> dict[str, Any]:
    def reduce(function: Any, items: Any, *initial: Any) -> Any:
        _pure("functools.reduce", items, *initial)
        values = list(items)
        if not values and not initial:
            raise PyError("TypeError", "reduce() of empty iterable with no initial value")
        result, rest = (initial[0], values) if initial else (values[0], values[1:])
        for item in rest:
            result = rt.invoke(function, [result, item], {})
        return result

    def partial(function: Any, *args: Any, **kwargs: Any) -> Func:
        _pure("functools.partial", *args, *kwargs.values())

        def call(*more: Any, **extra: Any) -> Any:
            return rt.invoke(function, [*args, *more], {**kwargs, **extra})

        return Func("functools.partial", None, impl=call)

    return {
        "reduce": Func("functools.reduce", _builtin("reduce"), impl=reduce),
        "partial": Func("functools.partial", "<class 'functools.partial'>", impl=partial),
    }


def _pathlib(rt: Runtime) -> dict[str, Any]:
    def make(*parts: Any) -> PyPath:
        _pure("pathlib.Path", *parts)
        texts = [p.path if isinstance(p, PyPath) else p for p in parts]
        if not all(isinstance(t, str) for t in texts):
            kind = next(type(t).__name__ for t in texts if not isinstance(t, str))
            message = f"argument should be a str or an os.PathLike object, not '{kind}'"
            raise PyError("TypeError", message)
        return PyPath(posixpath.join(*texts) if texts else ".", rt.host.fs, rt.host.cwd)

    home = rt.env.get("HOME", "/root")
    own = {
        "cwd": Func("Path.cwd", None, impl=lambda: make(rt.host.cwd)),
        "home": Func("Path.home", None, impl=lambda: make(home)),
    }
    path = Func("pathlib.Path", "<class 'pathlib.Path'>", impl=make, attrs=own)
    return {"Path": path, "PosixPath": path}


def _string(rt: Runtime) -> dict[str, Any]:
    names = "ascii_letters ascii_lowercase ascii_uppercase digits hexdigits octdigits punctuation whitespace printable"  # noqa: E501
    values: dict[str, Any] = {n: getattr(string, n) for n in names.split()}
    return values | {"capwords": _fn("string", "capwords", string.capwords)}


def _textwrap(rt: Runtime) -> dict[str, Any]:
    def guard(name: str) -> Callable[..., Any]:
        real = getattr(textwrap, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            width = kwargs.get("width", args[1] if len(args) > 1 else 70)
            if name in ("fill", "wrap", "shorten") and isinstance(width, int) and width <= 0:
                raise PyError("ValueError", f"invalid width {width!r} (must be > 0)")
            return real(*args, **kwargs)

        return call

    return {
        n: _fn("textwrap", n, guard(n)) for n in ["dedent", "fill", "wrap", "indent", "shorten"]
    }


def _platform(rt: Runtime) -> dict[str, Any]:
    calls: dict[str, Callable[..., Any]] = {
        "python_version": lambda: rt.version,
        "system": lambda: "Linux",
        "machine": lambda: rt.host.arch,
        "node": lambda: rt.hostname,
        "python_implementation": lambda: "CPython",
    }
    return {n: _fn("platform", n, f) for n, f in calls.items()}


def _socket(rt: Runtime) -> dict[str, Any]:
    def gethostbyname(name: str) -> str:
        if name in ("localhost", ""):
            return "127.0.0.1"
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
            return name
        found = rt.host.resolve(name) if rt.host.resolve is not None else []
        found = [a for a in found if ":" not in a]
        if not found:
            raise PyError("socket.gaierror", "[Errno -2] Name or service not known")
        return found[0]

    return {
        "gethostname": _fn("socket", "gethostname", lambda: rt.hostname, True),
        "gethostbyname": _fn("socket", "gethostbyname", gethostbyname, True),
        "AF_INET": 2,
        "SOCK_STREAM": 1,
    }


#: module -> (its attributes, how its repr ends: None is from '<lib>/<file>')
BUILDERS: dict[str, tuple[Callable[[Runtime], dict[str, Any]], str]] = {
    "json": (_json, "json/__init__.py"),
    "os": (_os, "(frozen)"),
    "sys": (_sys, "(built-in)"),
    "math": (_math, "lib-dynload/math"),
    "random": (_random, "random.py"),
    "datetime": (_datetime, "datetime.py"),
    "time": (_time, "(built-in)"),
    "re": (_re, "re/__init__.py"),
    "collections": (_collections, "collections/__init__.py"),
    "itertools": (_itertools, "(built-in)"),
    "functools": (_functools, "functools.py"),
    "pathlib": (_pathlib, "pathlib.py"),
    "string": (_string, "string.py"),
    "textwrap": (_textwrap, "textwrap.py"),
    "platform": (_platform, "platform.py"),
    "socket": (_socket, "socket.py"),
}


def build(name: str, rt: Runtime) -> Module | None:
    """The module `name` as pyeval holds it, or None if it is not one of BUILDERS."""
    if name == "os.path":
        name = "os"
    found = BUILDERS.get(name)
    if found is None:
        return None
    builder, where = found
    if where.startswith("("):
        shown = where
    elif where.startswith("lib-dynload/"):
        major, minor = _minor(rt)
        machine = "aarch64" if rt.host.arch in ("aarch64", "arm64") else "x86_64"
        shown = f"from '{_lib(rt)}/{where}.cpython-{major}{minor}-{machine}-linux-gnu.so'"
    else:
        if where == "pathlib.py" and _minor(rt) >= (3, 13):
            where = "pathlib/__init__.py"
        shown = f"from '{_lib(rt)}/{where}'"
    return Module(name, builder(rt), shown)


__all__ = ["BUILDERS", "FUNCS", "PyHost", "build"]
