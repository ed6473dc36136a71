"""The shell grammar (POSIX sh, with the few bash/ash extensions learners use)."""

from __future__ import annotations

import re

from dockersim.model.userland.ast import (
    AndOr,
    Case,
    For,
    FuncDef,
    Group,
    If,
    Lit,
    Loop,
    Node,
    Pipeline,
    Redir,
    Redirected,
    Seq,
    Simple,
    Subshell,
    Word,
)
from dockersim.model.userland.lexer import REDIR_OPS, Heredoc, Lexer, ParseError, Token

KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for"}
    | {"in", "{", "}", "!"}
)
#: the words that can start something other than a simple command
_COMMAND_WORDS = KEYWORDS | {"function"}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\+?)=")


def parse(src: str, dialect: str, first_line: int = 1) -> Seq:
    """Parse a whole script (raises ParseError)."""
    parser = Parser(src, dialect, first_line)
    try:
        return parser.program()
    finally:
        parser.release()


class Parser:
    def __init__(self, src: str, dialect: str, first_line: int = 1, depth: int = 0) -> None:
        self.dialect = dialect
        self.lex = Lexer(src, dialect, first_line, depth)
        self.lex.parse_sub = self._cmdsub
        self.lex.parse_text = self._sub_text
        self.peeked: Token | None = None

    def release(self) -> None:
        """Parsing is over: the lexer lets go of this parser (else the two make a cycle that
        only the garbage collector frees)."""
        self.lex.parse_sub = self.lex.parse_text = None

    # --- tokens ---------------------------------------------------------------------------
    def peek(self) -> Token:
        if self.peeked is None:
            self.peeked = self.lex.token()
        return self.peeked

    def next(self) -> Token:
        tok = self.peek()
        self.peeked = None
        return tok

    def is_kw(self, tok: Token, *names: str) -> bool:
        word = tok.word
        return tok.kind == "word" and word is not None and word.plain in names

    def is_op(self, tok: Token, *ops: str) -> bool:
        return tok.kind == "op" and tok.fd is None and tok.value in ops

    def unexpected(self, tok: Token, expecting: str = "") -> ParseError:
        return ParseError(
            "unexpected", tokname(tok), expecting, line=tok.line, text=_bash_text(tok)
        )

    def skip_newlines(self) -> None:
        while self.peek().kind == "newline":
            self.next()

    def expect_kw(self, name: str) -> Token:
        tok = self.peek()
        if not self.is_kw(tok, name):
            raise self.unexpected(tok, f'"{name}"')
        return self.next()

    # --- grammar --------------------------------------------------------------------------
    def program(self) -> Seq:
        """The whole text at once (its size is bounded as one command's)."""
        items: list[tuple[Node, bool]] = []
        self.lex.mark = self.lex.pos
        while True:
            seq = self.next_command(fresh=False)
            if seq is None:
                return Seq(items)
            items.extend(seq.items)

    def next_command(self, fresh: bool = True) -> Seq | None:
        """The next complete command line (shells parse and run one line at a time)."""
        if fresh and self.peeked is None:
            self.lex.mark = self.lex.pos
        self.skip_newlines()
        if self.peek().kind == "eof":
            return None
        seq = self.compound_list(top=True)
        tok = self.peek()
        if tok.kind not in ("eof", "newline"):
            raise self.unexpected(tok)
        return seq

    def compound_list(self, top: bool = False) -> Seq:
        with self.lex.deeper():
            return self._compound_list(top)

    def _compound_list(self, top: bool) -> Seq:
        self.skip_newlines()
        items: list[tuple[Node, bool]] = []
        while True:
            tok = self.peek()
            if tok.kind == "eof" or self._ends_list(tok):
                break
            node = self.and_or()
            tok = self.peek()
            if self.is_op(tok, ";", "&"):
                self.next()
                items.append((node, tok.value == "&"))
                if top and self.peek().kind == "newline":
                    break
                self.skip_newlines()
                continue
            if tok.kind == "newline":
                items.append((node, False))
                if top:
                    break
                self.skip_newlines()
                continue
            items.append((node, False))
            break
        if not items:
            raise self.unexpected(self.peek())
        return Seq(items)

    def _ends_list(self, tok: Token) -> bool:
        if tok.kind == "op" and tok.value in (")", ";;"):
            return True
        return self.is_kw(tok, "then", "else", "elif", "fi", "do", "done", "esac", "}")

    def and_or(self) -> Node:
        first = self.pipeline()
        rest: list[tuple[str, Node]] = []
        while self.is_op(self.peek(), "&&", "||"):
            op = self.next().value
            self.skip_newlines()
            rest.append((op, self.pipeline()))
        return AndOr(first, rest) if rest else first

    def pipeline(self) -> Node:
        negate = False
        if self.is_kw(self.peek(), "!"):
            self.next()
            negate = True
        cmds = [self.command()]
        while self.is_op(self.peek(), "|", "|&"):
            op = self.next().value
            if op == "|&":
                last = cmds[-1]
                dup = Redir(2, ">&", Word([Lit("1")], "1"))
                cmds[-1] = Redirected(last, [dup])
            self.skip_newlines()
            cmds.append(self.command())
        if len(cmds) == 1 and not negate:
            return cmds[0]
        return Pipeline(cmds, negate)

    def command(self) -> Node:
        tok = self.peek()
        node: Node
        if tok.kind == "word" and (tok.word is None or tok.word.plain not in _COMMAND_WORDS):
            return self.simple()  # (no keyword starts it: the usual case, decided at once)
        if tok.kind == "op" and tok.value == "(" and tok.fd is None:
            self.next()
            body = self.compound_list()
            end = self.peek()
            if not self.is_op(end, ")"):
                raise self.unexpected(end, '")"')
            self.next()
            node = Subshell(body)
        elif self.is_kw(tok, "if"):
            node = self.if_clause()
        elif self.is_kw(tok, "while", "until"):
            self.next()
            cond = self.compound_list()
            body = self.do_group()
            node = Loop(cond, body, tok.word is not None and tok.word.plain == "until")
        elif self.is_kw(tok, "for"):
            node = self.for_clause()
        elif self.is_kw(tok, "case"):
            node = self.case_clause()
        elif self.is_kw(tok, "{"):
            self.next()
            body = self.compound_list()
            self.expect_kw("}")
            node = Group(body)
        elif self.dialect == "bash" and self.is_kw(tok, "function"):
            self.next()
            name_tok = self.next()
            if name_tok.kind != "word":
                raise self.unexpected(name_tok)
            if self.is_op(self.peek(), "("):
                self.next()
                if not self.is_op(self.peek(), ")"):
                    raise self.unexpected(self.peek())
                self.next()
            self.skip_newlines()
            start = self.lex.pos
            source_start = self._next_start()
            fbody = self.command()
            return FuncDef(name_tok.value, fbody, self.lex.pos - start, self._source(source_start))
        elif tok.kind == "word" and self.is_kw(tok, *KEYWORDS):
            raise self.unexpected(tok)
        else:
            return self.simple()
        redirs = self.redirects()
        return Redirected(node, redirs) if redirs else node

    def redirects(self) -> list[Redir]:
        out: list[Redir] = []
        while self._is_redir(self.peek()):
            out.append(self.redirect())
        return out

    def _is_redir(self, tok: Token) -> bool:
        return tok.kind == "op" and tok.value in REDIR_OPS

    def redirect(self) -> Redir:
        tok = self.next()
        op = tok.value
        fd = (
            tok.fd
            if tok.fd is not None
            else (0 if op in ("<", "<&", "<>", "<<", "<<-", "<<<") else 1)
        )
        target = self.next()
        if target.kind != "word" or target.word is None:
            raise self.unexpected(target)
        redir = Redir(fd, op, target.word)
        if op in ("<<", "<<-"):
            word = target.word
            quoted = any(getattr(p, "quoted", False) for p in word.parts) or "\\" in word.raw
            delim = "".join(getattr(p, "text", "") for p in word.parts)
            self.lex.pending.append(Heredoc(redir, delim, quoted, op == "<<-"))
        return redir

    def simple(self) -> Node:
        start = self.peek()
        assigns: list[tuple[str, Word]] = []
        words: list[Word] = []
        redirs: list[Redir] = []
        while True:
            tok = self.peek()
            if self._is_redir(tok):
                redirs.append(self.redirect())
                continue
            if tok.kind != "word" or tok.word is None:
                break
            match = ASSIGN.match(tok.value)
            if not words and match and not match.group(2) and _assignment_is_plain(tok.word):
                self.next()
                assigns.append((match.group(1), _strip_prefix(tok.word, len(match.group(0)))))
                continue
            if not words and not assigns and not redirs and self._funcdef_ahead(tok):
                return self.funcdef()
            self.next()
            words.append(tok.word)
        if not (assigns or words or redirs):
            raise self.unexpected(start)
        return Simple(assigns, words, redirs, start.line)

    def _funcdef_ahead(self, tok: Token) -> bool:
        src = self.lex.src
        pos = self.lex.pos
        while pos < len(src) and src[pos] in " \t":
            pos += 1
        return bool(NAME.fullmatch(tok.value)) and src.startswith("(", pos)

    def funcdef(self) -> Node:
        name = self.next().value
        self.next()  # (
        close = self.next()
        if not self.is_op(close, ")"):
            raise self.unexpected(close, '")"')
        self.skip_newlines()
        start = self.lex.pos
        source_start = self._next_start()
        body = self.command()
        return FuncDef(name, body, self.lex.pos - start, self._source(source_start))

    def _next_start(self) -> int:
        """Where the next token starts in the source."""
        self.peek()
        return self.lex.started

    def _source(self, start: int) -> str:
        """The source from `start` to the end of the last token read (not the one peeked)."""
        end = self.lex.prev_end if self.peeked is not None else self.lex.last_end
        return self.lex.src[start:end]

    def if_clause(self) -> Node:
        self.next()
        branches: list[tuple[Seq, Seq]] = []
        cond = self.compound_list()
        self.expect_kw("then")
        body = self.compound_list()
        branches.append((cond, body))
        orelse: Seq | None = None
        while True:
            tok = self.peek()
            if self.is_kw(tok, "elif"):
                self.next()
                cond = self.compound_list()
                self.expect_kw("then")
                branches.append((cond, self.compound_list()))
                continue
            if self.is_kw(tok, "else"):
                self.next()
                orelse = self.compound_list()
            self.expect_kw("fi")
            return If(branches, orelse)

    def do_group(self) -> Seq:
        self.skip_newlines()
        self.expect_kw("do")
        body = self.compound_list()
        self.expect_kw("done")
        return body

    def for_clause(self) -> Node:
        line = self.next().line
        name = self.next()
        if name.kind != "word" or not NAME.fullmatch(name.value):
            raise ParseError("bad", "Bad for loop variable", line=name.line, text=name.value)
        words: list[Word] | None = None
        self.skip_newlines()
        if self.is_kw(self.peek(), "in"):
            self.next()
            words = []
            while self.peek().kind == "word":
                tok = self.next()
                assert tok.word is not None
                words.append(tok.word)
            tok = self.peek()
            if not (self.is_op(tok, ";") or tok.kind == "newline"):
                raise self.unexpected(tok, '"do"')
            self.next()
        elif self.is_op(self.peek(), ";"):
            self.next()
        body = self.do_group()
        return For(name.value, words, body, line)

    def case_clause(self) -> Node:
        line = self.next().line
        tok = self.next()
        if tok.kind != "word" or tok.word is None:
            raise self.unexpected(tok, "word")
        word = tok.word
        self.skip_newlines()
        self.expect_kw("in")
        arms: list[tuple[list[Word], Seq | None]] = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            if self.is_kw(tok, "esac"):
                self.next()
                return Case(word, arms, line)
            if self.is_op(tok, "("):
                self.next()
            patterns: list[Word] = []
            while True:
                pat = self.next()
                if pat.kind != "word" or pat.word is None:
                    raise self.unexpected(pat, "word")
                patterns.append(pat.word)
                sep = self.next()
                if self.is_op(sep, "|"):
                    continue
                if self.is_op(sep, ")"):
                    break
                raise self.unexpected(sep, '")"')
            self.skip_newlines()
            body: Seq | None = None
            nxt = self.peek()
            if not (self.is_op(nxt, ";;") or self.is_kw(nxt, "esac")):
                body = self.compound_list()
            arms.append((patterns, body))
            nxt = self.peek()
            if self.is_op(nxt, ";;"):
                self.next()
            elif not self.is_kw(nxt, "esac"):
                raise self.unexpected(nxt, '";;"')

    # --- command substitution -------------------------------------------------------------
    def _cmdsub(self) -> Node:
        saved = self.peeked
        self.peeked = None
        self.skip_newlines()
        if self.is_op(self.peek(), ")"):
            self.next()
            self.peeked = saved
            return Seq([])
        body = self.compound_list()
        tok = self.next()
        if not self.is_op(tok, ")"):
            raise self.unexpected(tok, '")"')
        self.peeked = saved
        return body

    def _sub_text(self, text: str) -> Node:
        line = self.lex.line_at(self.lex.pos)
        sub = Parser(text, self.dialect, line, self.lex.depth)
        try:
            return sub.program()
        finally:
            self.lex.deepest = max(self.lex.deepest, sub.lex.deepest)
            sub.release()


def tokname(tok: Token) -> str:
    if tok.kind == "eof":
        return "end of file"
    if tok.kind == "newline":
        return "newline"
    if tok.kind == "op":
        return "redirection" if tok.value in REDIR_OPS else f'"{tok.value}"'
    if tok.word is not None and tok.word.plain in KEYWORDS:
        return f'"{tok.word.plain}"'
    return "word"


def _bash_text(tok: Token) -> str:
    if tok.kind == "eof":
        return ""
    if tok.kind == "newline":
        return "newline"
    return tok.value


def _assignment_is_plain(word: Word) -> bool:
    first = word.parts[0] if word.parts else None
    return isinstance(first, Lit) and not first.quoted and "=" in first.text


def _strip_prefix(word: Word, n: int) -> Word:
    first = word.parts[0]
    assert isinstance(first, Lit)
    rest = first.text[n:]
    parts = ([Lit(rest)] if rest else []) + list(word.parts[1:])
    return Word(parts or [Lit("", True)], word.raw[n:])
