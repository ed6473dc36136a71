"""Python's REPL at a terminal (`docker run -it python:3.12 python3`), one line at a time.

CPython's interactive loop as a terminal shows it: the banner on stderr (none with `-q`),
`>>> `, and `... ` while the input is incomplete (an open bracket or triple-quoted string, a
trailing backslash, a compound statement until an empty line); an expression's value is shown
with its repr unless it is None, and kept in `_`; an error prints CPython's traceback (see
`pytrace`); `exit()`, `quit()`, `exit(3)`, `sys.exit(2)` end it with their status; Ctrl-D ends
it with 0 and Ctrl-C prints `KeyboardInterrupt`. Python 3.13 and later echo only the last
statement of an input, and end on a bare `exit` or `quit`, as its new REPL does.

The code runs in pyeval (model/userland/programs/pyeval.py), never in the real Python; what
pyeval does not simulate is said on stderr (`dockersim: not simulated in python3: ...`).

Between two lines the REPL keeps no process: pyeval has no state outside the names it binds,
and what it computes depends only on the code and the process (environment, hostname, PID,
memory limit). So a snapshot is the inputs run so far, and restoring runs them again with
their output thrown away. A session keeps at most MAX_INPUTS inputs of MAX_SOURCE characters;
past that it says so and runs no more (start a new one).
"""

from __future__ import annotations

import ast
import posixpath
import tokenize
from typing import Any

from dockersim.engine.programs.repl import Repl
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.programs import pytrace
from dockersim.model.userland.programs.memory import PYTHON_BASE
from dockersim.model.userland.programs.pkgs import python_version
from dockersim.model.userland.programs.pyeval import Interpreter
from dockersim.model.userland.programs.pystdlib import PyHost
from dockersim.model.userland.programs.pyvalues import (
    Exit,
    PyError,
    Unsupported,
    banner,
    py_repr,
)
from dockersim.model.userland.types import Output, Proc, Timeline

PRIMARY = ">>> "
SECONDARY = "... "
#: the inputs one session keeps to rebuild its names, and their characters at most
MAX_INPUTS = 1000
MAX_SOURCE = 256 * 1024
#: options that leave `python3` interactive (`-i` without a script is the REPL too)
OPTIONS = frozenset(["-u", "-B", "-O", "-OO", "-E", "-s", "-S", "-I", "-q", "-v", "-i"])
NOTE = "dockersim: not simulated in {name}: {what} (dockersim runs a small subset of Python)\n"
FULL = (
    "dockersim: this {name} session has run {count} inputs, all dockersim keeps of one session;"
    " this one was not run, only expressions run from now on (and `_` keeps its value):"
    " exit() and start {name} again\n"
)


def repl(argv: list[str], proc: Proc, snapshot: Snapshot | None) -> PythonRepl | None:
    """`python3` with no script, `-c` or `-m` (options such as `-q`, `-u`, `-i` allowed)."""
    if not all(arg in OPTIONS for arg in argv[1:]):
        return None
    name = posixpath.basename(argv[0]) if argv else "python3"
    session = PythonRepl(proc, name, python_version(proc.env), "-q" in argv[1:])
    if snapshot is not None:
        session.restore(snapshot)
    return session


class PythonRepl(Repl):
    """One interactive Python (a `LineProgram`)."""

    PRIMARY = PRIMARY
    SECONDARY = SECONDARY

    def __init__(self, proc: Proc, name: str, version: str, quiet: bool = False) -> None:
        super().__init__(proc)
        self.name = name
        self.version = version
        self.quiet = quiet
        #: inputs compiled so far (3.13 names each `<python-input-N>`)
        self.count = 0
        resolve = getattr(getattr(proc, "net", None), "resolve", None)
        host = PyHost(proc.fs, proc.cwd, proc.arch, resolve, self._now, self._sleep)
        self.interp = Interpreter(
            proc.env, version, proc.hostname, proc.pid, self.heap, self._stdout, host
        )
        self.interp.modules["sys"].attrs["argv"] = [""]
        parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
        self.new_repl = parts >= (3, 13)

    # --- LineProgram -------------------------------------------------------------------------
    def start(self) -> Timeline:
        """What it prints when it opens, before the first prompt: the banner (stderr)."""
        if self.proc.memory_limit and self.proc.memory_limit < PYTHON_BASE:
            self.exited, self.exit_code = True, 137
            return Timeline((), 137, 0.0, oom_killed=True)
        text = "" if self.quiet else banner(self.version)
        return Timeline((Output("stderr", text, 0.0),) if text else (), 0, 0.0)

    def run_line(self, line: str) -> Timeline:
        if self.exited:
            return Timeline((), self.exit_code, 0.0)
        self.busy = False
        return self._record(lambda: self._line(line))

    def interrupt(self) -> Timeline:
        """Ctrl-C: the input being typed is dropped; a line still printing stops with a
        traceback."""
        self.pending = []
        if self.busy:
            self.busy = False
            # (3.13 would also show the line and its carets: not simulated)
            text = pytrace.frame(self._file(max(self.count - 1, 0)), 1) + "KeyboardInterrupt\n"
        else:
            text = "\nKeyboardInterrupt\n"
        return Timeline((Output("stderr", text, 0.0),), 0, 0.0)

    def end_of_input(self) -> Timeline:
        """Ctrl-D: CPython leaves the prompt's line and exits with 0."""
        self.pending = []
        self.exited, self.exit_code = True, 0
        return Timeline((Output("stdout", "\n", 0.0),), 0, 0.0)

    def snapshot(self) -> Snapshot:
        return {
            "inputs": list(self.inputs),
            "pending": list(self.pending),
            "count": self.count,
            "busy": self.busy,
        }

    def restore(self, snapshot: Snapshot) -> None:
        """Run the saved inputs again, silently, to rebuild the names they bound."""
        inputs = [str(i) for i in snapshot.get("inputs", [])][:MAX_INPUTS]
        self.pending = [str(line) for line in snapshot.get("pending", [])]
        self.busy = snapshot.get("busy") is True
        count = snapshot.get("count", len(inputs))
        self.count = count if isinstance(count, int) else len(inputs)

        def again() -> None:
            for source in inputs:
                kind, tree = classify(source.split("\n"))
                if kind == "complete" and isinstance(tree, ast.Interactive):
                    self.inputs.append(source)
                    self._run(tree, source, 0, silent=True)

        self._replay(again)

    # --- running -----------------------------------------------------------------------------
    def _now(self) -> float:
        """The virtual clock while a line runs (the process's start while replaying)."""
        return self.rec.epoch() if self.rec is not None else self.proc.now

    def _sleep(self, seconds: float) -> None:
        if self.rec is not None:
            self.rec.advance(seconds)

    def _stdout(self, text: str) -> None:
        self._emit("stdout", text)

    def _stderr(self, text: str) -> None:
        self._emit("stderr", text)

    def _line(self, line: str) -> None:
        lines = [*self.pending, line]
        kind, found = classify(lines)
        if kind == "incomplete":
            self.pending = lines
            return
        self.pending = []
        if kind == "blank":
            return
        source = "\n".join(lines)
        index = self.count
        self.count += 1
        if isinstance(found, SyntaxError):
            self._stderr(pytrace.syntax_error(found, self._file(index)))
            return
        if isinstance(found, str):
            self._stderr(found)
            return
        assert found is not None
        used = sum(len(s) for s in self.inputs)
        if len(self.inputs) >= MAX_INPUTS or used + len(source) > MAX_SOURCE:
            if all(isinstance(s, ast.Expr) for s in found.body):  # they change only `_`
                self._run(found, source, index, kept=False)
            else:
                self._stderr(FULL.format(name=self.name, count=len(self.inputs)))
            return
        self.inputs.append(source)
        self._run(found, source, index)

    def _file(self, index: int) -> str:
        return f"<python-input-{index}>" if self.new_repl else "<stdin>"

    def _run(
        self,
        tree: ast.Interactive,
        source: str,
        index: int,
        silent: bool = False,
        kept: bool = True,
    ) -> None:
        """Run one complete input: each statement, showing the values of expressions (and
        keeping the last in `_`, unless the input is not `kept` for the next lines)."""
        body = tree.body
        for number, statement in enumerate(body):
            shown = isinstance(statement, ast.Expr) and (
                not self.new_repl or number == len(body) - 1
            )
            try:
                if self.new_repl and _is_command(source, statement, ("exit", "quit")):
                    raise Exit(0)
                if shown:
                    assert isinstance(statement, ast.Expr)
                    self._show(self.interp.expr(statement.value), silent, kept)
                else:
                    self.interp.statement(statement)
            except Exit as exc:
                if not silent:
                    self._stderr(exc.message)
                    self.exited, self.exit_code = True, exc.code
                return
            except PyError as exc:
                if not silent:
                    where = exc.node or statement
                    self._stderr(self._traceback(str(exc), where, statement, source, index))
                return
            except (OverflowError, ValueError) as exc:  # CPython raises the same, same words
                if not silent:
                    text = f"{type(exc).__name__}: {exc}"
                    self._stderr(self._traceback(text, statement, statement, source, index))
                return
            except Unsupported as exc:
                if not silent:
                    self._stderr(NOTE.format(name=self.name, what=exc))
                return

    def _show(self, value: Any, silent: bool, kept: bool = True) -> None:
        """sys.displayhook: the repr of a value that is not None, which `_` then holds."""
        if value is None:
            return
        if kept:
            self.interp.extra["_"] = value
        if not silent:
            self._stdout(py_repr(value, self.heap.room) + "\n")

    def _traceback(
        self, error: str, where: ast.AST, statement: ast.stmt, source: str, index: int
    ) -> str:
        line = getattr(where, "lineno", 1)
        text = pytrace.frame(self._file(index), line)
        if self.new_repl:
            text += pytrace.excerpt(source, where, statement)
        return text + error + "\n"


def _is_command(source: str, statement: ast.stmt, names: tuple[str, ...]) -> bool:
    """A line that is only one of the REPL's commands (`exit`), as 3.13's REPL takes it."""
    return source.strip() in names and isinstance(statement, ast.Expr)


#: what `classify` finds: "blank", "incomplete", or "complete" with the tree, the
#: SyntaxError, or a message of an error the compiler met
Found = ast.Interactive | SyntaxError | str | None


def classify(lines: list[str]) -> tuple[str, Found]:
    """Whether the lines typed so far are an input CPython runs, as its REPL decides: more
    lines are needed for an open bracket, an open triple-quoted string, a trailing backslash,
    a block header (`if x:`), and a compound statement until an empty line."""
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
        return "blank", None
    source = "\n".join(lines) + "\n"
    feed = iter(source.splitlines(keepends=True))
    try:
        for _ in tokenize.generate_tokens(lambda: next(feed, "")):
            pass
    except tokenize.TokenError as exc:
        if "EOF" in str(exc.args[0]) or "triple-quoted" in str(exc.args[0]):
            return "incomplete", None
    except SyntaxError:
        pass  # the parser reports it
    last_typed = bool(lines[-1].strip())
    try:
        tree = ast.parse(source, "<stdin>", "single")
    except SyntaxError as exc:
        at_end = exc.lineno is not None and exc.lineno > len(lines)
        header = exc.msg.startswith("expected an indented block")
        if last_typed and (at_end or header or lines[0].lstrip().startswith("@")):
            return "incomplete", None
        return "complete", exc
    except (RecursionError, MemoryError):
        return "complete", "RecursionError: maximum recursion depth exceeded during compilation\n"
    if (
        last_typed
        and isinstance(tree, ast.Interactive)
        and any(hasattr(statement, "body") for statement in tree.body)
    ):
        return "incomplete", None
    return "complete", tree
