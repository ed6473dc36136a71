"""A live terminal on a process in a container: what `docker run -it ubuntu bash` and
`docker exec -it web sh` leave running between two lines a learner types.

No process stays alive between two lines: the program's state (`state`, its LineProgram's
snapshot) is saved with the world after every line and opened again for the next one, by
whichever `dockersim` process the learner types into (the session, or a later `docker attach`).
"""

from __future__ import annotations

from typing import Any

import attrs


@attrs.define
class Terminal:
    #: the container's ID for its main process (PID 1), else the exec's ID
    id: str
    container: str
    pid: int
    argv: list[str]
    #: who runs it and where, for an exec (PID 1 uses the container's own)
    user: str = ""
    env: list[str] = attrs.Factory(list)
    workdir: str = ""
    #: it has a terminal (-t): a prompt, echo; without, lines run as they come (-i only)
    tty: bool = True
    #: the line-by-line program's state (model/userland/interactive.py: Snapshot)
    state: dict[str, Any] = attrs.Factory(dict)
    #: the line running in the foreground ends then (virtual time), None when it has ended
    busy_until: float | None = None
    #: the foreground line never ends by itself: it waits in this program (Ctrl-C ends it)
    blocked: str = ""
    #: what the line running now printed, as [time, stream, text], kept until the next line
    #: so any attached client can show it when the clock reaches each piece
    output: list[list[Any]] = attrs.Factory(list)
    started: float = 0.0
    #: programs started from the terminal's shell that read lines in their turn (`python3`,
    #: `bash` typed at the prompt), innermost last, each {"argv", "env", "cwd", "state"}:
    #: the innermost reads the lines; `state` above is then the shell's, waiting for it
    nested: list[dict[str, Any]] = attrs.Factory(list)

    @property
    def main(self) -> bool:
        """It is the container's main process (PID 1)."""
        return self.id == self.container

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Terminal:
        return cls(**data)
