"""The interactive prompt: docker command lines typed verbatim, host commands, history and
tab completion (stdlib `cmd` and `readline`).

A line starting with `docker` goes to the docker CLI; `exit` (or Ctrl-D) leaves; a line
starting with `.` is for the shell itself (`.help`); anything else runs in the simulated
host's shell. A docker command that reads its input (`-i`) takes the lines typed after it,
up to `exit` or an empty input, as its session. The world can be saved to the persistent
state (`dockersim.store`), refusing to overwrite a state that changed meanwhile.
"""

from __future__ import annotations

import cmd
import contextlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from dockersim.errors import Error
from dockersim.scenario import explain
from dockersim.scenario.commands import docker_argv, run_line, screen
from dockersim.scenario.durations import InvalidDuration, parse_duration

if TYPE_CHECKING:
    from dockersim.engine import Engine

HELP = """\
Type docker command lines as you would in a terminal, or host commands (curl, ls, cat ...).
  .advance 30s       let virtual time pass
  .daemon-restart    restart the Docker daemon
  .explain           show what each command changes (again to stop)
  .save              save this world to the persistent state (.save! overwrites changes)
  .help              this text
  exit               leave (Ctrl-D too)
"""

#: Saves the engine; `force` overwrites a state that changed since it was loaded. Returns a
#: sentence for the user.
Saver = Callable[["Engine", bool], str]


class Shell(cmd.Cmd):
    prompt = "$ "

    def __init__(
        self,
        engine: Engine,
        *,
        saver: Saver | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        history: str = "",
        clock: Callable[[Engine], object] | None = None,
        live: Callable[[Engine, str], int] | None = None,
    ) -> None:
        """`clock` is called before each command line (the CLI moves the virtual clock by
        the real time that passed: dockersim/cli/clock.py); without it time stands still.
        `live` runs a docker command line at the real terminal the shell is on, as
        `dockersim docker` does (`run -it` is a live session: dockersim/cli/live.py); without
        it, or off a terminal, a command's session input is the lines typed after it."""
        super().__init__(stdin=stdin, stdout=stdout)
        self.clock = clock
        self.live = live
        self.use_rawinput = stdin is None and sys.stdin.isatty()
        self.engine = engine
        self.saver = saver
        self.history = history
        self.explaining = False
        self.intro = "dockersim shell: docker command lines and host commands (.help, exit)"

    # --- the loop ------------------------------------------------------------------------
    def run(self) -> None:
        readline = _readline() if self.use_rawinput else None
        if readline is not None and self.history:
            with contextlib.suppress(OSError):
                readline.read_history_file(self.history)
        try:
            self.cmdloop()
        except KeyboardInterrupt:
            self.stdout.write("\n")
        finally:
            if readline is not None and self.history:
                with contextlib.suppress(OSError):
                    readline.write_history_file(self.history)
        if self.saver is not None:
            self.stdout.write(self.saver(self.engine, False) + "\n")

    def emptyline(self) -> bool:
        return False

    def onecmd(self, line: str) -> bool:
        line = line.strip()
        if line in ("EOF", "exit", "quit", ".exit"):
            if line == "EOF":
                self.stdout.write("\n")
            return True
        if not line:
            return False
        if line.startswith("."):
            self._meta(line)
            return False
        if self.clock is not None:
            self.clock(self.engine)
        before = explain.take(self.engine) if self.explaining else None
        argv = docker_argv(line)
        try:
            if argv is not None and self.live is not None and self.use_rawinput:
                self.live(self.engine, line)
            else:
                stdin = self._session_input() if argv is not None and _reads_input(argv) else ""
                result, _ = run_line(self.engine, line, stdin)
                self.stdout.write(screen(result.stdout, result.stderr))
        except Exception as exc:  # an engine bug must not end the learner's session
            self.stdout.write(f"dockersim internal error: {type(exc).__name__}: {exc}\n")
            return False
        if before is not None:
            for change in explain.changes(before, explain.take(self.engine)) or ["nothing changed"]:
                self.stdout.write(f"  {change}\n")
        return False

    def _session_input(self) -> str:
        """The lines of an interactive session, typed after the command, up to `exit`."""
        self.stdout.write("(type the session's input; end with exit or an empty line)\n")
        lines = []
        while True:
            if self.use_rawinput:
                try:
                    text = input("> ")
                except EOFError:
                    break
            else:
                text = self.stdin.readline()
                if not text:
                    break
                text = text.rstrip("\n")
            if not text:
                break
            lines.append(text)
            if text.strip() == "exit":
                break
        return "".join(f"{line}\n" for line in lines)

    # --- .commands -------------------------------------------------------------------------
    def _meta(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == ".help":
            self.stdout.write(HELP)
        elif word == ".advance":
            try:
                seconds = parse_duration(rest.strip() or "0")
            except InvalidDuration as exc:
                self.stdout.write(f"{exc}\n")
                return
            self.engine.advance(seconds)
        elif word == ".daemon-restart":
            self.engine.daemon_restart()
        elif word == ".explain":
            self.explaining = not self.explaining
            self.stdout.write(f"explain is {'on' if self.explaining else 'off'}\n")
        elif word in (".save", ".save!"):
            if self.saver is None:
                self.stdout.write("this world is not saved (the shell was opened without state)\n")
                return
            self.stdout.write(self.saver(self.engine, word == ".save!") + "\n")
        else:
            self.stdout.write(f"unknown shell command {word} (try .help)\n")

    # --- completion --------------------------------------------------------------------------
    def completenames(self, text: str, *ignored: Any) -> list[str]:
        from dockersim.scenario.completion import complete

        return complete(self.engine, text, text)

    def completedefault(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        from dockersim.scenario.completion import complete

        return complete(self.engine, line[:endidx], text)


def _reads_input(argv: list[str]) -> bool:
    from dockersim.docker import flags

    try:
        command, rest = flags.lookup(argv)
        parsed = flags.parse(command, rest)
    except Error:
        return False
    return bool(parsed.values.get("interactive")) and command.path in (
        "container run",
        "container exec",
        "container start",
    )


def _readline() -> Any:
    try:
        import readline
    except ImportError:  # pragma: no cover - Python built without readline
        return None
    readline.set_completer_delims(" \t\n\"'")
    if "libedit" in (readline.__doc__ or ""):  # pragma: no cover - macOS
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    return readline


def store_saver(previous: str) -> Saver:
    """Save to `dockersim.store`, unless the state changed since `previous` was read."""
    from dockersim import store

    state = {"previous": previous}

    def save(engine: Engine, force: bool) -> str:
        try:
            with store.locked() as path:
                current = path.read_text(encoding="utf-8") if path.exists() else ""
                if current != state["previous"] and not force:
                    return (
                        f"not saved: {path} changed since this shell loaded it "
                        "(another dockersim command?); .save! overwrites it"
                    )
                store.save(path, engine, current)
                state["previous"] = engine.dumps()
                return f"saved to {path}"
        except (Error, OSError) as exc:
            return f"not saved: {exc}"

    return save
