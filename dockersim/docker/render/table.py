"""Aligned tables and cell text as the docker CLI prints them.

`TabWriter` is Go's elastic-tabstop writer (`text/tabwriter`) as docker/cli forks it in
`cli/command/formatter/tabwriter`: identical except that a cell's width is its display width
(go-runewidth `StringWidth`: wide East Asian runes count 2, combining marks and control
characters 0, one grapheme cluster counts as its first visible rune) instead of its rune
count. `TabWriter(..., count_runes=True)` is the standard-library behaviour.

`ellipsis` is docker/cli `formatter.Ellipsis` (`displayutils.go`), which measures with
golang.org/x/text/width instead: East Asian Wide and Fullwidth runes count 2, all others 1.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate
from operator import methodcaller
from typing import NamedTuple

from dockersim.model.humanize import go_quote

__all__ = [
    "ALIGN_RIGHT",
    "DEBUG",
    "DISCARD_EMPTY_COLUMNS",
    "FILTER_HTML",
    "STRIP_ESCAPE",
    "TAB_INDENT",
    "TabWriter",
    "display_width",
    "docker_tabwriter",
    "ellipsis",
    "go_quote",
    "render_table",
]

# text/tabwriter flags (same bits as Go).
FILTER_HTML = 1
STRIP_ESCAPE = 2  # no effect here: the Escape byte 0xff never occurs in text (str)
ALIGN_RIGHT = 4
DISCARD_EMPTY_COLUMNS = 8
TAB_INDENT = 16
DEBUG = 32

Ranges = tuple[tuple[int, int], ...]

# go-runewidth v0.0.24 (vendored by docker/cli 29) `combining` and `nonprint` tables: width 0.
_ZERO_WIDTH: Ranges = tuple(sorted((
    (0x0, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x300, 0x36F), (0x483, 0x489), (0x70F, 0x70F),
    (0x7EB, 0x7F3), (0xC00, 0xC00), (0xC04, 0xC04), (0xCF3, 0xCF3), (0xD00, 0xD01),
    (0x135D, 0x135F), (0x180B, 0x180F), (0x1A7F, 0x1A7F), (0x1AB0, 0x1ADD), (0x1AE0, 0x1AEB),
    (0x1B6B, 0x1B73), (0x1DC0, 0x1DFF), (0x200B, 0x200F), (0x2028, 0x202E), (0x206A, 0x206F),
    (0x20D0, 0x20F0), (0x2CEF, 0x2CF1), (0x2DE0, 0x2DFF), (0x3099, 0x309A), (0xA66F, 0xA672),
    (0xA674, 0xA67D), (0xA69E, 0xA69F), (0xA6F0, 0xA6F1), (0xA8E0, 0xA8F1), (0xD800, 0xDFFF),
    (0xFE00, 0xFE0F), (0xFE20, 0xFE2F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0xFFFE, 0xFFFF),
    (0x101FD, 0x101FD), (0x10376, 0x1037A), (0x10EAB, 0x10EAC), (0x10F46, 0x10F50),
    (0x10F82, 0x10F85), (0x11300, 0x11301), (0x1133B, 0x1133C), (0x11366, 0x1136C),
    (0x11370, 0x11374), (0x16AF0, 0x16AF4), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46),
    (0x1D165, 0x1D169), (0x1D16D, 0x1D172), (0x1D17B, 0x1D182), (0x1D185, 0x1D18B),
    (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1E000, 0x1E006), (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E08F, 0x1E08F),
    (0x1E8D0, 0x1E8D6), (0xE0100, 0xE01EF),
)))  # fmt: skip
# Wide for both measures beyond this Python's East Asian Wide/Fullwidth data: the unassigned
# code points of blocks that default to Wide (CJK Compatibility Ideographs, planes 2 and 3).
_DEFAULT_WIDE: Ranges = ((0xFA6E, 0xFA6F), (0xFADA, 0xFAFF), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))
# Also wide in go-runewidth's `doublewidth` table (Unicode 16 and later).
_RUNEWIDTH_WIDE_EXTRA: Ranges = (
    (0x2630, 0x2637), (0x268A, 0x268F), (0x2FFC, 0x2FFF), (0x31E4, 0x31E5), (0x31EF, 0x31EF),
    (0x4DC0, 0x4DFF), (0x16FF2, 0x16FF6), (0x187F8, 0x187FF), (0x18CFF, 0x18CFF),
    (0x18D09, 0x18D1E), (0x18D80, 0x18DF2), (0x1B132, 0x1B132), (0x1B155, 0x1B155),
    (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1F6D8, 0x1F6D8), (0x1F6DC, 0x1F6DC),
    (0x1FA75, 0x1FA77), (0x1FA87, 0x1FA8A), (0x1FA8E, 0x1FA8F), (0x1FAAD, 0x1FAAF),
    (0x1FABB, 0x1FABF), (0x1FAC6, 0x1FAC6), (0x1FAC8, 0x1FAC8), (0x1FACD, 0x1FACF),
    (0x1FADA, 0x1FADC), (0x1FADF, 0x1FADF), (0x1FAE8, 0x1FAEA), (0x1FAEF, 0x1FAEF),
    (0x1FAF7, 0x1FAF8),
)  # fmt: skip
# Also wide in golang.org/x/text/width as Go < 1.27 builds it (Unicode 15.0).
_XTEXT_WIDE_EXTRA: Ranges = (
    (0x1B132, 0x1B132), (0x1B155, 0x1B155), (0x1F6DC, 0x1F6DC), (0x1FA75, 0x1FA77),
    (0x1FA87, 0x1FA88), (0x1FAAD, 0x1FAAF), (0x1FABB, 0x1FABD), (0x1FABF, 0x1FABF),
    (0x1FACE, 0x1FACF), (0x1FADA, 0x1FADB), (0x1FAE8, 0x1FAE8), (0x1FAF7, 0x1FAF8),
)  # fmt: skip
# Extended_Pictographic, approximately (for emoji ZWJ sequences in grapheme clusters).
_PICTOGRAPHIC: Ranges = (
    (0xA9, 0xA9), (0xAE, 0xAE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x21AA), (0x231A, 0x23FF), (0x24C2, 0x24C2), (0x25AA, 0x25FE),
    (0x2600, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D),
    (0x3297, 0x3299), (0x1F000, 0x1FAFF), (0x1FC00, 0x1FFFD),
)  # fmt: skip
# Grapheme_Cluster_Break=Prepend (Unicode 15.0), and the spacing marks UAX #29 leaves out.
_PREPEND: Ranges = (
    (0x600, 0x605), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2),
    (0xD4E, 0xD4E), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x111C2, 0x111C3),
    (0x1193F, 0x1193F), (0x11941, 0x11941), (0x11A3A, 0x11A3A), (0x11A84, 0x11A89),
    (0x11D46, 0x11D46), (0x11F02, 0x11F02),
)  # fmt: skip
_NOT_SPACING_MARK: Ranges = (
    (0x102B, 0x102C), (0x1038, 0x1038), (0x1062, 0x1064), (0x1067, 0x106D), (0x1083, 0x1083),
    (0x1087, 0x108C), (0x108F, 0x108F), (0x109A, 0x109C), (0x1A61, 0x1A61), (0x1A63, 0x1A64),
    (0xAA7B, 0xAA7B), (0xAA7D, 0xAA7D), (0x11720, 0x11721),
)  # fmt: skip


def _in(code: int, ranges: Ranges) -> bool:
    index = bisect.bisect_right(ranges, (code, 0x10FFFF)) - 1
    return index >= 0 and ranges[index][0] <= code <= ranges[index][1]


def _east_asian_wide(char: str) -> bool:
    if _in(ord(char), _DEFAULT_WIDE):
        return True
    return unicodedata.east_asian_width(char) in ("W", "F") and unicodedata.category(char) != "Cn"


@lru_cache(maxsize=4096)
def _rune_width(char: str) -> int:
    """go-runewidth `RuneWidth` outside an East Asian locale."""
    code = ord(char)
    if _in(code, _ZERO_WIDTH):
        return 0
    if code < 0x300:
        return 1
    return 2 if _east_asian_wide(char) or _in(code, _RUNEWIDTH_WIDE_EXTRA) else 1


@lru_cache(maxsize=4096)
def _break_class(char: str) -> str:
    """The UAX #29 Grapheme_Cluster_Break class, as far as cluster widths depend on it."""
    code = ord(char)
    if char in "\r\n":
        return char
    if code == 0x200D:
        return "ZWJ"
    if 0x1F1E6 <= code <= 0x1F1FF:
        return "RI"
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F or code in (0x200C, 0xFF9E, 0xFF9F):
        return "Extend"
    if _in(code, _PREPEND):
        return "Prepend"
    category = unicodedata.category(char)
    if category in ("Mn", "Me"):
        return "Extend"
    if (category == "Mc" and not _in(code, _NOT_SPACING_MARK)) or code in (0x0E33, 0x0EB3):
        return "SpacingMark"
    if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        return "Control"
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97C:
        return "L"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "V"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "T"
    if 0xAC00 <= code <= 0xD7A3:
        return "LV" if (code - 0xAC00) % 28 == 0 else "LVT"
    return "Pict" if _in(code, _PICTOGRAPHIC) else "Other"


_HANGUL_JOINS = {("L", "L"), ("L", "V"), ("L", "LV"), ("L", "LVT"), ("LV", "V"), ("LV", "T")}
_HANGUL_JOINS |= {("V", "V"), ("V", "T"), ("LVT", "T"), ("T", "T")}


def _joins(prev: str, cls: str, pictographic: bool, regional: int) -> bool:
    """Whether no cluster boundary falls between a character of class prev and one of cls."""
    if prev == "\r" and cls == "\n":
        return True  # GB3
    if prev in ("Control", "\r", "\n") or cls in ("Control", "\r", "\n"):
        return False  # GB4, GB5
    if (prev, cls) in _HANGUL_JOINS or cls in ("Extend", "ZWJ", "SpacingMark"):
        return True  # GB6-GB9a
    if prev == "Prepend":
        return True  # GB9b
    if prev == "ZWJ" and cls == "Pict":
        return pictographic  # GB11
    return prev == "RI" and cls == "RI" and regional % 2 == 1  # GB12, GB13


def _graphemes(text: str) -> Iterable[str]:
    """Split text into extended grapheme clusters: UAX #29 rules GB3-GB13 of Unicode 15.0."""
    start = 0
    prev = ""
    pictographic = False  # the cluster so far ends in Pict Extend* (ZWJ)?
    regional = 0  # regional indicators in a row
    for index, char in enumerate(text):
        cls = _break_class(char)
        if index > 0 and not _joins(prev, cls, pictographic, regional):
            yield text[start:index]
            start = index
        if cls == "Pict":
            pictographic = True
        elif cls not in ("Extend", "ZWJ"):
            pictographic = False
        regional = regional + 1 if cls == "RI" else 0
        prev = cls
    if text:
        yield text[start:]


def display_width(text: str) -> int:
    """go-runewidth `StringWidth`: each cluster counts as its first rune of non-zero width."""
    if text.isascii():
        if text.isprintable():  # the common case: every character is one column
            return len(text)
        return sum(1 for char in text if " " <= char < "\x7f")
    if _plain_with_ellipsis(text):  # a truncated cell: "…" is one column too
        return len(text)
    total = 0
    for cluster in _graphemes(text):
        total += next((w for w in map(_rune_width, cluster) if w > 0), 0)
    return total


def _ellipsis_width(char: str) -> int:
    wide = _east_asian_wide(char) or _in(ord(char), _XTEXT_WIDE_EXTRA)
    return 2 if wide else 1


def ellipsis(text: str, max_display_width: int) -> str:
    """docker/cli `formatter.Ellipsis`: cut to `max_display_width` columns ending in "…".

    Widths 0 and 1 give "" and the first rune (Go panics on an empty string there; this gives
    ""). Otherwise the text is kept whole when it fits, else cut to the longest prefix of at
    most max-1 columns plus "…". When even the first rune is wider than max-1 (a wide rune
    and max 2), Go finds no cut and returns the text unchanged; so does this.
    """
    if max_display_width <= 0:
        return ""
    if max_display_width == 1:
        return text[:1]
    if text.isascii():
        return text if len(text) <= max_display_width else text[: max_display_width - 1] + "…"
    ends = list(accumulate(map(_ellipsis_width, text)))
    if ends[-1] <= max_display_width:
        return text
    limit = max_display_width - 1
    for index in range(len(ends) - 1):
        if ends[index] <= limit < ends[index + 1]:
            return text[: index + 1] + "…"
    return text


class _Cell(NamedTuple):
    text: str
    width: int
    htab: bool  # terminated by a horizontal tab (not \v, \n, \f or the end)


_BREAKS = re.compile(r"[\t\v\n\f]")
_BREAKS_HTML = re.compile(r"[\t\v\n\f<&]")


class TabWriter:
    """Go's text/tabwriter.Writer: `write` text, then `flush` returns the aligned output.

    Cells are terminated by `\\t` (or `\\v`, a soft tab); `\\n` and `\\f` end a line. A column
    block is a run of consecutive lines that all have a terminated cell in that column; its
    width is the widest cell plus `padding`, at least `minwidth`. The trailing cell of a line
    belongs to no column and is written as is, so a line whose last cell is empty ends in the
    padding of the cell before it. A line without tabs ends every column block (Go flushes
    there), as does `\\f`.
    """

    def __init__(
        self,
        minwidth: int,
        tabwidth: int,
        padding: int,
        padchar: str = " ",
        flags: int = 0,
        *,
        count_runes: bool = False,
    ) -> None:
        if minwidth < 0 or tabwidth < 0 or padding < 0:
            raise ValueError("negative minwidth, tabwidth, or padding")
        if len(padchar) != 1:
            raise ValueError("padchar must be a single character")
        self._minwidth = minwidth
        self._tabwidth = tabwidth
        self._padding = padding
        self._padchar = padchar
        self._flags = flags & ~ALIGN_RIGHT if padchar == "\t" else flags
        self._measure = len if count_runes else display_width
        self._out: list[str] = []
        self._reset()

    def _reset(self) -> None:
        self._lines: list[list[_Cell]] = [[]]
        self._cell: list[str] = []  # text of the incomplete cell
        self._cell_width = 0
        self._unmeasured: list[str] = []  # text of the cell not yet counted in _cell_width
        self._end_char = ""  # ">" or ";" inside an HTML tag or entity (FILTER_HTML)

    def _measure_pending(self) -> None:
        self._cell_width += self._measure("".join(self._unmeasured))
        self._unmeasured = []

    def _terminate_cell(self, htab: bool) -> int:
        line = self._lines[-1]
        line.append(_Cell("".join(self._cell), self._cell_width, htab))
        self._cell, self._cell_width = [], 0
        return len(line)

    def write(self, text: str) -> None:
        """Buffer text; output appears when `flush` is called."""
        if (
            not self._cell
            and not self._flags & FILTER_HTML
            and text.endswith("\n")
            and text.count("\n") == 1
            and "\v" not in text
            and "\f" not in text
        ):
            self._write_line(text[:-1].split("\t"))
            return
        breaks = _BREAKS_HTML if self._flags & FILTER_HTML else _BREAKS
        pos = 0
        while pos < len(text):
            if self._end_char:  # inside an HTML tag or entity: nothing breaks a cell
                end = text.find(self._end_char, pos)
                stop = len(text) if end < 0 else end + 1
                self._cell.append(text[pos:stop])
                if end >= 0:
                    self._cell_width += self._end_char == ";"  # an entity counts as one
                    self._end_char = ""
                pos = stop
                continue
            match = breaks.search(text, pos)
            stop = len(text) if match is None else match.start()
            self._cell.append(text[pos:stop])
            self._unmeasured.append(text[pos:stop])
            if match is None:
                return
            pos = stop + 1
            self._measure_pending()
            char = match.group()
            if char in "<&":
                self._end_char = ">" if char == "<" else ";"
                self._cell.append(char)
                continue
            cells = self._terminate_cell(char == "\t")
            if char in "\n\f":
                self._lines.append([])
                if char == "\f" or cells == 1:
                    self._format_all()
                    if char == "\f" and self._flags & DEBUG:
                        self._out.append("---\n")

    def _write_line(self, texts: list[str]) -> None:
        """A whole line at once (what `write` does with it cell by cell, in one step)."""
        measure = self._measure
        last = len(texts) - 1
        line = self._lines[-1]  # may hold cells an earlier write terminated
        line.extend(_Cell(cell, measure(cell), index < last) for index, cell in enumerate(texts))
        self._lines.append([])
        if len(line) == 1:  # a line of one cell ends every column block, as in `write`
            self._format_all()

    def flush(self) -> str:
        """Format everything buffered and return all output produced since the last flush."""
        if any(self._cell):
            self._end_char = ""
            self._measure_pending()
            self._terminate_cell(False)
        self._format_all()
        text = "".join(self._out)
        self._out = []
        return text

    def _format_all(self) -> None:
        self._format(0, len(self._lines), [])
        self._reset()

    def _format(self, line0: int, line1: int, widths: list[int]) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(self._lines[this]) - 1:
                this += 1
                continue
            self._write_lines(line0, this, widths)
            line0 = this
            width = self._minwidth
            discardable = True
            while this < line1 and column < len(self._lines[this]) - 1:
                cell = self._lines[this][column]
                width = max(width, cell.width + self._padding)
                discardable = discardable and cell.width == 0 and not cell.htab
                this += 1
            if discardable and self._flags & DISCARD_EMPTY_COLUMNS:
                width = 0
            self._format(line0, this, [*widths, width])
            line0 = this
        self._write_lines(line0, line1, widths)

    def _write_lines(self, line0: int, line1: int, widths: Sequence[int]) -> None:
        out = self._out
        for index in range(line0, line1):
            use_tabs = bool(self._flags & TAB_INDENT)
            for j, cell in enumerate(self._lines[index]):
                if j > 0 and self._flags & DEBUG:
                    out.append("|")
                padded = j < len(widths)
                if not cell.text:
                    if padded:
                        self._write_padding(cell.width, widths[j], use_tabs)
                    continue
                use_tabs = False
                if padded and self._flags & ALIGN_RIGHT:
                    self._write_padding(cell.width, widths[j], False)
                out.append(cell.text)
                if padded and not self._flags & ALIGN_RIGHT:
                    self._write_padding(cell.width, widths[j], False)
            if index + 1 < len(self._lines):
                out.append("\n")

    def _write_padding(self, text_width: int, cell_width: int, use_tabs: bool) -> None:
        if self._padchar == "\t" or use_tabs:
            if self._tabwidth == 0:
                return
            cell_width = -(-cell_width // self._tabwidth) * self._tabwidth
            self._out.append("\t" * -(-(cell_width - text_width) // self._tabwidth))
            return
        self._out.append(self._padchar * (cell_width - text_width))


def _plain_with_ellipsis(text: str) -> bool:
    """Printable ASCII, save for the "…" that truncation adds (one column, joins nothing)."""
    rest = text.replace("…", "")
    return rest.isascii() and rest.isprintable()


def uniform_table(lines: Sequence[str], minwidth: int = 10, padding: int = 3) -> str | None:
    """What `TabWriter(minwidth, 1, padding, " ", 0)` makes of `lines` (each ending its line)
    when every line has the same number of tab-separated cells and nothing else breaks a cell:
    then each column is one block as wide as its widest cell plus the padding, and the last
    cell of each line is written as it is. None for anything else (let the writer do it)."""
    text = "\n".join(lines)  # each check made once over every line
    if text.count("\n") != len(lines) - 1 or "\v" in text or "\f" in text:
        return None
    tabs = set(map(methodcaller("count", "\t"), lines))
    if len(tabs) != 1:
        return None
    count = tabs.pop() + 1
    if count < 2:
        return None
    # every cell in one list, then a list per column (no list per line: a table of 10,000
    # rows would otherwise make 10,000 objects for the garbage collector to track)
    cells = text.replace("\n", "\t").split("\t")
    by_column = [cells[j::count] for j in range(count)]
    return _layout(by_column, text.replace("\t", " ").replace("\n", " "), minwidth, padding)


def uniform_columns(
    by_column: Sequence[Sequence[str]], minwidth: int = 10, padding: int = 3
) -> str | None:
    """`uniform_table` of the lines whose cells are `by_column` (column by column, each the
    same length), without joining the lines and splitting them again; None when a cell holds
    a tab or breaks its line (its line would have other cells: let `uniform_table` see it)."""
    if len(by_column) < 2:
        return None
    if all(map(_plain_cells, by_column)):
        return _plain_layout(by_column, minwidth, padding)
    text = "".join(map("".join, by_column))  # every cell, for the checks made once
    if "\t" in text or "\n" in text or "\v" in text or "\f" in text:
        return None
    return _layout(by_column, text, minwidth, padding)


def _layout(by_column: Sequence[Sequence[str]], flat: str, minwidth: int, padding: int) -> str:
    """The table of `uniform_table`: `flat` is every cell's text (for the test that all of
    it is printable ASCII)."""
    if _plain_with_ellipsis(flat):  # (a property of each character: true of every line)
        return _plain_layout(by_column, minwidth, padding)
    columns = len(by_column) - 1
    lines = [" ".join(row) for row in zip(*by_column, strict=True)]
    plain = [_plain_with_ellipsis(line) for line in lines]
    widths = [minwidth - padding] * columns
    for row, simple in zip(zip(*by_column, strict=True), plain, strict=True):
        measure = len if simple else display_width
        for j in range(columns):
            widths[j] = max(widths[j], measure(row[j]))
    widths = [width + padding for width in widths]
    pattern = "".join(f"{{:<{width}}}" for width in widths) + "{}\n"
    out: list[str] = []
    for row, simple in zip(zip(*by_column, strict=True), plain, strict=True):
        if simple:
            out.append(pattern.format(*row))
            continue
        out.extend(
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=False)
        )
        out.append(row[columns])
        out.append("\n")
    return "".join(out)


def _plain_cells(cells: Sequence[str]) -> bool:
    """`_plain_with_ellipsis` of a whole column: printable ASCII (tested on its bytes, faster
    than str.isprintable) save for "…"."""
    text = "".join(cells)
    if not text.isascii():
        text = text.replace("…", "")
        if not text.isascii():
            return False
    return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _plain_layout(by_column: Sequence[Sequence[str]], minwidth: int, padding: int) -> str:
    """The table of cells that are one column a character: each column as wide as its widest
    cell (at least `minwidth`) plus the padding, the last cell of each line as it is."""
    floor = minwidth - padding
    widest = [len(max(column, key=len, default="")) for column in by_column[:-1]]
    widths = [max(floor, width) + padding for width in widest]
    pattern = "".join(f"%-{width}s" for width in widths) + "%s\n"
    return "".join(map(pattern.__mod__, zip(*by_column, strict=True)))


def docker_tabwriter() -> TabWriter:
    """The writer behind every docker CLI table: `NewWriter(out, 10, 1, 3, ' ', 0)`."""
    return TabWriter(10, 1, 3, " ", 0)


def render_table(rows: Iterable[Sequence[str]]) -> str:
    """Rows (header first) as a docker CLI table: cells joined by tabs, each line ending "\\n"."""
    writer = docker_tabwriter()
    for row in rows:
        writer.write("\t".join(row) + "\n")
    return writer.flush()
