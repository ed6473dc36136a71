"""Word expansion: parameters, command substitution, arithmetic, field splitting, globbing."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import TYPE_CHECKING

from dockersim.model.cowfs import FsError
from dockersim.model.userland.arith import ArithError, evaluate
from dockersim.model.userland.ast import Arith, CmdSub, Lit, Param, Tilde, Word
from dockersim.model.userland.caps import ITEM_BYTES
from dockersim.model.userland.types import MemoryExhausted

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
    # Every result is charged against the process tree's memory (caps.Heap) before it is
    # built: past the cap the shell dies as when malloc fails (MemoryExhausted).
    def fields(self, words: list[Word]) -> list[str]:
        out: list[str] = []
        total = 0
        for word in words:
            parts = word.parts
            if len(parts) == 1:  # one unquoted literal (most words): itself, unless a pattern
                part = parts[0]
                if type(part) is Lit and not part.quoted and part.text:
                    text = part.text
                    total += len(text) + ITEM_BYTES
                    self.sh.heap.need(total)
                    if "*" in text or "?" in text or "[" in text:
                        out.extend(self._glob([(text, False)]))
                    else:
                        out.append(text)
                    continue
            for field in self._split_word(word):
                total += sum(len(t) for t, _q in field) + ITEM_BYTES
                self.sh.heap.need(total)
                out.extend(self._glob(field))
        return out

    def string(self, word: Word) -> str:
        """No field splitting or globbing (assignments, redirection targets, case words)."""
        parts = word.parts
        if len(parts) == 1 and type(parts[0]) is Lit:  # (a literal is itself)
            text = parts[0].text
            self.sh.heap.need(len(text))
            return text
        segs = self._segments(word, split=False)[0][0]
        self.sh.heap.need(sum(len(t) for t, _q in segs))
        return "".join(text for text, _q in segs)

    def pattern(self, word: Word) -> str:
        """A case/`${x#pat}` pattern: quoted characters match themselves."""
        segs = self._segments(word, split=False)[0][0]
        self.sh.heap.need(sum(len(t) * (4 if q else 1) for t, q in segs))
        return "".join(text if not q else _escape_glob(text) for text, q in segs)

    # --- parts ----------------------------------------------------------------------------
    def _split_word(self, word: Word) -> list[list[Segment]]:
        fields, _ = self._segments(word, split=True)
        return fields

    def _segments(self, word: Word, split: bool) -> tuple[list[list[Segment]], bool]:
        """The word's fields as segments. The new strings it builds (a parameter's changed
        value, a command substitution's output) are held until it is done: a substitution
        inside may recurse, and every level's word must count."""
        held = [0]
        try:
            return self._build(word, split, held)
        finally:
            self.sh.heap.charge(-held[0])

    def _hold(self, value: str, held: list[int]) -> None:
        self.sh.heap.need(len(value))
        self.sh.heap.charge(len(value))
        held[0] += len(value)

    def _build(self, word: Word, split: bool, held: list[int]) -> tuple[list[list[Segment]], bool]:
        fields: list[list[Segment]] = []
        current: list[Segment] = []
        has_quotes = False
        started = False  # the current field exists (even if empty)
        if split and not self.sh.positional and _only_quoted_at(word):
            return [], False  # "$@" with no parameters is no field at all

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
            pieces = _ifs_split(text, ifs, self.sh.heap.room // ITEM_BYTES)
            if pieces is None:  # more fields than fit in memory
                raise MemoryExhausted(len(text) * ITEM_BYTES, self.sh.heap.used)
            if len(pieces) > 1:  # copies of the text, a field each
                self._hold(text, held)
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
                if part.name == "@" and part.op == "" and part.quoted and split:
                    params = self.sh.positional
                    if not params:
                        continue
                    has_quotes = True
                    current.append((params[0], True))
                    for p in params[1:]:
                        fields.append(current)
                        current = [(p, True)]
                    started = True
                    continue
                if part.quoted:
                    has_quotes = True
                value = self.param(part)
                if value and value is not self.sh.vars.get(part.name):
                    self._hold(value, held)
                if part.quoted:
                    current.append((value, True))
                    started = True
                else:
                    add_split(value)
            elif isinstance(part, CmdSub):
                value = self.sh.command_subst(part.body)
                self._hold(value, held)
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
            result = _replace(text, pat, rep, base == "//", self.sh.heap.room)
            if result is None:  # it grew past what fits in memory
                raise MemoryExhausted(self.sh.heap.room + 1, self.sh.heap.used)
            return result
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


def _replace(text: str, pat: str, rep: str, every: bool, most: int) -> str | None:
    """`${x/pat/rep}` and `${x//pat/rep}`; None if the result would pass `most` characters."""
    if not pat:
        return text
    size = 0
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
            size += len(rep)
            if size > most:
                return None
            i = found
            done = not every
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _ifs_split(text: str, ifs: str, most: int) -> list[tuple[str | None, bool]] | None:
    """Split an unquoted expansion: (piece or None, a field boundary comes before it); None
    when there would be more than `most` pieces.

    A separator is a run of IFS white space, or one other IFS character with the white space
    around it; two others in a row delimit an empty field."""
    white = "".join(c for c in ifs if c in " \t\n")
    other = "".join(c for c in ifs if c not in " \t\n")
    if not any(c in text for c in white + other):
        return [(text, False)] if text else []
    w = f"[{re.escape(white)}]" if white else ""
    around = f"{w}*" if w else ""
    alternatives = [f"{around}[{re.escape(other)}]{around}"] if other else []
    alternatives += [f"{w}+"] if w else []
    out: list[tuple[str | None, bool]] = []
    n = len(text)
    boundary = False
    pos = 0
    for m in re.finditer("|".join(alternatives), text):
        if len(out) > most:
            return None
        if m.start() > pos:
            out.append((text[pos : m.start()], boundary))
            boundary = False
        j = m.end()
        boundary = True
        ends_empty = j >= n or text[j] in other
        if other and ends_empty and any(c in other for c in m.group()):
            out.append(("", True))
            boundary = j < n
        pos = j
    if pos < n:
        out.append((text[pos:], boundary))
    elif boundary:
        out.append((None, True))
    return out


def _only_quoted_at(word: Word) -> bool:
    """The word is `"$@"` (the parser gives its opening quote an empty quoted literal)."""
    parts = word.parts
    for part in parts:
        if isinstance(part, Param) and part.name == "@":
            break
    else:
        return False  # (most words: no "$@" in them at all)
    at = [p for p in parts if isinstance(p, Param) and p.name == "@"]
    rest = [p for p in word.parts if not (isinstance(p, Param) and p.name == "@")]
    return (
        len(at) == 1
        and at[0].quoted
        and at[0].op == ""
        and all(isinstance(p, Lit) and p.quoted and not p.text for p in rest)
    )
