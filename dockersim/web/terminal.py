"""What the page's terminal shows of one command: both streams as a terminal shows them.

Shared by the local server (world.py) and the static export's in-browser back end
(inbrowser.py), so the two pages print the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.result import Result

#: the most a command's output the page is sent (a `cat` of a big file, `docker logs`)
MAX_OUTPUT = 1 << 20


def is_assignment(word: str) -> bool:
    """`NAME=value` before a command (bash runs the command after it)."""
    name, equals, _ = word.partition("=")
    return bool(equals) and name.isidentifier()


def screen(result: Result) -> str:
    """Both streams in the order the command wrote them, as a terminal shows them: bytes
    that are not UTF-8 become U+FFFD, and output past MAX_OUTPUT is cut with a note."""
    if result.stdout_bytes is not None:
        text = result.stdout_bytes.decode("utf-8", "replace") + result.stderr
    elif result.chunks and result.stdout and result.stderr:
        text = "".join(piece for _, piece in result.chunks)
    else:
        text = result.stdout + result.stderr
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if len(text) > MAX_OUTPUT:
        cut = len(text) - MAX_OUTPUT
        text = text[:MAX_OUTPUT] + f"\n[dockersim web: {cut} more characters not shown]\n"
    return text
