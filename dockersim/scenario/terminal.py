"""Plain ANSI styling, used only on a terminal and never when `NO_COLOR` is set.

`use_color(stream)` decides (https://no-color.org: any non-empty `NO_COLOR` turns colour
off); `Style` wraps text in SGR codes or leaves it alone. `markdown()` renders the little
Markdown narration uses (`**bold**`, `` `code` ``, `# headings`) for a terminal; without
colour the narration is printed exactly as written.
"""

from __future__ import annotations

import os
import re
from typing import TextIO

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles or not text:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def markdown(self, text: str) -> str:
        if not self.color:
            return text
        lines = []
        for line in text.split("\n"):
            if line.lstrip().startswith("#"):
                lines.append(self(line.lstrip("# ").rstrip(), "bold"))
                continue
            line = _BOLD.sub(lambda m: self(m.group(1), "bold"), line)
            line = _CODE.sub(lambda m: self(m.group(1), "cyan"), line)
            lines.append(line)
        return "\n".join(lines)
