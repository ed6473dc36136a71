"""Text matchers for command output and file contents: `equals`, `contains`, `not_contains`,
`regex` and `lines`.

A matcher is either plain text (the same as `equals`) or a mapping of conditions that must all
hold. Before matching, terminal line ends (`\\r\\n`) become `\\n`; `equals` ignores trailing
newlines on both sides; `regex` is a Python regular expression searched with `re.MULTILINE`
(so `^` and `$` match at each line); `lines` is a line count or the exact list of lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from dockersim.scenario.compound import Either, Field, ListOf, Obj, Ref
from dockersim.scenario.shape import Integer, Shape, Text

_TEXTS = Either((Text(), ListOf(Text())), doc="one text, or a list of texts that must all hold")

SHAPE: Shape = Ref(
    "matcher",
    Either(
        (
            Text(doc="the exact text (trailing newlines ignored)"),
            Obj(
                "matcher",
                (
                    Field("equals", Text(doc="the exact text (trailing newlines ignored)")),
                    Field("contains", _TEXTS),
                    Field("not_contains", _TEXTS),
                    Field("regex", Either((Text(), ListOf(Text())), doc="Python re, MULTILINE")),
                    Field(
                        "lines",
                        Either(
                            (Integer(minimum=0), ListOf(Text())),
                            doc="the number of lines, or the exact lines",
                        ),
                    ),
                ),
                one_of=("equals", "contains", "not_contains", "regex", "lines"),
            ),
        ),
        doc="text to compare with: exact text, or {equals, contains, not_contains, regex, lines}",
    ),
)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def quote(text: str, limit: int = 60) -> str:
    """A short, one-line, double-quoted rendering of `text` for messages."""
    mark = "'" if '"' in text and "'" not in text else '"'
    shown = text.replace("\\", "\\\\").replace("\n", "\\n")
    if mark == '"':
        shown = shown.replace('"', '\\"')
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"{mark}{shown}{mark}"


def normalize(text: str) -> str:
    return text.replace("\r\n", "\n")


@attrs.frozen
class Matcher:
    equals: str | None = None
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    lines: int | tuple[str, ...] | None = None

    @classmethod
    def parse(cls, value: Any) -> Matcher:
        """From data that `SHAPE` accepted."""
        if isinstance(value, str):
            return cls(equals=value)
        lines = value.get("lines")
        return cls(
            equals=value.get("equals"),
            contains=_texts(value.get("contains")),
            not_contains=_texts(value.get("not_contains")),
            regex=_texts(value.get("regex")),
            lines=lines if lines is None or isinstance(lines, int) else tuple(lines),
        )

    def expanded(self, expand: Callable[[str], str]) -> Matcher:
        """The same conditions with `expand` applied to every text (captured variables)."""
        lines = self.lines if not isinstance(self.lines, tuple) else tuple(map(expand, self.lines))
        return Matcher(
            equals=None if self.equals is None else expand(self.equals),
            contains=tuple(map(expand, self.contains)),
            not_contains=tuple(map(expand, self.not_contains)),
            regex=tuple(map(expand, self.regex)),
            lines=lines,
        )

    def texts(self) -> list[str]:
        """Every text the conditions hold (for finding variables)."""
        lines = list(self.lines) if isinstance(self.lines, tuple) else []
        equals = [] if self.equals is None else [self.equals]
        return [*equals, *self.contains, *self.not_contains, *self.regex, *lines]

    def describe(self, subject: str) -> str:
        """`stdout contains "Pull complete"` (every condition, joined by `and`)."""
        parts = []
        if self.equals is not None:
            parts.append(f"is {quote(self.equals.rstrip(chr(10)))}")
        parts += [f"contains {quote(c)}" for c in self.contains]
        parts += [f"does not contain {quote(c)}" for c in self.not_contains]
        parts += [f"matches /{r}/" for r in self.regex]
        if isinstance(self.lines, int):
            parts.append(f"has {self.lines} line{'' if self.lines == 1 else 's'}")
        elif self.lines is not None:
            parts.append(f"is these {len(self.lines)} lines")
        return f"{subject} " + " and ".join(parts)

    def expected(self) -> str:
        """What a report shows as `expected`: the text itself for `equals`, else the
        conditions in words (`contains "x" and matches /y/`)."""
        if self.equals is not None and not (
            self.contains or self.not_contains or self.regex or self.lines is not None
        ):
            return self.equals
        return self.describe("").strip()

    def mismatch(self, text: str, subject: str) -> str | None:
        """None when `text` matches, else why not (one sentence)."""
        text = normalize(text)
        if self.equals is not None and text.rstrip("\n") != self.equals.rstrip("\n"):
            return f"{subject} is {quote(text.rstrip(chr(10)))}"
        for part in self.contains:
            if part not in text:
                return f"{quote(part)} is not in {subject} ({_excerpt(text)})"
        for part in self.not_contains:
            if part in text:
                return f"{quote(part)} is in {subject}"
        for pattern in self.regex:
            try:
                found = re.search(pattern, text, re.MULTILINE)
            except re.error as exc:
                return f"/{pattern}/ is not a valid regular expression: {exc}"
            if found is None:
                return f"no match for /{pattern}/ in {subject} ({_excerpt(text)})"
        lines = text.splitlines()
        if isinstance(self.lines, int) and len(lines) != self.lines:
            return f"{subject} has {len(lines)} line{'' if len(lines) == 1 else 's'}"
        if isinstance(self.lines, tuple) and tuple(lines) != self.lines:
            for index, (want, got) in enumerate(zip(self.lines, lines, strict=False), 1):
                if want != got:
                    return f"line {index} of {subject} is {quote(got)}, not {quote(want)}"
            return f"{subject} has {len(lines)} lines, not {len(self.lines)}"
        return None

    def contradiction(self) -> str | None:
        """Why no text could ever match (for `dockersim validate`), else None."""
        for pattern in self.regex:
            try:
                re.compile(pattern, re.MULTILINE)
            except re.error as exc:
                return f"/{pattern}/ is not a valid regular expression: {exc}"
        for part in self.contains:
            for banned in self.not_contains:
                if banned in part:
                    return f"it must contain {quote(part)} and must not contain {quote(banned)}"
        if isinstance(self.lines, tuple) and self.equals is None:
            return Matcher(equals="\n".join(self.lines), **_rest(self)).contradiction()
        if self.equals is None:
            return None
        why = attrs.evolve(self, equals=None).mismatch(self.equals, "the text")
        if why is not None:
            return f"it must equal {quote(self.equals.rstrip(chr(10)))}, but {why}"
        return None


def _rest(matcher: Matcher) -> dict[str, Any]:
    return {
        "contains": matcher.contains,
        "not_contains": matcher.not_contains,
        "regex": matcher.regex,
    }


def _excerpt(text: str) -> str:
    if not text:
        return "it is empty"
    return f"it is {quote(text.rstrip(chr(10)), 40)}"
