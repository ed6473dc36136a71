"""What the pictures share: colour, boxes, and quoting for Mermaid and DOT."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

_CODES = {"bold": "1", "dim": "2", "green": "32", "yellow": "33", "cyan": "36", "red": "31"}


@attrs.frozen
class Ink:
    """ANSI colour when `color` is on (a terminal without NO_COLOR), plain text otherwise."""

    color: bool = False

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles or not text:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def box(title: str, lines: Sequence[str], widths: Sequence[int] | None = None) -> list[str]:
    """A box around `lines`; `widths` gives each line's printed width when it holds ANSI
    codes (they take no room on the screen)."""
    shown = list(widths) if widths is not None else [len(line) for line in lines]
    inner = max([len(title) + 2, *shown]) if lines else len(title) + 2
    top = f"┌─{title}{'─' * (inner - len(title) + 1)}┐" if title else f"┌{'─' * (inner + 2)}┐"
    out = [top]
    for line, width in zip(lines, shown, strict=True):
        out.append(f"│ {line}{' ' * (inner - width)} │")
    out.append(f"└{'─' * (inner + 2)}┘")
    return out


def mermaid_text(text: str) -> str:
    """Text for a Mermaid label or note: the characters Mermaid's grammar would read (quote,
    semicolon, the #) become the entity codes it prints back as those characters."""
    return text.translate(_MERMAID)  # one pass: an entity's own '#' and ';' stay as they are


def dot_text(text: str) -> str:
    """A DOT double-quoted string's content (backslash and quote escaped)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters (runs of white space as one space), with an
    ellipsis where it was cut (as `docker ps` does)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_MERMAID = str.maketrans({"#": "#35;", '"': "#quot;", ";": "#59;"})
