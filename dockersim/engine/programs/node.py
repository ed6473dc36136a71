"""`node` in the simulated userland: `node -e CODE`, `node -p CODE`, and its REPL.

`-e` (`--eval`) runs the code in jseval, a small safe subset of JavaScript (never a real
engine), `-p` (`--print`) also prints its value as console.log would; an uncaught error is
printed as node prints it (the line, a caret, the error, node 20's stack frames and
`Node.js vX`) and exits 1, `process.exit(n)` exits n. Code outside the subset says so on
stderr and exits 1. At a terminal with no script, `node_repl` is its REPL. Everything else
(`--version`) is the userland's own `node`; `node app.js` runs the script (node_script).
"""

from __future__ import annotations

import posixpath

from dockersim.engine.programs import Program, node_http, node_wake
from dockersim.engine.programs.node_repl import (
    NOTE,
    new_interpreter,
    node_path,
    node_version,
    repl,
)
from dockersim.model.userland import programs as userland
from dockersim.model.userland.caps import MEMORY_HIT, Heap
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.jsasync import Crash
from dockersim.model.userland.programs.jsbuiltins import error_header
from dockersim.model.userland.programs.jseval import Interpreter, excerpt
from dockersim.model.userland.programs.jshost import JSExit
from dockersim.model.userland.programs.jsinspect import TooLong, format_args
from dockersim.model.userland.programs.jsvalues import (
    ErrorInfo,
    JSObject,
    JSSyntaxError,
    JSThrow,
    Unsupported,
)
from dockersim.model.userland.types import Blocked

#: the frames node 20 prints under an error thrown by `-e` code (the same from 20.18 to 20.20)
RUN_FRAMES = (
    "    at runScriptInThisContext (node:internal/vm:209:10)\n"
    "    at node:internal/process/execution:118:14\n"
)
COMPILE_FRAMES = (
    "    at makeContextifyScript (node:internal/vm:185:14)\n"
    "    at node:internal/process/execution:107:22\n"
)
EVAL_FRAMES = (
    "    at [eval]-wrapper:6:24\n"
    "    at runScript (node:internal/process/execution:101:62)\n"
    "    at evalScript (node:internal/process/execution:133:3)\n"
    "    at node:internal/main/eval_string:51:3\n"
)
_EVAL = ("-e", "--eval")
_PRINT = ("-p", "--print")


class _Missing(Exception):
    """`-e` as the last argument: node wants its code."""


def _options(args: list[str]) -> tuple[bool, str | None, list[str]]:
    """What `-e CODE`, `--eval=CODE`, `-p CODE`, `-pe CODE`, `-p -e CODE` ask: (print the
    value, the code or None when there is none, the arguments after it)."""
    printing = False
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if arg in ("-pe", "-ep"):
            printing, name = True, "-e"
        elif name in _PRINT:
            printing = True
        elif name not in _EVAL:
            break
        if eq:
            return printing, value, args[i + 1 :]
        following = args[i + 1] if i + 1 < len(args) else None
        if name in _PRINT:
            if following is None:
                return True, "", []
            if following in (*_EVAL, "-pe", "-ep"):
                continue
        if following is None or (following.startswith("-") and name in _EVAL):
            raise _Missing(name)  # (node reads what starts with `-` as an option)
        return printing, following, args[i + 2 :]
    return printing, None, []


def node(ctx: Ctx) -> int:
    try:
        printing, code, extra = _options(ctx.argv[1:])
    except _Missing as exc:
        ctx.err.write(f"{posixpath.basename(ctx.argv[0])}: {exc} requires an argument\n")
        return 9
    if code is None:
        return _fallback(ctx)
    return evaluate(ctx, code, printing, extra)


def evaluate(ctx: Ctx, code: str, printing: bool, extra: list[str]) -> int:
    """Run `-e`/`-p` code: its exit status."""
    heap = ctx.heap if ctx.heap is not None else Heap(ctx.proc.memory_limit)

    def write(stream: str, text: str) -> None:
        (ctx.out if stream == "stdout" else ctx.err).write(text)

    interp = new_interpreter(ctx.proc, [node_path(ctx.proc), *extra], heap, write)
    interp.loop.advance, interp._tick = ctx.rec.advance, ctx.rec.step
    version = node_version(ctx.env)
    try:
        return _evaluate(ctx, interp, code, printing, version)
    except JSExit as exc:
        return exc.code
    except JSSyntaxError as exc:
        ctx.err.write(_uncaught(code, exc.start, exc.end, "SyntaxError", exc.message, version))
    except JSThrow as exc:
        at = exc.at if exc.at is not None else 0
        name, message = exc.name, exc.message
        if isinstance(exc.value, JSObject) and isinstance(exc.value.internal, ErrorInfo):
            name, _, message = error_header(interp, exc.value).partition(": ")
        ctx.err.write(_uncaught(code, at, at + 1, name, message, version))
    except Crash as exc:  # a promise rejected with no handler
        from dockersim.engine.programs.node_script import uncaught

        ctx.err.write(uncaught(interp, exc, version))
    except TooLong:
        ctx.err.write(_uncaught(code, 0, 1, "RangeError", "Invalid string length", version))
    except RecursionError:  # nested deeper than the simulator's own stack
        ctx.err.write(
            _uncaught(code, 0, 1, "RangeError", "Maximum call stack size exceeded", version)
        )
    except Unsupported as exc:
        ctx.err.write(NOTE.format(what=exc))
    finally:
        if heap.exhausted and ctx.fs.quota is not None:
            ctx.fs.quota.hit(MEMORY_HIT)
    return 1


def _evaluate(ctx: Ctx, interp: Interpreter, code: str, printing: bool, version: str) -> int:
    """The code, its value printed for `-p`, then its timers and promises as after a script
    (a listening server keeps it running)."""
    from dockersim.engine.programs.node_script import _run_loop, exit_code

    value = interp.run(code)
    if printing:
        interp.write("stdout", format_args([value]) + "\n")
    try:
        if _run_loop(interp, ctx):
            raise Blocked(posixpath.basename(ctx.argv[0]) or "node", frozenset(), {})
    except (JSThrow, RecursionError, Crash) as exc:  # (in a callback: shown as a script's)
        from dockersim.engine.programs.node_script import uncaught

        ctx.err.write(uncaught(interp, exc, version))
        return 1
    return exit_code(interp, "exit")


def _uncaught(code: str, start: int, end: int, name: str, message: str, version: str) -> str:
    """What node prints on stderr for an error `-e` code did not catch."""
    number, line, carets = excerpt(code, start, end)
    if name == "SyntaxError":
        frames = COMPILE_FRAMES
    else:
        column = start - (code.rfind("\n", 0, start) + 1) + 1
        frames = f"    at [eval]:{number}:{column}\n" + RUN_FRAMES
    return (
        f"[eval]:{number}\n{line}\n{carets}\n\n{name}: {message}\n{frames}{EVAL_FRAMES}\n"
        f"Node.js v{version}\n"
    )


def _fallback(ctx: Ctx) -> int:
    """A script (`node app.js`), else the userland's own `node` (`--version`)."""
    args = ctx.argv[1:]
    if args and not args[0].startswith("-"):
        from dockersim.engine.programs.node_script import run_script

        return run_script(ctx)
    if args and args[0] not in ("-v", "--version", "-i", "--interactive"):
        raise ctx.not_simulated(f"option {args[0]}")
    original = userland.lookup("node")
    return 0 if original is None else original(ctx)


#: node as PID 1 does not respond to SIGINT and SIGTERM without a handler of its own
#: (nodejs/docker-node docs/BestPractices.md, "Handling Kernel Signals"): it lives on
PROGRAM = Program(
    node,
    repl=repl,
    exits={"SIGTERM": -1, "SIGINT": -1},
    ports=node_http.ports,
    serve=node_http.serve,
    wake=node_wake.wake,
)
