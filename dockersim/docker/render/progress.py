"""Progress streams (pull, push) as the docker CLI prints them (moby jsonmessage `Display`).

Off a terminal every message is a line: `<id>: <status>` or just `<status>`. On a terminal the
CLI rewrites each layer's line in place (status, a space, the progress bar); the final screen
shows each id once with its last status and that trailing space, which is what dockersim prints
there (no animation: it must never slow a script).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Message(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def id(self) -> str: ...


def render_stream(messages: Iterable[Message], tty: bool = False) -> str:
    if not tty:
        return "".join(f"{m.id}: {m.status}\n" if m.id else f"{m.status}\n" for m in messages)
    lines: list[str] = []
    position: dict[str, int] = {}
    for m in messages:
        if not m.id:
            lines.append(f"{m.status}\n")
            continue
        text = f"{m.id}: {m.status} \n"
        if m.id in position:
            lines[position[m.id]] = text
        else:
            position[m.id] = len(lines)
            lines.append(text)
    return "".join(lines)
