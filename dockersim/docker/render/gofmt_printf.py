"""Go's ``fmt.Sprint``, ``fmt.Sprintln`` and ``fmt.Sprintf`` (the template ``print`` family).

Facts from Go's ``fmt/print.go``: ``Sprint`` puts a space between operands when neither is a
string; ``Sprintln`` always does and ends with a newline. ``Sprintf`` reports problems inline:
``%!d(MISSING)``, ``%!(EXTRA int=1, int=2)``, ``%!(NOVERB)``, ``%!d(BADINDEX)``,
``%!(BADWIDTH)``, ``%!(BADPREC)``; ``%%`` takes no operand.
"""

from __future__ import annotations

from collections.abc import Sequence

from dockersim.docker.render.gofmt import Spec, format_value
from dockersim.docker.render.govalues import MISSING, type_name


def sprint(args: Sequence[object]) -> str:
    out: list[str] = []
    prev_string = False
    for i, a in enumerate(args):
        is_string = isinstance(a, str)
        if i > 0 and not is_string and not prev_string:
            out.append(" ")
        out.append(a if isinstance(a, str) else format_value(a))
        prev_string = is_string
    return "".join(out)


def sprintln(args: Sequence[object]) -> str:
    return " ".join(format_value(a) for a in args) + "\n"


def _too_large(n: int) -> bool:
    return n > 1_000_000 or n < -1_000_000


def _parse_num(s: str, i: int) -> tuple[int | None, int]:
    """Decimal digits at ``s[i:]``: (number or None, index after them)."""
    j = i
    num = 0
    while j < len(s) and "0" <= s[j] <= "9":
        if _too_large(num):
            return None, len(s)
        num = num * 10 + ord(s[j]) - 48
        j += 1
    return (num if j > i else None), j


class _Printf:
    __slots__ = ("argnum", "args", "good", "out", "reordered")

    def __init__(self, args: Sequence[object]) -> None:
        self.args = args
        self.argnum = 0
        self.good = True
        self.reordered = False
        self.out: list[str] = []

    def arg_number(self, fmt: str, i: int) -> tuple[int, bool]:
        """An explicit ``[n]`` argument index at ``fmt[i:]``: (index after it, found)."""
        if i >= len(fmt) or fmt[i] != "[":
            return i, False
        self.reordered = True
        close = fmt.find("]", i + 1) if len(fmt) - i >= 3 else -1
        if close < 0:
            self.good = False
            return i + 1, False
        num, end = _parse_num(fmt, i + 1)
        if num is None or end != close:
            self.good = False
            return close + 1, False
        if 0 <= num - 1 < len(self.args):
            self.argnum = num - 1
            return close + 1, True
        self.good = False
        return close + 1, True

    def int_arg(self) -> int | None:
        if self.argnum >= len(self.args):
            return None
        v = self.args[self.argnum]
        self.argnum += 1
        if type(v) is not int or _too_large(v):
            return None
        return v

    def run(self, fmt: str) -> str:
        out, end, i = self.out, len(fmt), 0
        while i < end:
            j = fmt.find("%", i)
            if j < 0:
                out.append(fmt[i:])
                break
            out.append(fmt[i:j])
            i = self.verb(fmt, j + 1)
        if not self.reordered and self.argnum < len(self.args):
            extra = ", ".join(
                "<nil>" if a is None or a is MISSING else f"{type_name(a)}={format_value(a)}"
                for a in self.args[self.argnum :]
            )
            out.append(f"%!(EXTRA {extra})")
        return "".join(out)

    def verb(self, fmt: str, i: int) -> int:
        end, s, out = len(fmt), Spec(), self.out
        self.good = True
        while i < end and fmt[i] in "#0+- ":
            c = fmt[i]
            if c == "#":
                s.sharp = True
            elif c == "0":
                s.zero = not s.minus
            elif c == "+":
                s.plus = True
            elif c == "-":
                s.minus, s.zero = True, False
            else:
                s.space = True
            i += 1
        i, after_index = self.arg_number(fmt, i)
        if i < end and fmt[i] == "*":
            i += 1
            s.width = self.int_arg()
            if s.width is None:
                out.append("%!(BADWIDTH)")
            elif s.width < 0:
                s.width, s.minus, s.zero = -s.width, True, False
            after_index = False
        else:
            s.width, i = _parse_num(fmt, i)
            if after_index and s.width is not None:
                self.good = False
        if i + 1 < end and fmt[i] == ".":
            i += 1
            if after_index:
                self.good = False
            i, after_index = self.arg_number(fmt, i)
            if i < end and fmt[i] == "*":
                i += 1
                s.prec = self.int_arg()
                if s.prec is not None and s.prec < 0:
                    s.prec = None
                if s.prec is None:
                    out.append("%!(BADPREC)")
                after_index = False
            else:
                s.prec, i = _parse_num(fmt, i)
                if s.prec is None:
                    s.prec = 0
        if not after_index:
            i, after_index = self.arg_number(fmt, i)
        if i >= end:
            out.append("%!(NOVERB)")
            return end
        verb = fmt[i]
        i += 1
        if verb == "%":
            out.append("%")
        elif not self.good:
            out.append(f"%!{verb}(BADINDEX)")
        elif self.argnum >= len(self.args):
            out.append(f"%!{verb}(MISSING)")
        else:
            if verb == "v":
                s.sharp_v, s.sharp = s.sharp, False
                s.plus_v, s.plus = s.plus, False
            out.append(format_value(self.args[self.argnum], verb, s))
            self.argnum += 1
        return i


def sprintf(fmt: str, args: Sequence[object]) -> str:
    return _Printf(args).run(fmt)
