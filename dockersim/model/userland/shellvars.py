"""A shell's state besides running commands: variables, positional parameters, functions,
what they hold in memory (caps.Heap), how deep it is nested, and its error prefix."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dockersim.model.cowfs import FsError
from dockersim.model.userland.caps import (
    AST_BYTES_PER_CHAR,
    MAX_NESTING,
    MEMORY_HIT,
    Heap,
    items_cost,
    too_deep,
)
from dockersim.model.userland.dialect import Dialect
from dockersim.model.userland.io import FileSink, HeldReader, Recorder
from dockersim.model.userland.programs.base import write_failure
from dockersim.model.userland.types import (
    MemoryExhausted,
    NestingLimit,
    PipeClosed,
    Proc,
    WriteFailed,
)

if TYPE_CHECKING:
    from dockersim.model.userland.ast import Node
    from dockersim.model.userland.fds import IO


class ShellVars:
    """Mixed into `Shell` (interp.py), which sets every attribute below in its constructor.

    Memory: `heap` is the process tree's (shared with subshells and child shells); `charged`
    is what this shell added to it, for the variables (and `()name` functions) in `own`,
    which `release()` gives back when the shell ends."""

    proc: Proc
    #: the shell's own PID (`$$`; a subshell keeps its parent's, as in every shell)
    pid: int
    dialect: Dialect
    rec: Recorder
    io: IO
    terminal: IO
    heap: Heap
    own: set[str]
    charged: int
    depth: int
    vars: dict[str, str]
    exported: set[str]
    funcs: dict[str, Node]
    func_costs: dict[str, int]
    func_sources: dict[str, str]
    positional: list[str]
    positional_held: int
    traps: dict[str, str]
    status: int
    lineno: int
    last_bg: int | None
    errexit: bool
    xtrace: bool

    # --- variables ------------------------------------------------------------------------
    def get(self, name: str, default: str = "") -> str:
        value = self.param_value(name)
        return default if value is None else value

    def set_var(self, name: str, value: str, check: bool = True) -> None:
        old = self.vars.get(name)
        delta = len(value) - (len(old) if old is not None and name in self.own else 0)
        if check:
            self.heap.need(delta)
        self._charge(delta)
        self.own.add(name)
        self.vars[name] = value

    def unset_var(self, name: str) -> None:
        self.drop_var(name)
        self.exported.discard(name)

    def drop_var(self, name: str) -> None:
        """Remove a variable (it stays exported if it was)."""
        old = self.vars.pop(name, None)
        if old is not None and name in self.own:
            self._charge(-len(old))
        self.own.discard(name)

    def restore_var(self, name: str, old: str | None) -> None:
        """Put back a value saved earlier (a local's, a temporary assignment's)."""
        if old is None:
            self.drop_var(name)
        else:
            self.set_var(name, old, check=False)  # it was held before: never fails

    def set_positional(self, args: list[str]) -> None:
        """`set --`, `shift`: the new list is held, what this shell held for the old one
        (`positional_held`; nothing for arguments a caller holds) let go."""
        delta = items_cost(args) - self.positional_held
        self.heap.need(delta)
        self._charge(delta)
        self.positional = args
        self.positional_held = items_cost(args)

    @contextlib.contextmanager
    def arguments(self, args: list[str]) -> Iterator[None]:
        """A function's or a `.` script's own positional parameters (held by the command
        that passed them), and the caller's back afterwards, with what was held for them."""
        saved = (self.positional, self.positional_held)
        self.positional, self.positional_held = args, 0
        try:
            yield
        finally:
            self._charge(-self.positional_held)
            self.positional, self.positional_held = saved

    def set_function(self, name: str, body: Node, size: int, source: str = "") -> None:
        """Define a function; its syntax tree is held (AST_BYTES_PER_CHAR of its source)."""
        held = self.func_costs.get(name, 0) if "()" + name in self.own else 0
        cost = size * AST_BYTES_PER_CHAR
        self.heap.need(cost - held)
        self._charge(cost - held)
        self.own.add("()" + name)
        self.funcs[name] = body
        self.func_costs[name] = cost
        self.func_sources[name] = source

    def set_trap(self, signal: str, action: str | None) -> None:
        """`trap ACTION SIGNAL` (None: `trap - SIGNAL`); the action's text is held."""
        key = "trap:" + signal
        old = self.traps.get(signal)
        held = len(old) if old is not None and key in self.own else 0
        delta = (len(action) if action is not None else 0) - held
        self.heap.need(delta)
        self._charge(delta)
        if action is None:
            self.traps.pop(signal, None)
            self.own.discard(key)
        else:
            self.traps[signal] = action
            self.own.add(key)

    def drop_function(self, name: str) -> None:
        if self.funcs.pop(name, None) is not None and "()" + name in self.own:
            self._charge(-self.func_costs.get(name, 0))
        self.func_costs.pop(name, None)
        self.func_sources.pop(name, None)
        self.own.discard("()" + name)

    def _charge(self, delta: int) -> None:
        self.heap.charge(delta)
        self.charged += delta

    def release(self) -> None:
        """A subshell (or a child shell) ended: what it held is freed."""
        self.heap.charge(-self.charged)
        self.charged = 0

    def memory_error(self, exc: MemoryExhausted) -> None:
        """What this shell says as it dies for want of memory (then it exits with 2)."""
        if self.dialect.name == "bash":
            name = self.dialect.script or self.dialect.arg0
            held = exc.held + 4096
            text = (
                f"{name}: xrealloc: cannot allocate {exc.requested} bytes ({held} bytes allocated)"
            )
        elif self.dialect.name == "dash":
            text = f"{self.dialect.prefix(self.lineno)}Out of space"
        else:
            text = f"{self.dialect.prefix(self.lineno)}out of memory"
        with contextlib.suppress(WriteFailed, PipeClosed):
            self.terminal.err.write(text + "\n")
        quota = self.proc.fs.quota
        if quota is not None:
            quota.hit(MEMORY_HIT)

    # --- nesting --------------------------------------------------------------------------
    def enter_check(self, name: str = "") -> None:
        """At this shell's nesting level: past MAX_NESTING (or the userland's frame budget)
        the shell reports it and raises NestingLimit."""
        if self.depth > MAX_NESTING or too_deep(self.depth):
            level = min(self.depth, MAX_NESTING)
            what = f"{name}: maximum function nesting level" if name else "maximum nesting level"
            self.error(f"{what} exceeded ({level})")
            raise NestingLimit(level, name)

    @contextlib.contextmanager
    def nested(self, name: str = "") -> Iterator[None]:
        self.depth += 1
        try:
            self.enter_check(name)
            yield
        finally:
            self.depth -= 1

    @property
    def nesting_status(self) -> int:
        """What a command stopped by NestingLimit returns (bash discards the command with
        status 1; dash and ash treat it as a fatal error, 2)."""
        return 1 if self.dialect.name == "bash" else 2

    def param_value(self, name: str) -> str | None:
        if name in ("@", "*"):
            sep = " " if name == "@" else (self.vars.get("IFS", " ")[:1])
            return sep.join(self.positional)
        if name == "#":
            return str(len(self.positional))
        if name == "?":
            return str(self.status)
        if name == "$":
            return str(self.pid)
        if name == "!":
            return "" if self.last_bg is None else str(self.last_bg)
        if name == "-":
            return ("e" if self.errexit else "") + ("x" if self.xtrace else "")
        if name == "0":
            return self.dialect.script or self.dialect.arg0
        if name.isdigit():
            i = int(name)
            return self.positional[i - 1] if 0 < i <= len(self.positional) else None
        if name == "LINENO":
            return str(self.lineno)
        if name == "RANDOM" and self.dialect.name != "dash":
            return str((self.rec.steps * 1103515245 + 12345) % 32768)
        if name == "BASH_VERSION" and self.dialect.name == "bash" and name not in self.vars:
            from dockersim.model.userland.bashver import bash_version

            return bash_version(self.vars, self.proc.fs)
        return self.vars.get(name)

    def environ(self, extra: list[tuple[str, str]] | None = None) -> dict[str, str]:
        env = {k: v for k, v in self.vars.items() if k in self.exported}
        for k, v in extra or []:
            env[k] = v
        return env

    def home_of(self, user: str) -> str | None:
        try:
            text = self.proc.fs.read("/etc/passwd").decode(errors="replace")
        except FsError:
            return "/root" if user == "root" else None
        for line in text.splitlines():
            f = line.split(":")
            if len(f) >= 6 and f[0] == user:
                return f[5]
        return None

    # --- files a command opened ------------------------------------------------------
    def close_opened(
        self, inner: IO, outer: IO, name: str, status: int = 0, unwinding: bool = False
    ) -> int:
        """Close the files a command's redirections opened (what is pending is written): a
        failed write then is the command's write error, and its status is 1."""
        if inner is outer:
            return status
        kept = {id(s) for s in outer.fds.values()}
        for stream in {id(s): s for s in inner.fds.values() if isinstance(s, HeldReader)}.values():
            if id(stream) not in kept:
                stream.close()
        opened = {id(s): s for s in inner.fds.values() if isinstance(s, FileSink)}
        for key, sink in opened.items():
            if key in kept:
                continue
            try:
                sink.close()
            except WriteFailed as exc:
                if not unwinding:
                    self.write_error(name, exc, inner, self.writer_kind(name))
                    status = 1
        return status

    def writer_kind(self, name: str) -> str:
        """ "builtin", "program" or "shell" (no name: a compound command)."""
        from dockersim.model.userland.builtins import BUILTINS, available

        if not name:
            return "shell"
        if name in self.funcs or (name in BUILTINS and available(self.dialect.name, name)):
            return "builtin"
        return "program"

    def write_error(self, name: str, exc: WriteFailed, io: IO, kind: str = "builtin") -> None:
        """What a command whose output could not be written says (to its stderr, which may
        be the full file too: then nothing shows). `kind` is "builtin", "program" (the
        program's own words, programs.base.write_failure) or "shell" (a compound command)."""
        if kind == "program":
            busybox = self.proc.fs.exists("/bin/busybox")
            message = write_failure(name, str(exc), busybox) + "\n"
        elif kind == "shell":
            message = f"{self.dialect.prefix(self.lineno)}write error: {exc}\n"
        elif self.dialect.name == "dash":
            message = f"{self.dialect.prefix(self.lineno)}{name}: {name}: I/O error\n"
        elif self.dialect.name == "bash":
            message = f"{self.dialect.prefix(self.lineno)}{name}: write error: {exc}\n"
        else:
            message = f"{name}: write error: {exc}\n"
        err = io.err
        try:
            err.write(message)
            if isinstance(err, FileSink):
                err.flush()
        except WriteFailed:
            pass

    # --- errors ---------------------------------------------------------------------------
    def error(self, message: str, io: IO | None = None) -> None:
        (io or self.io).err.write(self.dialect.prefix(self.lineno) + message + "\n")

    def trace(self, words: list[str], io: IO) -> None:
        if self.dialect.name == "dash":
            shown = words
        else:
            shown = [
                w if w and all(c.isalnum() or c in "-_./=:,@%+" for c in w) else _q(w)
                for w in words
            ]
        io.err.write("+ " + " ".join(shown) + "\n")


def _q(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"
