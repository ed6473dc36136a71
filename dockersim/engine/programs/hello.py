"""hello-world's program: the text it prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs._texts import catalog_text

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def hello(ctx: Ctx) -> int:
    ctx.out.write(catalog_text("hello_world"))
    return 0


PROGRAM = Program(hello)
