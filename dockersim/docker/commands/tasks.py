"""The task table of `service ps`, `node ps` and `stack ps` (docker/cli cli/command/task
print.go and formatter.go)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.model.humanize import human_duration
from dockersim.model.service import Service, Task, image_display, pretty

if TYPE_CHECKING:
    from dockersim.docker.context import Context


@attrs.frozen
class TasksOptions(Options):
    """The flags of `service ps`, `node ps` and `stack ps` (task/print.go's table)."""

    quiet: bool
    no_trunc: bool
    no_resolve: bool
    format: str
    filter: list[str]


PS_TABLE = (
    "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}"
    "\t{{.Error}}\t{{.Ports}}"
)
PS_HEADERS = {
    "ID": "ID",
    "Name": "NAME",
    "Image": "IMAGE",
    "Node": "NODE",
    "DesiredState": "DESIRED STATE",
    "CurrentState": "CURRENT STATE",
    "Error": "ERROR",
    "Ports": "PORTS",
}


class TaskOptions(Protocol):
    @property
    def quiet(self) -> bool: ...
    @property
    def no_trunc(self) -> bool: ...
    @property
    def no_resolve(self) -> bool: ...
    @property
    def format(self) -> str: ...


def natural_key(text: str) -> list[Any]:
    """sortorder.NaturalLess: runs of digits compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _ports(task: Task, service: Service) -> str:
    """taskContext.Ports: the task's host-mode ports (Status.PortStatus, set once it runs)."""
    if task.state != "running":
        return ""
    return ",".join(
        f"*:{p.published}->{p.target}/{p.protocol}" for p in service.ports if p.mode == "host"
    )


def print_tasks(ctx: Context, items: list[tuple[Task, Service]], opts: TaskOptions) -> None:
    r"""print.go Print: tasks sorted by name (NaturalLess), the newest first within a slot,
    older ones of a slot as ` \_ name` in the default table."""
    trunc = not (opts.no_trunc or opts.quiet)
    named: list[tuple[str, Task, Service, int]] = []
    for order, (task, service) in enumerate(items):
        label = str(task.slot) if task.slot else ctx.engine.service_node_id(task.node)
        named.append((f"{service.name}.{label}", task, service, order))
    named.sort(key=lambda item: (natural_key(item[0]), -item[1].created, -item[3]))
    rows = []
    previous = ""
    now = ctx.engine.now
    for name, task, service, _ in named:
        shown = f" \\_ {name}" if name == previous and not opts.format else name
        previous = name
        error = task.error
        if trunc and len(error) > 30:
            error = error[:29] + "…"
        image = task.image or service.image
        rows.append(
            {
                "ID": task.id[:12] if trunc else task.id,
                "Name": shown,
                "Image": image_display(image) if trunc else image,
                "Node": ctx.engine.service_node_id(task.node) if opts.no_resolve else task.node,
                "DesiredState": pretty(task.desired),
                "CurrentState": f"{pretty(task.state)} "
                f"{human_duration(now - task.since).lower()} ago",
                "Error": f'"{error}"' if error else "",
                "Ports": _ports(task, service),
            }
        )
    if opts.quiet:
        ctx.out("".join(f"{row['ID']}\n" for row in rows))
        return
    try:
        ctx.out(format_rows(opts.format, rows, PS_HEADERS, PS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
