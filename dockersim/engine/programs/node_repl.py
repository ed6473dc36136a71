"""Node's REPL at a terminal (`docker run -it node:20`), one line at a time.

What node 20 shows, all on stdout: the banner (`Welcome to Node.js v20.19.2.`), the prompt
`> `, and `... ` while the input is unfinished (an open bracket, template or comment, a
trailing operator: what V8 rejects only at the end of the input); an input's value as
util.inspect shows it (`undefined` after `let x = 1`), kept in `_`; an uncaught error as
`Uncaught ReferenceError: x is not defined` (`Uncaught:` and the error on the next line when
that line is longer than 80), a SyntaxError with the line and carets above it. An input that
starts with `{` (and does not end with `;`) is tried as an object literal first. `.help`,
`.exit`, `.break` and `.clear` work; Ctrl-D ends it with 0 (or `process.exitCode`); Ctrl-C
drops an unfinished input, else says how to exit, and a second Ctrl-C in a row exits.

The code runs in jseval (model/userland/programs/jseval.py), never in a real engine; what it
does not simulate is said on stderr (`dockersim: not simulated in node: ...`). Between two
lines the REPL keeps no process: a snapshot is the inputs run so far, run again silently
when it is opened (jseval depends only on the code and the process), at most MAX_INPUTS of
MAX_SOURCE characters in all; past that only inputs that change nothing run.
"""

from __future__ import annotations

import math
from typing import Any

from dockersim.engine.programs.repl import Repl
from dockersim.model.userland.caps import Heap
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.programs.jseval import MAX_STRING_CHARS, Interpreter, excerpt
from dockersim.model.userland.programs.jshost import JSExit
from dockersim.model.userland.programs.jsinspect import TooLong, inspect
from dockersim.model.userland.programs.jslex import tokenize
from dockersim.model.userland.programs.jsparsed import parse
from dockersim.model.userland.programs.jssyntax import Node
from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSSyntaxError,
    JSThrow,
    Unsupported,
    parse_float,
)
from dockersim.model.userland.types import Output, Proc, Timeline

PRIMARY = "> "
SECONDARY = "... "
MAX_INPUTS = 1000
MAX_SOURCE = 256 * 1024
#: options that leave `node` interactive
OPTIONS = frozenset(["-i", "--interactive"])
BANNER = 'Welcome to Node.js v{version}.\nType ".help" for more information.\n'
HINT = "(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n"
HELP = (
    ".break    Sometimes you get stuck, this gets you out\n"
    ".clear    Alias for .break\n"
    ".editor   Enter editor mode\n"
    ".exit     Exit the REPL\n"
    ".help     Print this help message\n"
    ".load     Load JS from a file into the REPL session\n"
    ".save     Save all evaluated commands in this REPL session to a file\n"
    "\n"
    "Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n"
)
NOTE = "dockersim: not simulated in node: {what} (dockersim runs a small subset of JavaScript)\n"
FULL = (
    "dockersim: this node session has run {count} inputs, all dockersim keeps of one session;"
    " this one was not run, only inputs that change nothing run from now on: .exit and start"
    " node again\n"
)
#: how wide the REPL's error line may be before `Uncaught:` goes on a line of its own
BREAK_LENGTH = 80


def node_version(env: dict[str, str]) -> str:
    """The version `node` reports: the image's NODE_VERSION (the userland's default else)."""
    return env.get("NODE_VERSION", "20.19.2")


def node_path(proc: Proc) -> str:
    return "/usr/local/bin/node" if proc.fs.exists("/usr/local/bin/node") else "/usr/bin/node"


def new_interpreter(proc: Proc, argv: list[str], heap: Heap, write: Any) -> Interpreter:
    """jseval's realm for a node process."""
    return Interpreter(
        proc.env, node_version(proc.env), argv, proc.pid, proc.cwd, heap, write,
        lambda: MAX_STRING_CHARS, "arm64" if proc.arch == "aarch64" else "x64",
    )  # fmt: skip


def repl(argv: list[str], proc: Proc, snapshot: Snapshot | None) -> NodeRepl | None:
    """`node` with no script, `-e` or `-p` (`-i` allowed)."""
    if not all(arg in OPTIONS for arg in argv[1:]):
        return None
    session = NodeRepl(proc)
    if snapshot is not None:
        session.restore(snapshot)
    return session


def uncaught(name: str, message: str) -> str:
    line = f"{name}: {message}"
    return f"Uncaught {line}\n" if len(line) <= BREAK_LENGTH else f"Uncaught:\n{line}\n"


class NodeRepl(Repl):
    """One interactive node (a `LineProgram`)."""

    name = "node"
    PRIMARY = PRIMARY
    SECONDARY = SECONDARY

    def __init__(self, proc: Proc) -> None:
        super().__init__(proc)
        #: the last key was Ctrl-C at an empty prompt: another one exits
        self.armed = False
        self.interp = new_interpreter(proc, [node_path(proc)], self.heap, self._emit)
        self.interp.underscore = True
        self.interp.builtins["_"] = UNDEFINED

    # --- LineProgram -------------------------------------------------------------------------
    def start(self) -> Timeline:
        text = BANNER.format(version=node_version(self.proc.env))
        return Timeline((Output("stdout", text, 0.0),), 0, 0.0)

    def run_line(self, line: str) -> Timeline:
        if self.exited:
            return Timeline((), self.exit_code, 0.0)
        self.busy = self.armed = False
        return self._record(lambda: self._line(line))

    def interrupt(self) -> Timeline:
        """Ctrl-C: an unfinished input is dropped; at an empty prompt node says how to exit,
        and exits on a second Ctrl-C in a row."""
        if self.pending or self.busy:
            self.pending, self.busy, self.armed = [], False, False
            return Timeline((Output("stdout", "\n", 0.0),), 0, 0.0)
        if self.armed:
            return self._end()
        self.armed = True
        return Timeline((Output("stdout", "\n" + HINT, 0.0),), 0, 0.0)

    def end_of_input(self) -> Timeline:
        """Ctrl-D: node leaves the prompt's line and exits."""
        return self._end()

    def snapshot(self) -> Snapshot:
        return {
            "inputs": list(self.inputs),
            "pending": list(self.pending),
            "armed": self.armed,
            "busy": self.busy,
        }

    def restore(self, snapshot: Snapshot) -> None:
        """Run the saved inputs again, silently, to rebuild what they declared."""
        self.pending = [str(line) for line in snapshot.get("pending", [])]
        self.armed = snapshot.get("armed") is True
        self.busy = snapshot.get("busy") is True

        def again() -> None:
            for source in [str(i) for i in snapshot.get("inputs", [])][:MAX_INPUTS]:
                try:
                    body = parse(source)
                except (JSSyntaxError, JSThrow, Unsupported):
                    continue
                self.inputs.append(source)
                self._run(body, source)

        self._replay(again)

    # --- running -----------------------------------------------------------------------------
    def _end(self) -> Timeline:
        self.pending = []
        self.exited, self.exit_code = True, self.interp.exit_code
        return Timeline((Output("stdout", "\n", 0.0),), self.exit_code, 0.0)

    def _line(self, line: str) -> None:
        command = line.strip()
        keyword = command.startswith(".") and command[1:2] != "."
        if keyword and math.isnan(parse_float(command)) and self._command(command):
            return
        if not self.pending and not line:
            return
        source = "\n".join([*self.pending, line])
        try:
            body, source = _parse(source)
        except Unsupported as exc:
            self.pending = []
            self._emit("stderr", NOTE.format(what=exc))
            return
        except JSSyntaxError as exc:
            if exc.at_end:
                self.pending = [*self.pending, line]
                return
            self.pending = []
            _, text, carets = excerpt(source, exc.start, exc.end)
            self._emit("stdout", f"{text}\n{carets}\n\n" + uncaught("SyntaxError", exc.message))
            return
        except (JSThrow, RecursionError):  # nested too deeply to parse
            self.pending = []
            self._emit("stdout", uncaught("RangeError", "Maximum call stack size exceeded"))
            return
        self.pending = []
        used = sum(len(s) for s in self.inputs)
        if len(self.inputs) >= MAX_INPUTS or used + len(source) > MAX_SOURCE:
            if _changes(body):
                self._emit("stderr", FULL.format(count=len(self.inputs)))
            else:
                self._run(body, source, shown=True, kept=False)
            return
        self.inputs.append(source)
        self._run(body, source, shown=True)

    def _command(self, command: str) -> bool:
        """A REPL keyword (`.help`); False when it is not one and an input is unfinished
        (then it is code)."""
        keyword = command[1:].split()[0] if command[1:].split() else ""
        if keyword in ("break", "clear"):
            self.pending = []
        elif keyword == "exit":
            self.pending = []
            self.exited, self.exit_code = True, self.interp.exit_code
        elif keyword == "help":
            self._emit("stdout", HELP)
        elif keyword in ("editor", "load", "save"):
            self._emit("stderr", NOTE.format(what=f"the REPL's .{keyword}"))
        elif self.pending:
            return False
        else:
            self._emit("stdout", "Invalid REPL keyword\n")
        return True

    def _run(self, body: list[Node], source: str, shown: bool = False, kept: bool = True) -> None:
        """Run one input: its value shown (and kept in `_`), or its error."""
        write = self._emit if shown else _drop
        try:
            value = self.interp.execute(body, source)
            text = inspect(value, room=MAX_STRING_CHARS)
        except JSExit as exc:
            if shown:
                self.exited, self.exit_code = True, exc.code
            return
        except TooLong:
            write("stdout", uncaught("RangeError", "Invalid string length"))
            return
        except JSThrow as exc:
            write("stdout", uncaught(exc.name, exc.message))
            return
        except Unsupported as exc:
            write("stderr", NOTE.format(what=exc))
            return
        except RecursionError:
            write("stdout", uncaught("RangeError", "Maximum call stack size exceeded"))
            return
        if kept and self.interp.underscore:
            self.interp.builtins["_"] = value
        write("stdout", text + "\n")


def _drop(stream: str, text: str) -> None:
    """Output of an input run again when the REPL is opened: already shown."""


def _parse(source: str) -> tuple[list[Node], str]:
    """The input as node's REPL reads it: `{ ... }` as an object literal first, then as it
    is; unfinished (JSSyntaxError `at_end`) when V8 fails only at its end, or when it is not
    simulated and a bracket is still open (so a function is refused once it is typed in
    full); (statements, the source that parsed)."""
    stripped = source.strip()
    if stripped.startswith("{") and not stripped.endswith(";"):
        wrapped = f"({source})"
        try:
            return parse(wrapped), wrapped
        except JSSyntaxError:
            pass
    try:
        return parse(source), source
    except JSSyntaxError as exc:
        if exc.message.startswith("await is only valid"):
            raise Unsupported("'await' at the REPL's top level") from None
        raise
    except Unsupported:
        depth = 0
        for token in tokenize(source):
            if token.kind == "punct" and token.text in ("(", "[", "{"):
                depth += 1
            elif token.kind == "punct" and token.text in (")", "]", "}"):
                depth -= 1
        if depth > 0:
            raise JSSyntaxError("Unexpected end of input", len(source), len(source), True) from None
        raise


def _changes(body: list[Node]) -> bool:
    """Whether running these statements could change what later inputs see."""
    stack: list[Any] = list(body)
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            if item.kind in ("decl", "assign", "update"):
                return True
            stack.extend((item.a, item.b, item.c, item.d))
        elif isinstance(item, tuple):
            stack.extend(item)
    return False
