"""`node app.js`: a script from the container's filesystem, run by the userland's evaluator.

The script is the main CommonJS module (model/userland/programs/jsmodules.py); after it, the
event loop runs its callbacks on the virtual clock (console.log lands at the time its timer
fired). When nothing is left node exits with `process.exitCode` (0); a listening server keeps
it running (blocked). `process.on('SIGTERM' | 'SIGINT', handler)` is worked out when it blocks,
as a shell's traps are: what the handler prints and whether it exits, replayed on `docker
stop`; without a handler node as PID 1 ignores SIGTERM and SIGINT (docker stop waits, then
kills). An uncaught error prints as node prints it (the file and line, the line, a caret, the
stack) and exits 1.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from dockersim.engine.netview import Suspend
from dockersim.engine.programs.node_repl import node_path, node_version
from dockersim.model.userland.caps import MEMORY_HIT, Heap
from dockersim.model.userland.io import Recorder
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.jsasync import Crash
from dockersim.model.userland.programs.jsbuiltins import error_stack
from dockersim.model.userland.programs.jseval import Interpreter, excerpt
from dockersim.model.userland.programs.jsevents import emit, listeners
from dockersim.model.userland.programs.jshost import JSExit
from dockersim.model.userland.programs.jsinspect import TooLong, format_args, inspect
from dockersim.model.userland.programs.jsmodules import ModuleSystem
from dockersim.model.userland.programs.jsvalues import (
    ErrorInfo,
    JSObject,
    JSSyntaxError,
    JSThrow,
    Unsupported,
)
from dockersim.model.userland.types import Blocked, Proc, StepLimit

#: the frames node 20's CommonJS loader adds under a main module's (est.: node 20.19's line
#: numbers were not found; these follow the 20.x loader's shape)
MAIN_FRAMES = (
    "\n    at Module._compile (node:internal/modules/cjs/loader:1554:14)"
    "\n    at Object..js (node:internal/modules/cjs/loader:1706:10)"
    "\n    at Module.load (node:internal/modules/cjs/loader:1289:32)"
    "\n    at Function._load (node:internal/modules/cjs/loader:1108:12)"
    "\n    at TracingChannel.traceSync (node:diagnostics_channel:322:14)"
    "\n    at wrapModuleLoad (node:internal/modules/cjs/loader:220:24)"
    "\n    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:170:5)"
    "\n    at node:internal/main/run_main_module:36:49"
)
#: a main module that is not there (est., as above)
NOT_FOUND = (
    "node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\n"
    "Error: Cannot find module '{path}'\n"
    "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n"
    "    at Module._load (node:internal/modules/cjs/loader:1051:27)\n"
    "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)\n"
    "    at node:internal/main/run_main_module:28:49 {{\n"
    "  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}}\n\nNode.js v{version}\n"
)
NOTE = "dockersim: not simulated in node: {what} (dockersim runs a subset of JavaScript)\n"
#: the steps one callback may take before the process counts as spinning in it (not waiting)
SPIN_STEPS = 20_000
#: the signals a handler can be set for that docker stop and docker kill send
HANDLED = ("SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGQUIT")


def boot(
    proc: Proc,
    rec: Recorder,
    heap: Heap,
    argv: list[str],
    write: Any,
    env: dict[str, str],
    cwd: str,
) -> tuple[Interpreter, ModuleSystem, str]:
    """A realm for `node SCRIPT ARGS...` (argv from `node` on) in a process, its modules, and
    the main module's path ("" when it is not there)."""
    version = node_version(env)
    main = posixpath.normpath(posixpath.join(cwd, argv[1]))
    realm = Interpreter(
        env, version, [node_path(proc), main, *argv[2:]], proc.pid, cwd, heap, write,
        arch="arm64" if proc.arch == "aarch64" else "x64", tick=rec.step,
    )  # fmt: skip
    realm.stack_tail = MAIN_FRAMES
    realm.loop.advance = rec.advance
    modules = install_modules(realm, proc, env, cwd, rec.epoch)
    return realm, modules, modules.resolve(main, "/") or ""


def run_script(ctx: Ctx) -> int:
    """Run `node SCRIPT ARGS...`: its exit status."""
    heap = ctx.heap if ctx.heap is not None else Heap(ctx.proc.memory_limit)
    version = node_version(ctx.env)

    written = [0]

    def write(stream: str, text: str) -> None:
        written[0] += len(text)
        (ctx.out if stream == "stdout" else ctx.err).write(text)

    begun = ctx.rec.now
    realm, modules, path = boot(ctx.proc, ctx.rec, heap, ctx.argv, write, ctx.env, ctx.cwd)
    if not path:
        main = posixpath.normpath(posixpath.join(ctx.cwd, ctx.argv[1]))
        ctx.err.write(NOT_FOUND.format(path=main, version=version))
        return 1
    try:
        try:
            modules.load(path, None)
            holds = _run_loop(realm, ctx)
        except (JSThrow, RecursionError, Crash) as exc:
            ctx.err.write(uncaught(realm, exc, version))
            return 1
        except JSSyntaxError as exc:
            ctx.err.write(syntax_error(realm, exc, version))
            return 1
        except TooLong:
            ctx.err.write("RangeError: Invalid string length\n")
            return 1
        except Unsupported as exc:
            ctx.err.write(NOTE.format(what=exc))
            return 1
        except Suspend:
            signals = frozenset(s for s in HANDLED if listeners(realm.builtins["process"]).get(s))
            reactions = {s: react(realm, ctx, s, version) for s in signals}
            wake = {"argv": list(ctx.argv), "cwd": ctx.cwd, "env": dict(ctx.env),
                    "begun": ctx.rec.start + begun, "written": written[0]}  # fmt: skip
            raise Blocked("node", signals, reactions, wake=wake) from None
        if holds:
            signals = frozenset(s for s in HANDLED if listeners(realm.builtins["process"]).get(s))
            reactions = {s: react(realm, ctx, s, version) for s in signals}
            raise Blocked(posixpath.basename(ctx.argv[0]) or "node", signals, reactions)
        return exit_code(realm, "exit")
    except JSExit as exc:
        return exc.code
    finally:
        if heap.exhausted and ctx.fs.quota is not None:
            ctx.fs.quota.hit(MEMORY_HIT)


def _run_loop(realm: Interpreter, ctx: Ctx) -> bool:
    """The event loop; True when the process lives on (a server, or timers past the step
    budget: node would go on running them). A callback that spins without end is node
    blocked in it: StepLimit goes on up (it handles no signal then)."""
    started = [ctx.rec.steps]
    outer = realm.loop.callback_started

    def mark() -> None:
        started[0] = ctx.rec.steps

    realm.loop.callback_started = mark
    try:
        return realm.loop.run()
    except StepLimit:
        if ctx.rec.steps - started[0] > SPIN_STEPS:
            raise
        return True
    finally:
        realm.loop.callback_started = outer


def _run_loop_plain(realm: Interpreter) -> bool:
    """The event loop of a script run again (node_http): to where only its servers are left."""
    return realm.loop.run()


def exit_code(realm: Interpreter, event: str) -> int:
    """process.exitCode after the 'exit' listeners ran."""
    process = realm.builtins["process"]
    code = realm.exit_code
    if listeners(process).get(event):
        emit(realm, process, event, [float(code)])
    return realm.exit_code


def react(realm: Interpreter, ctx: Ctx, signal: str, version: str) -> dict[str, Any]:
    """What the process does when `signal` arrives while it waits: its handlers run (worked
    out now, the filesystem put back after), then the loop; exits or lives on."""
    rec = Recorder(ctx.rec.epoch(), ctx.rec.max_steps, ctx.rec.max_output)
    outputs: list[list[Any]] = []
    saved_fs = ctx.fs.checkpoint()
    outer_write, outer_advance, outer_tick = realm.write, realm.loop.advance, realm._tick

    def capture(stream: str, text: str) -> None:
        outputs.append([rec.now, stream, text])

    realm.write = capture
    realm.builtins["console"].props.update(_console(realm, capture))
    realm.loop.advance, realm._tick = rec.advance, rec.step
    code: int | None = None
    try:
        emit(realm, realm.builtins["process"], signal, [signal])
        if not realm.loop.run():
            code = realm.exit_code
    except JSExit as exc:
        code = exc.code
    except (JSThrow, RecursionError, Crash) as exc:
        capture("stderr", uncaught(realm, exc, version))
        code = 1
    except Exception:
        code = None
    finally:
        ctx.fs.rollback(saved_fs)
        realm.write, realm.loop.advance, realm._tick = outer_write, outer_advance, outer_tick
    return {"delay": 0.0, "duration": rec.end, "code": code, "outputs": outputs}


def _console(realm: Interpreter, write: Any) -> dict[str, Any]:
    from dockersim.model.userland.programs.jsvalues import UNDEFINED, JSFunction

    def printer(stream: str) -> Any:
        def show(args: list[Any]) -> Any:
            write(stream, format_args(args) + "\n")
            return UNDEFINED

        return show

    return {name: JSFunction(name, printer(stream)) for name, stream in
            (("log", "stdout"), ("info", "stdout"), ("debug", "stdout"), ("error", "stderr"),
             ("warn", "stderr"))}  # fmt: skip


def install_modules(
    realm: Interpreter,
    proc: Proc,
    env: dict[str, str],
    cwd: str,
    epoch: Callable[[], float] | None = None,
) -> ModuleSystem:
    """The core modules and native addons a script can require (`epoch`: the process's
    clock, for what asks the network about a moment)."""
    from dockersim.engine.programs import node_db
    from dockersim.model.userland.programs import jsnodelib as lib
    from dockersim.model.userland.programs.jscrypto import make_crypto
    from dockersim.model.userland.programs.jshttp import make_http

    modules = ModuleSystem(realm, proc.fs, cwd)
    home = env.get("HOME", "/root")
    arch = "arm64" if proc.arch == "aarch64" else "x64"
    modules.makers.update({
        "fs": lambda: lib.make_fs(realm, proc.fs, cwd),
        "fs/promises": lambda: modules.require("fs", "/", None).props["promises"],
        "path": lambda: lib.make_path(realm, cwd),
        "http": lambda: make_http(realm),
        "os": lambda: lib.make_os(realm, proc.hostname, arch, home),
        "util": lambda: lib.make_util(realm),
        "events": lambda: lib.make_events(realm),
        "timers": lambda: lib.make_timers(realm),
        "process": lambda: realm.builtins["process"],
        "crypto": lambda: make_crypto(realm, proc.hostname, proc.pid),
    })  # fmt: skip
    modules.addons.update({
        "sqlite3": lambda: node_db.make_sqlite(realm, proc, cwd),
        "wire": lambda: node_db.make_wire(realm, proc, epoch),
    })  # fmt: skip
    return modules


def uncaught(realm: Interpreter, exc: BaseException, version: str) -> str:
    """What node prints for an error nothing caught: where it was thrown, the error as
    util.inspect shows it, and node's version."""
    if isinstance(exc, Crash):
        value = exc.reason
        where = ""
        thrown = getattr(getattr(value, "internal", None), "thrown", None)
        if thrown is not None:
            where = _excerpt(*thrown)
        if not (isinstance(value, JSObject) and isinstance(value.internal, ErrorInfo)):
            shown = inspect(value)
            return (
                "node:internal/process/promises:391\n"
                "    triggerUncaughtException(err, true /* fromPromise */);\n    ^\n\n"
                "[UnhandledPromiseRejection: This error originated either by throwing inside "
                "of an async function without a catch block, or by rejecting a promise which "
                f'was not handled with .catch(). The promise rejected with the reason "{shown}".]'
                " {\n  code: 'ERR_UNHANDLED_REJECTION'\n}\n\n"
                f"Node.js v{version}\n"
            )  # est.: node 20's file and line for it
    else:
        value = realm.thrown_value(exc)
        where = _where(exc)
    if isinstance(value, JSObject) and isinstance(value.internal, ErrorInfo):
        text = inspect(value).replace(
            _header_of(value), error_stack(realm, value).split("\n", 1)[0], 1
        )  # (a name set after the error was made shows, as V8 formats the stack lazily)
    else:  # (est.: a thrown string as it is, anything else as inspect shows it)
        text = value if isinstance(value, str) else inspect(value)
        return f"{where}{text}\n(Use `node --trace-uncaught ...` to show where the " \
               f"exception was thrown)\n\nNode.js v{version}\n"  # fmt: skip
    return (
        f"{where}\n{text}\n\nNode.js v{version}\n" if where else f"{text}\n\nNode.js v{version}\n"
    )


def _header_of(error: JSObject) -> str:
    from dockersim.model.userland.programs.jsinspect import error_stack as shown_stack

    return shown_stack(error).split("\n", 1)[0]


def _where(exc: BaseException) -> str:
    """`FILE:LINE`, the line and a caret under where the error was thrown."""
    module = getattr(exc, "module", None)
    at = getattr(exc, "at", None)
    if module is None or at is None:
        return ""
    return _excerpt(module, at)


def _excerpt(module: Any, at: int) -> str:
    file, text = module
    number, line, carets = excerpt(text, at, at + 1)
    return f"{file}:{number}\n{line}\n{carets}\n"


def syntax_error(realm: Interpreter, exc: JSSyntaxError, version: str) -> str:
    file, text = realm.module
    number, line, carets = excerpt(text, exc.start, exc.end)
    frames = (
        "\n    at wrapSafe (node:internal/modules/cjs/loader:1469:18)"
        "\n    at Module._compile (node:internal/modules/cjs/loader:1491:20)"
        "\n    at Object..js (node:internal/modules/cjs/loader:1689:10)"
        "\n    at Module.load (node:internal/modules/cjs/loader:1318:32)"
        "\n    at Function._load (node:internal/modules/cjs/loader:1128:12)"
        "\n    at TracingChannel.traceSync (node:diagnostics_channel:322:14)"
        "\n    at wrapModuleLoad (node:internal/modules/cjs/loader:219:24)"
        "\n    at Function.executeUserEntryPoint [as runMain] "
        "(node:internal/modules/run_main:170:5)"
        "\n    at node:internal/main/run_main_module:36:49"
    )  # est.: as MAIN_FRAMES
    return (f"{file}:{number}\n{line}\n{carets}\n\nSyntaxError: {exc.message}{frames}\n\n"
            f"Node.js v{version}\n")  # fmt: skip
