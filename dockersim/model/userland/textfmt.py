"""echo and printf formatting, shared by the shells' builtins and the programs."""

from __future__ import annotations

import re

SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "e": "\x1b",
    "E": "\x1b",
}


class StopOutput(Exception):
    """`\\c`: print nothing more."""


def escapes(text: str, style: str) -> tuple[str, bool]:
    """Interpret backslash escapes; style "dash" (\\0nnn octal only), "bash" (\\0nnn, \\xHH) or
    "printf" (\\nnn). Returns (text, stop) where stop means `\\c` was seen."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c":
            return "".join(out), True
        if nxt in SIMPLE_ESCAPES and not (style == "dash" and nxt in "eE"):
            out.append(SIMPLE_ESCAPES[nxt])
            i += 2
            continue
        if nxt == "0" or (style == "printf" and nxt in "01234567"):
            start = i + 2 if nxt == "0" and style != "printf" else i + 1
            m = re.match(r"[0-7]{1,3}", text[start:])
            digits = m.group(0) if m else ""
            out.append(chr(int(digits, 8) & 0xFF) if digits else "\0")
            i = start + len(digits)
            continue
        if nxt == "x" and style != "dash":
            m = re.match(r"[0-9a-fA-F]{1,2}", text[i + 2 :])
            if m:
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
                continue
        out.append("\\" + nxt)
        i += 2
    return "".join(out), False


def echo(args: list[str], style: str) -> str:
    """The output of `echo args`. style: "dash" (escapes always, only -n) or "bash"/"gnu"/
    "busybox" (-n, -e, -E; escapes only with -e)."""
    newline = True
    interpret = style == "dash"
    i = 0
    while i < len(args):
        arg = args[i]
        if style == "dash":
            if arg == "-n":
                newline = False
                i += 1
            break
        if len(arg) > 1 and arg[0] == "-" and all(c in "neE" for c in arg[1:]):
            for c in arg[1:]:
                if c == "n":
                    newline = False
                elif c == "e":
                    interpret = True
                else:
                    interpret = False
            i += 1
            continue
        break
    text = " ".join(args[i:])
    if interpret:
        text, stop = escapes(text, "dash" if style == "dash" else "bash")
        if stop:
            return text
    return text + ("\n" if newline else "")


def printf(fmt: str, args: list[str]) -> tuple[str, list[str]]:
    """Format like GNU printf(1) (see `userland/printf.py`); the output and the arguments that
    were not numbers where one was needed, so callers can print their own error text."""
    from dockersim.model.userland.printf import format_printf

    printed = format_printf(fmt, args, "gnu")
    return printed.text, list(printed.bad)
