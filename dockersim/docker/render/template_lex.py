"""The lexer of Go's ``text/template`` (facts from Go 1.25 ``text/template/parse/lex.go``).

Text runs until ``{{``; ``{{- `` trims the white space (space, tab, CR, LF) before it and ``
-}}`` the white space after it; ``{{/* ... */}}`` is a comment. Inside an action, runs of
white space (newlines included) separate words. Errors become an ``ERROR`` token whose value is
the message (``unclosed action``, ``bad character U+0023 '#'`` ...); lexing stops there.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

# token types
ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, COMPLEX, ASSIGN, DECLARE, EOF = range(9)
FIELD, IDENTIFIER, LEFT_DELIM, LEFT_PAREN, NUMBER, PIPE, RAW_STRING = range(9, 16)
RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE = range(16, 22)
KEYWORD = 22  # types above this are keywords
BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH = range(23, 35)

KEYWORDS = {
    ".": DOT,
    "block": BLOCK,
    "break": BREAK,
    "continue": CONTINUE,
    "define": DEFINE,
    "else": ELSE,
    "end": END,
    "if": IF,
    "range": RANGE,
    "nil": NIL,
    "template": TEMPLATE,
    "with": WITH,
}

_SPACE = " \t\r\n"


class Token(NamedTuple):
    typ: int
    pos: int
    val: str
    line: int

    def __str__(self) -> str:
        from dockersim.docker.render.gofmt import go_quote

        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ > KEYWORD:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val[:10]) + "..."
        return go_quote(self.val)


def _is_alnum(c: str) -> bool:
    return c == "_" or c.isalpha() or c.isdecimal()


def char_desc(c: str) -> str:
    """Go's ``%#U``: ``U+0023 '#'``."""
    r = ord(c)
    if c == " " or c.isprintable():
        return f"U+{r:04X} '{c}'"
    return f"U+{r:04X}"


class _LexError(Exception):
    pass


class Lexer:
    """Turns template text into a list of tokens, ending with EOF or ERROR."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.start = 0
        self.paren_depth = 0
        self.tokens: list[Token] = []
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line_at(self, pos: int) -> int:
        return 1 + bisect_right(self._newlines, pos - 1)

    def emit(self, typ: int) -> None:
        self.tokens.append(Token(typ, self.start, self.text[self.start : self.pos], 0))
        self.start = self.pos

    def error(self, msg: str) -> _LexError:
        self.tokens.append(Token(ERROR, self.start, msg, 0))
        return _LexError(msg)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def run(self) -> list[Token]:
        try:
            while self.lex_text():
                while self.lex_inside_action():
                    pass
        except _LexError:
            pass
        return [t._replace(line=self.line_at(t.pos)) for t in self.tokens]

    # ---- text and delimiters ----

    def lex_text(self) -> bool:
        """Text up to the next action; False at the end of the input."""
        text = self.text
        x = text.find("{{", self.pos)
        while True:
            if x < 0:
                self.pos = len(text)
                if self.pos > self.start:
                    self.emit(TEXT)
                self.emit(EOF)
                return False
            end = x
            if _left_trim(text, x + 2):
                end = len(text[self.start : x].rstrip(_SPACE)) + self.start
            if end > self.start:
                self.pos = end
                self.emit(TEXT)
            self.pos = self.start = x
            if self.lex_left_delim():
                return True
            x = text.find("{{", self.pos)

    def lex_left_delim(self) -> bool:
        """The ``{{`` at pos; True when an action starts, False after a comment."""
        self.pos += 2
        trim = _left_trim(self.text, self.pos)
        after = 2 if trim else 0
        if self.text.startswith("/*", self.pos + after):
            self.pos += after
            self.start = self.pos
            self.lex_comment()
            return False
        self.emit(LEFT_DELIM)
        self.pos += after
        self.start = self.pos
        self.paren_depth = 0
        return True

    def lex_comment(self) -> None:
        self.pos += 2
        x = self.text.find("*/", self.pos)
        if x < 0:
            raise self.error("unclosed comment")
        self.pos = x + 2
        delim, trim = self.at_right_delim()
        if not delim:
            raise self.error("comment ends before closing delimiter")
        self.pos += 4 if trim else 2
        if trim:
            self.pos = len(self.text) - len(self.text[self.pos :].lstrip(_SPACE))
        self.start = self.pos

    def at_right_delim(self) -> tuple[bool, bool]:
        text, p = self.text, self.pos
        if _right_trim(text, p) and text.startswith("}}", p + 2):
            return True, True
        return text.startswith("}}", p), False

    def lex_right_delim(self, trim: bool) -> None:
        if trim:
            self.pos += 2
            self.start = self.pos
        self.pos += 2
        self.emit(RIGHT_DELIM)
        if trim:
            self.pos = len(self.text) - len(self.text[self.pos :].lstrip(_SPACE))
            self.start = self.pos

    # ---- inside actions ----

    def lex_inside_action(self) -> bool:
        """One token inside an action; False after the closing delimiter."""
        delim, trim = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                self.lex_right_delim(trim)
                return False
            raise self.error("unclosed left paren")
        c = self.peek()
        self.pos += 1
        if c == "":
            raise self.error("unclosed action")
        if c in _SPACE:
            self.pos -= 1
            return self.lex_space()
        if c == "=":
            self.emit(ASSIGN)
        elif c == ":":
            if self.peek() != "=":
                raise self.error("expected :=")
            self.pos += 1
            self.emit(DECLARE)
        elif c == "|":
            self.emit(PIPE)
        elif c == '"':
            self.lex_quote('"', STRING, "unterminated quoted string")
        elif c == "`":
            self.lex_raw_quote()
        elif c == "$":
            self.lex_field_or_variable(VARIABLE)
        elif c == "'":
            self.lex_quote("'", CHAR_CONSTANT, "unterminated character constant")
        elif c == "." and self.peek() != "" and not "0" <= self.peek() <= "9":
            self.lex_field_or_variable(FIELD)
        elif c in "+-." or "0" <= c <= "9":
            self.pos -= 1
            self.lex_number()
        elif _is_alnum(c):
            self.pos -= 1
            self.lex_identifier()
        elif c == "(":
            self.paren_depth += 1
            self.emit(LEFT_PAREN)
        elif c == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                raise self.error("unexpected right paren")
            self.emit(RIGHT_PAREN)
        elif "!" <= c <= "~":
            self.emit(CHAR)
        else:
            raise self.error(f"unrecognized character in action: {char_desc(c)}")
        return True

    def lex_space(self) -> bool:
        text = self.text
        n = 0
        while self.peek() and self.peek() in _SPACE:
            self.pos += 1
            n += 1
        if _right_trim(text, self.pos - 1) and text.startswith("}}", self.pos + 1):
            self.pos -= 1
            if n == 1:
                self.lex_right_delim(True)
                return False
        self.emit(SPACE)
        return True

    def at_terminator(self) -> bool:
        c = self.peek()
        return c == "" or c in _SPACE or c in ".,|:)(" or self.text.startswith("}}", self.pos)

    def scan_alnum(self) -> None:
        while self.peek() and _is_alnum(self.peek()):
            self.pos += 1

    def lex_identifier(self) -> None:
        self.scan_alnum()
        if not self.at_terminator():
            raise self.error(f"bad character {char_desc(self.peek())}")
        word = self.text[self.start : self.pos]
        if word in KEYWORDS:
            self.emit(KEYWORDS[word])
        elif word in ("true", "false"):
            self.emit(BOOL)
        else:
            self.emit(IDENTIFIER)

    def lex_field_or_variable(self, typ: int) -> None:
        if self.at_terminator():
            self.emit(VARIABLE if typ == VARIABLE else DOT)
            return
        self.scan_alnum()
        if not self.at_terminator():
            raise self.error(f"bad character {char_desc(self.peek())}")
        self.emit(typ)

    def lex_quote(self, quote: str, typ: int, unterminated: str) -> None:
        text, n = self.text, len(self.text)
        while True:
            c = text[self.pos] if self.pos < n else ""
            self.pos += 1
            if c == "\\":
                c = text[self.pos] if self.pos < n else ""
                self.pos += 1
                if c and c != "\n":
                    continue
                raise self.error(unterminated)
            if c in ("", "\n"):
                raise self.error(unterminated)
            if c == quote:
                break
        self.emit(typ)

    def lex_raw_quote(self) -> None:
        x = self.text.find("`", self.pos)
        if x < 0:
            raise self.error("unterminated raw quoted string")
        self.pos = x + 1
        self.emit(RAW_STRING)

    def lex_number(self) -> None:
        if not self.scan_number():
            raise self.error(f"bad number syntax: {_q(self.text[self.start : self.pos])}")
        if self.peek() and self.peek() in "+-":
            if not self.scan_number() or self.text[self.pos - 1] != "i":
                raise self.error(f"bad number syntax: {_q(self.text[self.start : self.pos])}")
            self.emit(COMPLEX)
        else:
            self.emit(NUMBER)

    def accept(self, valid: str) -> bool:
        c = self.peek()
        if c and c in valid:
            self.pos += 1
            return True
        return False

    def accept_run(self, valid: str) -> None:
        while self.accept(valid):
            pass

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if self.peek() and _is_alnum(self.peek()):
            self.pos += 1
            return False
        return True


def _q(s: str) -> str:
    from dockersim.docker.render.gofmt import go_quote

    return go_quote(s)


def _left_trim(text: str, p: int) -> bool:
    """``- `` (a trim marker) at text[p:]."""
    return len(text) >= p + 2 and text[p] == "-" and text[p + 1] in _SPACE


def _right_trim(text: str, p: int) -> bool:
    """`` -`` (a trim marker) at text[p:]."""
    return p >= 0 and len(text) >= p + 2 and text[p] in _SPACE and text[p + 1] == "-"


def lex(text: str) -> list[Token]:
    return Lexer(text).run()
