"""`test` / `[`: the same evaluator for the shells' builtins and coreutils' program."""

from __future__ import annotations

from collections.abc import Callable

from dockersim.model.cowfs import CowFS, FsError

UNARY = frozenset(
    [
        "-e",
        "-f",
        "-d",
        "-s",
        "-r",
        "-w",
        "-x",
        "-L",
        "-h",
        "-n",
        "-z",
        "-b",
        "-c",
        "-p",
        "-S",
        "-t",
        "-g",
        "-u",
        "-k",
        "-O",
        "-G",
    ]
)
BINARY = frozenset(
    ["=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", "<", ">"]
)


class TestError(Exception):
    pass


class Test:
    """`flavour` picks the error texts: "dash", "bash", "ash" (busybox) or "gnu"."""

    def __init__(
        self, fs: CowFS, cwd: str, uid: int, flavour: str, mtime: Callable[[str], float]
    ) -> None:
        self.fs = fs
        self.cwd = cwd
        self.uid = uid
        self.flavour = flavour
        self.mtime = mtime

    def run(self, name: str, args: list[str]) -> int:
        """0 true, 1 false; raises TestError(message) for a syntax error (status 2)."""
        if name == "[":
            if not args or args[-1] != "]":
                raise TestError(self._msg("missing"))
            args = args[:-1]
        return 0 if self.evaluate(args) else 1

    def _msg(self, kind: str, arg: str = "") -> str:
        f = self.flavour
        if kind == "missing":
            return {
                "dash": "missing ]",
                "bash": "missing `]'",
                "ash": "missing ]",
                "gnu": "missing ']'",
            }[f]
        if kind == "number":
            return {
                "dash": f"Illegal number: {arg}",
                "bash": f"{arg}: integer expression expected",
                "ash": f"{arg}: bad number",
                "gnu": f"invalid integer '{arg}'",
            }[f]
        if kind == "unary":
            return {
                "dash": f"{arg}: unexpected operator",
                "bash": f"{arg}: unary operator expected",
                "ash": f"{arg}: unknown operand",
                "gnu": f"'{arg}': unary operator expected",
            }[f]
        if kind == "binary":
            return {
                "dash": f"{arg}: unexpected operator",
                "bash": f"{arg}: binary operator expected",
                "ash": f"{arg}: unknown operand",
                "gnu": f"'{arg}': binary operator expected",
            }[f]
        return {
            "dash": "argument expected",
            "bash": "argument expected",
            "ash": "syntax error",
            "gnu": "extra argument",
        }[f]

    def evaluate(self, args: list[str]) -> bool:
        n = len(args)
        if n == 0:
            return False
        if n == 1:
            return args[0] != ""
        if n == 2:
            if args[0] == "!":
                return not self.evaluate(args[1:])
            if args[0] in UNARY:
                return self.unary(args[0], args[1])
            raise TestError(self._msg("unary", args[0]))
        if n == 3:
            if args[1] in BINARY:
                return self.binary(args[0], args[1], args[2])
            if args[0] == "!":
                return not self.evaluate(args[1:])
            if args[0] == "(" and args[2] == ")":
                return self.evaluate(args[1:2])
            if args[1] in ("-a", "-o"):
                return self._general(args)
            raise TestError(self._msg("binary", args[1]))
        if n == 4:
            if args[0] == "!" and args[2] in BINARY:
                return not self.evaluate(args[1:])
            if args[0] == "(" and args[3] == ")":
                return self.evaluate(args[1:3])
        return self._general(args)

    def _general(self, args: list[str]) -> bool:
        self.toks = args
        self.i = 0
        value = self._or()
        if self.i != len(args):
            raise TestError(self._msg("extra", args[self.i]))
        return value

    def _peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _or(self) -> bool:
        value = self._and()
        while self._peek() == "-o":
            self.i += 1
            right = self._and()
            value = value or right
        return value

    def _and(self) -> bool:
        value = self._not()
        while self._peek() == "-a":
            self.i += 1
            right = self._not()
            value = value and right
        return value

    def _not(self) -> bool:
        if self._peek() == "!":
            self.i += 1
            return not self._not()
        return self._primary()

    def _primary(self) -> bool:
        tok = self._peek()
        if tok is None:
            raise TestError(self._msg("extra"))
        if tok == "(":
            self.i += 1
            value = self._or()
            if self._peek() != ")":
                raise TestError(self._msg("extra"))
            self.i += 1
            return value
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        if nxt in BINARY and self.i + 2 < len(self.toks):
            self.i += 3
            return self.binary(tok, nxt, self.toks[self.i - 1])
        if tok in UNARY and nxt is not None:
            self.i += 2
            return self.unary(tok, nxt)
        self.i += 1
        return tok != ""

    def unary(self, op: str, arg: str) -> bool:
        if op == "-n":
            return arg != ""
        if op == "-z":
            return arg == ""
        if op == "-t":
            return False
        if op in ("-L", "-h"):
            try:
                return self.fs.stat(arg, self.cwd, follow=False).kind == "symlink"
            except FsError:
                return False
        try:
            entry = self.fs.stat(arg, self.cwd)
        except FsError:
            return False
        if op == "-e":
            return True
        if op == "-f":
            return entry.kind == "file"
        if op == "-d":
            return entry.kind == "dir"
        if op == "-s":
            return entry.kind == "dir" or entry.size > 0
        if op in ("-r", "-w"):
            return self.uid == 0 or bool(entry.mode & (0o400 if op == "-r" else 0o200))
        if op == "-x":
            return bool(entry.mode & 0o111) or (self.uid == 0 and entry.kind == "dir")
        if op == "-u":
            return bool(entry.mode & 0o4000)
        if op == "-g":
            return bool(entry.mode & 0o2000)
        if op == "-k":
            return bool(entry.mode & 0o1000)
        if op == "-O":
            return entry.uid == self.uid
        return False

    def binary(self, a: str, op: str, b: str) -> bool:
        if op in ("=", "=="):
            return a == b
        if op == "!=":
            return a != b
        if op == "<":
            return a < b
        if op == ">":
            return a > b
        if op in ("-nt", "-ot", "-ef"):
            if op == "-ef":
                try:
                    return self.fs.resolve(a, self.cwd) == self.fs.resolve(b, self.cwd)
                except FsError:
                    return False
            ta, tb = self.mtime(a), self.mtime(b)
            return ta > tb if op == "-nt" else ta < tb
        x, y = self._int(a), self._int(b)
        return {
            "-eq": x == y,
            "-ne": x != y,
            "-lt": x < y,
            "-le": x <= y,
            "-gt": x > y,
            "-ge": x >= y,
        }[op]

    def _int(self, text: str) -> int:
        stripped = text.strip()
        try:
            return int(stripped, 10)
        except ValueError:
            raise TestError(self._msg("number", text)) from None
