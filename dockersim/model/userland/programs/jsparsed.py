"""Parsed JavaScript texts, remembered: the tree is immutable (frozen nodes the evaluator only
reads), so one parse serves every realm that runs the same text, as a server's modules run
again for each request it replays (engine/programs/node_http.py). Bounded in texts and in the
characters they hold; a text that fails to parse is not kept, so it raises afresh each time.
The `dockersim` command gives `STORE`, the trees earlier processes parsed (cli/parsecache.py);
without it (a library user, the tests) every process parses for itself."""

from __future__ import annotations

from typing import Any, Protocol

from dockersim.model.userland.programs import jsparse
from dockersim.model.userland.programs.jssyntax import Node


class Store(Protocol):
    """Trees parsed by earlier processes (`get`), and those parsed here to keep (`put`)."""

    def get(self, source: str, function: bool) -> tuple[Any, ...] | None: ...

    def put(self, source: str, function: bool, tree: tuple[Any, ...]) -> None: ...


#: set by the `dockersim` command (cli/parsecache.py), never by an import
STORE: Store | None = None

#: the texts kept, and the characters they may hold in all (a tree costs ~55 bytes a
#: character of its text: ~55 MB at most)
PARSED_MAX = 256
PARSED_CHARS = 1_000_000
_parsed: dict[tuple[str, bool], tuple[Node, ...]] = {}
_parsed_chars = [0]


def parse(source: str, function: bool = False) -> list[Node]:
    """The statements of `source` (`function`: a CommonJS module's body, where `return` is
    allowed); raises JSSyntaxError or Unsupported. A text parsed before is not parsed again
    (what fails is, to raise afresh)."""
    key = (source, function)
    found = _parsed.get(key)
    if found is not None:
        _parsed[key] = _parsed.pop(key)  # (most recently used last)
        return list(found)
    kept = STORE.get(source, function) if STORE is not None else None
    if kept is not None:
        body = list(kept)
    else:
        body = jsparse.parse(source, function)
        if STORE is not None and len(source) <= PARSED_CHARS // 4:
            STORE.put(source, function, tuple(body))
    if len(source) <= PARSED_CHARS // 4:
        while _parsed and (len(_parsed) >= PARSED_MAX
                           or _parsed_chars[0] + len(source) > PARSED_CHARS):  # fmt: skip
            oldest = next(iter(_parsed))
            _parsed_chars[0] -= len(oldest[0])
            del _parsed[oldest]
        _parsed[key] = tuple(body)
        _parsed_chars[0] += len(source)
    return body
