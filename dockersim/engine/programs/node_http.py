"""A node script's http server as the engine reaches it: the ports it listens on and its
answer to a request (`curl localhost:3000` in the container, a published port from the host).

No process stays alive between two commands, so the script is run again for each question,
silently, from the start to where it listens (what its start writes to the filesystem is put
back: it happened when the container started); then the requests it answered before
(`Container.served`) are handed to it again, each at its own time on the loop's clock with the
timers due before it, their output dropped and their writes put back; so what the server keeps
in memory (a counter, a list) is as the real process would have it. Then the request goes to
its handler, whose output lands in the container's log and whose writes stay. During the
replay `realm.replaying` is set: clients of other servers (mysql2) send nothing then.
Within one Python process the server that answered the last request is kept in memory and
brought on to the next instead of replayed, while nothing the replay reads has changed
(node_live.py); a world loaded from disk replays.
Simplifications: a replayed handler reads the files as they are now (not as they were); past
MAX_SERVED requests the server answers no more and says why in its log.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs import Request, nodemon_watch
from dockersim.engine.programs.http import HttpResponse, http_date
from dockersim.engine.programs.nodemon_watch import restart_time
from dockersim.engine.programs.nodemon_watch import words as _words
from dockersim.model.fs import FsError
from dockersim.model.userland.caps import Heap
from dockersim.model.userland.io import Recorder
from dockersim.model.userland.programs.jshost import JSExit
from dockersim.model.userland.programs.jshttp import dispatch
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, JSThrow, Unsupported
from dockersim.model.userland.types import MemoryExhausted, OutputLimit, StepLimit

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.programs.node_live import Live
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS
    from dockersim.model.userland.programs.jseval import Interpreter

#: what the script's start may fail with (then it answers nothing)
_FAILED = (JSThrow, JSSyntaxError, JSExit, Unsupported, RecursionError, StepLimit, OutputLimit,
           MemoryExhausted)  # fmt: skip
#: the requests one server process is replayed through (each request replays all before it)
MAX_SERVED = 200
TOO_MANY = (
    f"dockersim: not simulated in node: more than {MAX_SERVED} requests to one server process "
    "(restart the container)\n"
)
NEVER_ENDED = (
    "dockersim: not simulated in node: a request whose response the handler never ends "
    "(the client would wait)\n"
)


def script_argv(container: Container, fs: CowFS | None = None, cwd: str = "/") -> list[str] | None:
    """`node SCRIPT ARGS...` from the container's command (after an entrypoint, in `sh -c`,
    under nodemon, or in the package.json script `npm start`/`yarn run dev` runs), or None."""
    args = [container.path, *container.args]
    found = _node_in(args)
    if found is not None or fs is None:
        return found
    words = _words(args)
    for i, word in enumerate(words):
        if posixpath.basename(word) not in ("npm", "yarn", "yarnpkg"):
            continue
        rest = [w for w in words[i + 1 :] if not w.startswith("-")]
        name = rest[1] if rest[:1] == ["run"] and len(rest) > 1 else rest[0] if rest else ""
        try:
            manifest = json.loads(fs.read(posixpath.join(cwd, "package.json")))
            script = manifest["scripts"][name]
        except (FsError, ValueError, KeyError, TypeError):
            continue
        if isinstance(script, str) and (found := _node_in(_words([script]))) is not None:
            return found
    return None


def _node_in(args: list[str]) -> list[str] | None:
    words = _words(args) if any(" " in a for a in args) else args
    for i, arg in enumerate(words):
        if posixpath.basename(arg) in ("node", "nodejs", "nodemon"):
            rest = []
            for word in words[i + 1 :]:
                if word in ("&&", "||", ";", "|", "&"):
                    break
                if word not in ("-L", "--legacy-watch"):
                    rest.append(word)
            if rest and not rest[0].startswith("-"):
                return ["node", *rest]
            return None
    return None


def started(engine: Engine, container: Container) -> Interpreter | None:
    """The script run again to where it listens, then through the requests it answered
    before (its output dropped, its writes put back), or None. Within one Python process
    the server kept from the last request is brought on instead (node_live.py)."""
    from dockersim.engine.programs import node_live
    from dockersim.engine.programs.node_script import boot

    if container.blocked_in not in ("node", "nodejs") or not container.state.running:
        return None
    fs = engine.container_fs(container)
    cwd = container.config.working_dir or "/"  # (the process's, as Engine.proc_for gives it)
    argv = script_argv(container, fs, cwd)
    if argv is None:
        return None
    restarted = nodemon_restart(engine, container, fs, cwd, argv)
    served = _since_restart(container.served)
    begun = restart_time(container) or container.state.started_at or engine.now
    key = (container.state.started_at, begun, tuple(argv), cwd)
    live = node_live.take(engine, container, key, fs, served)
    if live is not None:
        return _resume(engine, live, fs, begun, container)
    proc = engine.proc_for(container)
    rec = Recorder(proc.now, proc.max_steps * 4, proc.max_output)
    saved = fs.checkpoint()

    def announce(stream: str, text: str) -> None:
        container.logs.append((begun, stream, text))

    try:
        realm, modules, path = boot(proc, rec, Heap(proc.memory_limit), argv,
                                    announce if restarted else _drop, proc.env,
                                    proc.cwd)  # fmt: skip
        if not path:
            return None
        realm.replaying = True
        if restarted:
            _console_to(realm, announce)
        modules.load(path, None)
        realm.loop.run(0.0)
        realm.write = _drop
        _console_to(realm, _drop)
        for old in served:
            until = (float(old["at"]) - begun) * 1000
            realm.loop.run(until)
            dispatch(realm, int(old["port"]), str(old["method"]), str(old["path"]),
                     [(str(k), str(v)) for k, v in old["headers"]], str(old["body"]),
                     until)  # fmt: skip
        realm.loop.run((engine.now - begun) * 1000)
    except _FAILED:
        return None
    finally:
        fs.rollback(saved)
    realm.replaying = False
    node_live.keep(container, node_live.Live(realm, modules, proc, rec, fs, key,
                                             node_live.latest_event(engine), len(served),
                                             served[-1] if served else None))  # fmt: skip
    return realm


def _resume(
    engine: Engine, live: Live, fs: CowFS, begun: float, container: Container
) -> Interpreter | None:
    """The kept server brought on to now as the replay's last step brings it: its timers
    run, their output dropped and their writes put back."""
    from dockersim.engine.programs import node_live

    realm = live.realm
    live.proc.now = engine.now  # (the replay's process would be made now)
    live.rec.start = engine.now
    realm.write = _drop
    _console_to(realm, _drop)
    realm.replaying = True
    saved = fs.checkpoint()
    try:
        realm.loop.run((engine.now - begun) * 1000)
    except _FAILED:
        node_live.forget(container)
        return None
    finally:
        fs.rollback(saved)
    realm.replaying = False
    return realm


def _since_restart(served: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The requests the process answered since nodemon last restarted it."""
    for i in range(len(served) - 1, -1, -1):
        if "restart" in served[i]:
            return [e for e in served[i + 1 :] if "at" in e]
    return [e for e in served if "at" in e]


def nodemon_restart(
    engine: Engine, container: Container, fs: CowFS, cwd: str, argv: list[str]
) -> bool:
    """nodemon restarts the script when it has noticed (by now) a watched file changed
    since it (re)started (nodemon_watch.py): its lines in the log at that moment (the
    script's start follows), and a mark in `Container.served` from which the requests the
    new process answered count."""
    if not nodemon_watch.runs_nodemon(container, fs, cwd):
        return False
    begun = restart_time(container)
    if begun is None:
        begun = nodemon_watch.first_start(container)
    at = nodemon_watch.noticed(engine, container, fs, cwd, begun)
    if at is None or at > engine.now:
        return False
    container.served.append({"restart": at})
    command = " ".join(argv)
    container.logs.append(
        (at, "stdout", f"{nodemon_watch.RESTARTING}[nodemon] starting `{command}`\n")
    )
    return True


def waiting(container: Container) -> bool:
    """Whether PID 1 waits to be run again (engine/runtime.py WAKE, node_wake.py): its script
    does not listen yet (a WAKE without a `wake` entry is nodemon's, nodemon_watch.py)."""
    return (container.exit_code_at == -1 and container.exit_at is not None
            and any("wake" in entry for entry in container.served))  # fmt: skip


def ports(engine: Engine, container: Container) -> list[int]:
    if waiting(container):  # (still waiting for a port of another container)
        return []
    realm = started(engine, container)
    return [] if realm is None else sorted({s.port for s in realm.loop.servers})


def serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    from dockersim.engine.programs import node_live

    now = engine.now
    if len(_since_restart(container.served)) >= MAX_SERVED:
        container.logs.append((now, "stderr", TOO_MANY))
        return None
    realm = started(engine, container)
    if realm is None:
        return None

    def log(stream: str, text: str) -> None:
        container.logs.append((now, stream, text))

    realm.write = log
    _console_to(realm, log)
    headers = [("Host", request.host or f"localhost:{request.port}"),
               ("User-Agent", request.agent), ("Accept", "*/*")]  # fmt: skip
    if request.body:
        headers += [("Content-Type", request.content_type or "application/x-www-form-urlencoded"),
                    ("Content-Length", str(len(request.body.encode())))]  # fmt: skip
    until = (now - (container.state.started_at or now)) * 1000
    try:
        reply = dispatch(realm, request.port, request.method, request.path or "/", headers,
                         request.body, until)  # fmt: skip
    except _FAILED as exc:
        node_live.forget(container)  # (half-way through a handler: the replay has it right)
        log("stderr", f"dockersim: the request failed in node: {exc}\n")
        return None
    if reply is None:
        return None
    entry = {"at": now, "port": request.port, "method": request.method,
             "path": request.path or "/", "headers": [list(h) for h in headers],
             "body": request.body}  # fmt: skip
    container.served.append(entry)
    node_live.answered(container, entry)
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
