"""JavaScript source as tokens, for the node evaluator (jsparse reads them).

`tokenize(source)` returns the tokens of a whole input, each with its span (offsets into the
source) and whether a line break comes before it (for automatic semicolon insertion). A
template literal is one token holding its cooked strings and the tokens of each `${...}`.
What V8's scanner rejects raises JSSyntaxError with V8's message and span; running out of
input inside a template or a comment is marked `at_end` (the REPL then reads another line).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from dockersim.model.userland.programs.jsvalues import JSSyntaxError, JSThrow, words

#: how deeply templates may nest in templates
MAX_NESTING = 64
INVALID = "Invalid or unexpected token"
END = "Unexpected end of input"
MISSING_BRACE = "Missing } in template expression"
LINE_BREAKS = "\n\r\u2028\u2029"
BLANKS = " \t\v\f\u00a0\ufeff\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # noqa: E501
#: punctuators, longest first
PUNCTUATORS = sorted(
    words(""">>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -=
    *= /= %= &= |= ^= ** << >> { } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = ."""),
    key=len,
    reverse=True,
)
#: the punctuators by their first character, longest first
_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _punct in PUNCTUATORS:
    _BY_FIRST[_punct[0]] = (*_BY_FIRST.get(_punct[0], ()), _punct)
#: the rest of a name after its first character (`\w` is `isalnum()` or `_`, as _is_id_part)
_NAME_REST = re.compile("[\\w$\u200c\u200d]*")
#: a run of blanks (not line breaks)
_BLANK_RUN = re.compile("[" + BLANKS + "]+")
#: after these a `/` starts a regular expression, not a division
_BEFORE_REGEX = words("typeof return void delete in of new case do else throw instanceof yield")
#: the statements with a parenthesised head
_HEADS = words("if while for with")
HEX = "0123456789abcdefABCDEF"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}


class Token(NamedTuple):
    """kind: num, bigint, str, template, name, punct, regex or eof. `value`: a number's
    float, a string's cooked text, a template's (strings, expressions' tokens). (A named
    tuple: frozen, and made fast; a text has thousands.)"""

    kind: str
    text: str
    start: int
    end: int
    newline: bool = False
    value: Any = None


def _is_id_start(ch: str) -> bool:
    return ch.isalpha() or ch in "_$"


def _is_id_part(ch: str) -> bool:
    return ch.isalnum() or ch in "_$\u200c\u200d"


class _Lexer:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.depth = 0

    def tokens(self, until_brace: bool = False) -> list[Token]:
        """Tokens up to the end (or, in a template's `${`, up to its closing brace)."""
        out: list[Token] = []
        depth = 0
        #: for each `(` open: whether it opens an `if`/`while`/`for`/`with` head (after its
        #: `)` a statement starts, so a `/` starts a regular expression)
        heads: list[bool] = []
        after_head = False
        while True:
            newline = self._skip_blanks()
            start = self.pos
            if start >= len(self.src):
                if until_brace and out:  # `${` still open
                    last = out[-1]
                    raise JSSyntaxError(MISSING_BRACE, last.start, last.end, at_end=True)
                if until_brace:
                    raise JSSyntaxError(END, start, start, at_end=True)
                out.append(Token("eof", "", start, start, newline))
                return out
            if until_brace and self.src[start] == "}" and depth == 0:
                out.append(Token("eof", "}", start, start, newline))
                self.pos += 1
                return out
            token = self._token(out[-1] if out else None, newline, after_head)
            after_head = False
            if token.kind == "punct":
                if token.text in ("{", "}"):
                    depth += 1 if token.text == "{" else -1
                elif token.text == "(":
                    heads.append(_opens_head(out))
                elif token.text == ")" and heads:
                    after_head = heads.pop()
            out.append(token)

    def _skip_blanks(self) -> bool:
        """Skip blanks and comments; whether a line break was among them."""
        src, newline = self.src, False
        while self.pos < len(src):
            ch = src[self.pos]
            if ch in LINE_BREAKS:
                newline = True
                self.pos += 1
            elif ch in BLANKS:
                self.pos = _BLANK_RUN.match(src, self.pos).end()  # type: ignore[union-attr]
            elif src.startswith("//", self.pos):
                while self.pos < len(src) and src[self.pos] not in LINE_BREAKS:
                    self.pos += 1
            elif src.startswith("/*", self.pos):
                end = src.find("*/", self.pos + 2)
                if end < 0:
                    raise JSSyntaxError(INVALID, self.pos, len(src), at_end=True)
                newline = newline or any(c in LINE_BREAKS for c in src[self.pos : end])
                self.pos = end + 2
            else:
                break
        return newline

    def _token(self, before: Token | None, newline: bool, after_head: bool = False) -> Token:
        src, start = self.src, self.pos
        ch = src[start]
        if ch.isdigit() or (ch == "." and src[start + 1 : start + 2].isdigit()):
            return self._number(newline)
        if _is_id_start(ch):
            end = _NAME_REST.match(src, start + 1).end()  # type: ignore[union-attr]
            self.pos = end
            return Token("name", src[start:end], start, end, newline)
        if ch in "'\"":
            return self._string(ch, newline)
        if ch == "`":
            return self._template(newline)
        if ch == "/" and (after_head or _regex_allowed(before)):
            return self._regex(newline)
        for punct in _BY_FIRST.get(ch, ()):
            if src.startswith(punct, start):
                if punct == "?." and src[start + 2 : start + 3].isdigit():
                    continue  # `a?.5:1` is a conditional
                self.pos = start + len(punct)
                return Token("punct", punct, start, self.pos, newline)
        raise JSSyntaxError(INVALID, start, start + 1)

    def _number(self, newline: bool) -> Token:
        src, start = self.src, self.pos
        end = start
        lower = src[start : start + 2].lower()
        if lower in ("0x", "0o", "0b"):
            base = {"0x": 16, "0o": 8, "0b": 2}[lower]
            end = start + 2
            while end < len(src) and (src[end].isalnum() or src[end] == "_"):
                end += 1
            digits = src[start + 2 : end].replace("_", "")
            try:
                value = float(int(digits, base))
            except ValueError:
                raise JSSyntaxError(INVALID, start, start + 1) from None
        else:
            while end < len(src) and (src[end].isdigit() or src[end] == "_"):
                end += 1
            legacy = end - start > 1 and src[start] == "0" and src[start:end].isdigit()
            if not legacy and src[end : end + 1] == ".":
                end += 1
                while end < len(src) and (src[end].isdigit() or src[end] == "_"):
                    end += 1
            if not legacy and src[end : end + 1] in ("e", "E"):
                mark = end + 1 + (src[end + 1 : end + 2] in ("+", "-"))
                if src[mark : mark + 1].isdigit():
                    end = mark
                    while end < len(src) and src[end].isdigit():
                        end += 1
            text = src[start:end].replace("_", "")
            if legacy and all(c in "01234567" for c in text):
                value = float(int(text, 8))  # sloppy mode's legacy octal: 010 is 8
            else:
                value = float(text)
        if src[end : end + 1] == "n":
            self.pos = end + 1
            return Token("bigint", src[start : end + 1], start, end + 1, newline)
        if end < len(src) and (_is_id_start(src[end]) or src[end].isdigit()):
            raise JSSyntaxError(INVALID, start, start + 1)
        self.pos = end
        return Token("num", src[start:end], start, end, newline, value)

    def _escape(self, at: int) -> tuple[str, int]:
        """The character an escape at `at` (just after the backslash) stands for, and where
        the escape ends."""
        src = self.src
        ch = src[at]
        if ch in _ESCAPES:
            return _ESCAPES[ch], at + 1
        if ch in LINE_BREAKS:
            end = at + 1 + (src[at : at + 2] == "\r\n")
            return "", end
        if ch == "x":
            end = _hex_run(src, at + 1, 2)
            if end == at + 3:
                return chr(int(src[at + 1 : end], 16)), end
            raise JSSyntaxError("Invalid hexadecimal escape sequence", at - 1, end + 1)
        if ch == "u" and src[at + 1 : at + 2] == "{":
            end, value = at + 2, 0
            while end < len(src) and src[end] in HEX:
                value, end = value * 16 + int(src[end], 16), end + 1
                if value > 0x10FFFF:
                    raise JSSyntaxError("Undefined Unicode code-point", at - 1, end)
            if end > at + 2 and src[end : end + 1] == "}":
                return chr(value), end + 1
            raise JSSyntaxError("Invalid Unicode escape sequence", at - 1, end + 1)
        if ch == "u":
            end = _hex_run(src, at + 1, 4)
            if end == at + 5:
                return chr(int(src[at + 1 : end], 16)), end
            raise JSSyntaxError("Invalid Unicode escape sequence", at - 1, end + 1)
        if ch in "01234567":  # sloppy mode's legacy octal escapes
            end = at + 1
            while end < len(src) and end - at < 3 and src[end] in "01234567":
                end += 1
            value = int(src[at:end], 8)
            if value > 0o377:
                end -= 1
                value = int(src[at:end], 8)
            return chr(value), end
        return ch, at + 1

    def _string(self, quote: str, newline: bool) -> Token:
        src, start = self.src, self.pos
        at = start + 1
        parts: list[str] = []
        while True:
            if at >= len(src) or src[at] in "\n\r":
                raise JSSyntaxError(INVALID, start, at)
            ch = src[at]
            if ch == quote:
                break
            if ch == "\\" and at + 1 < len(src):
                text, at = self._escape(at + 1)
                parts.append(text)
                continue
            parts.append(ch)
            at += 1
        self.pos = at + 1
        return Token("str", src[start : at + 1], start, at + 1, newline, _paired("".join(parts)))

    def _template(self, newline: bool) -> Token:
        src, start = self.src, self.pos
        at = start + 1
        strings: list[str] = []
        exprs: list[list[Token]] = []
        parts: list[str] = []
        while True:
            if at >= len(src):
                raise JSSyntaxError(END, at, at, at_end=True)
            ch = src[at]
            if ch == "`":
                break
            if ch == "\\" and at + 1 < len(src):
                text, at = self._escape(at + 1)
                parts.append(text)
                continue
            if src.startswith("${", at):
                strings.append(_paired("".join(parts)))
                parts = []
                self.pos = at + 2
                self.depth += 1
                if self.depth > MAX_NESTING:
                    raise JSThrow("RangeError", "Maximum call stack size exceeded")
                exprs.append(self.tokens(until_brace=True))
                self.depth -= 1
                at = self.pos
                continue
            parts.append("\n" if src.startswith("\r\n", at) else ch)
            at += 2 if src.startswith("\r\n", at) else 1
        strings.append(_paired("".join(parts)))
        self.pos = at + 1
        value = (tuple(strings), tuple(tuple(e) for e in exprs))
        return Token("template", src[start : at + 1], start, at + 1, newline, value)

    def _regex(self, newline: bool) -> Token:
        src, start = self.src, self.pos
        at, in_class = start + 1, False
        while at < len(src) and src[at] not in LINE_BREAKS:
            ch = src[at]
            if ch == "\\":
                at += 2
                continue
            if ch == "/" and not in_class:
                at += 1
                while at < len(src) and _is_id_part(src[at]):
                    at += 1
                self.pos = at
                return Token("regex", src[start:at], start, at, newline)
            in_class = (in_class or ch == "[") and ch != "]"
            at += 1
        raise JSSyntaxError("Invalid regular expression: missing /", start, at)


def _hex_run(src: str, at: int, most: int) -> int:
    """Where a run of at most `most` hex digits from `at` ends."""
    end = at
    while end < len(src) and end - at < most and src[end] in HEX:
        end += 1
    return end


def _paired(text: str) -> str:
    """Surrogate pairs written as escapes (`\\ud83d\\ude00`) as the one character they are."""
    if text.isascii():
        return text
    return text.encode("utf-16-be", "surrogatepass").decode("utf-16-be", "surrogatepass")


def _opens_head(out: list[Token]) -> bool:
    """Whether a `(` about to follow `out` opens a statement's head (`if (`, `for await (`)."""
    i = len(out) - 1
    if i >= 0 and out[i].kind == "name" and out[i].text == "await":
        i -= 1
        if not (i >= 0 and out[i].kind == "name" and out[i].text == "for"):
            return False
    if i < 0 or out[i].kind != "name" or out[i].text not in _HEADS:
        return False
    return not (i > 0 and out[i - 1].kind == "punct" and out[i - 1].text in (".", "?."))


def _regex_allowed(before: Token | None) -> bool:
    if before is None:
        return True
    if before.kind == "punct":
        return before.text not in (")", "]", "}")
    return before.kind == "name" and before.text in _BEFORE_REGEX


def tokenize(source: str) -> list[Token]:
    """The tokens of `source`, ending with an eof token."""
    return _Lexer(source).tokens()
