"""What the SVG pictures share: escaping, measured text, boxes, rows, links, the document.

The package writes its SVG itself (no Graphviz). Text is set in a monospace font, so a line's
width is its character cells times `CELL` (East Asian wide characters take two cells,
combining marks none); layouts are fixed stacks and columns computed from those widths, so
the same facts always give the same bytes.

Every object drawn is a `<g>` with a `class`, `data-kind` and `data-name` (the container,
image, layer chain ID, network, volume or state it shows) and a `<title>` child naming it
(screen readers, tooltips); its first child `<rect>` is its outline. A name in `highlight`
adds the class `changed`: a thick outline in the accent colour. Colours come from one
`<style>` block with a light and a dark palette (`prefers-color-scheme`), each on its own
background, so a picture reads the same on a light or a dark page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

import attrs

NS = "http://www.w3.org/2000/svg"
FONT = 13
#: the width of one character cell in a 13px monospace font (0.6 em)
CELL = 7.8
LINE = 18
PAD = 8
GAP = 10

#: a piece of a line of text and its style class ("" for plain; b, dim, ok, warn, bad, accent)
Segment = tuple[str, str]
Line = tuple[Segment, ...]

#: characters XML 1.0 cannot hold (they become U+FFFD); tab, newline and carriage return are
#: written as character references so that a parser gives them back unchanged
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)

STYLE = (
    ".dockersim{--fg:#1f2328;--muted:#59636e;--bg:#ffffff;--box:#f6f8fa;--edge:#59636e;"
    "--accent:#0969da;--accent-bg:#ddf4ff;--ok:#1a7f37;--ok-bg:#dafbe1;--warn:#9a6700;"
    "--warn-bg:#fff8c5;--bad:#cf222e;--changed:#bf3989}"
    "@media (prefers-color-scheme:dark){.dockersim{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;"
    "--box:#151b23;--edge:#9198a1;--accent:#4493f8;--accent-bg:#0c2d6b;--ok:#3fb950;"
    "--ok-bg:#0f3a1e;--warn:#d29922;--warn-bg:#3b2e06;--bad:#f85149;--changed:#ff7bd0}}"
    ".dockersim text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
    '"DejaVu Sans Mono","Liberation Mono",monospace;font-size:13px;fill:var(--fg);'
    "white-space:pre}"
    ".dockersim .canvas{fill:var(--bg)}"
    ".dockersim g>rect{fill:var(--box);stroke:var(--edge);stroke-width:1}"
    ".dockersim .row>rect,.dockersim .step>rect{fill:none;stroke:none}"
    ".dockersim .layer>rect,.dockersim .container>rect{fill:var(--accent-bg);stroke:var(--accent)}"
    ".dockersim .writable>rect{fill:var(--ok-bg);stroke:var(--ok);stroke-dasharray:5 3}"
    ".dockersim .network>rect{fill:var(--warn-bg);stroke:var(--warn)}"
    ".dockersim .current>rect{fill:var(--ok-bg);stroke:var(--ok);stroke-width:3}"
    ".dockersim .link path{fill:none;stroke:var(--edge);stroke-width:1.5}"
    ".dockersim .port path{stroke-dasharray:6 4}"
    ".dockersim .link polygon{fill:var(--edge)}"
    ".dockersim .changed>rect,.dockersim .changed>path{stroke:var(--changed);stroke-width:3;"
    "stroke-dasharray:none}"
    ".dockersim .b{font-weight:bold}.dockersim .dim{fill:var(--muted)}"
    ".dockersim .ok{fill:var(--ok)}.dockersim .warn{fill:var(--warn)}"
    ".dockersim .bad{fill:var(--bad)}.dockersim .accent{fill:var(--accent)}"
)


def esc(text: str) -> str:
    """Text for XML content or a double-quoted attribute (`]]>` is harmless once `>` is)."""
    return _INVALID.sub("\ufffd", text).translate(_ESCAPES)


def cells(text: str) -> int:
    """Character cells `text` takes in a monospace font."""
    count = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        count += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return count


def line(*parts: str | Segment) -> Line:
    """A line from plain strings and (text, class) pairs."""
    return tuple((p, "") if isinstance(p, str) else p for p in parts)


def text_of(row: Line) -> str:
    return "".join(text for text, _ in row)


def width_of(row: Line) -> float:
    return cells(text_of(row)) * CELL


def num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def box_size(lines: Sequence[Line]) -> tuple[float, float]:
    """The width and height of a box holding `lines`."""
    widest = max((width_of(row) for row in lines), default=0.0)
    return math.ceil(widest + 2 * PAD), len(lines) * LINE + 12


@attrs.frozen
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def mid_y(self) -> float:
        return self.y + self.h / 2


@attrs.define
class Canvas:
    """Collects the drawn objects and the extent they reach."""

    highlight: frozenset[str] = frozenset()
    parts: list[str] = attrs.Factory(list)
    width: float = 0.0
    height: float = 0.0

    def _grow(self, right: float, bottom: float) -> None:
        self.width = max(self.width, right)
        self.height = max(self.height, bottom)

    def open(self, cls: str, kind: str, name: str, label: str) -> None:
        """Start an object's group (close it with `close`)."""
        classes = f"{cls} changed" if name in self.highlight else cls
        self.parts.append(
            f'<g class="{esc(classes)}" data-kind="{esc(kind)}" data-name="{esc(name)}">'
            f"<title>{esc(label)}</title>"
        )

    def close(self) -> None:
        self.parts.append("</g>")

    def text(self, x: float, y: float, row: Line) -> None:
        """One line of text with its baseline at `y`."""
        spans = "".join(
            f'<tspan class="{cls}">{esc(text)}</tspan>' if cls else esc(text) for text, cls in row
        )
        self.parts.append(f'<text x="{num(x)}" y="{num(y)}">{spans}</text>')
        self._grow(x + width_of(row) + PAD, y + 6)

    def rect(self, box: Rect, radius: int = 4) -> None:
        self.parts.append(
            f'<rect x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" '
            f'height="{num(box.h)}" rx="{radius}"/>'
        )
        self._grow(box.right + PAD, box.bottom + PAD)

    def lines(self, x: float, y: float, lines: Sequence[Line]) -> None:
        """Lines of text as a box at (x, y) sets them."""
        for number, row in enumerate(lines):
            self.text(x + PAD, y + 19 + number * LINE, row)

    def box(
        self,
        x: float,
        y: float,
        lines: Sequence[Line],
        *,
        cls: str,
        kind: str,
        name: str,
        label: str,
        width: float | None = None,
    ) -> Rect:
        """An object drawn as a box of text lines; `width` makes boxes of a stack line up."""
        w, h = box_size(lines)
        rect = Rect(x, y, max(w, width or 0.0), h)
        self.open(cls, kind, name, label)
        self.rect(rect)
        self.lines(x, y, lines)
        self.close()
        return rect

    def row(
        self, x: float, y: float, w: float, row: Line, *, cls: str, kind: str, name: str, label: str
    ) -> Rect:
        """An object drawn as one line of text in a list (its outline shows only when it
        changed)."""
        rect = Rect(x, y, w, LINE + 2)
        self.open(cls, kind, name, label)
        self.rect(rect, radius=2)
        self.text(x + 4, y + 14, row)
        self.close()
        return rect

    def link(
        self,
        points: Sequence[tuple[float, float]],
        *,
        kind: str,
        name: str,
        label: str,
        cls: str = "link",
        arrow: bool = False,
    ) -> None:
        """A line through `points`, with an arrowhead at the last one when `arrow`."""
        d = " ".join(
            f"{'M' if n == 0 else 'L'}{num(x)} {num(y)}" for n, (x, y) in enumerate(points)
        )
        self.open(cls, kind, name, label)
        self.parts.append(f'<path d="{d}"/>')
        if arrow and len(points) > 1:
            self.parts.append(f'<polygon points="{_head(points[-2], points[-1])}"/>')
        self.close()
        for x, y in points:
            self._grow(x + PAD, y + PAD)

    def document(self, title: str, desc: str) -> str:
        """The standalone SVG: `title` names it, `desc` says in a sentence what it shows."""
        w, h = math.ceil(self.width), math.ceil(self.height)
        head = (
            f'<svg xmlns="{NS}" class="dockersim" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" role="img">\n'
            f"<title>{esc(title)}</title>\n<desc>{esc(desc)}</desc>\n<style>{STYLE}</style>\n"
            f'<rect class="canvas" width="{w}" height="{h}"/>\n'
        )
        return head + "\n".join(_joined(self.parts)) + "\n</svg>\n"


def _joined(parts: Iterable[str]) -> list[str]:
    """One object a line: an object's group with everything in it."""
    out: list[str] = []
    depth = 0
    for part in parts:
        if depth and out:
            out[-1] += part
        else:
            out.append(part)
        depth += part.count("<g ") - part.count("</g>")
    return out


def _head(start: tuple[float, float], tip: tuple[float, float]) -> str:
    """An arrowhead's three corners, pointing along start -> tip."""
    dx, dy = tip[0] - start[0], tip[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - 9 * ux, tip[1] - 9 * uy
    corners = [tip, (bx - 4.5 * uy, by + 4.5 * ux), (bx + 4.5 * uy, by - 4.5 * ux)]
    return " ".join(f"{num(x)},{num(y)}" for x, y in corners)
