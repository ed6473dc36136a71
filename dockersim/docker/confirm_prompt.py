"""A prune command's `[y/N]` question at a real terminal (docker/cli internal/prompt Confirm):
the warning is printed, then the question is the line the learner types after; `y` (any case)
runs the prune with the world as it is then, anything else cancels (nothing more printed,
status 0). Without a terminal the answer is the first line of stdin (commands/prune.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from dockersim.docker.live import Update

if TYPE_CHECKING:
    from dockersim.docker.context import Context
    from dockersim.engine import Engine


@attrs.define
class ConfirmFollow:
    """The question, one line; then what a yes runs (with a Context on that engine)."""

    question: str
    act: Callable[[Context], None]
    host: str | None
    answered: bool = False
    reads_lines: bool = True
    detachable: bool = False
    detach_message: str | None = None
    keys: str = ""

    def prompt(self, engine: Engine) -> str | None:
        return None if self.answered else self.question

    def poll(self, engine: Engine) -> Update:
        return Update()

    def line(self, engine: Engine, text: str) -> Update:
        from dockersim.docker.context import Context

        self.answered = True
        if text.strip().lower() != "y":
            return Update(done=True)
        ctx = Context(engine)
        self.act(ctx)
        result = ctx.result(ctx.exit_code)
        return Update(result.stdout, result.stderr, done=True, exit_code=result.exit_code)

    def eof(self, engine: Engine) -> Update:
        self.answered = True
        return Update(out="\n", done=True)

    def interrupt(self, engine: Engine) -> Update:
        """Ctrl-C at the question: the CLI ends (est.: as login's prompts)."""
        self.answered = True
        return Update(out="\n", done=True, exit_code=130)
