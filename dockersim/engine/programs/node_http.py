"""A node script's http server as the engine reaches it: the ports it listens on and its
answer to a request (`curl localhost:3000` in the container, a published port from the host).

No process stays alive between two commands, so the script is run again for each question,
silently, from the start to where it listens (what its start writes to the filesystem is put
back: it happened when the container started); then the request goes to its handler, whose
output lands in the container's log and whose writes stay. Simplification: what the script
keeps in memory does not last from one request to the next (each request meets the state the
script's start leaves).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs import Request
from dockersim.engine.programs.http import HttpResponse, http_date
from dockersim.model.userland.caps import Heap
from dockersim.model.userland.io import Recorder
from dockersim.model.userland.programs.jshost import JSExit
from dockersim.model.userland.programs.jshttp import dispatch
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, JSThrow, Unsupported
from dockersim.model.userland.types import MemoryExhausted, OutputLimit, StepLimit

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.jseval import Interpreter

#: what the script's start may fail with (then it answers nothing)
_FAILED = (JSThrow, JSSyntaxError, JSExit, Unsupported, RecursionError, StepLimit, OutputLimit,
           MemoryExhausted)  # fmt: skip
NEVER_ENDED = (
    "dockersim: not simulated in node: a request whose response the handler never ends "
    "(the client would wait)\n"
)


def script_argv(container: Container) -> list[str] | None:
    """`node SCRIPT ARGS...` from the container's command (after an entrypoint), or None."""
    args = [container.path, *container.args]
    for i, arg in enumerate(args):
        if posixpath.basename(arg) in ("node", "nodejs"):
            rest = args[i:]
            return rest if len(rest) > 1 and not rest[1].startswith("-") else None
    return None


def started(engine: Engine, container: Container) -> Interpreter | None:
    """The script run again to where it listens (its output dropped), or None."""
    from dockersim.engine.programs.node_script import _run_loop_plain, boot

    if container.blocked_in not in ("node", "nodejs") or not container.state.running:
        return None
    argv = script_argv(container)
    if argv is None:
        return None
    proc = engine.proc_for(container)
    rec = Recorder(proc.now, proc.max_steps, proc.max_output)
    fs = engine.container_fs(container)
    saved = fs.checkpoint()
    try:
        realm, modules, path = boot(proc, rec, Heap(proc.memory_limit), argv, _drop, proc.env,
                                    proc.cwd)  # fmt: skip
        if not path:
            return None
        modules.load(path, None)
        _run_loop_plain(realm)
    except _FAILED:
        return None
    finally:
        fs.rollback(saved)
    return realm


def ports(engine: Engine, container: Container) -> list[int]:
    realm = started(engine, container)
    return [] if realm is None else sorted({s.port for s in realm.loop.servers})


def serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    realm = started(engine, container)
    if realm is None:
        return None
    now = engine.now

    def log(stream: str, text: str) -> None:
        container.logs.append((now, stream, text))

    realm.write = log
    _console_to(realm, log)
    headers = [("Host", request.host or f"localhost:{request.port}"),
               ("User-Agent", request.agent), ("Accept", "*/*")]  # fmt: skip
    if request.body:
        headers += [("Content-Type", request.content_type or "application/x-www-form-urlencoded"),
                    ("Content-Length", str(len(request.body.encode())))]  # fmt: skip
    try:
        reply = dispatch(realm, request.port, request.method, request.path or "/", headers,
                         request.body)  # fmt: skip
    except _FAILED as exc:
        log("stderr", f"dockersim: the request failed in node: {exc}\n")
        return None
    if reply is None:
        return None
    if reply.status is None:
        log("stderr", NEVER_ENDED)
        return None
    stamped = tuple((k, http_date(now) if v == "<date>" else v) for k, v in reply.headers)
    return HttpResponse(reply.status, reply.reason, stamped, reply.body.encode())


def _drop(stream: str, text: str) -> None:
    """Output of the script's start, run again: it was logged when the container started."""


def _console_to(realm: Interpreter, write: Any) -> None:
    from dockersim.engine.programs.node_script import _console

    realm.builtins["console"].props.update(_console(realm, write))
