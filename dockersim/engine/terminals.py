"""Terminals: programs a learner types into line by line (`run -it ubuntu bash`, `exec -it`).

A program that reads lines at a terminal (an interactive shell, a REPL: a `LineProgram`) is
opened here. Fed all at once (a scenario's `input:`, a pipe), it reads every line and its
input then ends (`feed`). Live (`dockersim docker run -it ...` at a real terminal), it stays
open: a `Terminal` in the world holds its saved state, and each line typed, Ctrl-C or Ctrl-D
opens it again, runs, and saves it (`terminal_input`, `terminal_interrupt`, `terminal_eof`),
whichever `dockersim` process the learner types into. What a line prints lands at its own
virtual time: a client shows each piece when the clock reaches it (`Terminal.output`), and a
container's main process also writes it to the logs, prompt and echo included, as a tty does.

The echo of `^C` is the terminal's; the program prints the rest. A line running in the
foreground ends at `busy_until`; one that never ends (`sleep infinity`, `top`) blocks the
terminal until Ctrl-C. The container's main process ending (`exit`, Ctrl-D) ends the
container with its status; `docker stop` ends the terminal with the container.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.errors import DockerError
from dockersim.model.terminal import Terminal

if TYPE_CHECKING:
    from dockersim.model.container import Container
    from dockersim.model.userland import Output, Proc, ProcInfo, Session, Timeline
    from dockersim.model.userland.interactive import LineProgram, Snapshot

#: what the terminal echoes for Ctrl-C (ECHOCTL)
ECHO_INTERRUPT = "^C"


@attrs.frozen
class TerminalStep:
    """What typing one line (or Ctrl-C, Ctrl-D) did. `outputs` are at `start` + their `at`;
    the program is waiting for the next line at `prompt` from `busy_until` on (None: now),
    or never again: `ended` with `exit_code`, or blocked in the foreground (`blocked`)."""

    outputs: tuple[Output, ...]
    start: float
    prompt: str = ""
    busy_until: float | None = None
    blocked: str = ""
    ended: bool = False
    exit_code: int | None = None


class TerminalEnded(DockerError):
    """The terminal is gone: its program ended, or its container stopped or was removed."""


class TerminalOps(EngineBase):
    # --- opening ------------------------------------------------------------------------------
    def line_program(
        self, argv: list[str], proc: Proc, tty: bool, state: Snapshot | None = None
    ) -> LineProgram | None:
        """The program argv starts, if it reads lines at a terminal (engine/programs/lines.py);
        raises the runtime's exec errors for a program that cannot run."""
        from dockersim.engine.programs.lines import line_program

        return line_program(argv, proc, tty, state)

    def feed(self, program: LineProgram, stdin: str) -> Timeline:
        """Type every line of `stdin` at the program, then end its input (Ctrl-D); a line
        that starts a program reading lines (`python3` at the shell) hands it the next."""
        from dockersim.model.userland.interactive import feed

        return feed(program, stdin, self._feed_nested, _returned)

    def _feed_nested(self, top: LineProgram, line: str, at: float) -> LineProgram | None:
        import copy

        from dockersim.engine.programs.lines import simple_words
        from dockersim.model.userland import ExecError, Session

        argv = simple_words(line)
        if not argv or not isinstance(top, Session):
            return None
        sh = top.shell
        proc = copy.copy(top.proc)
        proc.env = _exported(top)
        proc.cwd = sh.cwd
        proc.now = top.proc.now + at
        try:
            return self.line_program(argv, proc, proc.tty)
        except ExecError:
            return None

    def terminal_start(
        self, container: Container, program: LineProgram, proc: Proc, at: float
    ) -> Terminal:
        """The live terminal of a container's main process, which just started `program`."""
        config = container.config
        terminal = Terminal(
            id=container.id,
            container=container.id,
            pid=1,
            argv=[container.path, *container.args],
            tty=config.tty,
            started=at,
        )
        container.exit_at = None
        container.blocked_in = program.name
        container.handles = ()
        container.traps = {}
        opening = program.start()
        for item in opening.outputs:
            self._write(terminal, container, at + item.at, item.stream, item.text)
        if program.exited:  # it could not even start (psql with no server): it ends here
            container.exit_at = at + opening.duration
            container.exit_code_at = program.exit_code or 0
            container.exit_oom = opening.oom_killed
            return terminal
        self.world.terminals[terminal.id] = terminal
        terminal.state = program.snapshot()
        if terminal.tty:
            self._write(
                terminal, container, at + opening.duration, "stdout", program.prompt(), show=False
            )
        return terminal

    def terminal_exec(
        self,
        ref: str,
        argv: list[str],
        env: list[str] | None = None,
        workdir: str = "",
        user: str | None = None,
        tty: bool = True,
        exec_id: str = "",
    ) -> Terminal | None:
        """`docker exec -it` live: a terminal on a new process, if argv reads lines (else
        None: run it as an ordinary exec). Raises the daemon's exec errors. `exec_id`: the
        exec the API created (its create is logged); the terminal's ID is the exec's."""
        from dockersim.model.userland import ExecIsDirectory, ExecNotFound, ExecPermission

        container = self.engine.exec_target(ref)
        pid = container.next_pid
        proc = self._proc(container, env, workdir, user, tty, pid)
        try:
            program = self.line_program(argv, proc, tty)
        except ExecNotFound as exc:
            raise errors.exec_start_failed(exc.name, missing=True) from None
        except (ExecIsDirectory, ExecPermission) as exc:
            raise errors.exec_start_failed(exc.name, missing=False) from None
        if program is None:
            return None
        opening = program.start()
        if program.exited:  # it ends as it opens: an ordinary exec says what it said
            return None
        container.next_pid += 1
        terminal = Terminal(
            id=exec_id or self.engine.new_id(),
            container=container.id,
            pid=pid,
            argv=list(argv),
            user=user or "",
            env=list(env or []),
            workdir=workdir,
            tty=tty,
            started=self.now,
        )
        terminal.state = program.snapshot()
        for item in opening.outputs:
            self._write(terminal, container, self.now + item.at, item.stream, item.text)
        self.world.terminals[terminal.id] = terminal
        self.engine.exec_events(container, argv, pid, terminal.id, created=bool(exec_id))
        return terminal

    # --- typing -----------------------------------------------------------------------------
    def terminal_prompt(self, terminal_id: str) -> str | None:
        """What the program shows now, waiting for a line ("" without a terminal), or None
        while a line runs in the foreground."""
        terminal, container = self._live(terminal_id)
        if terminal.blocked or (terminal.busy_until or 0) > self.now:
            return None
        program = self._open(terminal, container, self.now)
        return program.prompt() if terminal.tty else ""

    def terminal_busy_until(self, terminal_id: str) -> float | None:
        """When the line running in the foreground ends (None: none runs, or it never
        ends by itself)."""
        terminal = self.world.terminals.get(terminal_id)
        return None if terminal is None else terminal.busy_until

    def terminal_history(self, terminal_id: str) -> list[str]:
        """The lines the terminal's program has read (a shell's `history`, a REPL's inputs
        of one line): what Up recalls, also for a client that attaches later."""
        terminal = self.world.terminals.get(terminal_id)
        if terminal is None:
            return []
        state = terminal.nested[-1]["state"] if terminal.nested else terminal.state
        lines = state.get("history")
        if not isinstance(lines, list):
            lines = state.get("inputs")
        if not isinstance(lines, list):
            return []
        return [line for line in lines if isinstance(line, str) and "\n" not in line]

    def terminal_input(self, terminal_id: str, line: str) -> TerminalStep:
        """A line typed and Enter pressed. It runs when the line in the foreground has
        ended; while one blocks (`sleep infinity`), the program there ignores it."""
        terminal, container = self._live(terminal_id)
        start = max(self.now, terminal.busy_until or self.now)
        if start > self.now:
            self.engine.settle(start)
            terminal, container = self._live(terminal_id)
        if terminal.tty:  # the tty echoes what was typed
            self._write(terminal, container, start, "stdout", line + "\n", show=False)
        if terminal.blocked:
            return TerminalStep((), start, blocked=terminal.blocked)
        program = self._open(terminal, container, start)
        child = self._nested_start(terminal, container, program, line, start)
        if child is not None:
            return child
        timeline = program.run_line(line)
        return self._after(terminal, container, program, timeline, start)

    def _nested_start(
        self,
        terminal: Terminal,
        container: Container,
        program: LineProgram,
        line: str,
        start: float,
    ) -> TerminalStep | None:
        """A line at a shell's prompt that starts a program reading lines itself (`python3`,
        `redis-cli -h cache`, `bash`): it takes the terminal until it ends. None for any
        other line (the shell runs it)."""
        from dockersim.model.userland import ExecError, Session

        if not isinstance(program, Session):
            return None
        from dockersim.engine.programs.lines import simple_words

        argv = simple_words(line)
        if not argv:
            return None
        sh = program.shell
        env = _exported(program)
        proc = self._nested_proc(terminal, container, env, sh.cwd, start)
        try:
            child = self.line_program(argv, proc, terminal.tty)
        except ExecError:
            return None  # the shell says what is wrong
        if child is None:
            return None
        terminal.state = program.snapshot()
        terminal.nested.append({"argv": argv, "env": env, "cwd": sh.cwd, "state": {}})
        return self._after(terminal, container, child, child.start(), start)

    def _nested_proc(
        self,
        terminal: Terminal,
        container: Container,
        env: dict[str, str],
        cwd: str,
        at: float,
    ) -> Proc:
        proc = self._terminal_proc(terminal, container, at)
        proc.env = dict(env)
        proc.cwd = cwd
        return proc

    def terminal_interrupt(self, terminal_id: str) -> TerminalStep:
        """Ctrl-C: SIGINT to the line in the foreground (what it had still to print is not
        printed), or to the program waiting at its prompt."""
        from dockersim.model.userland import Output

        terminal, container = self._live(terminal_id)
        now = self.now
        if (terminal.busy_until or 0) > now:  # the rest of the line never happens
            terminal.output = [piece for piece in terminal.output if piece[0] <= now]
            if terminal.main:
                container.logs = [log for log in container.logs if log[0] <= now]
        terminal.busy_until = None
        terminal.blocked = ""
        if terminal.tty:
            self._write(terminal, container, now, "stdout", ECHO_INTERRUPT, show=False)
        program = self._open(terminal, container, now)
        timeline = program.interrupt()
        step = self._after(terminal, container, program, timeline, now)
        echoed = (Output("stdout", ECHO_INTERRUPT, 0.0),) if terminal.tty else ()
        return attrs.evolve(step, outputs=echoed + step.outputs)

    def terminal_eof(self, terminal_id: str) -> TerminalStep:
        """Ctrl-D at an empty prompt: the program's input ends (typed while a line runs,
        once that line has ended; a line that never ends ignores it)."""
        terminal, container = self._live(terminal_id)
        start = max(self.now, terminal.busy_until or self.now)
        if start > self.now:
            self.engine.settle(start)
            terminal, container = self._live(terminal_id)
        if terminal.blocked:
            return TerminalStep((), start, blocked=terminal.blocked)
        program = self._open(terminal, container, start)
        timeline = program.end_of_input()
        return self._after(terminal, container, program, timeline, start)

    def terminal_output(self, terminal_id: str) -> list[tuple[float, str, str]]:
        """What the line running now has printed by now: (time, stream, text) pieces, for a
        client showing them as the clock reaches them."""
        terminal = self.world.terminals.get(terminal_id)
        if terminal is None:
            return []
        now = self.now
        return [
            (float(at), str(stream), str(text)) for at, stream, text in terminal.output if at <= now
        ]

    # --- the processes and their ends -----------------------------------------------------------
    def terminal_processes(self, container: Container) -> list[ProcInfo]:
        """The processes `docker exec -it` left running in the container (each with its own
        pseudo-terminal: pts/0 is the main process's when it has one)."""
        from dockersim.model.userland import ProcInfo

        found: list[ProcInfo] = []
        user = container.config.user or "root"
        for terminal in self.world.terminals.values():
            if terminal.container != container.id or terminal.main:
                continue
            tty = self._tty_name(container, terminal) if terminal.tty else "?"
            command = " ".join(terminal.argv)
            found.append(
                ProcInfo(terminal.pid, 0, terminal.user or user, command, terminal.started, tty=tty)
            )
        return found

    def _tty_name(self, container: Container, terminal: Terminal) -> str:
        """The pseudo-terminal a live process has: pts/0 is the main process's (when it has
        one), then each exec's in the order they started."""
        number = 1 if container.config.tty else 0
        for other in self.world.terminals.values():
            if other.container != container.id or other.main or not other.tty:
                continue
            if other.id == terminal.id:
                break
            number += 1
        return f"pts/{number}"

    def terminals_close(self, container_id: str) -> None:
        """The container stopped or went: every process in it, so every terminal, ended."""
        for terminal_id in [
            t.id for t in self.world.terminals.values() if t.container == container_id
        ]:
            del self.world.terminals[terminal_id]

    def client_detached(self, container_id: str, exec_id: str = "") -> None:
        """A client pressed the detach keys: `detach` (attach.go) when it was attached to the
        container, `exec_detach` with the exec's ID (exec.go) when it was an exec's."""
        if container_id not in self.world.containers:
            return
        if exec_id:
            self.emit("container", "exec_detach", container_id, execID=exec_id)
        else:
            self.emit("container", "detach", container_id)

    # --- helpers ----------------------------------------------------------------------------
    def _live(self, terminal_id: str) -> tuple[Terminal, Container]:
        self.engine.settle()
        terminal = self.world.terminals.get(terminal_id)
        container = None if terminal is None else self.world.containers.get(terminal.container)
        if terminal is None or container is None or not container.state.running:
            raise TerminalEnded("the terminal's program has ended")
        return terminal, container

    def _proc(
        self,
        container: Container,
        env: list[str] | None,
        workdir: str,
        user: str | None,
        tty: bool,
        pid: int,
    ) -> Proc:
        proc = self.engine.proc_for(container, env, user)
        proc.tty = tty
        if workdir:
            proc.cwd = workdir
        proc.pid = pid
        proc.processes = lambda: self.engine.container_processes(container)
        return proc

    def _open(self, terminal: Terminal, container: Container, at: float) -> LineProgram:
        """The terminal's program as it was left (the innermost one started from its shell),
        in its container as it is now."""
        from dockersim.model.userland.session import SnapshotError

        argv, state = terminal.argv, terminal.state
        if terminal.nested:
            top = terminal.nested[-1]
            argv, state = top["argv"], top["state"]
            proc = self._nested_proc(terminal, container, top["env"], top["cwd"], at)
        else:
            proc = self._terminal_proc(terminal, container, at)
        try:
            program = self.line_program(argv, proc, terminal.tty, state)
        except (SnapshotError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TerminalEnded(f"the terminal's saved state cannot be read: {exc}") from None
        if program is None:
            raise TerminalEnded("the terminal's program no longer reads lines")
        return program

    def _terminal_proc(self, terminal: Terminal, container: Container, at: float) -> Proc:
        if terminal.main:
            proc = self._proc(container, None, "", None, container.config.tty, 1)
        else:
            proc = self._proc(
                container,
                terminal.env,
                terminal.workdir,
                terminal.user or None,
                terminal.tty,
                terminal.pid,
            )
            proc.tty_name = self._tty_name(container, terminal)
        proc.now = at
        return proc

    def _after(
        self,
        terminal: Terminal,
        container: Container,
        program: LineProgram,
        timeline: Timeline,
        start: float,
    ) -> TerminalStep:
        """Record what a line did and save the program; end the terminal if it ended."""
        terminal.output = []
        for item in timeline.outputs:
            self._write(terminal, container, start + item.at, item.stream, item.text)
        end = start + timeline.duration
        if program.exited and terminal.nested:  # back to the shell it was started from
            return self._nested_end(terminal, container, program.exit_code or 0, timeline, start)
        if program.exited:
            code = program.exit_code or 0
            del self.world.terminals[terminal.id]
            if terminal.main:
                container.exit_at = end
                container.exit_code_at = code
                self.engine.settle()
            else:  # an exec's process ended: monitor.go logs it
                self.engine.exec_died(container.id, terminal.id, code, end)
            return TerminalStep(timeline.outputs, start, busy_until=end, ended=True, exit_code=code)
        self._save(terminal, program)
        if timeline.exit_code is None:
            terminal.blocked = timeline.blocked_in or program.name
            terminal.busy_until = None
            return TerminalStep(timeline.outputs, start, blocked=terminal.blocked)
        terminal.blocked = ""
        terminal.busy_until = end if end > self.now else None
        prompt = program.prompt() if terminal.tty else ""
        if prompt and terminal.main:  # the prompt is part of the container's output
            self._write(terminal, container, end, "stdout", prompt, show=False)
        return TerminalStep(timeline.outputs, start, prompt, terminal.busy_until)

    def _save(self, terminal: Terminal, program: LineProgram) -> None:
        if terminal.nested:
            terminal.nested[-1]["state"] = program.snapshot()
        else:
            terminal.state = program.snapshot()

    def _nested_end(
        self,
        terminal: Terminal,
        container: Container,
        code: int,
        timeline: Timeline,
        start: float,
    ) -> TerminalStep:
        """The program started from the shell ended: its status is the shell's `$?`."""
        from dockersim.model.userland import Session

        terminal.nested.pop()
        end = start + timeline.duration
        parent = self._open(terminal, container, end)
        if isinstance(parent, Session):
            parent.shell.status = code
        self._save(terminal, parent)
        terminal.blocked = ""
        terminal.busy_until = end if end > self.now else None
        prompt = parent.prompt() if terminal.tty else ""
        if prompt and terminal.main:
            self._write(terminal, container, end, "stdout", prompt, show=False)
        return TerminalStep(timeline.outputs, start, prompt, terminal.busy_until)

    def _write(
        self,
        terminal: Terminal,
        container: Container,
        at: float,
        stream: str,
        text: str,
        show: bool = True,
    ) -> None:
        """Output of the terminal's program: to an attached client (`show`) and, for the
        main process, to the container's logs (with a tty, one stream: stdout)."""
        if not text:
            return
        if show:
            terminal.output.append([at, stream, text])
        if terminal.main:
            self.engine.add_log(container, at, "stdout" if terminal.tty else stream, text)


def _returned(parent: LineProgram, code: int) -> None:
    """A program a shell started ended: its status is the shell's `$?`."""
    from dockersim.model.userland import Session

    if isinstance(parent, Session):
        parent.shell.status = code


def _exported(shell: Session) -> dict[str, str]:
    """The environment a program a shell starts gets: its exported variables."""
    sh = shell.shell
    return {name: sh.vars[name] for name in sorted(sh.exported) if name in sh.vars}
