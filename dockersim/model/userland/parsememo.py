"""Scripts parsed before: a health check, a loop's `sh -c` or a lesson's command runs the same
text again and again, and its parse depends on the text alone.

A text is remembered (with its dialect and first line number) only once it parsed whole
without an error; its syntax tree is never changed afterwards. The one outside influence on a
parse is the frame budget (`caps.too_deep`), which counts only past SHALLOW levels of nesting:
a parse that went that deep is remembered with the room it had, and recalled only where there
is as much (with less it is parsed again, and may then meet the budget as before). Bounded:
the oldest go first; long texts are not kept. A text met for the first time may still be of
a shape learnt before, one that differs only in its numbers (parseshapes.py).
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict

from dockersim.model.userland import parseshapes
from dockersim.model.userland.ast import Seq
from dockersim.model.userland.caps import SHALLOW, frame_headroom

KEPT = 512
LONGEST = 4096

#: (text, dialect, first line) -> (its complete commands in order, the frames it had room for
#: or None when it never nested deep enough to count them)
#: (an OrderedDict: the oldest goes in one step; a dict would scan the slots its removals left)
_PARSED: OrderedDict[tuple[str, str, int], tuple[tuple[Seq, ...], int | None]] = OrderedDict()


def recall(text: str, dialect: str, first_line: int) -> tuple[Seq, ...] | None:
    """The commands `text` parsed into, when remembered and the caller has the room it had.

    Call it from where the parse would run (`remember` is called from there too: each
    measures the room from one frame below)."""
    known = _PARSED.get((text, dialect, first_line))
    if known is None:
        shape = parseshapes.shape_of(text) if len(text) <= LONGEST else None
        if shape is None:
            return None
        return parseshapes.recall(*shape, dialect, first_line)  # (learnt from shallow parses)
    if known[1] is not None and frame_headroom() < known[1]:
        return None
    return known[0]


def remember(text: str, dialect: str, first_line: int, commands: list[Seq], deepest: int) -> None:
    """Keep a whole, error-free parse of `text` that nested `deepest` levels."""
    if len(text) > LONGEST:
        return
    if len(_PARSED) >= KEPT:
        with contextlib.suppress(KeyError):  # (emptied meanwhile by another thread)
            _PARSED.popitem(last=False)
    room = None if deepest < SHALLOW else frame_headroom()
    _PARSED[(text, dialect, first_line)] = (tuple(commands), room)
    if room is None:  # (a shape is learnt by parsing again: only where no budget is met)
        shape = parseshapes.shape_of(text)
        if shape is not None:
            parseshapes.learn(text, *shape, dialect, first_line, commands)
