"""What the Compose subcommands share: loading the project, warnings, progress, flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.compose import ops
from dockersim.compose.file import Options, load_project
from dockersim.compose.model import Project

if TYPE_CHECKING:
    from dockersim.docker.context import Context


def warning_text(ctx: Context, message: str) -> str:
    """logrus's text formatter for a pipe: `time="..." level=warning msg="..."`."""
    import datetime

    from dockersim.docker.render.gofmt import go_quote

    when = datetime.datetime.fromtimestamp(ctx.engine.now, datetime.UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f'time="{stamp}" level=warning msg={go_quote(message)}\n'


def warner(ctx: Context) -> Callable[[str], None]:
    """Write a warning at once, in logrus's text form."""
    return lambda message: ctx.err(warning_text(ctx, message))


def project_of(ctx: Context, options: Options) -> Project:
    ctx.read_only = False
    return load_project(ctx.machine, options, ctx.env, warner(ctx))


#: each command's progress title (pkg/compose/*.go: progress.Run is "Running",
#: RunWithTitle names its own)
TITLES = {
    "stop": "Stopping", "restart": "Restarting", "pause": "Pausing", "kill": "Killing",
    "rm": "Removing", "pull": "Pulling", "create": "Creating", "build": "Building",
}  # fmt: skip


def events_for(ctx: Context, options: Options, command: str) -> ops.Events:
    """The progress events of one command, timed on the virtual clock."""
    events = ops.Events(lambda: ctx.engine.now, TITLES.get(command, "Running"))
    events.display, events.color = options.display, options.color
    events.warning = lambda message: warning_text(ctx, message)
    return events


def _flush(ctx: Context, events: ops.Events) -> None:
    """Write what the command's progress writer shows: the plain lines, the terminal's
    final frame (after any warning), or nothing (`--progress quiet`)."""
    if events.display == "tty":
        ctx.err("".join(events.notes) + events.frame(events.color))
    elif events.display == "plain":
        ctx.err("".join(events.lines))
    events.clear()


def _has(flags: dict[str, list[str]], name: str) -> bool:
    return flags.get(name, ["false"])[-1] not in ("false", "0")
