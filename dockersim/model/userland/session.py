"""An interactive shell on a terminal (`docker run -it ubuntu bash`), one line at a time.

`Session` is the shell's `LineProgram` (model/userland/interactive.py): it prints the prompt
bash, dash or busybox ash prints, runs each complete line, waits for the rest of an unfinished
one (`> `), and keeps its state between lines: variables, functions, the working directory,
options, traps, background jobs and history. `snapshot` turns that state into JSON values and
`Session.restore` builds the shell again from them, so a live session can be saved with the
world after every line and picked up by another `dockersim` process (`docker attach`).
"""

from __future__ import annotations

import posixpath
from typing import Any

from dockersim.model.userland.caps import enter, leave
from dockersim.model.userland.dialect import Dialect
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.io import Reader, Recorder
from dockersim.model.userland.jobctl import report
from dockersim.model.userland.jobs import JobTable
from dockersim.model.userland.lexer import ParseError
from dockersim.model.userland.parser import Parser
from dockersim.model.userland.runner import Shell, finish, terminal_io
from dockersim.model.userland.types import (
    MemoryExhausted,
    NestingLimit,
    Output,
    Proc,
    ShellExit,
    Timeline,
)

#: the lines `history` keeps (bash's HISTSIZE default is 500; busybox keeps fewer)
HISTORY_SIZE = 500
#: the shell options a snapshot keeps (`set -e`, `-x`, `-u`, `-f`)
_OPTIONS = ("errexit", "xtrace", "nounset", "noglob")


class Session:
    """An interactive shell (`docker run -it ubuntu bash`): state is kept between lines.

    With `interactive` False it is the shell `docker run -i ubuntu bash` starts on a pipe or
    a terminal without `-t`: no prompt, and each line runs as it arrives.
    """

    def __init__(
        self, proc: Proc, shell: str, argv0: str | None = None, interactive: bool = True
    ) -> None:
        self.proc = proc
        arg0 = argv0 or ("bash" if shell == "bash" else "/bin/sh" if shell == "ash" else "sh")
        self.name = posixpath.basename(arg0)
        self.elapsed = 0.0
        rec = Recorder(proc.now, proc.max_steps, proc.max_output)
        dialect = Dialect(shell, arg0, "", interactive)
        self.shell = Shell(proc, dialect, rec, terminal_io(proc, rec))
        self.pending = ""
        self.lines = 0
        self.exited = False
        self.exit_code: int | None = None

    # --- LineProgram ---------------------------------------------------------------------
    def start(self) -> Timeline:
        """A shell prints nothing before its first prompt."""
        return Timeline((), 0, 0.0)

    def prompt(self) -> str:
        sh = self.shell
        if not sh.dialect.interactive:
            return ""
        home = sh.vars.get("HOME", sh.home_of(self.proc.user) or "")
        user = self.proc.user
        return sh.dialect.prompt(user, self.proc.hostname, sh.cwd, home, bool(self.pending))

    def run_line(self, line: str) -> Timeline:
        text = self.pending + line + "\n"
        if line.strip() and self.shell.dialect.interactive:
            self._remember(line)
        token = enter()
        try:
            Parser(text, self.shell.dialect.name).program()
        except ParseError as err:
            if err.found == "end of file" or err.kind == "unterminated":
                self.pending = text
                return Timeline((), 0, 0.0)
        except (MemoryExhausted, NestingLimit):  # running it reports the failure
            pass
        finally:
            leave(token)
        self.pending = ""
        first = self.lines + 1
        self.lines += text.count("\n")
        rec = Recorder(self.proc.now + self.elapsed, self.proc.max_steps, self.proc.max_output)
        sh = self.shell
        sh.rec = rec
        sh.io = sh.terminal = terminal_io(self.proc, rec)
        sh.io.fds[0] = Reader("")

        def body() -> int:
            try:
                status = sh.run_text(text, first)
                report(sh)  # the jobs that ended, before the next prompt
                return status
            except ShellExit as exc:
                self.exited = True
                self.exit_code = exc.code
                raise
            except MemoryExhausted as exc:  # the shell itself dies
                sh.memory_error(exc)
                self.exited = True
                self.exit_code = 2
                raise ShellExit(2) from None

        timeline = finish(rec, body, posixpath.basename(sh.dialect.arg0))
        if timeline.exit_code is not None:
            sh.status = timeline.exit_code
        self.elapsed += timeline.duration
        return timeline

    def interrupt(self) -> Timeline:
        """Ctrl-C at the prompt or in a program in the foreground: the terminal echoes `^C`,
        the shell starts a new line and drops what was unfinished ($? is 130), and reports
        the jobs that ended meanwhile before the new prompt."""
        self.pending = ""
        sh = self.shell
        sh.status = 130
        sh.rec = Recorder(self.proc.now + self.elapsed, self.proc.max_steps, self.proc.max_output)
        sh.io = sh.terminal = terminal_io(self.proc, sh.rec)
        sh.io.out.write("\n")
        report(sh)
        return Timeline(sh.rec.sorted_outputs(), 130, 0.0)

    def end_of_input(self) -> Timeline:
        """Ctrl-D at an empty prompt: the shell ends with the last status (bash says `exit`)."""
        self.exited = True
        self.exit_code = self.shell.status
        dialect = self.shell.dialect
        said = "exit\n" if dialect.name == "bash" and dialect.interactive else ""
        return Timeline((Output("stdout", said, 0.0),) if said else (), self.exit_code, 0.0)

    def _remember(self, line: str) -> None:
        """A line for `history`: busybox ash keeps no two equal lines in a row; past
        HISTORY_SIZE the oldest go, and bash's numbers go on (its history base)."""
        sh = self.shell
        if sh.dialect.name == "ash" and sh.history and sh.history[-1] == line:
            return
        kept = [*sh.history, line]
        sh.history_base += max(len(kept) - HISTORY_SIZE, 0)
        sh.history = kept[-HISTORY_SIZE:]

    # --- saving and restoring ------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        sh = self.shell
        return {
            "shell": sh.dialect.name,
            "arg0": sh.dialect.arg0,
            "interactive": sh.dialect.interactive,
            "vars": dict(sh.vars),
            "exported": sorted(sh.exported),
            "functions": dict(sh.func_sources),
            "positional": list(sh.positional),
            "cwd": sh.cwd,
            "status": sh.status,
            "options": [name for name in _OPTIONS if getattr(sh, name)],
            "traps": dict(sh.traps),
            "next_pid": sh.next_pid,
            "last_bg": sh.last_bg,
            "jobs": sh.jobs.snapshot(),
            "history": list(sh.history),
            "history_base": sh.history_base,
            "pending": self.pending,
            "lines": self.lines,
        }

    @classmethod
    def restore(cls, proc: Proc, state: Snapshot) -> Session:
        """The shell a snapshot describes, in the process `proc` (its filesystem as it is
        now). A snapshot is checked field by field; `SnapshotError` says what is wrong."""
        shell = _choice(state, "shell", ("bash", "dash", "ash"))
        interactive = _typed(state, "interactive", bool)
        session = cls(proc, shell, _typed(state, "arg0", str), interactive)
        sh = session.shell
        variables = _typed(state, "vars", dict)
        sh.vars.clear()
        for key, value in variables.items():
            sh.vars[str(key)] = str(value)
        sh.exported = {str(name) for name in _typed(state, "exported", list)}
        sh.positional = [str(arg) for arg in _typed(state, "positional", list)]
        sh.cwd = _typed(state, "cwd", str)
        sh.status = _typed(state, "status", int)
        for name in _typed(state, "options", list):
            if name in _OPTIONS:
                setattr(sh, name, True)
        sh.traps = {str(k): str(v) for k, v in _typed(state, "traps", dict).items()}
        sh.next_pid = _typed(state, "next_pid", int)
        last_bg = state.get("last_bg")
        sh.last_bg = last_bg if isinstance(last_bg, int) else None
        try:
            sh.jobs = JobTable.restore(shell, state.get("jobs"))
        except ValueError as exc:
            raise SnapshotError(f"jobs: {exc}") from None
        sh.history = [str(line) for line in _typed(state, "history", list)][-HISTORY_SIZE:]
        sh.history_base = _typed(state, "history_base", int)
        session.pending = _typed(state, "pending", str)
        session.lines = _typed(state, "lines", int)
        # the functions are defined again from their text, as if typed (and charged so)
        for name, source in _typed(state, "functions", dict).items():
            session._define(str(name), str(source))
        return session

    def _define(self, name: str, source: str) -> None:
        sh = self.shell
        rec = Recorder(self.proc.now, self.proc.max_steps, self.proc.max_output)
        sh.rec = rec
        sh.io = sh.terminal = terminal_io(self.proc, rec)
        status = sh.status
        finish(rec, lambda: sh.run_text(f"{name} () {source}\n"), sh.dialect.arg0)
        sh.status = status


class SnapshotError(ValueError):
    """A saved session that cannot be read back (the world's checker names the field)."""


def _typed(state: Snapshot, key: str, kind: type) -> Any:
    value = state.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SnapshotError(f"{key}: expected {kind.__name__}")
    return value


def _choice(state: Snapshot, key: str, choices: tuple[str, ...]) -> str:
    value = state.get(key)
    if value not in choices:
        raise SnapshotError(f"{key}: expected one of {', '.join(choices)}")
    return str(value)
