"""The standard library's values pyeval holds as CPython's own objects, and their methods.

`dict`, `tuple`, `set`, `collections.Counter`, `deque`, a `namedtuple`'s instances,
`datetime`, `re.Match` ... are the host's own objects built from plain values, so they show
and compare exactly as CPython shows them. Only the methods in METHODS are called (each on
plain arguments, with the memory its result takes worked out first where it can grow); any
other attribute CPython has is code pyeval does not simulate, and one it has not is CPython's
AttributeError. `PyPath` is `pathlib.Path` on the container's file system.
"""

from __future__ import annotations

import collections
import datetime
import posixpath
import re
from collections.abc import Callable
from typing import Any

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.programs.pyvalues import (
    Func,
    PyError,
    Unsupported,
    is_pure,
)

_STR = """capitalize casefold center count endswith find format index isalnum isalpha isdigit
    islower isnumeric isspace istitle isupper join ljust lower lstrip partition removeprefix
    removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines
    startswith strip swapcase title upper zfill"""
_LIST = "append clear copy count extend index insert pop remove reverse sort"
_DICT = "clear copy get items keys pop popitem setdefault update values"
_SET = "add clear copy difference discard intersection issubset issuperset pop remove union update"
_DATETIME = """year month day hour minute second microsecond weekday isoweekday isoformat
    strftime date time timestamp replace"""
#: the methods and attributes pyeval calls on each type (found on the type or its bases)
METHODS: dict[type, frozenset[str]] = {
    str: frozenset(_STR.split()),
    list: frozenset(_LIST.split()),
    tuple: frozenset(["count", "index"]),
    dict: frozenset(_DICT.split()),
    set: frozenset(_SET.split()),
    frozenset: frozenset(["copy", "difference", "intersection", "union", "issubset"]),
    collections.Counter: frozenset(["most_common", "total", "update", "subtract"]),
    collections.defaultdict: frozenset(["default_factory"]),
    collections.deque: frozenset(
        [
            "append",
            "appendleft",
            "clear",
            "count",
            "extend",
            "extendleft",
            "pop",
            "popleft",
            "rotate",
            "maxlen",
        ]
    ),
    datetime.datetime: frozenset(_DATETIME.split()),
    datetime.date: frozenset(
        ["year", "month", "day", "weekday", "isoweekday", "isoformat", "strftime"]
    ),
    datetime.timedelta: frozenset(["days", "seconds", "microseconds", "total_seconds"]),
    re.Match: frozenset(["group", "groups", "groupdict", "start", "end", "span", "string"]),
    re.Pattern: frozenset(["match", "search", "fullmatch", "findall", "sub", "split", "pattern"]),
}


def member(owner: Any, attr: str) -> Any:
    """`owner.attr` for a value pyeval holds as CPython's own (a bound method is a Func)."""
    if attr.startswith("_") and not _named_tuple_api(owner, attr):
        raise Unsupported(f"{type(owner).__name__}.{attr}")
    fields = getattr(type(owner), "_fields", None)
    if isinstance(owner, tuple) and fields is not None and attr in (*fields, "_asdict"):
        return _bound(owner, attr) if attr == "_asdict" else getattr(owner, attr)
    allowed = next((names for kind, names in METHODS.items() if type(owner) is kind), None)
    if allowed is None:
        allowed = next((n for kind, n in METHODS.items() if isinstance(owner, kind)), None)
    if allowed is None or attr not in allowed:
        if not hasattr(owner, attr):
            kind = type(owner).__name__
            raise PyError("AttributeError", f"'{kind}' object has no attribute '{attr}'")
        raise Unsupported(f"{type(owner).__name__}.{attr}")
    found = getattr(owner, attr)
    return _bound(owner, attr) if callable(found) else found


def _named_tuple_api(owner: Any, attr: str) -> bool:
    return attr == "_asdict" and hasattr(type(owner), "_fields")


def _bound(owner: Any, attr: str) -> Func:
    method = getattr(owner, attr)
    kind = type(owner).__name__
    return Func(f"{kind}.{attr}", None, owner, impl=_guarded(owner, attr, method))


def _guarded(owner: Any, attr: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """The method, refusing arguments that are not plain and widths that would not fit."""

    def call(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if not is_pure(value):
                raise Unsupported(f"these arguments to {type(owner).__name__}.{attr}()")
        if attr == "sort" and kwargs:
            raise Unsupported("sort() with key= or reverse=")
        if attr == "format" and kwargs:
            raise Unsupported("str.format() with keyword arguments")
        return method(*args, **kwargs)

    return call


def growth(owner: Any, attr: str, args: tuple[Any, ...]) -> int:
    """An upper bound of what the method's result adds to memory (checked before calling)."""
    if isinstance(owner, str):
        if attr in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
            return max(args[0], 0)
        if attr == "replace" and len(args) >= 2 and isinstance(args[1], str):
            return len(owner) * max(len(args[1]), 1) + len(args[1])
        if attr == "join" and args:
            items = args[0]
            if isinstance(items, (list, tuple)):
                return sum(len(i) for i in items if isinstance(i, str)) + len(owner) * len(items)
        if attr == "format":
            return len(owner) + sum(len(str(a)) for a in args if isinstance(a, (str, int, float)))
    if attr in ("extend", "update") and args and hasattr(args[0], "__len__"):
        return 8 * len(args[0])
    return 0


class PyPath:
    """`pathlib.PosixPath` on the container's file system (what a lesson calls on it)."""

    #: shown by its own repr (pyvalues.is_pure)
    pure = True

    def __init__(self, path: str, fs: CowFS | None, cwd: str) -> None:
        self.path = posixpath.normpath(path) if path not in ("", ".") else "."
        if path.startswith("//") and not path.startswith("///"):
            self.path = "/" + self.path.lstrip("/")
        self.fs = fs
        self.cwd = cwd

    def __repr__(self) -> str:
        return f"PosixPath({self.path!r})"

    def __str__(self) -> str:
        return self.path

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PyPath) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def __truediv__(self, other: object) -> PyPath:
        if isinstance(other, PyPath):
            other = other.path
        if not isinstance(other, str):
            return NotImplemented
        return PyPath(posixpath.join(self.path, other), self.fs, self.cwd)

    def _fs(self) -> CowFS:
        if self.fs is None:
            raise Unsupported("pathlib without a file system")
        return self.fs

    def _os_error(self, error: FsError) -> PyError:
        kinds = {
            "ENOENT": "FileNotFoundError",
            "EISDIR": "IsADirectoryError",
            "EACCES": "PermissionError",
            "EEXIST": "FileExistsError",
            "ENOTDIR": "NotADirectoryError",
        }
        numbers = {"ENOENT": 2, "EISDIR": 21, "EACCES": 13, "EEXIST": 17, "ENOTDIR": 20}
        kind = kinds.get(error.errno, "OSError")
        return PyError(kind, f"[Errno {numbers.get(error.errno, 5)}] {error}: {self.path!r}")

    def attribute(self, attr: str) -> Any:
        plain = {
            "name": posixpath.basename(self.path) if self.path not in ("/", ".") else "",
            "suffix": posixpath.splitext(posixpath.basename(self.path))[1],
            "stem": posixpath.splitext(posixpath.basename(self.path))[0],
            "parent": PyPath(posixpath.dirname(self.path) or ".", self.fs, self.cwd),
            "parts": tuple(
                (["/"] if self.path.startswith("/") else [])
                + [p for p in self.path.split("/") if p and p != "."]
            ),
        }
        if attr in plain:
            return plain[attr]
        calls: dict[str, Callable[..., Any]] = {
            "exists": lambda: self._fs().exists(self.path, self.cwd),
            "is_file": lambda: self._kind() == "file",
            "is_dir": lambda: self._kind() == "dir",
            "read_text": self.read_text,
            "write_text": self.write_text,
            "iterdir": lambda: [self / n for n in sorted(self._fs().listdir(self.path, self.cwd))],
            "mkdir": self.mkdir,
            "resolve": lambda: PyPath(posixpath.join(self.cwd, self.path), self.fs, self.cwd),
            "absolute": lambda: PyPath(posixpath.join(self.cwd, self.path), self.fs, self.cwd),
            "joinpath": lambda *parts: PyPath(
                posixpath.join(self.path, *map(str, parts)), self.fs, self.cwd
            ),
        }
        if attr in calls:
            return Func(f"PosixPath.{attr}", None, self, impl=self._errors(calls[attr]))
        raise Unsupported(f"PosixPath.{attr}")

    def _errors(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except FsError as exc:
                raise self._os_error(exc) from None

        return call

    def _kind(self) -> str:
        try:
            return self._fs().stat(self.path, self.cwd).kind
        except FsError:
            return ""

    def read_text(self, encoding: str = "utf-8") -> str:
        return self._fs().read(self.path, self.cwd).decode(errors="replace")

    def write_text(self, data: Any, encoding: str = "utf-8") -> int:
        if not isinstance(data, str):
            kind = type(data).__name__
            raise PyError("TypeError", f"data must be str, not {kind}")
        self._fs().write(self.path, data.encode(), self.cwd)
        return len(data)

    def mkdir(self, parents: bool = False, exist_ok: bool = False) -> None:
        fs = self._fs()
        if fs.exists(self.path, self.cwd):
            if exist_ok:
                return
            raise self._os_error(FsError("EEXIST", self.path))
        fs.mkdir(self.path, self.cwd, parents=parents)
