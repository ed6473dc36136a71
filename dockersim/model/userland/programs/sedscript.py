"""sed scripts parsed into commands with their addresses (GNU sed 4.9 and busybox sed).

    script   = command (";" | "\\n")*
    command  = [address ["," address2]] ["!"] name args
    address  = number | "$" | first "~" step | "/" re "/" ["I"] | "\\" c re c
    address2 = address | "+" number | "~" number

Errors are GNU's sentences (`-e expression #1, char 2: unknown command: `k'`) or busybox's
(`unsupported command k`), raised as `SedError` with the text to print after `sed: `."""

from __future__ import annotations

import re

import attrs

from dockersim.model.userland.programs.search import to_python


class SedError(Exception):
    """The message sed prints after `sed: ` before it exits 1."""


@attrs.frozen
class Address:
    kind: str  # "line" | "last" | "re" | "step" | "plus" | "mult" | "zero"
    number: int = 0
    step: int = 0
    regex: re.Pattern[str] | None = None


@attrs.define
class Command:
    name: str
    addr1: Address | None = None
    addr2: Address | None = None
    negate: bool = False
    text: str = ""  # a/i/c text, label, file name, q's exit code
    regex: re.Pattern[str] | None = None  # s
    replacement: str = ""
    flags: str = ""
    source: str = ""  # y's from-set
    target: str = ""  # y's to-set; `{`'s matching `}` index lives in `jump`
    jump: int = -1
    #: the state of a range address between lines
    active: bool = False
    end_line: int = 0


NO_ADDRESS = set(":}#")
ONE_ADDRESS = set("=aiqQrR")
#: commands GNU sed has that dockersim does not run
UNSIMULATED = set("eFlLvWwz")


class Parser:
    def __init__(self, script: str, extended: bool, busybox: bool) -> None:
        self.s = script
        self.i = 0
        self.extended = extended
        self.busybox = busybox

    def fail(self, gnu: str, busybox: str | None = None) -> SedError:
        if self.busybox:
            return SedError(busybox or gnu)
        return SedError(f"-e expression #1, char {self.i}: {gnu}")

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def take(self) -> str:
        c = self.peek()
        self.i += 1
        return c

    def blanks(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.i += 1

    def number(self) -> int:
        start = self.i
        while self.peek().isdigit():
            self.i += 1
        return int(self.s[start : self.i])

    def regex_until(self, delim: str) -> str:
        out: list[str] = []
        while True:
            c = self.take()
            if not c or c == "\n":
                raise self.fail("unterminated address regex", f"unmatched '{delim}'")
            if c == "\\":
                nxt = self.take()
                if nxt == delim:
                    out.append(delim)
                elif nxt == "n":
                    out.append("\n")
                else:
                    out.append("\\" + nxt)
                continue
            if c == delim:
                return "".join(out)
            out.append(c)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        try:
            return re.compile(to_python(pattern, self.extended), flags)
        except re.error:
            raise self.fail("Invalid preceding regular expression", "bad regex") from None

    def address(self) -> Address | None:
        c = self.peek()
        if c.isdigit():
            first = self.number()
            if self.peek() == "~":
                self.i += 1
                step = self.number() if self.peek().isdigit() else 0
                return Address("step", first, step)
            return Address("zero" if first == 0 else "line", first)
        if c == "$":
            self.i += 1
            return Address("last")
        if c in ("/", "\\"):
            self.i += 1
            delim = "/" if c == "/" else self.take()
            pattern = self.regex_until(delim)
            flags = 0
            while self.peek() in ("I", "M"):
                flags |= re.IGNORECASE if self.take() == "I" else re.MULTILINE
            return Address("re", regex=self.compile(pattern, flags))
        return None

    def parse(self) -> list[Command]:
        commands: list[Command] = []
        opened: list[int] = []
        while True:
            while self.peek() and self.peek() in " \t\n;":
                self.i += 1
            if not self.peek():
                break
            cmd = Command("")
            cmd.addr1 = self.address()
            if cmd.addr1 is not None and self.peek() == ",":
                self.i += 1
                self.blanks()
                if self.peek() in ("+", "~"):
                    kind = "plus" if self.take() == "+" else "mult"
                    cmd.addr2 = Address(kind, self.number() if self.peek().isdigit() else 0)
                else:
                    cmd.addr2 = self.address()
                    if cmd.addr2 is None:
                        self.i += 1
                        raise self.fail("unexpected `,'", "unexpected ','")
            zero = cmd.addr1 is not None and cmd.addr1.kind == "zero"
            if zero and (cmd.addr2 is None or cmd.addr2.kind != "re"):
                raise self.fail("invalid usage of line address 0", "bad address 0")
            self.blanks()
            while self.peek() == "!":
                cmd.negate = True
                self.i += 1
                self.blanks()
            name = self.take()
            if not name or name in "\n;":
                raise self.fail("missing command", "missing command")
            cmd.name = name
            if cmd.addr1 is not None and name in NO_ADDRESS:
                raise self.fail(
                    f"{name} doesn't want any addresses", f"{name} doesn't want any addresses"
                )
            if cmd.addr2 is not None and name in ONE_ADDRESS:
                raise self.fail("command only uses one address")
            self.arguments(cmd, commands, opened)
            commands.append(cmd)
        if opened:
            self.i = 0
            raise self.fail("unmatched `{'", "unmatched '{'")
        return commands

    def arguments(self, cmd: Command, commands: list[Command], opened: list[int]) -> None:
        name = cmd.name
        if name == "{":
            opened.append(len(commands))
            return
        if name == "}":
            if not opened:
                raise self.fail("unexpected `}'", "unexpected '}'")
            commands[opened.pop()].jump = len(commands) + 1
            self.end_of_command()
            return
        if name == "#":
            while self.peek() and self.peek() != "\n":
                self.i += 1
            return
        if name in "aic":
            self.blanks()
            if self.peek() == "\\":
                self.i += 1
                if self.peek() == "\n":
                    self.i += 1
                else:
                    self.blanks()
            cmd.text = self.text_argument()
            return
        if name in ":btT":
            self.blanks()
            start = self.i
            while self.peek() and self.peek() not in "\n;":
                self.i += 1
            cmd.text = self.s[start : self.i].strip()
            if name == ":" and not cmd.text:
                raise self.fail('":" lacks a label', "missing label")
            return
        if name in "rRwW":
            self.blanks()
            start = self.i
            while self.peek() and self.peek() != "\n":
                self.i += 1
            cmd.text = self.s[start : self.i]
            return
        if name in "qQ":
            self.blanks()
            cmd.text = str(self.number()) if self.peek().isdigit() else ""
            self.end_of_command()
            return
        if name == "s":
            self.substitute(cmd)
            return
        if name == "y":
            self.transliterate(cmd)
            return
        if name in "=dDgGhHnNpPx" or name in UNSIMULATED:
            self.end_of_command()
            return
        raise self.fail(f"unknown command: `{name}'", f"unsupported command {name}")

    def text_argument(self) -> str:
        out: list[str] = []
        while self.peek():
            c = self.take()
            if c == "\\":
                nxt = self.take()
                out.append({"t": "\t", "n": "\n"}.get(nxt, nxt))
                continue
            if c == "\n":
                break
            out.append(c)
        return "".join(out)

    def end_of_command(self) -> None:
        self.blanks()
        if self.peek() and self.peek() not in ";\n}#":
            self.i += 1
            raise self.fail("extra characters after command", "extra characters after command")

    def delimited(self, delim: str, what: str) -> str:
        out: list[str] = []
        while True:
            c = self.take()
            if not c:
                raise self.fail(f"unterminated `{what}' command", f"unmatched '{delim}'")
            if c == "\\":
                nxt = self.take()
                if nxt == delim:
                    out.append(delim)
                elif nxt == "\n":
                    out.append("\n")
                else:
                    out.append("\\" + nxt)
                continue
            if c == delim:
                return "".join(out)
            out.append(c)

    def substitute(self, cmd: Command) -> None:
        delim = self.take()
        if not delim or delim in "\n\\":
            raise self.fail("unterminated `s' command", "unmatched '\\'")
        pattern = self.delimited(delim, "s")
        replacement = self.delimited(delim, "s")
        flags = ""
        while self.peek() and self.peek() in "gpiIme0123456789":
            flags += self.take()
        if self.peek() == "w":
            raise self.fail("the w flag of s", "the w flag of s")
        self.end_of_command_s()
        rx_flags = re.IGNORECASE if ("i" in flags or "I" in flags) else 0
        cmd.regex = self.compile(pattern, rx_flags) if pattern else None
        cmd.replacement = replacement
        cmd.flags = flags

    def end_of_command_s(self) -> None:
        self.blanks()
        if self.peek() and self.peek() not in ";\n}#":
            self.i += 1
            raise self.fail("unknown option to `s'", "bad option in substitution expression")

    def transliterate(self, cmd: Command) -> None:
        delim = self.take()
        source = self.delimited(delim, "y").replace("\\\\", "\\").replace("\\n", "\n")
        target = self.delimited(delim, "y").replace("\\\\", "\\").replace("\\n", "\n")
        if len(source) != len(target):
            raise self.fail(
                "strings for `y' command are different lengths",
                "strings for 'y' command are different lengths",
            )
        cmd.source, cmd.target = source, target
        self.end_of_command()


def expand_replacement(template: str, match: re.Match[str]) -> str:
    """`&`, `\\1`..`\\9`, `\\n`, `\\t` and escaped characters of an s/// replacement."""
    out: list[str] = []
    i = 0
    while i < len(template):
        c = template[i]
        if c == "&":
            out.append(match.group(0))
        elif c == "\\" and i + 1 < len(template):
            i += 1
            nxt = template[i]
            if nxt.isdigit():
                group = int(nxt)
                out.append((match.group(group) or "") if group <= (match.re.groups) else "")
            else:
                out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
        else:
            out.append(c)
        i += 1
    return "".join(out)


def check_groups(commands: list[Command], busybox: bool) -> None:
    """GNU refuses `\\N` beyond the pattern's groups at parse time."""
    for cmd in commands:
        if cmd.name != "s" or cmd.regex is None:
            continue
        for ref in re.findall(r"\\(\d)", cmd.replacement):
            if int(ref) > cmd.regex.groups:
                if busybox:
                    raise SedError("invalid reference \\" + ref + " on s command's RHS")
                raise SedError(
                    f"-e expression #1, char 0: invalid reference \\{ref} on `s' command's RHS"
                )


def labels(commands: list[Command]) -> dict[str, int]:
    found = {c.text: i for i, c in enumerate(commands) if c.name == ":"}
    for c in commands:
        if c.name in "btT" and c.text and c.text not in found:
            raise SedError(f"can't find label for jump to `{c.text}'")
    return found
