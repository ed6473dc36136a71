"""A node script that waited on the network at a moment the world had not reached yet.

A container's PID 1 runs ahead of the clock when it starts (engine/runtime.py): what wait-port
(node_db) would learn at a later moment, a port another container opens in the meantime, is
not known then. So the script stops there (node_script's `Suspend`) and the engine wakes it at
that moment (`Timeline.wake`): the script, and only it (the `yarn install` before it is not
done twice), runs again from where it began, with the same clock; what it asked before the
moment gets the answer it had, the moment itself the world's, and what it prints past the
characters it had printed before it stopped is logged. Under nodemon an exit is nodemon's
`app crashed` line, and the container lives on. A wake with no script waiting is nodemon's
noticing a changed file (nodemon_watch.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.model.userland.types import Output, Timeline

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container

CRASHED = "[nodemon] app crashed - waiting for file changes before starting...\n"


def wake(engine: Engine, container: Container, at: float) -> tuple[Timeline, float] | None:
    """The script's timeline run again (its start, `begun`, as when it first ran), or None."""
    from dockersim.engine.netview import NetView
    from dockersim.engine.programs.nodemon_watch import runs_nodemon
    from dockersim.model.userland import execute

    info = next((e["wake"] for e in reversed(container.served) if "wake" in e), None)
    if info is None:  # (no wait-port behind it: nodemon noticed a changed file)
        restart_now(engine, container, at)
        return None
    container.served = [e for e in container.served if "wake" not in e]
    if not isinstance(info, dict):
        return None
    begun = float(info["begun"])
    proc = engine.proc_for(container)
    proc.now = begun
    proc.env = {str(k): str(v) for k, v in dict(info["env"]).items()}
    proc.cwd = str(info["cwd"])
    if isinstance(proc.net, NetView):
        proc.net.present = at
    timeline = _unsaid(execute([str(a) for a in info["argv"]], proc), int(info["written"]))
    if timeline.exit_code is None or not runs_nodemon(container, proc.fs, proc.cwd):
        return timeline, begun
    crashed = Output("stdout", CRASHED if timeline.exit_code else
                     "[nodemon] clean exit - waiting for changes before restart\n",
                     timeline.duration)  # fmt: skip
    blocked = Timeline((*timeline.outputs, crashed), None, timeline.duration, "nodemon")
    return blocked, begun


def _unsaid(timeline: Timeline, written: int) -> Timeline:
    """The timeline without its first `written` characters (logged when it first ran)."""
    outputs = []
    for item in timeline.outputs:
        if written >= len(item.text):
            written -= len(item.text)
            continue
        outputs.append(Output(item.stream, item.text[written:], item.at))
        written = 0
    return attrs.evolve(timeline, outputs=tuple(outputs))


def restart_now(engine: Engine, container: Container, at: float) -> None:
    """The moment nodemon noticed a change (a WAKE with no wait-port behind it): the script
    brought up again as the world is then, its restart and start lines logged."""
    from dockersim.engine.programs.node_http import started

    world = engine.world
    before = world.now
    world.now = max(before, at)  # (settle moves the clock past `at` when it is done)
    try:
        started(engine, container)
    finally:
        world.now = before
