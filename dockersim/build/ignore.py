"""`.dockerignore`: reading the file and matching paths (moby/patternmatcher, ignorefile).

grammar (ignorefile.ReadAll):
    line    := "#" comment | ws* ["!" ws*] pattern ws*
    pattern := filepath.Clean'd, a leading "/" dropped; `*` any run of non-"/" characters,
               `?` one non-"/" character, `**` any number of directories, `[...]` a class,
               `\\` escapes the next character
A path is excluded when the last pattern that matches it (or one of its parent directories)
is not a `!` exception.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

import attrs


@attrs.frozen
class Pattern:
    text: str
    exclusion: bool
    regex: re.Pattern[str]


def read_patterns(text: str) -> list[str]:
    """ignorefile.ReadAll: the cleaned patterns, `!` kept on exceptions."""
    out: list[str] = []
    for number, line in enumerate(text.split("\n")):
        if number == 0:
            line = line.removeprefix("\ufeff")
        line = line.removesuffix("\r")
        if line.startswith("#"):
            continue
        pattern = line.strip()
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = pattern[1:].strip()
        if pattern:
            pattern = posixpath.normpath(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        out.append("!" + pattern if invert else pattern)
    return out


def compile_pattern(text: str) -> Pattern:
    exclusion = text.startswith("!")
    body = text[1:] if exclusion else text
    return Pattern(text, exclusion, re.compile(_to_regex(body)))


def _to_regex(pattern: str) -> str:
    out = "^"
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out += ".*" if i >= n else "(.*/)?"
            else:
                out += "[^/]*"
        elif ch == "?":
            out += "[^/]"
        elif ch in ".+()|{}$^":
            out += "\\" + ch
        elif ch == "\\":
            out += "\\" + pattern[i] if i < n else "\\\\"
            i += 1
        else:
            out += ch
    return out + "$"


class Matcher:
    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = [compile_pattern(p) for p in patterns if p not in ("", "!")]
        #: (pattern index, parent directory) -> whether it matches: the files of one
        #: directory share their parents (a context's node_modules holds thousands)
        self._parents: dict[tuple[int, str], bool] = {}

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def excluded(self, path: str) -> bool:
        """MatchesOrParentMatches for a context-relative path (`src/app.py`)."""
        path = path.strip("/")
        parent = posixpath.dirname(path)
        parents: list[str] = []
        if parent:
            end = parent.find("/")
            while end >= 0:
                parents.append(parent[:end])
                end = parent.find("/", end + 1)
            parents.append(parent)
        matched = False
        for index, pattern in enumerate(self.patterns):
            if pattern.exclusion != matched:
                continue
            hit = _search(pattern, path) or any(
                self._parent_hit(index, pattern, directory) for directory in parents
            )
            if hit:
                matched = not pattern.exclusion
        return matched

    def _parent_hit(self, index: int, pattern: Pattern, directory: str) -> bool:
        key = (index, directory)
        hit = self._parents.get(key)
        if hit is None:
            hit = self._parents[key] = _search(pattern, directory)
        return hit


def _search(pattern: Pattern, path: str) -> bool:
    try:
        return pattern.regex.match(path) is not None
    except re.error:
        return False
