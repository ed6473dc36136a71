"""figlet 2.2.5 with its standard font: banners of ASCII text, smushed as figlet smushes.

The layout follows figlet's rules for `standard.flf` (full_layout 24463): each character is
moved left as far as its rows allow, overlapping characters merge by the equal-character,
underscore, hierarchy and opposite-pair rules, hard blanks print as spaces, and a line longer
than the width (80 columns, `-w`) breaks at its last space. Other fonts and options say they
are not simulated.
"""

from __future__ import annotations

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.figlet_font import GLYPHS, HARDBLANK, HEIGHT

HIERARCHY = ("|", "/\\", "[]", "{}", "()", "<>")
PAIRS = {"[]", "][", "{}", "}{", "()", ")("}


def _smush(left: str, right: str, widths: tuple[int, int]) -> str:
    """The character two overlapping ones become, or "" when they do not merge."""
    if left == " ":
        return right
    if right == " ":
        return left
    if min(widths) < 2 or HARDBLANK in (left, right):
        return ""
    if left == right:
        return left
    if left == "_" and right in "|/\\[]{}()<>":
        return right
    if right == "_" and left in "|/\\[]{}()<>":
        return left
    for rank, group in enumerate(HIERARCHY):
        later = "".join(HIERARCHY[rank + 1 :])
        if left in group and right in later:
            return right
        if right in group and left in later:
            return left
    if left + right in PAIRS:
        return "|"
    return ""


class Banner:
    """One output line of big letters, built a character at a time."""

    def __init__(self, limit: int) -> None:
        self.rows = [""] * HEIGHT
        self.limit = limit
        self.width = 0
        self.text = ""

    def _overlap(self, glyph: tuple[str, ...]) -> int:
        wide = len(glyph[0])
        most = wide
        for row, line in zip(self.rows, glyph, strict=True):
            bound = len(row)
            while True:
                left = row[bound] if bound < len(row) else ""
                if bound > 0 and left in ("", " "):
                    bound -= 1
                    continue
                break
            start = len(line) - len(line.lstrip(" "))
            right = line[start] if start < len(line) else ""
            amount = start + len(row) - 1 - bound
            if not left or left == " " or (right and _smush(left, right, (self.width, wide))):
                amount += 1
            most = min(most, amount)
        return max(most, 0)

    def add(self, char: str) -> bool:
        glyph = GLYPHS[ord(char) - 32]
        wide = len(glyph[0])
        amount = self._overlap(glyph)
        if len(self.rows[0]) + wide - amount > self.limit:
            return False
        for i, line in enumerate(glyph):
            row = self.rows[i]
            cut = len(row) - amount
            merged = "".join(
                _smush(row[cut + k], line[k], (self.width, wide)) or row[cut + k]
                for k in range(amount)
                if cut + k >= 0
            )
            self.rows[i] = row[: max(cut, 0)] + merged + line[amount:]
        self.width = wide
        self.text += char
        return True

    def lines(self) -> list[str]:
        return [row.replace(HARDBLANK, " ") for row in self.rows]


def render(text: str, width: int = 80) -> str:
    """`figlet TEXT`: the banner lines, a line of input at a time, wrapped at spaces."""
    out: list[str] = []
    for source in text.split("\n"):
        pending = list(source.replace("\t", " "))
        banner = Banner(width - 1)
        while pending:
            char = pending.pop(0)
            if not 32 <= ord(char) <= 126:
                continue
            if banner.add(char):
                continue
            if not banner.text:
                continue
            cut = banner.text.rfind(" ")
            if cut > 0 and char != " ":
                rest = banner.text[cut + 1 :]
                out.extend(_rebuilt(banner.text[:cut], width))
                pending[:0] = [*rest, char]
            else:
                out.extend(banner.lines())
                if char != " ":
                    pending.insert(0, char)
            banner = Banner(width - 1)
        if banner.text or not source:
            out.extend(banner.lines())
    return "".join(line + "\n" for line in out)


def _rebuilt(text: str, width: int) -> list[str]:
    banner = Banner(width - 1)
    for char in text:
        banner.add(char)
    return banner.lines()


@register("figlet")
def figlet(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    width = 80
    words: list[str] = []
    while args:
        arg = args.pop(0)
        if arg == "--":
            words.extend(args)
            break
        if arg in ("-f", "-w", "-d") and not args:
            ctx.err.write(f"figlet: option requires an argument -- '{arg[1]}'\n")
            return 1
        if arg == "-f":
            font = args.pop(0)
            if font not in ("standard", "standard.flf", "/usr/share/figlet/standard.flf"):
                raise ctx.not_simulated(f"font {font}")
        elif arg == "-w":
            value = args.pop(0)
            width = int(value) if value.isdigit() and int(value) > 0 else width
        elif arg.startswith("-") and len(arg) > 1:
            raise ctx.not_simulated(f"option {arg}")
        else:
            words.append(arg)
    if words:
        text = " ".join(words)
    else:
        text = ctx.stdin.read_all().rstrip("\n")
    ctx.write(render(text, width))
    return 0
