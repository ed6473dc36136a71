"""Word expansion: parameters, command substitution, arithmetic, field splitting, globbing."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import TYPE_CHECKING

from dockersim.model.cowfs import FsError
from dockersim.model.userland.arith import ArithError, evaluate
from dockersim.model.userland.ast import Arith, CmdSub, Lit, Param, Tilde, Word

if TYPE_CHECKING:
    from dockersim.model.userland.interp import Shell

Segment = tuple[str, bool]  # (text, quoted)
GLOB_CHARS = "*?["


class ExpandError(Exception):
    """An expansion failed; `message` is printed after the shell's prefix; `fatal` exits."""

    def __init__(self, message: str, status: int = 2, fatal: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.fatal = fatal


class Expander:
    def __init__(self, shell: Shell) -> None:
        self.sh = shell

    # --- entry points ---------------------------------------------------------------------
    def fields(self, words: list[Word]) -> list[str]:
        out: list[str] = []
        for word in words:
            for field in self._split_word(word):
                out.extend(self._glob(field))
        return out

    def string(self, word: Word) -> str:
        """No field splitting or globbing (assignments, redirection targets, case words)."""
        return "".join(text for text, _q in self._segments(word, split=False)[0][0])

    def pattern(self, word: Word) -> str:
        """A case/`${x#pat}` pattern: quoted characters match themselves."""
        segs = self._segments(word, split=False)[0][0]
        return "".join(text if not q else _escape_glob(text) for text, q in segs)

    # --- parts ----------------------------------------------------------------------------
    def _split_word(self, word: Word) -> list[list[Segment]]:
        fields, _ = self._segments(word, split=True)
        return fields

    def _segments(self, word: Word, split: bool) -> tuple[list[list[Segment]], bool]:
        fields: list[list[Segment]] = []
        current: list[Segment] = []
        has_quotes = False
        started = False  # the current field exists (even if empty)

        def add_split(text: str) -> None:
            nonlocal current, started
            if not split:
                current.append((text, False))
                return
            ifs = self.sh.get("IFS", " \t\n")
            if ifs == "":
                if text:
                    current.append((text, False))
                    started = True
                return
            pieces = _ifs_split(text, ifs)
            for i, (piece, boundary_before) in enumerate(pieces):
                if boundary_before and (current or started):
                    fields.append(current)
                    current = []
                    started = False
                if piece is not None:
                    current.append((piece, False))
                    started = True
                elif i == len(pieces) - 1 and boundary_before:
                    pass

        for part in word.parts:
            if isinstance(part, Lit):
                if part.quoted:
                    has_quotes = True
                    started = True
                if part.text:
                    current.append((part.text, part.quoted))
                    started = True
            elif isinstance(part, Tilde):
                current.append((self._tilde(part.user), True))
                started = True
            elif isinstance(part, Param):
                if part.quoted:
                    has_quotes = True
                if part.name == "@" and part.op == "" and part.quoted and split:
                    params = self.sh.positional
                    if not params:
                        continue
                    current.append((params[0], True))
                    for p in params[1:]:
                        fields.append(current)
                        current = [(p, True)]
                    started = True
                    continue
                value = self.param(part)
                if part.quoted:
                    current.append((value, True))
                    started = True
                else:
                    add_split(value)
            elif isinstance(part, CmdSub):
                value = self.sh.command_subst(part.body)
                if part.quoted:
                    has_quotes = True
                    current.append((value, True))
                    started = True
                else:
                    add_split(value)
            elif isinstance(part, Arith):
                value = self.arith(part)
                if part.quoted:
                    current.append((value, True))
                    started = True
                else:
                    add_split(value)
        if current or started or (has_quotes and not fields):
            fields.append(current)
        if not split and not fields:
            fields.append([])
        return fields, has_quotes

    def arith(self, part: Arith) -> str:
        text = self.string(part.expr)
        try:
            return str(evaluate(text, lambda n: self.sh.get(n, ""), self.sh.set_var))
        except ArithError as exc:
            raise ExpandError(str(exc)) from None

    def _tilde(self, user: str) -> str:
        if not user:
            home = self.sh.vars.get("HOME")
            return home if home is not None else self.sh.home_of(self.sh.proc.user) or "~"
        home = self.sh.home_of(user)
        return home if home is not None else "~" + user

    def param(self, part: Param) -> str:
        name, op = part.name, part.op
        value = self.sh.param_value(name)
        if op == "":
            if value is None and self.sh.nounset and name not in ("@", "*"):
                raise ExpandError(self.sh.dialect.unset_message(name))
            return value or ""
        if op == "len":
            return str(len(value or ""))
        colon = op.startswith(":") and op != ":"
        missing = value is None or (colon and value == "")
        base = op.lstrip(":") if op != ":" else ":"
        if base == "-":
            return self._arg(part) if missing else value or ""
        if base == "=":
            if missing:
                new = self._arg(part)
                self.sh.set_var(name, new)
                return new
            return value or ""
        if base == "+":
            return "" if missing else self._arg(part)
        if base == "?":
            if missing:
                msg = self._arg(part) if part.arg and part.arg.parts else ""
                raise ExpandError(self.sh.dialect.param_error(name, msg, colon))
            return value or ""
        text = value or ""
        if base in ("%", "%%", "#", "##"):
            pat = self.pattern(part.arg) if part.arg else ""
            return _trim(text, pat, base)
        if base in ("/", "//"):
            pat = self.pattern(part.arg) if part.arg else ""
            rep = self.string(part.arg2) if part.arg2 else ""
            return _replace(text, pat, rep, base == "//")
        if base == ":":
            return self._substring(text, part)
        return text

    def _arg(self, part: Param) -> str:
        return self.string(part.arg) if part.arg is not None else ""

    def _substring(self, text: str, part: Param) -> str:
        get = lambda n: self.sh.get(n, "")  # noqa: E731
        try:
            start = evaluate(self.string(part.arg), get, self.sh.set_var) if part.arg else 0
            if start < 0:
                start = max(0, len(text) + start)
            if part.arg2 is None:
                return text[start:]
            length = evaluate(self.string(part.arg2), get, self.sh.set_var)
        except ArithError as exc:
            raise ExpandError(str(exc)) from None
        end = start + length if length >= 0 else len(text) + length
        return text[start:end]

    # --- globbing -------------------------------------------------------------------------
    def _glob(self, field: list[Segment]) -> list[str]:
        text = "".join(t for t, _q in field)
        if self.sh.noglob or not any(not q and any(c in t for c in GLOB_CHARS) for t, q in field):
            return [text]
        pattern = "".join(t if not q else _escape_glob(t) for t, q in field)
        matches = glob(self.sh, pattern)
        return matches or [text]


def glob(shell: Shell, pattern: str) -> list[str]:
    fs = shell.proc.fs
    absolute = pattern.startswith("/")
    parts = [p for p in pattern.split("/") if p]
    bases = ["/" if absolute else ""]
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        new: list[str] = []
        for base in bases:
            if not any(c in part for c in GLOB_CHARS):
                cand = posixpath.join(base, _unescape_glob(part)) if base else _unescape_glob(part)
                if last:
                    if fs.exists(cand, shell.cwd) or _is_link(shell, cand):
                        new.append(cand)
                else:
                    new.append(cand)
                continue
            try:
                names = fs.listdir(base or ".", shell.cwd)
            except FsError:
                continue
            regex = re.compile(_translate(part))
            for name in names:
                if name.startswith(".") and not part.startswith("."):
                    continue
                if regex.fullmatch(name):
                    cand = posixpath.join(base, name) if base else name
                    if not last:
                        try:
                            if fs.stat(cand, shell.cwd).kind != "dir":
                                continue
                        except FsError:
                            continue
                    new.append(cand)
        bases = new
    if pattern.endswith("/"):
        bases = [b + "/" for b in bases]
    return sorted(bases)


def _is_link(shell: Shell, path: str) -> bool:
    try:
        shell.proc.fs.stat(path, shell.cwd, follow=False)
    except FsError:
        return False
    return True


def _escape_glob(text: str) -> str:
    return "".join("[" + c + "]" if c in "*?[\\" else c for c in text)


def _unescape_glob(text: str) -> str:
    return re.sub(r"\[(.)\]", r"\1", text)


def _translate(pattern: str) -> str:
    """A shell pattern as a regular expression (fnmatch's, with `\\` escapes)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^") else i + 1)
            if end > 0:
                out.append(fnmatch.translate(pattern[i : end + 1])[4:-3])
                i = end + 1
                continue
        out.append(fnmatch.translate(c)[4:-3] if c in "*?" else re.escape(c))
        i += 1
    return "".join(out)


def match(pattern: str, text: str) -> bool:
    return re.fullmatch(_translate(pattern), text, re.DOTALL) is not None


def _trim(text: str, pat: str, op: str) -> str:
    rx = re.compile(_translate(pat), re.DOTALL)
    n = len(text)
    if op == "#":
        for i in range(n + 1):
            if rx.fullmatch(text[:i]):
                return text[i:]
    elif op == "##":
        for i in range(n, -1, -1):
            if rx.fullmatch(text[:i]):
                return text[i:]
    elif op == "%":
        for i in range(n, -1, -1):
            if rx.fullmatch(text[i:]):
                return text[:i]
    else:
        for i in range(n + 1):
            if rx.fullmatch(text[i:]):
                return text[:i]
    return text


def _replace(text: str, pat: str, rep: str, every: bool) -> str:
    if not pat:
        return text
    rx = re.compile(_translate(pat), re.DOTALL)
    out: list[str] = []
    i = 0
    done = False
    while i < len(text):
        found = -1
        if not done:
            for j in range(len(text), i, -1):
                if rx.fullmatch(text[i:j]):
                    found = j
                    break
        if found > 0:
            out.append(rep)
            i = found
            done = not every
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _ifs_split(text: str, ifs: str) -> list[tuple[str | None, bool]]:
    """Split an unquoted expansion: (piece or None, a field boundary comes before it)."""
    white = "".join(c for c in ifs if c in " \t\n")
    other = "".join(c for c in ifs if c not in " \t\n")
    out: list[tuple[str | None, bool]] = []
    i = 0
    n = len(text)
    boundary = False
    buf: list[str] = []
    while i < n:
        c = text[i]
        if c in white or c in other:
            if buf:
                out.append(("".join(buf), boundary))
                buf = []
                boundary = False
            j = i
            while j < n and text[j] in white:
                j += 1
            if j < n and text[j] in other:
                j += 1
                while j < n and text[j] in white:
                    j += 1
                if out or boundary or (i == 0 and text[i] in other):
                    pass
                boundary = True
                if not out and i == 0 and c in white:
                    boundary = True
                if j >= n or text[j] in other:
                    out.append(("", True))
                    boundary = j < n
            else:
                boundary = True
            i = j
            continue
        buf.append(c)
        i += 1
    if buf:
        out.append(("".join(buf), boundary))
    elif boundary:
        out.append((None, True))
    return out
