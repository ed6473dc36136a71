"""psql, PostgreSQL's terminal client, against the simulated server (engine/programs/postgres).

`psql [-h HOST] [-p PORT] [-U USER] [-d DB] [-c CMD]... [-f FILE] [-l] [-t] [-A] [DB [USER]]`:
the user is -U, PGUSER or the login name; the database -d, the first operand, PGDATABASE or the
user's name. Without -h (or PGHOST) it connects over the local socket to the server running
in its own container, which trusts it; with -h over the network, where the server asks for
the password (PGPASSWORD, or the prompt at a terminal) unless POSTGRES_HOST_AUTH_METHOD=trust.
Connection failures print libpq's sentences after `psql: error: ` and exit 2.

At a terminal (`PsqlSession`, the `LineProgram`): the banner, the prompt `DB=# ` (`=>` for a
user who is not superuser), `DB-# ` (`'#`, `"#`, `(#`, `*#`) while a statement goes on
without its `;`, `Password for user U: `, `!?> ` once the server is gone. Meta-commands:
`\\q`, `\\l`, `\\dt`, `\\d`, `\\conninfo`, `\\c DB [USER]`, `\\r`, `\\echo`, `\\g`; `help`,
`quit`, `exit`; Ctrl-D prints `\\q` and ends it, Ctrl-C drops the query buffer. The SQL the
server answers is psql_sql's; for anything else psql says on stderr that dockersim does not
simulate it, and runs nothing (`-c` then exits 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.postgres import Cluster
from dockersim.engine.programs.psql_client import Client, scan
from dockersim.engine.programs.psql_connect import (
    Connected,
    Options,
    Refused,
    Target,
    banner,
    client_version,
    connect,
    parse,
)
from dockersim.engine.programs.psql_sql import server_version
from dockersim.model.cowfs import FsError
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.types import Proc, Timeline

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


# --- the program ---------------------------------------------------------------------------------
def psql(ctx: Ctx) -> int:
    """psql run as a command: `-c`, `-f`, `-l`, or the SQL on its standard input."""
    options = parse(ctx.argv[1:], ctx.env, ctx.proc.user)
    if isinstance(options, str):
        ctx.err.write(options)
        return 1
    if "-V" in options.flags or "--version" in options.flags:
        ctx.write(f"psql (PostgreSQL) {server_version(client_version(ctx.env))}\n")
        return 0
    password = ctx.env.get("PGPASSWORD")  # the shell's (`PGPASSWORD=x psql`), not the exec's
    connected = connect(ctx.proc, options.target, password)
    if isinstance(connected, Refused):
        ctx.err.write("psql: error: " + connected.message)
        return 2
    client = Client(ctx.proc, connected, options.flags, password)
    if "-l" in options.flags:
        client.describe("\\l", [])
    for command in options.commands:
        client.line(command)
        if command.strip() and not command.strip().startswith("\\"):
            client.line(";")  # -c sends its text as it is, `;` or not
    if options.file or not (options.commands or "-l" in options.flags):
        text = ctx.proc.stdin
        if options.file:
            try:
                text = ctx.fs.read(options.file, ctx.cwd).decode(errors="replace")
            except FsError:
                ctx.err.write(f"psql: error: {options.file}: No such file or directory\n")
                return 1
        for line in text.splitlines():
            client.line(line)
            if client.quit:
                break
    for item in client.take():
        (ctx.out if item.stream == "stdout" else ctx.err).write(item.text)
    return 1 if client.failed and options.commands else 0


def repl(argv: list[str], proc: Proc, snapshot: Snapshot | None) -> PsqlSession | None:
    """psql at a terminal with no -c, -f or -l."""
    options = parse(argv[1:], proc.env, proc.user)
    if isinstance(options, str) or options.commands or options.file:
        return None
    if options.flags & {"-l", "-V", "--version"}:
        return None
    session = PsqlSession(proc, options)
    if snapshot is not None:
        session.restore(snapshot)
    return session


class PsqlSession:
    """psql at a terminal (a `LineProgram`)."""

    name = "psql"

    def __init__(self, proc: Proc, options: Options) -> None:
        self.proc = proc
        self.target = options.target
        self.client = Client(proc, None, options.flags, proc.env.get("PGPASSWORD"))
        self.asking = False
        self.lost = False
        self.exited = False
        self.exit_code: int | None = None

    def _open(self, password: str | None) -> None:
        found = connect(self.proc, self.target, password)
        if isinstance(found, Refused) and found.password and password is None:
            self.asking = True
            return
        self.asking = False
        if isinstance(found, Refused):
            self.client.say("stderr", "psql: error: " + found.message)
            self.exited, self.exit_code = True, 2
            return
        self.client.connected = found
        self.client.password = password
        if "-q" not in self.client.flags and "--quiet" not in self.client.flags:
            version = client_version(self.proc.env)
            self.client.say("stdout", banner(version, found.cluster.version))

    def _timeline(self, code: int | None = 0) -> Timeline:
        if self.client.quit:
            self.exited, self.exit_code = True, 0
        if self.exited:
            code = self.exit_code
        return Timeline(self.client.take(), code, 0.0)

    # --- LineProgram -------------------------------------------------------------------------
    def start(self) -> Timeline:
        """Connect, or ask for the password first: the banner, or psql's error (exit 2)."""
        self._open(self.client.password)
        return self._timeline()

    def prompt(self) -> str:
        if self.exited:
            return ""
        if self.asking:
            return f"Password for user {self.target.user}: "
        connected = self.client.connected
        if connected is None:
            return "!?> "
        mark = scan(self.client.buffer).open if self.client.buffer else "="
        sign = "#" if connected.target.user == connected.cluster.superuser else ">"
        return f"{connected.target.database}{mark}{sign} "

    def run_line(self, line: str) -> Timeline:
        if self.exited:
            return self._timeline()
        if self.asking:
            self._open(line)
            return self._timeline()
        self.client.failed = False
        self.client.line(line)
        if self.client.connected is not None:
            self.target = self.client.connected.target
        return self._timeline()

    def interrupt(self) -> Timeline:
        """Ctrl-C: the query buffer is dropped and psql starts a new line."""
        self.client.buffer = ""
        self.client.say("stdout", "\n")
        return self._timeline()

    def end_of_input(self) -> Timeline:
        """Ctrl-D at the prompt: psql shows `\\q` and ends."""
        self.client.say("stdout", "\\q\n")
        self.exited, self.exit_code = True, 0
        return self._timeline()

    def snapshot(self) -> Snapshot:
        connected = self.client.connected
        target = connected.target if connected is not None else self.target
        return {
            "target": [target.host, target.port, target.user, target.database],
            "connected": connected is not None,
            "asking": self.asking,
            "buffer": self.client.buffer,
            "password": self.client.password,
        }

    def restore(self, snapshot: Snapshot) -> None:
        """Reopen the connection the snapshot had (a server gone since shows at next use)."""
        saved = snapshot.get("target")
        if isinstance(saved, list) and len(saved) == 4:
            host, port, user, database = saved
            self.target = Target(str(host), int(port), str(user), str(database))
        self.asking = snapshot.get("asking") is True
        buffer, password = snapshot.get("buffer"), snapshot.get("password")
        self.client.buffer = buffer if isinstance(buffer, str) else ""
        self.client.password = password if isinstance(password, str) else None
        if snapshot.get("connected") is True:
            found = connect(self.proc, self.target, self.client.password)
            if isinstance(found, Connected):
                self.client.connected = found
            else:  # it was there when the last line ran: the next use finds it gone
                self.client.connected = Connected(self.target, _gone(self.target))


def _gone(target: Target) -> Cluster:
    """A stand-in for a server that went away between two lines (its next use says so)."""
    return Cluster(target.user, (target.database,), "", True, "17.5-1.pgdg120+1")


def pg_wrapper(ctx: Ctx) -> int:
    """Debian's /usr/bin/pg_wrapper, which /usr/bin/psql and the other clients link to: it runs
    the program its name says: psql and pg_isready are simulated, the others say they are not."""
    from dockersim.engine.programs.pg_isready import pg_isready

    name = ctx.argv[0].rsplit("/", 1)[-1] if ctx.argv else ""
    if name == "psql":
        return psql(ctx)
    if name == "pg_isready":
        return pg_isready(ctx)
    ctx.name = name
    raise ctx.not_simulated("this program (of the PostgreSQL clients, psql and pg_isready are)")


PROGRAM = Program(psql, repl=repl, commands={"pg_wrapper": pg_wrapper})
