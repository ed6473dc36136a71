"""The methods attrs writes for dockersim's classes, compiled once and kept beside the caches.

attrs generates each class's `__init__`, `__eq__`, `__hash__`, ... as Python source and
compiles it while the class statement runs: for the three hundred classes a lesson imports,
`compile()` is a tenth of a second of every process. The compiled code of a source text never
changes for a given Python, so the first process keeps the code objects (`marshal`) under the
data cache's directory (`datacache`), in a file named for this Python's exact version, and later
processes evaluate them instead of compiling again. attrs still builds every class and its
source text (the cache is keyed by that text and its file name), so a class whose fields change
gets new code; only the `compile()` call is skipped.

One detail of the text varies between processes: `__hash__` starts its tuple with Python's
randomised hash of the class's name. The key leaves that number out, so a cached `__hash__`
uses the number of the process that compiled it: an equally good constant for the tuple.

`arm()` (run by the `dockersim` command, `cli/__init__.py`, never by `import dockersim`: a
program that uses dockersim as a library keeps attrs as it found it) costs nothing until attrs
is imported: it waits on `sys.meta_path` for `attr._make` and wraps its `_compile_and_eval`
once that module has run. Only dockersim's own classes are cached (attrs names the text
`<attrs generated METHOD MODULE.CLASS>`); any other class is compiled as attrs does.
Any failure (no cache directory, a damaged or foreign file, an attrs without that function)
falls back to compiling; `DOCKERSIM_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: dockersim's package start-up does not import typing
if TYPE_CHECKING:
    from types import CodeType, ModuleType
    from typing import Any

_TARGET = "attr._make"

#: bounds the file: a cache that grew past this (many attrs or dockersim versions) starts over
LIMIT = 4000

#: key -> marshalled code: what the file held and what this process compiled
_codes: dict[bytes, bytes] = {}
_new: dict[bytes, bytes] = {}
_loaded = False


def arm() -> None:
    """Use the cache for every attrs class built from now on (idempotent)."""
    if os.environ.get("DOCKERSIM_NO_CACHE"):
        return
    from dockersim.importhook import when_imported

    when_imported(_TARGET, _wrap)


def _wrap(module: ModuleType) -> None:
    compile_and_eval = getattr(module, "_compile_and_eval", None)
    if compile_and_eval is None or getattr(compile_and_eval, "_dockersim", False):
        return

    def cached_compile_and_eval(
        script: str, globs: Any, locs: Any = None, filename: str = ""
    ) -> None:
        if " dockersim." not in filename:  # not one of ours: as attrs would
            compile_and_eval(script, globs, locs, filename)
            return
        key = key_of(script, filename)
        code = _lookup(key)
        if code is None:
            code = compile(script, filename, "exec")
            _remember(key, code)
        eval(code, globs, locs)  # attrs' own generated source, evaluated as attrs does

    cached_compile_and_eval._dockersim = True  # type: ignore[attr-defined]
    module._compile_and_eval = cached_compile_and_eval  # type: ignore[attr-defined]


def key_of(script: str, filename: str) -> bytes:
    """The cache key of a generated text: its file name and text, minus the per-process
    number `__hash__` starts with (the line after `hash((`)."""
    import hashlib

    marker = script.find("hash((\n")
    while marker >= 0:
        start = script.index("\n", marker) + 1
        end = script.find("\n", start)
        line = script[start : len(script) if end < 0 else end].strip()
        if line.endswith(",") and line[:-1].lstrip("-").isdigit():
            script = script[:start] + "#," + script[len(script) if end < 0 else end :]
        marker = script.find("hash((\n", start)
    return hashlib.blake2b(f"{filename}\0{script}".encode(), digest_size=16).digest()


def _lookup(key: bytes) -> CodeType | None:
    """The code kept under `key`, unmarshalled now (a process pays only for its classes)."""
    global _loaded
    if not _loaded:
        _loaded = True
        _codes.update(_read())
    data = _codes.get(key)
    if data is None:
        return None
    import marshal

    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, type(_lookup.__code__)) else None


def _remember(key: bytes, code: CodeType) -> None:
    import marshal

    if not _new:
        import atexit

        atexit.register(save)
    _new[key] = _codes[key] = marshal.dumps(code)


def _path() -> str:
    from dockersim.datacache import _cache_dir

    version = ".".join(map(str, sys.version_info[:3]))
    tag = sys.implementation.cache_tag or sys.implementation.name
    return str(_cache_dir() / f"attrs-code-{tag}-{version}.marshal")


def _read() -> dict[bytes, bytes]:
    from dockersim.datacache import read_table

    return read_table(_path())


def save() -> None:
    """Write the code compiled in this process into the cache, with what it held before
    (atomically; failures are ignored: the cache is optional)."""
    if not _new or os.environ.get("DOCKERSIM_NO_CACHE"):
        return
    from dockersim.datacache import write_table

    new = dict(_new)
    _new.clear()
    write_table(_path(), new, LIMIT)
