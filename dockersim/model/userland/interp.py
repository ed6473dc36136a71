"""The shell interpreter: runs a parsed script against a container's filesystem."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable

from dockersim.model.cowfs import FsError
from dockersim.model.userland import resolve
from dockersim.model.userland.ast import (
    AndOr,
    Case,
    For,
    FuncDef,
    Group,
    If,
    Loop,
    Node,
    Pipeline,
    Redir,
    Redirected,
    Seq,
    Simple,
    Subshell,
)
from dockersim.model.userland.dialect import Dialect
from dockersim.model.userland.expand import Expander, ExpandError, match
from dockersim.model.userland.io import Buffer, Null, Reader, Recorder, Sink, Stream
from dockersim.model.userland.lexer import ParseError
from dockersim.model.userland.parser import Parser
from dockersim.model.userland.types import Blocked, PipeClosed, Proc, ShellExit, StepLimit

BuiltinFn = Callable[["Shell", list[str], "IO"], int]


class LoopControl(Exception):
    def __init__(self, kind: str, n: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.n = n


class FuncReturn(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class RedirError(Exception):
    pass


class IO:
    """A process's open file descriptors."""

    def __init__(self, fds: dict[int, Stream]) -> None:
        self.fds = fds

    @property
    def stdin(self) -> Reader:
        s = self.fds.get(0)
        return s if isinstance(s, Reader) else Reader("")

    @property
    def out(self) -> Sink:
        s = self.fds.get(1)
        return s if isinstance(s, Sink) else Null()

    @property
    def err(self) -> Sink:
        s = self.fds.get(2)
        return s if isinstance(s, Sink) else Null()

    def with_fd(self, fd: int, stream: Stream) -> IO:
        fds = dict(self.fds)
        fds[fd] = stream
        return IO(fds)


class Job:
    def __init__(self, pid: int, end: float, blocked: str = "") -> None:
        self.pid = pid
        self.end = end
        self.blocked = blocked


class Shell:
    def __init__(
        self,
        proc: Proc,
        dialect: Dialect,
        rec: Recorder,
        io: IO,
        env: dict[str, str] | None = None,
        positional: list[str] | None = None,
        cwd: str | None = None,
    ) -> None:
        self.proc = proc
        self.dialect = dialect
        self.rec = rec
        self.io = io
        self.terminal = io
        self.vars: dict[str, str] = dict(proc.env if env is None else env)
        self.exported: set[str] = set(self.vars)
        self.funcs: dict[str, Node] = {}
        self.positional: list[str] = list(positional or [])
        self.cwd = cwd or proc.cwd
        self.status = 0
        self.subst_status: int | None = None
        self.errexit = False
        self.xtrace = False
        self.nounset = False
        self.noglob = False
        self.suppress = 0
        self.lineno = 1
        self.last_bg: int | None = None
        self.jobs: list[Job] = []
        self.traps: dict[str, str] = {}
        self.locals: list[dict[str, str | None]] = []
        self.next_pid = proc.pid + 6
        self.expander = Expander(self)
        self.vars.setdefault("PWD", self.cwd)
        self.exported.add("PWD")
        if dialect.name == "bash":
            level = self.vars.get("SHLVL", "0")
            self.vars["SHLVL"] = str(int(level) + 1 if level.isdigit() else 1)
            self.exported.add("SHLVL")

    # --- variables ------------------------------------------------------------------------
    def get(self, name: str, default: str = "") -> str:
        value = self.param_value(name)
        return default if value is None else value

    def set_var(self, name: str, value: str) -> None:
        self.vars[name] = value
        if self.dialect.name != "dash" or name in self.exported:
            pass

    def unset_var(self, name: str) -> None:
        self.vars.pop(name, None)
        self.exported.discard(name)

    def param_value(self, name: str) -> str | None:
        if name in ("@", "*"):
            sep = " " if name == "@" else (self.vars.get("IFS", " ")[:1])
            return sep.join(self.positional)
        if name == "#":
            return str(len(self.positional))
        if name == "?":
            return str(self.status)
        if name == "$":
            return str(self.proc.pid)
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

    # --- errors ---------------------------------------------------------------------------
    def error(self, message: str, io: IO | None = None) -> None:
        (io or self.io).err.write(self.dialect.prefix(self.lineno) + message + "\n")

    def syntax_error(self, err: ParseError, parser: Parser) -> None:
        lines = self.dialect.syntax_error(err, parser.lex.line_text(err.line))
        prefix = self.dialect.syntax_prefix(err.line)
        for line in lines:
            self.io.err.write(prefix + line + "\n")

    # --- running text ---------------------------------------------------------------------
    def run_text(self, text: str, first_line: int = 1) -> int:
        """Parse and run a script one complete command at a time (as dash and bash do)."""
        parser = Parser(text, self.dialect.name, first_line)
        while True:
            try:
                seq = parser.next_command()
            except ParseError as err:
                self.lineno = err.line
                self.syntax_error(err, parser)
                self.status = 2
                if not self.dialect.interactive:
                    raise ShellExit(2) from None
                return 2
            if seq is None:
                return self.status
            self.status = self.exec_node(seq, self.io)

    def run_exit_trap(self) -> None:
        action = self.traps.pop("EXIT", "")
        if action:
            saved = self.status
            with contextlib.suppress(ShellExit):
                self.run_text(action)
            self.status = saved

    # --- nodes ----------------------------------------------------------------------------
    def exec_node(self, node: Node, io: IO) -> int:
        if isinstance(node, Simple):
            status = self.exec_simple(node, io)
            self.check_errexit(status)
            return status
        if isinstance(node, Seq):
            status = 0
            for item, background in node.items:
                if background:
                    self.run_background(item, io)
                    status = 0
                else:
                    status = self.exec_node(item, io)
                self.status = status
            return status
        if isinstance(node, AndOr):
            return self.exec_and_or(node, io)
        if isinstance(node, Pipeline):
            status = self.exec_pipeline(node, io)
            if not node.negate:
                self.check_errexit(status)
            return status
        if isinstance(node, If):
            for cond, body in node.branches:
                if self.condition(cond, io) == 0:
                    return self.exec_node(body, io)
            return self.exec_node(node.orelse, io) if node.orelse else 0
        if isinstance(node, Loop):
            return self.exec_loop(node, io)
        if isinstance(node, For):
            return self.exec_for(node, io)
        if isinstance(node, Case):
            return self.exec_case(node, io)
        if isinstance(node, Group):
            return self.exec_node(node.body, io)
        if isinstance(node, Subshell):
            status = self.subshell().run_isolated(node.body, io)
            self.check_errexit(status)
            return status
        if isinstance(node, FuncDef):
            self.funcs[node.name] = node.body
            return 0
        if isinstance(node, Redirected):
            try:
                inner = self.redirect(node.redirs, io)
            except RedirError as exc:
                self.error(str(exc), io)
                return self.dialect.redirect_status
            return self.exec_node(node.node, inner)
        raise TypeError(node)

    def check_errexit(self, status: int) -> None:
        if status != 0 and self.errexit and self.suppress == 0:
            raise ShellExit(status)

    def condition(self, seq: Seq, io: IO) -> int:
        self.suppress += 1
        try:
            return self.exec_node(seq, io)
        finally:
            self.suppress -= 1

    def exec_and_or(self, node: AndOr, io: IO) -> int:
        status = self.condition(Seq([(node.first, False)]), io)
        for i, (op, item) in enumerate(node.rest):
            self.status = status
            if (op == "&&") != (status == 0):
                continue
            if i == len(node.rest) - 1:
                status = self.exec_node(item, io)
            else:
                status = self.condition(Seq([(item, False)]), io)
        return status

    def exec_pipeline(self, node: Pipeline, io: IO) -> int:
        if len(node.cmds) == 1:
            status = (
                self.condition(Seq([(node.cmds[0], False)]), io)
                if node.negate
                else (self.exec_node(node.cmds[0], io))
            )
            return int(status == 0) if node.negate else status
        blocked: Blocked | None = None
        data = io.stdin
        status = 0
        for i, cmd in enumerate(node.cmds):
            last = i == len(node.cmds) - 1
            sink: Sink = io.out if last else Buffer()
            stage_io = IO(dict(io.fds))
            stage_io.fds[0] = data
            stage_io.fds[1] = sink
            try:
                status = self.subshell().run_isolated(cmd, stage_io)
            except Blocked as exc:
                if last:
                    raise
                blocked = blocked or exc
            except PipeClosed:
                status = 141
            if isinstance(sink, Buffer):
                data = Reader(sink.text)
        if blocked is not None:
            raise blocked
        return int(status == 0) if node.negate else status

    def exec_loop(self, node: Loop, io: IO) -> int:
        status = 0
        while True:
            self.rec.step()
            if (self.condition(node.cond, io) == 0) == node.until:
                break
            try:
                status = self.exec_node(node.body, io)
            except LoopControl as lc:
                if lc.n > 1:
                    lc.n -= 1
                    raise
                if lc.kind == "break":
                    break
        return status

    def exec_for(self, node: For, io: IO) -> int:
        self.lineno = node.line
        self.io = io
        try:
            items = self.expander.fields(node.words) if node.words is not None else self.positional
        except ExpandError as exc:
            return self.expand_failed(exc, io)
        status = 0
        for item in list(items):
            self.rec.step()
            self.set_var(node.var, item)
            try:
                status = self.exec_node(node.body, io)
            except LoopControl as lc:
                if lc.n > 1:
                    lc.n -= 1
                    raise
                if lc.kind == "break":
                    break
        return status

    def exec_case(self, node: Case, io: IO) -> int:
        self.lineno = node.line
        self.io = io
        try:
            word = self.expander.string(node.word)
            for patterns, body in node.arms:
                for pat in patterns:
                    if match(self.expander.pattern(pat), word):
                        return self.exec_node(body, io) if body else 0
        except ExpandError as exc:
            return self.expand_failed(exc, io)
        return 0

    def expand_failed(self, exc: ExpandError, io: IO) -> int:
        self.error(exc.message, io)
        if exc.fatal and not self.dialect.interactive:
            raise ShellExit(exc.status)
        return exc.status

    # --- subshells and background jobs ----------------------------------------------------
    def subshell(self) -> Shell:
        sub = Shell.__new__(Shell)
        sub.__dict__.update(self.__dict__)
        sub.vars = dict(self.vars)
        sub.exported = set(self.exported)
        sub.funcs = dict(self.funcs)
        sub.positional = list(self.positional)
        sub.jobs = []
        sub.traps = {k: v for k, v in self.traps.items() if k != "EXIT"}
        sub.locals = []
        sub.expander = Expander(sub)
        return sub

    def run_isolated(self, node: Node, io: IO) -> int:
        try:
            return self.exec_node(node, io)
        except ShellExit as exc:
            return exc.code
        except (LoopControl, FuncReturn):
            return self.status

    def run_background(self, node: Node, io: IO) -> None:
        saved_now, saved_steps = self.rec.now, self.rec.steps
        pid = self.next_pid
        self.next_pid += 1
        self.last_bg = pid
        bg_io = io.with_fd(0, Reader(""))
        job = Job(pid, saved_now)
        try:
            self.subshell().run_isolated(node, bg_io)
            job.end = self.rec.now
        except Blocked as exc:
            job.end, job.blocked = math.inf, exc.program
        except StepLimit:
            job.end, job.blocked = math.inf, self.dialect.arg0
            self.rec.steps = saved_steps
        self.rec.now = saved_now
        self.jobs.append(job)

    def command_subst(self, node: Node) -> str:
        buf = Buffer()
        sub = self.subshell()
        io = self.io.with_fd(1, buf)
        try:
            status = sub.run_isolated(node, io)
        except PipeClosed:
            status = 141
        self.subst_status = status
        return buf.text.rstrip("\n")

    # --- simple commands ------------------------------------------------------------------
    def exec_simple(self, node: Simple, io: IO) -> int:
        from dockersim.model.userland.builtins import BUILTINS, SPECIAL, available

        self.rec.step()
        self.lineno = node.line
        self.io = io
        self.subst_status = None
        try:
            argv = self.expander.fields(node.words)
            assigns = [(n, self.expander.string(w)) for n, w in node.assigns]
        except ExpandError as exc:
            return self.expand_failed(exc, io)
        try:
            cmd_io = self.redirect(node.redirs, io)
        except RedirError as exc:
            self.error(str(exc), io)
            return self.dialect.redirect_status
        except ExpandError as exc:
            return self.expand_failed(exc, io)
        if self.xtrace:
            self.trace([f"{n}={v}" for n, v in assigns] + argv, io)
        if not argv:
            for name, value in assigns:
                self.set_var(name, value)
            return self.subst_status or 0
        name = argv[0]
        self.io = cmd_io
        if name in SPECIAL and available(self.dialect.name, name):
            for n, v in assigns:
                self.set_var(n, v)
            return BUILTINS[name](self, argv, cmd_io)
        if name in self.funcs:
            return self.call_function(name, argv, assigns, cmd_io)
        if name in BUILTINS and available(self.dialect.name, name):
            saved = {n: self.vars.get(n) for n, _ in assigns}
            for n, v in assigns:
                self.set_var(n, v)
            try:
                return BUILTINS[name](self, argv, cmd_io)
            finally:
                for n, old in saved.items():
                    if old is None:
                        self.vars.pop(n, None)
                    else:
                        self.vars[n] = old
        return self.run_command(argv, self.environ(assigns), cmd_io)

    def trace(self, words: list[str], io: IO) -> None:
        if self.dialect.name == "dash":
            shown = words
        else:
            shown = [
                w if w and all(c.isalnum() or c in "-_./=:,@%+" for c in w) else _q(w)
                for w in words
            ]
        io.err.write("+ " + " ".join(shown) + "\n")

    def call_function(
        self, name: str, argv: list[str], assigns: list[tuple[str, str]], io: IO
    ) -> int:
        body = self.funcs[name]
        saved = self.positional
        self.positional = argv[1:]
        self.locals.append({})
        for n, v in assigns:
            self.set_var(n, v)
        try:
            return self.exec_node(body, io)
        except FuncReturn as ret:
            return ret.code
        finally:
            self.positional = saved
            for n, old in self.locals.pop().items():
                if old is None:
                    self.vars.pop(n, None)
                else:
                    self.vars[n] = old

    def run_command(self, argv: list[str], env: dict[str, str], io: IO) -> int:
        """Run an external command found through $PATH (or by path)."""
        from dockersim.model.userland.runner import run_resolved

        name = argv[0]
        try:
            found = resolve.find(self.proc.fs, name, env, self.cwd)
        except resolve.NotFound:
            msg = self.dialect.no_such_file(name) if "/" in name else self.dialect.not_found(name)
            self.error(msg, io)
            return 127
        except resolve.IsDirectory:
            self.error(self.dialect.is_directory(name), io)
            return 126
        except resolve.NoPermission:
            self.error(f"{name}: Permission denied", io)
            return 126
        return run_resolved(self, found, argv, env, io)

    # --- redirections ---------------------------------------------------------------------
    def redirect(self, redirs: list[Redir], io: IO) -> IO:
        from dockersim.model.userland.redirs import apply

        return apply(self, redirs, io)


def _q(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"
