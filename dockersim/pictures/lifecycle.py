"""`dockersim show container NAME`: the lifecycle state machine with the current state marked.

The states are moby's `State.Status` values (model/container.py); the edges are the commands
that leave each state, and what the main process's exit does under the container's restart
policy (moby restartmanager: `no` never restarts, `always` and `unless-stopped` always do,
`on-failure` only after a non-zero exit, up to its maximum). `removing` and `dead` are drawn
only when the container is in one of them: they are rare and short-lived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.errors import NotFound
from dockersim.pictures import NothingToShow
from dockersim.pictures.ink import Ink, box, dot_text, mermaid_text

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container

ORDER = ("created", "running", "paused", "restarting", "exited", "removing", "dead")
REMOVED = "removed"


@attrs.frozen
class Edge:
    source: str
    target: str
    label: str


@attrs.frozen
class Lifecycle:
    name: str
    short_id: str
    image: str
    state: str
    status_text: str
    process: str
    pid: int
    exit_code: int
    policy: str
    restart_count: int
    edges: tuple[Edge, ...]

    @property
    def states(self) -> list[str]:
        shown = {e.source for e in self.edges} | {e.target for e in self.edges} | {self.state}
        return [s for s in ORDER if s in shown]


def edges_for(policy: str, maximum: int = 0, state: str = "") -> tuple[Edge, ...]:
    """The commands (and process exits) that move a container between states."""
    edges = [
        Edge("created", "running", "start"),
        Edge("created", REMOVED, "rm"),
        Edge("running", "paused", "pause"),
        Edge("running", "running", "restart"),
        Edge("running", "exited", "stop, kill"),
        Edge("paused", "running", "unpause"),
        Edge("paused", "exited", "stop, kill"),
        Edge("exited", "running", "start, restart"),
        Edge("exited", REMOVED, "rm"),
        Edge("running", REMOVED, "rm -f"),
        Edge("paused", REMOVED, "rm -f"),
    ]
    if policy in ("always", "unless-stopped"):
        edges.append(Edge("running", "restarting", "process exits"))
    elif policy == "on-failure":
        most = f" (at most {maximum} times)" if maximum else ""
        edges.append(Edge("running", "exited", "process exits 0"))
        edges.append(Edge("running", "restarting", f"process exits non-zero{most}"))
    else:
        edges.append(Edge("running", "exited", "process exits"))
    if policy != "no":
        edges += [
            Edge("restarting", "running", "back-off ends"),
            Edge("restarting", "exited", "stop, kill"),
            Edge("restarting", REMOVED, "rm -f"),
        ]
    if state == "removing":
        edges.append(Edge("removing", REMOVED, "removal ends"))
    if state == "dead":
        edges.append(Edge("dead", REMOVED, "rm"))
    return tuple(edges)


def lifecycle_of(engine: Engine, name: str) -> Lifecycle:
    try:
        container = engine.container_get(name)
    except NotFound:
        raise NothingToShow(f"no such container: {name}") from None
    return lifecycle(container, engine.now)


def lifecycle(container: Container, now: float) -> Lifecycle:
    policy = container.host_config.restart_policy
    state = container.state
    return Lifecycle(
        name=container.display_name,
        short_id=container.short_id,
        image=container.image_ref,
        state=state.status,
        status_text=state.status_text(now),
        process=container.ps_command,
        pid=state.pid,
        exit_code=state.exit_code,
        policy=policy.name,
        restart_count=container.restart_count,
        edges=edges_for(policy.name, policy.maximum_retry_count, state.status),
    )


def _facts(life: Lifecycle) -> list[str]:
    pid = f" (PID {life.pid} on the host)" if life.pid else ""
    times = "time" if life.restart_count == 1 else "times"
    ended = life.state in ("exited", "restarting", "dead")
    exit_line = [f"last exit code: {life.exit_code}"] if ended else []
    return [
        f"status: {life.status_text or life.state}",
        f"main process: {life.process}{pid}",
        f"restart policy: {life.policy}, restarted {life.restart_count} {times}",
        *exit_line,
    ]


def _wrapped(moves: list[str], width: int) -> list[str]:
    lines = [""]
    for move in moves:
        joined = f"{lines[-1]} · {move}" if lines[-1] else move
        if lines[-1] and len(joined) > width:
            lines.append(move)
        else:
            lines[-1] = joined
    return lines


def text(life: Lifecycle, ink: Ink) -> str:
    out = [f"{ink(f'container {life.name}', 'bold')} ({life.short_id}) from {life.image}", ""]
    out += _facts(life)
    out.append("")
    width = max(len(s) for s in life.states)
    lines: list[str] = []
    shown: list[int] = []
    for state in life.states:
        here = state == life.state
        moves = [f"{e.label} → {e.target}" for e in life.edges if e.source == state]
        head = f"{'●' if here else '○'} {state:<{width}}"
        suffix = "  ◀ now" if here else ""
        for number, part in enumerate(_wrapped(moves, 56)):
            if number == 0:
                plain = f"{head}  {part}{suffix}"
                drawn = (
                    f"{ink(head, 'bold', 'green')}  {part}{ink(suffix, 'green')}" if here else plain
                )
            else:
                plain = drawn = f"{'':{width + 2}}  {part}"
            lines.append(drawn)
            shown.append(len(plain))
    out += box(" lifecycle ", lines, shown)
    return "\n".join(out) + "\n"


def mermaid(life: Lifecycle) -> str:
    out = ["stateDiagram-v2", "  [*] --> created : create"]
    for edge in life.edges:
        target = "[*]" if edge.target == REMOVED else edge.target
        out.append(f"  {edge.source} --> {target} : {mermaid_text(edge.label)}")
    out.append("  classDef current font-weight:bold,stroke-width:3px")
    out.append(f"  class {life.state} current")
    note = " / ".join(mermaid_text(f) for f in _facts(life))
    out.append(f"  note right of {life.state} : {note}")
    return "\n".join(out) + "\n"


def dot(life: Lifecycle) -> str:
    out = [f'digraph "{dot_text(life.name)}" {{', "  rankdir=LR;", "  node [shape=ellipse];"]
    out.append("  create [shape=point];")
    for state in life.states:
        extra = ", style=bold, peripheries=2" if state == life.state else ""
        out.append(f'  {state} [label="{state}"{extra}];')
    out.append(f'  {REMOVED} [shape=doublecircle, label="removed"];')
    out.append('  create -> created [label="create"];')
    for edge in life.edges:
        out.append(f'  {edge.source} -> {edge.target} [label="{dot_text(edge.label)}"];')
    facts = "\\l".join(dot_text(f) for f in _facts(life)) + "\\l"
    out.append(f'  facts [shape=note, label="{facts}"];')
    return "\n".join([*out, "}"]) + "\n"


def svg(life: Lifecycle, highlight: frozenset[str] = frozenset()) -> str:
    """The container's facts in a box, then each state as a pill (the current one marked)
    with the commands and process exits that leave it."""
    from dockersim.pictures.svg import CELL, GAP, LINE, PAD, Canvas, Line, Rect, line

    canvas = Canvas(highlight)
    head: list[Line] = [
        line((f"container {life.name}", "b"), f" ({life.short_id}) from {life.image}")
    ]
    head += [line(fact) for fact in _facts(life)]
    label = f"container {life.name}: {life.state}"
    rect = canvas.box(
        PAD, PAD, head, cls="container", kind="container", name=life.name, label=label
    )
    y = rect.bottom + GAP + 4
    pill = (max(len(s) for s in life.states) + 4) * CELL
    for state in life.states:
        here = state == life.state
        moves = [f"{e.label} → {e.target}" for e in life.edges if e.source == state]
        lines = _wrapped(moves, 56)
        height = max(len(lines), 1) * LINE + 8
        cls = "state current" if here else "state"
        now = " (the current state)" if here else ""
        canvas.open(cls, "state", state, f"{state}{now}: {'; '.join(moves)}")
        canvas.rect(Rect(PAD, y, pill, height), radius=12)
        mark = line((f"{'●' if here else '○'} {state}", "b" if here else ""))
        canvas.text(PAD + 10, y + 17, mark)
        for number, part in enumerate(lines):
            row: Line = line(part)
            if here and number == 0:
                row = (*row, ("  ◀ now", "ok"))
            canvas.text(PAD + pill + 12, y + 17 + number * LINE, row)
        canvas.close()
        y += height + 6
    desc = (
        f"The lifecycle of container {life.name}: it is {life.state}; "
        f"restart policy {life.policy}. Each state lists the commands that leave it."
    )
    return canvas.document(f"lifecycle of container {life.name}", desc)
