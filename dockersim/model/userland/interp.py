"""The shell interpreter: runs a parsed script against a container's filesystem."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from dockersim.model.userland import parsememo, resolve
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
from dockersim.model.userland.caps import (
    MAX_NESTING,
    Heap,
    fits_exec,
    items_cost,
)
from dockersim.model.userland.dialect import Dialect
from dockersim.model.userland.expand import Expander, ExpandError, match
from dockersim.model.userland.fds import IO, FuncReturn, LoopControl, RedirError
from dockersim.model.userland.fork import fork
from dockersim.model.userland.io import (
    Buffer,
    Capture,
    Reader,
    Recorder,
    Sink,
)
from dockersim.model.userland.jobs import JobTable, sees_jobs
from dockersim.model.userland.lexer import ParseError
from dockersim.model.userland.oneshot import ends_line, tail_command
from dockersim.model.userland.parser import Parser
from dockersim.model.userland.shellvars import ShellVars
from dockersim.model.userland.types import (
    Blocked,
    MemoryExhausted,
    NestingLimit,
    PipeClosed,
    Proc,
    ProcInfo,
    ShellExit,
    WriteFailed,
)

BuiltinFn = Callable[["Shell", list[str], "IO"], int]


class Shell(ShellVars):
    # What a new shell starts with and most never change: kept on the class, so a shell's
    # own attributes stay few (Python shares one table of their names between instances)
    #: `.` files being read (a `return` there ends the file)
    sourcing = 0
    #: the number of an interactive shell's first line in `history`
    history_base = 1
    status = 0
    subst_status: int | None = None
    errexit = False
    xtrace = False
    nounset = False
    noglob = False
    suppress = 0
    lineno = 1
    last_bg: int | None = None
    #: the job tables of the shells it comes from (its programs see them: `ps`, `kill PID`)
    outer_jobs: tuple[JobTable, ...] = ()
    #: a forked copy (subshell, substitution, pipeline stage): no job control
    forked = False
    #: the shells above this one that still run (`ps` lists them), and its own command line
    ancestors: tuple[ProcInfo, ...] = ()
    argv: tuple[str, ...] = ()
    #: `sh -c TEXT` execs its last command, `tail` (model/userland/oneshot.py)
    oneshot = False
    tail: Node | None = None

    def __init__(
        self,
        proc: Proc,
        dialect: Dialect,
        rec: Recorder,
        io: IO,
        env: dict[str, str] | None = None,
        positional: list[str] | None = None,
        cwd: str | None = None,
        heap: Heap | None = None,
        depth: int = 0,
    ) -> None:
        self.proc = proc
        self.dialect = dialect
        self.rec = rec
        self.io = io
        self.terminal = io
        #: what the process tree's values hold (caps.Heap); this shell's own share is
        #: `charged`, for the variables (and `()name` functions) in `own`
        self.heap = heap if heap is not None else Heap(proc.memory_limit)
        #: nesting level: function calls, subshells, substitutions, eval, `.`, shells
        self.depth = depth
        self.vars: dict[str, str] = dict(proc.env if env is None else env)
        self.exported: set[str] = set(self.vars)
        self.funcs: dict[str, Node] = {}
        self.func_costs: dict[str, int] = {}
        #: each function's body as source text (what a saved terminal session keeps)
        self.func_sources: dict[str, str] = {}
        #: the lines an interactive shell has read (`history`), numbered from `history_base`
        self.history: list[str] = []
        self.positional: list[str] = list(positional or [])
        self.cwd = cwd or proc.cwd
        #: its background jobs; a subshell starts with none, but its programs see those of
        #: the shells it comes from (`outer_jobs`)
        self.jobs = JobTable(dialect.name)
        self.traps: dict[str, str] = {}
        self.locals: list[dict[str, str | None]] = []
        self.next_pid = proc.pid + 6
        #: its own PID (`$$`): the process context's, unless a shell that forked it says
        self.pid = proc.pid
        self.vars.setdefault("PWD", self.cwd)
        self.exported.add("PWD")
        if dialect.name == "bash":
            level = self.vars.get("SHLVL", "0")
            self.vars["SHLVL"] = str(int(level) + 1 if level.isdigit() else 1)
            self.exported.add("SHLVL")
        # a new process: its environment and arguments are held; it may be nested too deep
        positional_cost = items_cost(self.positional)
        cost = items_cost(list(self.vars.values())) + positional_cost
        try:
            self.heap.need(cost)
        except MemoryExhausted as exc:
            self.own, self.charged = set(), 0
            self.memory_error(exc)
            raise
        self.heap.charge(cost)
        self.charged = cost
        self.positional_held = positional_cost
        self.own: set[str] = set(self.vars)
        try:
            self.enter_check()
        except NestingLimit:
            self.release()
            raise

    @property
    def expander(self) -> Expander:
        """This shell's word expansion (made when asked: one kept here would make a cycle
        that holds the process's state until the garbage collector runs)."""
        return Expander(self)

    # --- errors ---------------------------------------------------------------------------
    def syntax_error(self, err: ParseError, parser: Parser) -> None:
        lines = self.dialect.syntax_error(err, parser.lex.line_text(err.line))
        prefix = self.dialect.syntax_prefix(err.line)
        for line in lines:
            self.io.err.write(prefix + line + "\n")

    # --- running text ---------------------------------------------------------------------
    def run_text(self, text: str, first_line: int = 1) -> int:
        """Parse and run a script one complete command at a time (as dash and bash do).

        A text parsed whole before runs its remembered commands (parsememo.py)."""
        oneshot, self.oneshot = self.oneshot, False
        known = parsememo.recall(text, self.dialect.name, first_line)
        if known is not None:
            last = known[-1] if oneshot and known and not ends_line(text) else None
            for line in known:
                if line is last:
                    self.tail = tail_command(line)
                try:  # (as below, inline: a frame more would count against the budget)
                    self.status = self.exec_node(line, self.io)
                except NestingLimit:
                    self.status = self.nesting_status
                    if self.dialect.name != "bash":
                        raise ShellExit(self.status) from None
            return self.status
        parser = Parser(text, self.dialect.name, first_line)
        parsed: list[Seq] = []
        try:
            while True:
                try:
                    seq = parser.next_command()
                except NestingLimit:  # too deep to even parse what follows: it is abandoned
                    self.error(f"maximum nesting level exceeded ({min(self.depth, MAX_NESTING)})")
                    self.status = self.nesting_status
                    if self.dialect.name != "bash":
                        raise ShellExit(self.status) from None
                    return self.status
                except ParseError as err:
                    self.lineno = err.line
                    self.syntax_error(err, parser)
                    self.status = 2
                    if not self.dialect.interactive:
                        raise ShellExit(2) from None
                    return 2
                if seq is None:
                    deepest = parser.lex.deepest
                    parsememo.remember(text, self.dialect.name, first_line, parsed, deepest)
                    return self.status
                parsed.append(seq)
                if oneshot and parser.peek().kind == "eof":  # (dash: parser_eof())
                    self.tail = tail_command(seq)
                try:
                    self.status = self.exec_node(seq, self.io)
                except NestingLimit:  # reported where it happened; the command is abandoned
                    self.status = self.nesting_status
                    if self.dialect.name != "bash":
                        raise ShellExit(self.status) from None
        finally:
            parser.release()

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
            status = self.run_subshell(node.body, io)
            self.check_errexit(status)
            return status
        if isinstance(node, FuncDef):
            self.set_function(node.name, node.body, node.size, node.source)
            return 0
        if isinstance(node, Redirected):
            try:
                inner = self.redirect(node.redirs, io)
            except RedirError as exc:
                self.error(str(exc), io)
                return self.dialect.redirect_status
            try:
                status = self.exec_node(node.node, inner)
            except BaseException:
                self.close_opened(inner, io, "", unwinding=True)
                raise
            return self.close_opened(inner, io, "", status)
        raise TypeError(node)

    def run_subshell(self, node: Node, io: IO, nest: bool = True, jobs: bool = False) -> int:
        """`( ... )` and the like: a copy of this shell, one level deeper, that then ends
        (with a copy of this shell's jobs if `jobs`: `$(jobs -p)`, `jobs | cat`)."""
        sub = self.subshell(jobs)
        try:
            if not nest:
                return sub.run_isolated(node, io)
            with sub.nested():
                return sub.run_isolated(node, io)
        except NestingLimit:
            return self.nesting_status
        finally:
            sub.release()

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
        held = 0
        try:
            self.depth += 1  # every stage is a subshell one level deeper: checked once
            self.enter_check()
            for i, cmd in enumerate(node.cmds):
                last = i == len(node.cmds) - 1
                sink: Sink = io.out if last else Buffer()
                stage_io = IO(dict(io.fds))
                stage_io.fds[0] = data
                stage_io.fds[1] = sink
                try:
                    status = self.run_subshell(cmd, stage_io, False, sees_jobs(self, cmd))
                except Blocked as exc:
                    if last:
                        raise
                    blocked = blocked or exc
                except PipeClosed:
                    status = 141
                if isinstance(sink, Buffer):
                    text = sink.text
                    self.heap.need(len(text) - held)  # the pipe's contents, until read
                    self.heap.charge(len(text) - held)
                    held = len(text)
                    data = Reader(text)
        finally:
            self.depth -= 1
            self.heap.charge(-held)
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
        held = items_cost(items) if node.words is not None else 0
        self.heap.need(held)
        self.heap.charge(held)
        try:
            return self._loop_over(node, list(items), io)
        finally:
            self.heap.charge(-held)

    def _loop_over(self, node: For, items: list[str], io: IO) -> int:
        status = 0
        for item in items:
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
        held = 0
        try:
            word = self.expander.string(node.word)
            self.heap.need(len(word))  # held while an arm runs
            self.heap.charge(len(word))
            held = len(word)
            for patterns, body in node.arms:
                for pat in patterns:
                    if match(self.expander.pattern(pat), word):
                        return self.exec_node(body, io) if body else 0
        except ExpandError as exc:
            return self.expand_failed(exc, io)
        finally:
            self.heap.charge(-held)
        return 0

    def expand_failed(self, exc: ExpandError, io: IO) -> int:
        self.error(exc.message, io)
        if exc.fatal and not self.dialect.interactive:
            raise ShellExit(exc.status)
        return exc.status

    # --- subshells and background jobs ----------------------------------------------------
    def subshell(self, jobs: bool = False) -> Shell:
        """A copy of this shell (what a fork gives); call `release()` when it ends."""
        return fork(self, jobs)

    def run_isolated(self, node: Node, io: IO) -> int:
        try:
            return self.exec_node(node, io)
        except ShellExit as exc:
            return exc.code
        except (LoopControl, FuncReturn):
            return self.status

    def run_background(self, node: Node, io: IO) -> None:
        from dockersim.model.userland.jobctl import start

        start(self, node, io)

    def command_subst(self, node: Node) -> str:
        """`$(...)`: its output is kept in this shell's memory (caps.Heap)."""
        buf = Capture(self.heap)
        io = self.io.with_fd(1, buf)
        try:
            status = self.run_subshell(node, io, jobs=sees_jobs(self, node, substitution=True))
        except PipeClosed:
            status = 141
        self.subst_status = status
        return buf.text.rstrip("\n")

    # --- simple commands ------------------------------------------------------------------
    def exec_simple(self, node: Simple, io: IO) -> int:
        replace = node is self.tail and not self.traps  # (a trap keeps the shell: it forks)
        if replace:
            self.tail = None
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
            return self.close_opened(cmd_io, io, "", self.subst_status or 0)
        name = argv[0]
        self.io = cmd_io
        held = items_cost(argv) + sum(len(v) for _n, v in assigns)  # while it runs
        try:
            self.heap.need(held)
        except BaseException:
            self.close_opened(cmd_io, io, name, unwinding=True)
            raise
        self.heap.charge(held)
        try:
            status = self._dispatch(name, argv, assigns, cmd_io, replace)
        except BaseException:
            self.close_opened(cmd_io, io, name, unwinding=True)
            raise
        finally:
            self.heap.charge(-held)
        return self.close_opened(cmd_io, io, name, status)

    def _dispatch(
        self,
        name: str,
        argv: list[str],
        assigns: list[tuple[str, str]],
        io: IO,
        replace: bool = False,
    ) -> int:
        from dockersim.model.userland.builtins import BUILTINS, SPECIAL, available

        if name in SPECIAL and available(self.dialect.name, name):
            for n, v in assigns:
                self.set_var(n, v)
            return self.run_builtin(BUILTINS[name], argv, io)
        if name in self.funcs:
            return self.call_function(name, argv, assigns, io)
        if name in BUILTINS and available(self.dialect.name, name):
            saved = {n: self.vars.get(n) for n, _ in assigns}
            for n, v in assigns:
                self.set_var(n, v)
            try:
                return self.run_builtin(BUILTINS[name], argv, io)
            finally:
                for n, old in saved.items():
                    self.restore_var(n, old)
        return self.run_command(argv, self.environ(assigns), io, replace)

    def run_builtin(self, fn: BuiltinFn, argv: list[str], io: IO) -> int:
        """A builtin whose output cannot be written reports it and returns 1."""
        try:
            return fn(self, argv, io)
        except WriteFailed as exc:
            self.write_error(argv[0], exc, io)
            return 1

    def call_function(
        self, name: str, argv: list[str], assigns: list[tuple[str, str]], io: IO
    ) -> int:
        body = self.funcs[name]
        self.locals.append({})
        try:
            with self.arguments(argv[1:]), self.nested(name):  # argv: held by exec_simple
                for n, v in assigns:
                    self.set_var(n, v)
                return self.exec_node(body, io)
        except FuncReturn as ret:
            return ret.code
        finally:
            for n, old in self.locals.pop().items():
                self.restore_var(n, old)

    def run_command(
        self, argv: list[str], env: dict[str, str], io: IO, replace: bool = False
    ) -> int:
        """Run an external command found through $PATH (or by path): in a process of its own,
        or in this shell's (`replace`: `exec`, the last command of `sh -c`)."""
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
        if not fits_exec(argv, env):
            shown = found.path if self.dialect.name == "bash" else name
            self.error(f"{shown}: Argument list too long", io)
            return 126
        return self.exec_found(found, argv, env, io, replace)

    def exec_found(
        self,
        found: resolve.Resolved,
        argv: list[str],
        env: dict[str, str],
        io: IO,
        replace: bool = False,
    ) -> int:
        """Execute a program found on disk. The interpreter knows no programs: the runner's
        shell (`runner.Shell`) does."""
        raise NotImplementedError("a shell that runs programs comes from runner.py")

    # --- redirections ---------------------------------------------------------------------
    def redirect(self, redirs: list[Redir], io: IO) -> IO:
        from dockersim.model.userland.redirs import apply

        return apply(self, redirs, io)
