"""Shell patterns in `${var#pat}`, `${var%pat}`, `${var/pat/rep}` (buildkit shell/lex.go
convertShellPatternToRegex): `*` and `?` wildcards and `\\` escapes, no brackets."""

from __future__ import annotations

import re


class PatternError(ValueError):
    """A pattern with a bad escape; str() is the reason."""


def pattern_regex(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
    """convertShellPatternToRegex: `*` and `?` wildcards, `\\` escapes (no brackets)."""
    out = "^" if anchored else ""
    star = ".*" if greedy else ".*?"
    i = 0
    while i < len(pattern):
        tok = pattern[i]
        i += 1
        if tok == "*":
            out += star
            continue
        if tok == "?":
            out += "."
            continue
        if tok == "\\":
            following = pattern[i] if i < len(pattern) else ""
            if following in ("}", "/"):
                continue
            tok = following
            i += 1
            if tok not in ("*", "?", "\\"):
                raise PatternError(f"invalid pattern ({pattern}) in substitution: invalid escape")
            out += "\\" + tok
            continue
        out += re.escape(tok)
    return re.compile(out)


def trim_prefix(word: str, value: str, greedy: bool) -> str:
    match = pattern_regex(word, greedy, anchored=True).search(value)
    return value[match.end() :] if match else value


def trim_suffix(pattern: str, value: str, greedy: bool) -> str:
    reversed_pattern = reverse_pattern(pattern)
    return trim_prefix(reversed_pattern, value[::-1], greedy)[::-1]


def reverse_pattern(pattern: str) -> str:
    out = [""] * len(pattern)
    last = len(pattern) - 1
    i = 0
    while i <= last:
        tok = pattern[i]
        at = last - i
        if tok == "\\" and i != last:
            out[at - 1] = tok
            out[at] = pattern[i + 1]
            i += 2
        else:
            out[at] = tok
            i += 1
    return "".join(out)
