"""redis-cli: one command, the commands on stdin, or a session at a terminal.

`redis-cli [-h HOST] [-p PORT] [-n DB] [COMMAND ARGS...]` reaches the server over the process's
view of the network. With no command at a terminal it is interactive (`RedisRepl`): the
prompt `HOST:PORT> ` as given (`127.0.0.1:6379> `, `cache:6379> `, `...[DB]> ` for `-n DB`),
or `not connected> ` while the server cannot be reached, each line split as redis-cli splits
it (quotes, escapes) and answered as the one-shot mode prints a reply on a terminal; `quit`,
`exit`, Ctrl-D and Ctrl-C end it with 0 (linenoise ends the prompt's line first), `help` prints
its help, `clear` clears the screen, `N COMMAND` repeats it, `connect HOST PORT` moves.

A command real Redis has but the server model does not (`HSET`, `LPUSH`, ...) is said on
stderr as not simulated; the model's single keyspace ignores `-n` (simplification).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.engine.programs import Program
from dockersim.engine.programs.redis_server import VERSION, execute, image_version, render
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.types import Output, Proc, Timeline

if TYPE_CHECKING:
    from dockersim.engine.netview import NetView
    from dockersim.model.userland.programs.base import Ctx

NOT_CONNECTED = "not connected> "
NOTE = "dockersim: not simulated in redis-cli: {what}\n"
HELP = (
    f"redis-cli {VERSION}\n"
    "To get help about Redis commands type:\n"
    '      "help @<group>" to get a list of commands in <group>\n'
    '      "help <command>" for help on <command>\n'
    '      "help <tab>" to get a list of possible help topics\n'
    '      "quit" to exit\n'
    "\n"
    "To set redis-cli preferences:\n"
    '      ":set hints" enable online hints\n'
    '      ":set nohints" disable online hints\n'
    "Set your preferences in ~/.redisclirc\n"
)
_REASONS = {"unresolved": "Name or service not known", "timeout": "Connection timed out"}
_VALUED = ("-h", "-p", "-n", "-a", "-u", "--user", "--pass")


@attrs.frozen
class Options:
    """What redis-cli's arguments ask: where to connect, and the command words if any."""

    host: str = "127.0.0.1"
    port: int = 6379
    db: int = 0
    words: tuple[str, ...] = ()
    version: bool = False


def parse(args: list[str]) -> Options | str:
    """The options of redis-cli's arguments, or the error to print."""
    host, port, db = "127.0.0.1", 6379, 0
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-v", "--version"):
            return Options(version=True)
        if arg in _VALUED and i + 1 < len(args):
            value = args[i + 1]
            if arg in ("-p", "-n") and not value.isdigit():
                return f"Unrecognized option or bad number of args for: '{arg}'\n"
            if arg == "-h":
                host = value
            elif arg == "-p":
                port = int(value)
            elif arg == "-n":
                db = int(value)
            i += 2
            continue
        if arg in ("--raw", "--no-raw", "--no-auth-warning"):
            i += 1
            continue
        return Options(host, port, db, tuple(args[i:]))
    return Options(host, port, db)


def connect(view: NetView | None, host: str, port: int) -> dict[str, str] | str:
    """The keyspace of the Redis server at host:port, or why it cannot be reached."""
    outcome = view.connect(host, port) if view is not None else None
    target = outcome.target.container if outcome is not None and outcome.target else None
    if view is None or outcome is None or target is None or target.blocked_in != "redis-server":
        status = outcome.status if outcome is not None else "refused"
        reason = _REASONS.get(status, "Connection refused")
        return f"Could not connect to Redis at {host}:{port}: {reason}\n"
    return view.engine_for(target).world.memory.setdefault(target.id, {})


def answer(store: dict[str, str], words: list[str], tty: bool) -> tuple[str, str]:
    """(stdout, stderr) of one command, as redis-cli prints its reply."""
    reply = execute(store, words)
    if isinstance(reply, tuple) and reply[0] == "unsupported":
        return "", NOTE.format(what=f"the {reply[1].upper()} command")
    return render(reply, tty), ""


def redis_cli(ctx: Ctx) -> int:
    """The one-shot mode: a command from the arguments, or one per line of stdin."""
    from dockersim.engine.netview import view_of

    options = parse(ctx.argv[1:])
    if isinstance(options, str):
        ctx.err.write(options)
        return 1
    if options.version:
        ctx.write(f"redis-cli {image_version(ctx.env)}\n")
        return 0
    store = connect(view_of(ctx), options.host, options.port)
    if isinstance(store, str):
        ctx.err.write(store)
        if not options.words and ctx.out.is_tty:
            ctx.write(NOT_CONNECTED)
        return 1
    words = list(options.words)
    lines = [words] if words else [line.split() for line in ctx.proc.stdin.splitlines()]
    for line in lines:
        if line:
            out, err = answer(store, line, ctx.out.is_tty)
            ctx.write(out)
            ctx.err.write(err)
    return 0


def split_args(line: str) -> list[str] | None:
    """A line split as redis-cli splits it (hiredis `sdssplitargs`): words apart by spaces;
    "double quotes" with backslash escapes (\\n \\r \\t \\b \\a \\xHH), 'single quotes' with
    \\'; a closing quote must end the word. None when the quotes do not close."""
    escapes = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}
    words: list[str] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            return words
        word: list[str] = []
        quote = ""
        while True:
            if i >= n:
                if quote:
                    return None
                break
            c = line[i]
            if quote == '"' and c == "\\" and i + 3 < n and line[i + 1] == "x":
                digits = line[i + 2 : i + 4]
                if all(d in "0123456789abcdefABCDEF" for d in digits):
                    word.append(chr(int(digits, 16)))
                    i += 4
                    continue
            if quote == '"' and c == "\\" and i + 1 < n:
                word.append(escapes.get(line[i + 1], line[i + 1]))
                i += 2
                continue
            if quote == "'" and c == "\\" and i + 1 < n and line[i + 1] == "'":
                word.append("'")
                i += 2
                continue
            if quote and c == quote:
                if i + 1 < n and not line[i + 1].isspace():
                    return None
                i += 1
                break
            if not quote and c in "\"'":
                quote = c
            elif not quote and c.isspace():
                break
            else:
                word.append(c)
            i += 1
        words.append("".join(word))


def repl(argv: list[str], proc: Proc, snapshot: Snapshot | None) -> RedisRepl | None:
    """`redis-cli [-h HOST] [-p PORT] [-n DB]` with no command words."""
    options = parse(argv[1:])
    if isinstance(options, str) or options.version or options.words:
        return None
    session = RedisRepl(proc, options.host, options.port, options.db)
    if snapshot is not None:
        session.host = str(snapshot.get("host", options.host))
        port, db = snapshot.get("port"), snapshot.get("db")
        session.port = port if isinstance(port, int) else options.port
        session.db = db if isinstance(db, int) else options.db
        session.connected = snapshot.get("connected") is True
    return session


class RedisRepl:
    """redis-cli's interactive mode (a `LineProgram`)."""

    name = "redis-cli"

    def __init__(self, proc: Proc, host: str, port: int, db: int = 0) -> None:
        self.proc = proc
        self.host = host
        self.port = port
        self.db = db
        self.connected = False
        self.exited = False
        self.exit_code: int | None = None

    def _view(self) -> NetView | None:
        from dockersim.engine.netview import NetView

        return self.proc.net if isinstance(self.proc.net, NetView) else None

    def _connect(self) -> dict[str, str] | str:
        found = connect(self._view(), self.host, self.port)
        self.connected = not isinstance(found, str)
        return found

    @staticmethod
    def _timeline(out: str = "", err: str = "", code: int | None = 0) -> Timeline:
        outputs = [Output(stream, text, 0.0) for stream, text in (("stdout", out), ("stderr", err))]
        return Timeline(tuple(o for o in outputs if o.text), code, 0.0)

    # --- LineProgram -------------------------------------------------------------------------
    def start(self) -> Timeline:
        """What it prints when it opens: why it cannot connect, if it cannot."""
        found = self._connect()
        return self._timeline(err=found if isinstance(found, str) else "")

    def prompt(self) -> str:
        if self.exited:
            return ""
        if not self.connected:
            return NOT_CONNECTED
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"{shown}:{self.port}" + (f"[{self.db}]" if self.db else "") + "> "

    def run_line(self, line: str) -> Timeline:
        if self.exited:
            return self._timeline(code=self.exit_code)
        if not line:
            return self._timeline()
        words = split_args(line)
        if words is None:
            return self._timeline("Invalid argument(s)\n")
        if not words:
            return self._timeline()
        first = words[0].lower()
        if first in ("quit", "exit"):
            self.exited, self.exit_code = True, 0
            return self._timeline()
        if first in ("help", "?"):
            if len(words) == 1:
                return self._timeline(HELP)
            return self._timeline(err=NOTE.format(what=line.strip()))
        if words[0].startswith(":"):
            known = [w.lower() for w in words] in (["set", "hints"], ["set", "nohints"])
            return self._timeline(err="" if known else NOTE.format(what=line))
        if first == "clear" and len(words) == 1:
            return self._timeline("\x1b[H\x1b[2J")
        if first == "connect" and len(words) == 3:
            self.host, self.port = words[1], int(words[2]) if words[2].isdigit() else 0
            found = self._connect()
            return self._timeline(err=found if isinstance(found, str) else "")
        return self._command(words)

    def _command(self, words: list[str]) -> Timeline:
        repeat = 1
        if len(words) > 1 and words[0].lstrip("-").isdigit() and int(words[0]):
            repeat, words = int(words[0]), words[1:]
        was_connected = self.connected
        found = self._connect()
        if isinstance(found, str):
            # a broken connection says so first; reconnecting is tried at the next command
            said = "Error: Server closed the connection\n" if was_connected else found
            return self._timeline(err=said)
        out: list[str] = []
        err: list[str] = []
        for _ in range(min(max(repeat, 0), 10_000)):
            shown, note = answer(found, words, True)
            out.append(shown)
            err.append(note)
        return self._timeline("".join(out), "".join(err))

    def interrupt(self) -> Timeline:
        """Ctrl-C: linenoise ends the line and redis-cli exits (0)."""
        return self.end_of_input()

    def end_of_input(self) -> Timeline:
        self.exited, self.exit_code = True, 0
        return self._timeline("\n")

    def snapshot(self) -> Snapshot:
        return {"host": self.host, "port": self.port, "db": self.db, "connected": self.connected}


PROGRAM = Program(redis_cli, repl=repl)
