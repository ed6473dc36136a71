"""What the Compose subcommands share: loading the project, warnings, progress, flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.compose import ops
from dockersim.compose.file import Options, load_project
from dockersim.compose.model import Project

if TYPE_CHECKING:
    from dockersim.docker.context import Context


def warner(ctx: Context) -> Callable[[str], None]:
    """logrus's text formatter for a pipe: `time="..." level=warning msg="..."`."""
    import datetime

    from dockersim.docker.render.gofmt import go_quote

    def warn(message: str) -> None:
        when = datetime.datetime.fromtimestamp(ctx.engine.now, datetime.UTC)
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        ctx.err(f'time="{stamp}" level=warning msg={go_quote(message)}\n')

    return warn


def project_of(ctx: Context, options: Options) -> Project:
    ctx.read_only = False
    return load_project(ctx.machine, options, ctx.env, warner(ctx))


def _flush(ctx: Context, events: ops.Events) -> None:
    ctx.err("".join(events.lines))
    events.lines.clear()


def _has(flags: dict[str, list[str]], name: str) -> bool:
    return flags.get(name, ["false"])[-1] not in ("false", "0")
