"""printf(1) as bash 5.2's builtin, dash's builtin and GNU coreutils 9 format (busybox like GNU).

`format_printf(fmt, args, style)` returns the text, the diagnostics (without the program's
prefix: `x: invalid number`) and the exit status; it never raises. What the three agree on:
the format is reused while arguments remain (and a pass used one); a missing argument is an
empty string or zero; `%b` expands backslash escapes in its argument and `\\c` there ends all
output; numbers are read as C's strtoimax/strtoumax/strtod read them (`0x1f`, `010`, `'a`
for a character's code) and a bad one is reported, the value read so far printed, and the
status made 1. Where they differ:

- bash: `-v var` stores the text; `%q`/`%Q` quote for the shell, `%(fmt)T` formats a time;
  length modifiers (`%ld`) are skipped; a number out of range is a warning only; unknown
  conversions stop with "`z': invalid format character"; floats are x87 long doubles.
- dash: no length modifiers, `%q` or `%(`: "%z: invalid directive" and status 2; `\\e` but
  not `\\E`, `\\x` or `\\u` in the format; floats are doubles; errors such as "x: expected
  numeric value" and "3x: not completely converted".
- GNU: `%b` takes no width; "%z: invalid conversion specification"; a `*` width out of the
  int range is fatal; `\\c` in the format ends output; quotes in messages ('x').

Widths and precisions are capped at `MAX_FIELD` characters (a real printf would print
gigabytes of padding; the simulation's output limit stops long before).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from fractions import Fraction

import attrs

from dockersim.model.userland import printnum

#: The widest field or precision printed (beyond the simulation's output limit, 1 MB).
MAX_FIELD = 1 << 21
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

_BASH_ESCAPES = {
    "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
    "t": "\t", "v": "\v", "\\": "\\",
}  # fmt: skip
_DASH_ESCAPES = {k: v for k, v in _BASH_ESCAPES.items() if k != "E"}
_GNU_ESCAPES = {**_BASH_ESCAPES, '"': '"'}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX2 = re.compile(r"[0-9a-fA-F]{1,2}")


@attrs.frozen
class Printed:
    """What one printf wrote, what it said on stderr (one message each) and its status."""

    text: str
    messages: tuple[str, ...] = ()
    status: int = 0
    #: the arguments that were not numbers where one was needed
    bad: tuple[str, ...] = ()


class _Stop(Exception):
    """Output ends here (`\\c`, or a fatal error already recorded)."""


@attrs.define
class _Spec:
    """One conversion: flags, width and precision (None: not given), conversion letter."""

    text: str
    flags: str = ""
    width: int | None = None
    precision: int | None = None
    conv: str = ""


class _Printf:
    def __init__(self, args: Sequence[str], style: str, now: float) -> None:
        self.args = list(args)
        self.next = 0
        self.style = style
        self.now = now
        self.out: list[str] = []
        self.messages: list[str] = []
        self.status = 0
        self.conversions = 0
        self.bad: list[str] = []

    # --- diagnostics ----------------------------------------------------------------------
    def say(self, message: str, status: int | None = 1) -> None:
        self.messages.append(message)
        if status is not None:
            self.status = max(self.status, status)

    def fatal(self, message: str, status: int) -> _Stop:
        self.say(message, status)
        return _Stop()

    def quoted(self, text: str) -> str:
        return f"'{text}'" if self.style in ("gnu", "busybox") else text

    # --- arguments ------------------------------------------------------------------------
    def take(self) -> str | None:
        if self.next >= len(self.args):
            return None
        self.next += 1
        return self.args[self.next - 1]

    def integer(self, unsigned: bool = False) -> int:
        text = self.take()
        if text is None:
            return 0
        code = self.char_code(text)
        if code is not None:
            return code
        value, end, overflow = printnum.c_integer(text, unsigned)
        self.check(text, end, overflow)
        return value

    def char_code(self, text: str) -> int | None:
        """`'a` or `"a`: the character's code (bash: the code point; else the first byte)."""
        if text[:1] not in ("'", '"'):
            return None
        if self.style == "bash":
            return ord(text[1]) if len(text) > 1 else 0
        if len(text) < 2:
            return None if self.style in ("gnu", "busybox") else 0
        if self.style in ("gnu", "busybox") and len(text) > 2:
            self.say(
                f"warning: {text[2:]}: character(s) following character constant have been ignored",
                None,
            )
        return text[1].encode("utf-8", "surrogatepass")[0]

    def number(self) -> printnum.Real:
        text = self.take()
        if text is None:
            return printnum.ZERO
        code = self.char_code(text)
        if code is not None:
            return printnum.Real(False, Fraction(code))
        bits = 53 if self.style == "dash" else 64
        value, end, overflow = printnum.c_real(text, bits)
        self.check(text, end, overflow)
        return value

    def check(self, text: str, end: int, overflow: bool) -> None:
        """Report a number not wholly read, or out of range, as each printf words it."""
        style = self.style
        if end < len(text):
            self.bad.append(text)
            if style == "bash":
                kind = "number"
                if text[:1] == "0" and text[1:2].isdigit():
                    kind = "octal number"
                elif text[:2] == "0x":
                    kind = "hex number"
                self.say(f"{text}: invalid {kind}")
            elif style == "dash":
                what = "expected numeric value" if end == 0 else "not completely converted"
                self.say(f"{text}: {what}")
            elif style == "busybox":
                self.say(f"invalid number '{text}'")
            else:
                what = "expected a numeric value" if end == 0 else "value not completely converted"
                self.say(f"'{text}': {what}")
        elif overflow:
            if style == "bash":
                self.say(f"warning: {text}: Numerical result out of range", None)
            else:
                self.say(f"{self.quoted(text)}: Numerical result out of range")

    def star(self, what: str) -> int:
        """A `*` width or precision from the next argument."""
        text = self.args[self.next] if self.next < len(self.args) else None
        value = self.integer()
        if INT_MIN <= value <= INT_MAX:
            return value
        if self.style in ("gnu", "busybox"):
            if what == "precision" and value < 0:
                return -1
            raise self.fatal(f"invalid {what}: '{text}'", 1)
        if self.style == "bash" and self.next < len(self.args):
            # bash names the argument after the one that overflowed (printf.def getint)
            self.say(f"warning: {self.args[self.next]}: Numerical result out of range", None)
            return INT_MAX if value > 0 else INT_MIN
        return (value + 2**31) % 2**32 - 2**31  # C's conversion to int

    # --- the format -----------------------------------------------------------------------
    def run(self, fmt: str) -> None:
        while True:
            used = self.next
            self.conversions = 0
            self.one_pass(fmt)
            if self.next >= len(self.args) or self.next == used:
                break
        if (
            self.style in ("gnu", "busybox")
            and self.conversions == 0
            and self.next < len(self.args)
        ):
            self.say(
                f"warning: ignoring excess arguments, starting with '{self.args[self.next]}'",
                None,
            )

    def one_pass(self, fmt: str) -> None:
        i = 0
        while i < len(fmt):
            char = fmt[i]
            if char == "\\":
                text, i = self.escape(fmt, i + 1, in_format=True)
                self.out.append(text)
            elif char != "%":
                self.out.append(char)
                i += 1
            else:
                i = self.directive(fmt, i)

    def escape(self, text: str, i: int, in_format: bool) -> tuple[str, int]:
        """The escape after the backslash at `i - 1`: (what it prints, where parsing goes on)."""
        style = self.style
        if i >= len(text):
            return "\\", i
        char = text[i]
        if char == "c" and (not in_format or style in ("gnu", "busybox")):
            raise _Stop()
        table = _DASH_ESCAPES if style == "dash" else _BASH_ESCAPES
        if style in ("gnu", "busybox"):
            table = _GNU_ESCAPES
        if char in table:
            return table[char], i + 1
        if in_format and style == "bash" and char in "'\"?":
            return char, i + 1
        if char in "01234567":
            start = i + 1 if char == "0" and not in_format else i
            digits = _OCTAL.match(text, start)
            if digits is None:
                return "\0", start
            return chr(int(digits.group(), 8) & 0xFF), digits.end()
        if style == "dash":
            return "\\", i
        if char == "x":
            digits = _HEX2.match(text, i + 1)
            if digits is not None:
                return chr(int(digits.group(), 16)), digits.end()
            if style in ("gnu", "busybox"):
                raise self.fatal("missing hexadecimal number in escape", 1)
            self.say("missing hex digit for \\x", None)
            return "\\x", i + 1
        if char in "uU":
            size = 4 if char == "u" else 8
            digits = re.compile(rf"[0-9a-fA-F]{{1,{size}}}").match(text, i + 1)
            if style in ("gnu", "busybox") and (digits is None or len(digits.group()) != size):
                raise self.fatal("missing hexadecimal number in escape", 1)
            if digits is None:
                self.say(f"missing unicode digit for \\{char}", None)
                return "\\" + char, i + 1
            code = int(digits.group(), 16)
            return (chr(code) if code < 0x110000 else "\ufffd"), digits.end()
        return "\\" + char, i + 1

    def directive(self, fmt: str, start: int) -> int:
        """Parse and print the conversion at `start` (a `%`); return where the format goes on."""
        i = start + 1
        if fmt[i : i + 1] == "%":
            self.out.append("%")
            return i + 1
        style = self.style
        gnu = style in ("gnu", "busybox")
        if gnu and fmt[i : i + 1] in ("b", "q"):
            spec = _Spec(fmt[start : i + 1], conv=fmt[i])
            self.convert(spec)
            return i + 1
        spec = _Spec("")
        flag_chars = {"bash": "#'-+ 0", "dash": "#-+ 0"}.get(style, "I'-+ #0")
        while i < len(fmt) and fmt[i] in flag_chars:
            spec.flags += fmt[i]
            i += 1
        if fmt[i : i + 1] == "*":
            spec.width = self.star("field width")
            i += 1
        else:
            i, spec.width = _digits(fmt, i)
        if fmt[i : i + 1] == ".":
            i += 1
            if fmt[i : i + 1] == "*":
                precision = self.star("precision")
                spec.precision = precision if precision >= 0 else None
                i += 1
            else:
                negative = style == "bash" and fmt[i : i + 1] == "-"
                i, digits = _digits(fmt, i + negative)
                spec.precision = None if negative else (digits or 0)
        if style != "dash":
            while i < len(fmt) and fmt[i] in "hjlLtz":
                i += 1
        if i >= len(fmt):
            if style == "bash":
                raise self.fatal(f"`{fmt[start:]}': missing format character", 1)
            if style == "dash":
                raise self.fatal("missing format character", 2)
            raise self.fatal(f"{fmt[start:]}: invalid conversion specification", 1)
        spec.conv = fmt[i]
        spec.text = fmt[start : i + 1]
        if style == "bash" and spec.conv == "(":
            return self.time(fmt, start, i, spec)
        if not self.allowed(spec):
            if style == "bash":
                raise self.fatal(f"`{spec.conv}': invalid format character", 1)
            if style == "dash":
                raise self.fatal(f"{spec.text}: invalid directive", 2)
            raise self.fatal(f"{spec.text}: invalid conversion specification", 1)
        self.convert(spec)
        return i + 1

    def allowed(self, spec: _Spec) -> bool:
        conv = spec.conv
        if self.style == "bash":
            return conv in "csbqQdiouxXeEfFgGaA"
        if self.style == "dash":
            return conv in "bcsdiouxXaAeEfFgG"
        if conv not in "aAcdeEfFgGiosuxX":
            return False
        flags = spec.flags
        if ("'" in flags or "I" in flags) and conv in "aAceEosxX":
            return False
        if "#" in flags and conv in "cdisu":
            return False
        if "0" in flags and conv in "cs":
            return False
        return not (spec.precision is not None and conv == "c")

    def time(self, fmt: str, start: int, i: int, spec: _Spec) -> int:
        """bash's `%(datefmt)T`: the argument (seconds; -1 or none: now) through strftime."""
        close = fmt.find(")", i + 1)
        after = fmt[close + 1 : close + 2] if close >= 0 else ""
        if after != "T":
            shown = after if close >= 0 and after else "\0"
            self.say(f"warning: `{shown}': invalid time format specification", None)
            self.out.append("%(")
            return i + 1
        pattern = fmt[i + 1 : close] or "%X"
        arg = self.args[self.next] if self.next < len(self.args) else None
        seconds = self.integer() if arg else -1
        if arg == "":
            self.take()
        if seconds < 0:
            seconds = int(self.now)
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
            text = moment.strftime(pattern)
        except (OverflowError, OSError, ValueError):
            text = ""
        self.conversions += 1
        self.out.append(printnum.pad(text[: spec.precision], spec.flags, spec.width))
        return close + 2

    def convert(self, spec: _Spec) -> None:
        self.conversions += 1
        conv = spec.conv
        width, precision = spec.width, spec.precision
        if INT_MAX + 1 in (width, precision):
            # C's printf fails (EOVERFLOW): bash prints nothing for it, dash gives up
            if self.style == "dash":
                raise self.fatal("xvsnprintf failed", 2)
            self.take()
            return
        if width is not None and abs(width) > MAX_FIELD:
            width = MAX_FIELD if width > 0 else -MAX_FIELD
        if precision is not None:
            precision = min(precision, MAX_FIELD)
        flags = spec.flags
        if conv in "sb":
            text = self.take() or ""
            if conv == "b":
                text = self.expand(text)
            if spec.text in ("%b", "%q"):
                self.out.append(text)
                return
            self.out.append(printnum.pad(text[:precision], flags, width))
        elif conv in "qQ":
            text = self.take() or ""
            if self.style in ("gnu", "busybox"):
                self.out.append(printnum.gnu_quote(text))
                return
            quoted = printnum.bash_quote(text[:precision] if conv == "Q" else text)
            self.out.append(
                printnum.pad(quoted if conv == "Q" else quoted[:precision], flags, width)
            )
        elif conv == "c":
            char = (self.take() or "\0")[:1]
            self.out.append(printnum.pad(char, flags, width))
        elif conv in "di":
            value = self.integer()
            self.out.append(printnum.format_int(_clamp(value), flags, width, precision, "d"))
        elif conv in "ouxX":
            value = self.integer(unsigned=True) % 2**64
            self.out.append(printnum.format_int(value, flags, width, precision, conv))
        else:
            real = self.number()
            bits = 53 if self.style == "dash" else 64
            text = printnum.format_real(real, flags, width, precision, conv, bits)
            self.out.append(text)

    def expand(self, text: str) -> str:
        """`%b`: the argument's backslash escapes (`\\0NNN` octal; `\\c` ends all output)."""
        parts: list[str] = []
        i = 0
        while i < len(text):
            if text[i] != "\\":
                parts.append(text[i])
                i += 1
                continue
            try:
                piece, i = self.escape(text, i + 1, in_format=False)
            except _Stop:
                self.out.append("".join(parts))
                raise
            parts.append(piece)
        return "".join(parts)


def _digits(text: str, i: int) -> tuple[int, int | None]:
    """A width or precision written in the format (INT_MAX + 1 when it does not fit an int)."""
    end = i
    while end < len(text) and text[end] in "0123456789":
        end += 1
    if end == i:
        return i, None
    digits = text[i:end].lstrip("0")
    return end, INT_MAX + 1 if len(digits) > 10 else min(int(digits or "0"), INT_MAX + 1)


def _clamp(value: int) -> int:
    return max(-(2**63), min(value, 2**63 - 1))


def format_printf(fmt: str, args: Sequence[str], style: str, now: float = 0.0) -> Printed:
    """Run `printf fmt args...` as `style` ("bash", "dash", "gnu" or "busybox") would."""
    state = _Printf(args, style, now)
    with contextlib.suppress(_Stop):
        state.run(fmt)
    return Printed("".join(state.out), tuple(state.messages), state.status, tuple(state.bad))
