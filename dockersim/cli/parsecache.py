"""JavaScript texts parsed once and kept beside the data cache, for later processes.

The node evaluator parses each module's text once per process (model/userland/programs/
jsparsed.py), and parsing is most of a node script's first start: Express and the workshop's app
are a tenth of a second of parsing in every `dockersim` process that runs them. A parsed tree is
a value of frozen nodes, fully determined by the text and by the parser's code, so the first
process keeps each tree it parsed (pickled) in one file under the data cache's directory
(`datacache`), keyed by the text's hash, and later processes load the tree instead of parsing.

Only the package's own JavaScript is kept (the code of npmcode's packages: Express and the
others the offline npm index installs): what a lesson or a grader's submission wrote is parsed
in its process and forgotten, so nothing they contain reaches the real machine's disk, and the
file cannot grow with them. The file is named for this Python's version and for a hash of the
parser's source files, so a changed parser never reads an old tree. Only texts that parsed are
kept (a syntax error is raised afresh each time). `arm()` (run by the `dockersim` command, like
attrscode, never by `import dockersim`) costs nothing until jsparsed is imported: it waits on
`sys.meta_path` for that module and gives it `STORE` once the module has run. Any failure (no
cache directory, a damaged or foreign file) falls back to parsing; `DOCKERSIM_NO_CACHE=1` turns
it off.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from types import ModuleType

TARGET = "dockersim.model.userland.programs.jsparsed"
#: the modules whose code decides a parsed tree: the parser's, and what they import (the
#: regular expression checker a literal goes through, its own imports)
PARSER_FILES = (
    "jsparsed.py", "jsparse.py", "jsgrammar.py", "jssyntax.py", "jslex.py", "jsvalues.py",
    "jsregexp.py", "jsrecompile.py", "jsrematch.py", "jsfunc.py",
)  # fmt: skip
#: bounds the file: past this many trees (or bytes) it starts over
LIMIT = 2000
LIMIT_BYTES = 32 * 1024 * 1024


class Store:
    """The trees of earlier processes (read on first use) and those this one parsed."""

    def __init__(self, path: str | None = None) -> None:
        self._path = path
        self._kept: dict[bytes, bytes] | None = None
        self._new: dict[bytes, bytes] = {}

    def path(self) -> str:
        if self._path is None:
            from pathlib import Path

            from dockersim.datacache import _cache_dir, code_fingerprint

            programs = Path(__file__).resolve().parent.parent / "model/userland/programs"
            code = code_fingerprint(Path(__file__), *(programs / f for f in PARSER_FILES))
            version = ".".join(map(str, sys.version_info[:3]))
            self._path = str(_cache_dir() / f"js-parsed-{version}-{code}.marshal")
        return self._path

    def get(self, source: str, function: bool) -> tuple[Any, ...] | None:
        """The tree kept for this text, or None."""
        if self._kept is None:
            self._kept = self._read()
        key = key_of(source, function)
        data = self._kept.get(key) or self._new.get(key)
        if data is None:
            return None
        import pickle

        try:
            tree = pickle.loads(data)
        except Exception:  # (a damaged entry: parse instead)
            return None
        return tree if isinstance(tree, tuple) else None

    def put(self, source: str, function: bool, tree: tuple[Any, ...]) -> None:
        """Keep a tree this process parsed (written when the process ends), if its text is
        the package's own."""
        key = key_of(source, function)
        if key not in _ours():
            return
        import copyreg
        import io
        import pickle

        from dockersim.model.userland.programs.jssyntax import Node

        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = {**copyreg.dispatch_table, Node: _reduce_node}
        try:
            pickler.dump(tree)
        except Exception:  # (a value pickle cannot keep: not cached)
            return
        if not self._new:
            import atexit

            atexit.register(self.save)
        self._new[key] = buffer.getvalue()

    def _read(self) -> dict[bytes, bytes]:
        from dockersim.datacache import read_table

        return read_table(self.path())

    def save(self) -> None:
        """Write the trees parsed here into the file, with what it held (atomically; failures
        are ignored: the cache is optional)."""
        if not self._new or os.environ.get("DOCKERSIM_NO_CACHE"):
            return
        from dockersim.datacache import write_table

        new = dict(self._new)
        self._new.clear()
        write_table(self.path(), new, LIMIT, LIMIT_BYTES)


_OURS: frozenset[bytes] | None = None


def _ours() -> frozenset[bytes]:
    """The keys of the package's own JavaScript texts (npmcode's), as scripts and modules."""
    global _OURS
    if _OURS is None:
        from dockersim.model.userland.programs.npmcode import CODE
        from dockersim.model.userland.programs.npmcode_db import FILES

        texts = [*CODE.values()]
        texts += [text for files in FILES.values() for text in files.values()
                  if isinstance(text, str)]  # fmt: skip
        _OURS = frozenset(key_of(t, f) for t in texts for f in (False, True))
    return _OURS


def _reduce_node(node: Any) -> tuple[Any, tuple[Any, ...]]:
    """A node pickled as its constructor's arguments (smaller and faster to load)."""
    return type(node), (node.kind, node.start, node.end, node.a, node.b, node.c, node.d, node.at)


def key_of(source: str, function: bool) -> bytes:
    import hashlib

    return hashlib.blake2b(
        ("f" if function else "s").encode() + source.encode("utf-8", "surrogatepass"),
        digest_size=16,
    ).digest()


def arm() -> None:
    """Give jsparsed the store, now or when it is imported (idempotent)."""
    if os.environ.get("DOCKERSIM_NO_CACHE"):
        return
    from dockersim.importhook import when_imported

    when_imported(TARGET, _give)


def _give(module: ModuleType) -> None:
    if getattr(module, "STORE", None) is None:
        module.STORE = Store()  # type: ignore[attr-defined]
