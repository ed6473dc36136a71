"""Errors of the Dockerfile front end, each carrying buildkit's exact sentence and its lines.

`DockerfileError` is what the parser and the instruction checks raise: `str()` is the message
buildkit prints after `failed to solve: `; `lines` are the Dockerfile lines it points at (buildx
prints them as a `Dockerfile:N` excerpt). `parse_line` is set for errors buildkit wraps as
`dockerfile parse error on line N: ...` (instructions/parse.go `parseError`).
"""

from __future__ import annotations

from collections.abc import Sequence


class DockerfileError(ValueError):
    """A Dockerfile buildkit refuses; `message` is its sentence, `lines` the lines it blames."""

    def __init__(self, message: str, lines: Sequence[int] = (), parse_line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.lines = tuple(lines)
        self.parse_line = parse_line

    def __str__(self) -> str:
        if self.parse_line:
            return f"dockerfile parse error on line {self.parse_line}: {self.message}"
        return self.message

    def located(self, start: int, end: int = 0) -> DockerfileError:
        """The same error pointing at lines start..end (parser.withLocation)."""
        if self.lines:
            return self
        end = max(end, start)
        return DockerfileError(self.message, tuple(range(start, end + 1)), self.parse_line)

    def in_parse(self, line: int) -> DockerfileError:
        """Wrapped as instructions.Parse does: `dockerfile parse error on line N: ...`."""
        return DockerfileError(self.message, self.lines, line)


def suggest(value: str, options: Sequence[str], case_sensitive: bool = False) -> str:
    """buildkit util/suggest.Search: the option within Levenshtein distance 2, or ""."""
    wanted = value if case_sensitive else value.lower()
    match = ""
    best = 3
    # Go iterates a map here, so ties fall either way; prefer the same first letter
    for option in sorted(options, key=lambda o: (o[:1].lower() != wanted[:1], o)):
        candidate = option if case_sensitive else option.lower()
        if candidate == wanted:
            return ""
        distance = levenshtein(wanted, candidate)
        if distance < best:
            best = distance
            match = candidate if case_sensitive else _match_case(candidate, value)
    return match


def with_suggestion(message: str, value: str, options: Sequence[str], case_sensitive: bool) -> str:
    match = suggest(value, options, case_sensitive)
    return f"{message} (did you mean {match}?)" if match else message


def _match_case(value: str, original: str) -> str:
    if original == original.lower():
        return value.lower()
    if original == original.upper():
        return value.upper()
    return value


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
