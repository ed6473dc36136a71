"""Reading shell words: quoting, `$` expansions, command substitution, here-documents.

`Lexer` turns source text into tokens (words, operators, newlines); the parser asks it for one
token at a time and calls back into itself for `$(...)` and backquotes.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections.abc import Callable, Iterator

import attrs

from dockersim.model.userland.ast import Arith, CmdSub, Lit, Node, Param, Part, Redir, Tilde, Word
from dockersim.model.userland.caps import AST_BYTES_PER_CHAR, MAX_PARSE_CHARS, too_deep
from dockersim.model.userland.types import MemoryExhausted, NestingLimit

METACHARS = " \t\n;&|<>()"
SPECIAL_PARAMS = "@*#?-$!0123456789"
OPERATORS = (
    "&>>",
    "<<-",
    "<<<",
    "&&",
    "||",
    ";;",
    "<<",
    ">>",
    "<&",
    ">&",
    "<>",
    ">|",
    "&>",
    "|&",
    ";",
    "&",
    "|",
    "(",
    ")",
    "<",
    ">",
)
#: How deeply constructs may nest in one command (`$(`, `${`, `(`, `{`, `if`, quotes inside
#: substitutions...); deeper is a syntax error, never Python's RecursionError.
MAX_PARSE_NESTING = 100
#: the characters an operator can start with (any other starts a word)
OPERATOR_STARTS = frozenset(op[0] for op in OPERATORS)
#: the operators each of those starts, longest first (as OPERATORS lists them)
_OPERATORS_BY_START = {c: tuple(op for op in OPERATORS if op[0] == c) for c in OPERATOR_STARTS}
REDIR_OPS = frozenset({"<", ">", ">>", "<&", ">&", "<>", ">|", "<<", "<<-", "<<<", "&>", "&>>"})
BASH_ONLY_OPS = frozenset({"<<<", "|&"})
AMP_REDIR_OPS = frozenset({"&>", "&>>"})  # bash and busybox ash; dash reads `&` then `>`


class ParseError(Exception):
    """A syntax error. `found` names the unexpected token the way dash does ("end of file",
    "newline", '"fi"', "word"), `expecting` what was wanted (or ""), `kind` is "unexpected",
    "unterminated" (an open quote), "bad" (text in `found`) or "deep" (nested deeper than
    MAX_PARSE_NESTING)."""

    def __init__(
        self, kind: str, found: str = "", expecting: str = "", line: int = 1, text: str = ""
    ) -> None:
        super().__init__(found)
        self.kind = kind
        self.found = found
        self.expecting = expecting
        self.line = line
        self.text = text  # the raw token, for bash's `near unexpected token` message


@attrs.define
class Token:
    kind: str  # "word" | "op" | "newline" | "eof"
    value: str
    word: Word | None
    line: int
    fd: int | None = None  # io number before a redirection operator


@attrs.define
class Heredoc:
    redir: Redir
    delimiter: str
    quoted: bool
    strip: bool


_RUNS: dict[str, re.Pattern[str]] = {}


def _ordinary_run(stop: str) -> re.Pattern[str]:
    """Characters a word takes as they are (none of `stop`, no quote, `$`, backquote or
    backslash), one pattern per set of stops."""
    pattern = _RUNS.get(stop)
    if pattern is None:
        pattern = _RUNS[stop] = re.compile("[^" + re.escape(stop + "\\'\"$`") + "]+")
    return pattern


class Lexer:
    def __init__(self, src: str, dialect: str, first_line: int = 1, depth: int = 0) -> None:
        self.src = src
        self.pos = 0
        self.dialect = dialect
        self.first_line = first_line
        #: nesting level now (shared with the parser), and where the command being read
        #: started (what it spans is bounded by caps.MAX_PARSE_CHARS)
        self.depth = depth
        #: the deepest nesting reached (a parse that stays shallow never met the frame budget)
        self.deepest = depth
        self.mark = 0
        self.started = 0
        self.prev_end = 0
        self.last_end = 0
        self.newlines = [i for i, c in enumerate(src) if c == "\n"]
        self.pending: list[Heredoc] = []
        #: parses a command list up to `)` from the current position (set by the parser)
        self.parse_sub: Callable[[], Node] | None = None
        self.parse_text: Callable[[str], Node] | None = None

    @contextlib.contextmanager
    def deeper(self) -> Iterator[None]:
        """One nesting level more; past MAX_PARSE_NESTING a "deep" syntax error, past the
        userland's frame budget NestingLimit (the running shell reports it)."""
        self.depth += 1
        if self.depth > self.deepest:
            self.deepest = self.depth
        try:
            if self.depth > MAX_PARSE_NESTING:
                raise ParseError("deep", "nested too deeply", line=self.line_at(self.pos))
            if too_deep(self.depth):  # the shell itself is nested too deep to parse more
                raise NestingLimit(self.depth)
            yield
        finally:
            self.depth -= 1

    def check_size(self) -> None:
        """A command longer than MAX_PARSE_CHARS does not fit in memory (its syntax tree)."""
        span = self.pos - self.mark
        if span > MAX_PARSE_CHARS:
            raise MemoryExhausted(span * AST_BYTES_PER_CHAR)

    def line_at(self, pos: int) -> int:
        return self.first_line + bisect.bisect_left(self.newlines, pos)

    def line_text(self, line: int) -> str:
        lines = self.src.split("\n")
        index = line - self.first_line
        return lines[index] if 0 <= index < len(lines) else ""

    # --- tokens ---------------------------------------------------------------------------
    def token(self) -> Token:
        """The next token; `started` is where it starts, `last_end` where it ends, and
        `prev_end` where the one before it ended (a function keeps its source text)."""
        tok = self._token()
        self.prev_end, self.last_end = self.last_end, self.pos
        return tok

    def _token(self) -> Token:
        if self.pos - self.mark > MAX_PARSE_CHARS:
            self.check_size()
        src = self.src
        end = len(src)
        pos = self.pos
        while True:  # blanks, escaped newlines and a comment (up to its newline) go
            while pos < end and src[pos] in " \t":
                pos += 1
            if src.startswith("\\\n", pos):
                pos += 2
                continue
            if pos < end and src[pos] == "#":
                newline = src.find("\n", pos)
                pos = end if newline < 0 else newline
            break
        self.pos = self.started = pos
        line = self.first_line + bisect.bisect_left(self.newlines, pos)  # (line_at)
        if pos >= end:
            return Token("eof", "", None, line)
        c = src[pos]
        if c == "\n":
            self.pos += 1
            if self.pending:
                self._read_heredocs()
            return Token("newline", "\n", None, line)
        for op in _OPERATORS_BY_START.get(c, ()):
            if src.startswith(op, self.pos):
                if op in BASH_ONLY_OPS and self.dialect != "bash":
                    continue
                if op in AMP_REDIR_OPS and self.dialect == "dash":
                    continue
                self.pos += len(op)
                return Token("op", op, None, line)
        start = self.pos
        word = self.read_word()
        raw = src[start : self.pos]
        if raw.isascii() and raw.isdigit() and self.pos < len(src) and src[self.pos] in "<>":
            for op in OPERATORS:
                if op in REDIR_OPS and src.startswith(op, self.pos) and not op.startswith("&"):
                    self.pos += len(op)
                    return Token("op", op, None, line, fd=int(raw))
        return Token("word", raw, word, line)

    # --- words ----------------------------------------------------------------------------
    def read_word(self, stop: str = METACHARS, quoted: bool = False) -> Word:
        src = self.src
        start = self.pos
        parts: list[Part] = []
        buf: list[str] = []

        def flush() -> None:
            if buf:
                parts.append(Lit("".join(buf), quoted))
                buf.clear()

        if not quoted and src.startswith("~", self.pos) and stop == METACHARS:
            end = self.pos + 1
            while end < len(src) and src[end] not in METACHARS + "/\"'$`\\":
                end += 1
            if end >= len(src) or src[end] in METACHARS + "/":
                parts.append(Tilde(src[self.pos + 1 : end]))
                self.pos = end
        run = _ordinary_run(stop).match
        while self.pos < len(src):
            c = src[self.pos]
            if c in stop:
                break
            if c == "\\":
                nxt = src[self.pos + 1 : self.pos + 2]
                if nxt == "\n":
                    self.pos += 2
                    continue
                flush()
                if not nxt:
                    buf.append("\\")
                    self.pos += 1
                    continue
                parts.append(Lit(nxt, True))
                self.pos += 2
            elif c == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise ParseError("unterminated", line=self.line_at(self.pos), text="'")
                flush()
                parts.append(Lit(src[self.pos + 1 : end], True))
                self.pos = end + 1
            elif c == '"':
                flush()
                self.pos += 1
                with self.deeper():
                    parts.extend(self._dquote())
            elif c == "$":
                flush()
                parts.append(self._dollar(quoted))
            elif c == "`":
                flush()
                parts.append(self._backquote(quoted))
            else:  # a run of ordinary characters at once
                end = run(src, self.pos).end()  # type: ignore[union-attr]
                buf.append(src[self.pos : end])
                self.pos = end
        flush()
        return Word(parts, src[start : self.pos])

    def _dquote(self) -> list[Part]:
        src = self.src
        parts: list[Part] = [Lit("", True)]
        buf: list[str] = []

        def flush() -> None:
            if buf:
                parts.append(Lit("".join(buf), True))
                buf.clear()

        open_at = self.pos - 1
        while True:
            if self.pos >= len(src):
                raise ParseError("unterminated", line=self.line_at(open_at), text='"')
            c = src[self.pos]
            if c == '"':
                self.pos += 1
                break
            if c == "\\":
                nxt = src[self.pos + 1 : self.pos + 2]
                if nxt == "\n":
                    self.pos += 2
                elif nxt in ("$", "`", '"', "\\"):
                    buf.append(nxt)
                    self.pos += 2
                else:
                    buf.append("\\")
                    self.pos += 1
            elif c == "$":
                flush()
                parts.append(self._dollar(True))
            elif c == "`":
                flush()
                parts.append(self._backquote(True))
            else:
                buf.append(c)
                self.pos += 1
        flush()
        return parts

    def _dollar(self, quoted: bool) -> Part:
        self.check_size()
        with self.deeper():
            return self._dollar_part(quoted)

    def _dollar_part(self, quoted: bool) -> Part:
        src = self.src
        p = self.pos + 1
        nxt = src[p : p + 1]
        if src.startswith("((", p):
            end = self._arith_end(p + 2)
            if end >= 0:
                inner = Lexer(src[p + 2 : end], self.dialect, self.line_at(p), self.depth)
                expr = inner.read_word(stop="", quoted=True)
                self.pos = end + 2
                return Arith(expr, quoted)
        if nxt == "(":
            if self.parse_sub is not None:
                self.pos = p + 1
                return CmdSub(self.parse_sub(), quoted)
            end = _matching_paren(src, p + 1)
            assert self.parse_text is not None
            body = self.parse_text(src[p + 1 : end])
            self.pos = end + 1
            return CmdSub(body, quoted)
        if nxt == "{":
            return self._braced(p + 1, quoted)
        if nxt and nxt in SPECIAL_PARAMS:
            self.pos = p + 1
            return Param(nxt, quoted=quoted)
        end = p
        while end < len(src) and (src[end].isalnum() or src[end] == "_"):
            if end == p and src[end].isdigit():
                break
            end += 1
        if end == p:
            self.pos = p
            return Lit("$", quoted)
        self.pos = end
        return Param(src[p:end], quoted=quoted)

    def _arith_end(self, start: int) -> int:
        depth = 0
        i = start
        src = self.src
        while i < len(src):
            c = src[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    return i if src.startswith("))", i) else -1
                depth -= 1
            i += 1
        return -1

    def _braced(self, p: int, quoted: bool) -> Part:
        src = self.src
        line = self.line_at(p)
        length = False
        if src.startswith("#", p) and p + 1 < len(src) and src[p + 1] not in "}:-=+?%#":
            length = True
            p += 1
        elif src.startswith("#}", p):
            self.pos = p + 2
            return Param("#", quoted=quoted)
        end = p
        if end < len(src) and src[end] in SPECIAL_PARAMS:
            end += 1
        else:
            while end < len(src) and (src[end].isalnum() or src[end] == "_"):
                end += 1
        name = src[p:end]
        if not name:
            raise ParseError("bad", "Bad substitution", line=line)
        if length:
            if not src.startswith("}", end):
                raise ParseError("bad", "Bad substitution", line=line)
            self.pos = end + 1
            return Param(name, "len", quoted=quoted)
        ops: tuple[str, ...] = (":-", ":=", ":+", ":?", "-", "=", "+", "?", "%%", "%", "##", "#")
        if self.dialect == "bash":
            ops = (*ops, "//", "/", ":")
        op = next((o for o in ops if src.startswith(o, end)), "")
        if not op:
            if src.startswith("}", end):
                self.pos = end + 1
                return Param(name, quoted=quoted)
            raise ParseError("bad", "Bad substitution", line=line)
        self.pos = end + len(op)
        stop = "}/" if op in ("/", "//") else ("}:" if op == ":" else "}")
        arg = self._param_word(stop, quoted)
        arg2: Word | None = None
        if op in ("/", "//", ":") and src.startswith(stop[1], self.pos):
            self.pos += 1
            arg2 = self._param_word("}", quoted)
        if not src.startswith("}", self.pos):
            raise ParseError("unexpected", "end of file", '"}"', line=self.line_at(self.pos))
        self.pos += 1
        return Param(name, op, arg, arg2, quoted)

    def _param_word(self, stop: str, quoted: bool) -> Word:
        if quoted:
            return self._dq_until(stop)
        return self.read_word(stop=stop)

    def _dq_until(self, stop: str) -> Word:
        """A `${x:-word}` argument inside double quotes: quotes are literal-ish but `$` works."""
        src = self.src
        start = self.pos
        parts: list[Part] = []
        buf: list[str] = []
        while self.pos < len(src) and src[self.pos] not in stop:
            c = src[self.pos]
            if c == "$":
                if buf:
                    parts.append(Lit("".join(buf), True))
                    buf.clear()
                parts.append(self._dollar(True))
            elif c == "\\" and self.pos + 1 < len(src):
                buf.append(src[self.pos + 1])
                self.pos += 2
            elif c == '"':
                self.pos += 1
            else:
                buf.append(c)
                self.pos += 1
        if buf:
            parts.append(Lit("".join(buf), True))
        return Word(parts, src[start : self.pos])

    def _backquote(self, quoted: bool) -> Part:
        self.check_size()
        with self.deeper():
            return self._backquote_part(quoted)

    def _backquote_part(self, quoted: bool) -> Part:
        src = self.src
        i = self.pos + 1
        out: list[str] = []
        while True:
            if i >= len(src):
                raise ParseError("unterminated", line=self.line_at(self.pos), text="`")
            c = src[i]
            if c == "`":
                break
            if c == "\\" and i + 1 < len(src) and src[i + 1] in "$`\\" + ('"' if quoted else ""):
                out.append(src[i + 1])
                i += 2
                continue
            out.append(c)
            i += 1
        self.pos = i + 1
        assert self.parse_text is not None
        return CmdSub(self.parse_text("".join(out)), quoted)

    # --- here-documents -------------------------------------------------------------------
    def _read_heredocs(self) -> None:
        src = self.src
        for doc in self.pending:
            lines: list[str] = []
            while self.pos < len(src):
                end = src.find("\n", self.pos)
                end = len(src) if end < 0 else end
                line = src[self.pos : end]
                self.pos = min(end + 1, len(src))
                if doc.strip:
                    line = line.lstrip("\t")
                if line == doc.delimiter:
                    break
                lines.append(line + "\n")
            body = "".join(lines)
            if doc.quoted:
                doc.redir.heredoc = Word([Lit(body, True)], body)
            else:
                sub = Lexer(body, self.dialect, depth=self.depth)
                sub.parse_sub = None
                sub.parse_text = self.parse_text
                doc.redir.heredoc = sub.heredoc_word()
        self.pending.clear()

    def heredoc_word(self) -> Word:
        """An unquoted here-document body: `$` and backquotes expand, `\\` escapes only $`\\."""
        src = self.src
        parts: list[Part] = []
        buf: list[str] = []
        while self.pos < len(src):
            c = src[self.pos]
            if c == "\\" and src[self.pos + 1 : self.pos + 2] in ("$", "`", "\\", "\n"):
                if src[self.pos + 1] != "\n":
                    buf.append(src[self.pos + 1])
                self.pos += 2
            elif c == "$":
                if buf:
                    parts.append(Lit("".join(buf), True))
                    buf.clear()
                parts.append(self._dollar(True))
            elif c == "`":
                if buf:
                    parts.append(Lit("".join(buf), True))
                    buf.clear()
                parts.append(self._backquote(True))
            else:
                buf.append(c)
                self.pos += 1
        if buf:
            parts.append(Lit("".join(buf), True))
        return Word(parts or [Lit("", True)], src)


def _matching_paren(src: str, start: int) -> int:
    depth = 0
    for i in range(start, len(src)):
        if src[i] == "(":
            depth += 1
        elif src[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return len(src)
