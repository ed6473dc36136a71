"""Variable substitution in Dockerfiles: buildkit's shell lexer (frontend/dockerfile/shell).

`Lex.process_word` expands `$var`, `${var}`, `${var:-word}`, `${var-word}`, `${var:+word}`,
`${var+word}`, `${var:?msg}`, `${var?msg}`, `${var#pattern}` (and `##`, `%`, `%%`),
`${var/pattern/replacement}` (and `//`), removes quotes (`'...'` literal, `"..."` with `$`
expanded) and the escape character, as a POSIX shell would for one word. `process_words` also
splits the result into words. Errors read `failed to process "<word>": <reason>`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from dockersim.build.shell_patterns import PatternError, pattern_regex, trim_prefix, trim_suffix

EOF = ""
SPECIAL_PARAMS = frozenset("@*#?-$!0")


class ShellError(ValueError):
    """A word the lexer cannot expand; str() is buildkit's text."""


def go_isspace(ch: str) -> bool:
    """unicode.IsSpace."""
    return ch in "\t\n\v\f\r \x85\xa0" or (ch > "\xff" and ch.isspace())


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else EOF

    def next(self) -> str:
        if self.pos >= len(self.text):
            return EOF
        ch = self.text[self.pos]
        self.pos += 1
        return ch


class _Words:
    """wordsStruct; `buf` is shared between nested calls, as in buildkit."""

    def __init__(self, buf: list[str]) -> None:
        self.buf = buf
        self.words: list[str] = []
        self.in_word = False

    def add_char(self, ch: str) -> None:
        if go_isspace(ch) and self.in_word:
            if self.buf:
                self.words.append("".join(self.buf))
                self.buf.clear()
                self.in_word = False
        elif not go_isspace(ch):
            self.add_raw_char(ch)

    def add_raw_char(self, ch: str) -> None:
        self.buf.append(ch)
        self.in_word = True

    def add_string(self, text: str) -> None:
        for ch in text:
            self.add_char(ch)

    def add_raw_string(self, text: str) -> None:
        self.buf.append(text)
        self.in_word = True

    def get(self) -> list[str]:
        if self.buf:
            self.words.append("".join(self.buf))
            self.buf.clear()
            self.in_word = False
        return self.words


@attrs.frozen
class WordResult:
    result: str
    words: tuple[str, ...]
    matched: frozenset[str]
    unmatched: frozenset[str]


@attrs.define
class Lex:
    """shell.Lex with its switches (RawQuotes, RawEscapes, SkipProcessQuotes, SkipUnsetEnv)."""

    escape: str = "\\"
    raw_quotes: bool = False
    raw_escapes: bool = False
    skip_process_quotes: bool = False
    skip_unset_env: bool = False

    def process_word(self, word: str, env: Mapping[str, str]) -> str:
        return self.process(word, env).result

    def process_words(self, word: str, env: Mapping[str, str]) -> list[str]:
        return list(self.process(word, env).words)

    def process(self, word: str, env: Mapping[str, str]) -> WordResult:
        state = _ShellWord(self, env, word)
        try:
            result, words = state.process_stop_on(EOF, self.raw_escapes)
        except (ShellError, PatternError) as exc:
            from dockersim.model.humanize import go_quote

            raise ShellError(f"failed to process {go_quote(word)}: {exc}") from None
        return WordResult(
            result, tuple(words), frozenset(state.matches), frozenset(state.nonmatches)
        )


class _ShellWord:
    def __init__(self, lex: Lex, env: Mapping[str, str], word: str) -> None:
        self.lex = lex
        self.env = env
        self.scanner = _Scanner(word)
        self.raw_escapes = lex.raw_escapes
        self.buffer: list[str] = []
        self.matches: set[str] = set()
        self.nonmatches: set[str] = set()

    def process_stop_on(self, stop: str, raw_escapes: bool) -> tuple[str, list[str]]:
        result: list[str] = []
        self.buffer.clear()
        words = _Words(self.buffer)
        special: dict[str, Callable[[], str]] = {
            "$": self.process_dollar,
            "<": self.process_possible_heredoc,
        }
        if not self.lex.skip_process_quotes:
            special["'"] = self.process_single_quote
            special['"'] = self.process_double_quote
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        try:
            sc = self.scanner
            while sc.peek() != EOF:
                ch = sc.peek()
                if stop != EOF and ch == stop:
                    sc.next()
                    return "".join(result), words.get()
                if ch in special:
                    tmp = special[ch]()
                    result.append(tmp)
                    if ch == "$":
                        words.add_string(tmp)
                    else:
                        words.add_raw_string(tmp)
                    continue
                ch = sc.next()
                if ch == self.lex.escape:
                    if self.raw_escapes:
                        words.add_raw_char(ch)
                        result.append(ch)
                    ch = sc.next()
                    if ch == EOF:
                        break
                    words.add_raw_char(ch)
                else:
                    words.add_char(ch)
                result.append(ch)
            if stop != EOF:
                raise ShellError(f"unexpected end of statement while looking for matching {stop}")
            return "".join(result), words.get()
        finally:
            self.raw_escapes = saved

    def process_single_quote(self) -> str:
        sc = self.scanner
        out: list[str] = []
        ch = sc.next()
        if self.lex.raw_quotes:
            out.append(ch)
        while True:
            ch = sc.next()
            if ch == EOF:
                raise ShellError(
                    "unexpected end of statement while looking for matching single-quote"
                )
            if ch == "'":
                if self.lex.raw_quotes:
                    out.append(ch)
                return "".join(out)
            out.append(ch)

    def process_double_quote(self) -> str:
        sc = self.scanner
        out: list[str] = []
        ch = sc.next()
        if self.lex.raw_quotes:
            out.append(ch)
        while True:
            peek = sc.peek()
            if peek == EOF:
                raise ShellError(
                    "unexpected end of statement while looking for matching double-quote"
                )
            if peek == '"':
                ch = sc.next()
                if self.lex.raw_quotes:
                    out.append(ch)
                return "".join(out)
            if peek == "$":
                out.append(self.process_dollar())
                continue
            ch = sc.next()
            if ch == self.lex.escape:
                if self.raw_escapes:
                    out.append(ch)
                following = sc.peek()
                if following == EOF:
                    continue
                if following in ('"', "$", self.lex.escape):
                    ch = sc.next()
            out.append(ch)

    def process_possible_heredoc(self) -> str:
        sc = self.scanner
        sc.next()
        if sc.peek() != "<":
            return "<"
        sc.next()
        space = ""
        while sc.peek() in ("\t", "\r", " ") and sc.peek() != EOF:
            space += sc.next()
        return "<<" + space

    def get_env(self, name: str) -> tuple[str, bool]:
        if name in self.env:
            self.matches.add(name)
            return self.env[name], True
        self.nonmatches.add(name)
        return "", False

    def process_name(self) -> str:
        sc = self.scanner
        name = ""
        while sc.peek() != EOF:
            ch = sc.peek()
            if name == "" and ch.isdigit():
                while sc.peek() != EOF and sc.peek().isdigit():
                    name += sc.next()
                return name
            if name == "" and ch in SPECIAL_PARAMS:
                return sc.next()
            if not (ch.isalpha() or ch.isdigit() or ch == "_"):
                break
            name += sc.next()
        return name

    def process_dollar(self) -> str:
        sc = self.scanner
        sc.next()
        if sc.peek() != "{":
            name = self.process_name()
            if name == "":
                return "$"
            value, found = self.get_env(name)
            if not found and self.lex.skip_unset_env:
                return "$" + name
            return value
        sc.next()
        peek = sc.peek()
        if peek == EOF:
            raise ShellError("syntax error: missing '}'")
        if peek in "{}:":
            raise ShellError("syntax error: bad substitution")
        name = self.process_name()
        ch = sc.next() or "\ufffd"
        chs = ch
        if ch == "}":
            value, found = self.get_env(name)
            if not found and self.lex.skip_unset_env:
                return "${" + name + "}"
            return value
        if ch == "/":
            return self._replace(name)
        null_is_unset = False
        if ch == ":":
            null_is_unset = True
            ch = sc.next() or "\ufffd"
            chs += ch
        elif ch not in "+-?#%":
            raise ShellError(f"unsupported modifier ({chs}) in substitution")
        return self._modifier(name, ch, chs, null_is_unset)

    def _modifier(self, name: str, ch: str, chs: str, null_is_unset: bool) -> str:
        raw = ch in "#%"
        if null_is_unset and raw:
            raise ShellError(f"unsupported modifier ({chs}) in substitution")
        word = self._until("}", raw, "syntax error: missing '}'")
        value, found = self.get_env(name)
        if self.lex.skip_unset_env and not found:
            return "${" + name + chs + word + "}"
        empty = not found or (null_is_unset and value == "")
        if ch == "-":
            return word if empty else value
        if ch == "+":
            return "" if empty else word
        if ch == "?":
            if not found:
                raise ShellError(f"{name}: {word or 'is not allowed to be unset'}")
            if null_is_unset and value == "":
                raise ShellError(f"{name}: {word or 'is not allowed to be empty'}")
            return value
        if ch in "%#":
            greedy = word.startswith(ch)
            if greedy:
                word = word[1:]
            return (
                trim_suffix(word, value, greedy) if ch == "%" else trim_prefix(word, value, greedy)
            )
        raise ShellError(f"unsupported modifier ({chs}) in substitution")

    def _until(self, stop: str, raw: bool, missing: str) -> str:
        try:
            word, _ = self.process_stop_on(stop, raw)
        except ShellError:
            if self.scanner.peek() == EOF:
                raise ShellError(missing) from None
            raise
        return word

    def _replace(self, name: str) -> str:
        sc = self.scanner
        replace_all = sc.peek() == "/"
        if replace_all:
            sc.next()
        pattern = self._until("/", True, "syntax error: missing '/' in ${}")
        replacement = self._until("}", True, "syntax error: missing '}'")
        value, found = self.get_env(name)
        if self.lex.skip_unset_env and not found:
            return "${" + name + "/" + pattern + "/" + replacement + "}"
        regex = pattern_regex(pattern, greedy=True, anchored=False)
        if replace_all:
            return regex.sub(lambda _m: replacement, value)
        return regex.sub(lambda _m: replacement, value, count=1)


def env_mapping(env: list[str] | tuple[str, ...]) -> dict[str, str]:
    """shell.EnvsFromSlice: `K=V` strings as a lookup (the last wins)."""
    out: dict[str, str] = {}
    for item in env:
        key, _, value = item.partition("=")
        out[key] = value
    return out
