"""One psql connection at work: lines of SQL and meta-commands in, what psql prints out.

Meta-commands run as soon as their line comes (`\\q`, `\\l`, `\\dt`, `\\d`, `\\conninfo`,
`\\c`, `\\r`, `\\echo`, `\\g`); SQL waits in the query buffer until a `;` outside quotes,
brackets and comments ends a statement (`scan`), which then runs (psql_sql). A server that went
away since the last line is reported as psql reports a lost connection (prompt `!?> `).
"""

from __future__ import annotations

import re

import attrs

from dockersim.engine.programs.postgres import Cluster
from dockersim.engine.programs.psql_connect import (
    NOTE,
    SOCKET_DIR,
    Connected,
    Refused,
    Target,
    connect,
)
from dockersim.engine.programs.psql_sql import (
    Column,
    NotSimulated,
    Result,
    Session,
    SqlError,
    aligned,
    error_text,
    run,
)
from dockersim.model.userland.types import Output, Proc

HELP = (
    "You are using psql, the command-line interface to PostgreSQL.\n"
    "Type:  \\copyright for distribution terms\n"
    "       \\h for help with SQL commands\n"
    "       \\? for help with psql commands\n"
    "       \\g or terminate with semicolon to execute query\n"
    "       \\q to quit\n"
)
LOST = (
    "server closed the connection unexpectedly\n"
    "\tThis probably means the server terminated abnormally\n"
    "\tbefore or while processing the request.\n"
    "The connection to the server was lost. Attempting reset: Failed.\n"
)


_META_NAMES = """a bind bind_named C cd close close_prepared conninfo copy copyright
    crosstabview e echo ef encoding endif endpipeline elif else errverbose ev f flush
    flushrequest g gdesc getenv getresults gexec gset gx h help H html i if include
    include_relative ir l list lo_export lo_import lo_list lo_unlink o out p parse password
    print prompt pset q qecho quit r reset s sendpipeline set setenv sf sv startpipeline
    syncpipeline t T timing unset w warn watch write x z ! ? ;"""
#: psql's meta-commands (a `\\d...` name is one of its describe commands)
_META = frozenset(_META_NAMES.split())


class Client:
    """One psql connection: runs lines of SQL and meta-commands, collecting what it prints."""

    def __init__(
        self,
        proc: Proc,
        connected: Connected | None,
        flags: frozenset[str],
        password: str | None,
    ) -> None:
        self.proc = proc
        self.connected = connected
        self.flags = flags
        self.buffer = ""
        self.out: list[Output] = []
        self.failed = False
        self.quit = False
        #: the password typed or given (kept for \\c, as psql keeps it): PGPASSWORD of the
        #: environment psql was started with (the shell's, with `PGPASSWORD=x psql`)
        self.password = password

    def say(self, stream: str, text: str) -> None:
        if text:
            self.out.append(Output(stream, text, 0.0))

    def take(self) -> tuple[Output, ...]:
        out, self.out = tuple(self.out), []
        return out

    # --- lines --------------------------------------------------------------------------------
    def line(self, line: str) -> None:
        """One line typed (or read from a file): meta-commands run at once, statements when
        their `;` comes."""
        stripped = line.strip()
        if stripped.startswith("\\"):
            self.meta(stripped)
            return
        word = stripped.lower().rstrip(";")
        if not self.buffer.strip() and word in ("quit", "exit", "help"):
            if word == "help":
                self.say("stdout", HELP)
            else:
                self.quit = True
            return
        if word in ("quit", "exit") and stripped.lower() == word:
            self.say("stdout", "Use \\q to quit.\n")
        self.buffer += ("\n" if self.buffer else "") + line
        statements, self.buffer = split(self.buffer)
        for statement in statements:
            self.statement(statement)

    def statement(self, statement: str) -> None:
        text = statement.strip()
        if not text.rstrip(";").strip():
            return
        if not self.alive():
            return
        assert self.connected is not None
        target = self.connected.target
        session = Session(
            target.user, target.database, self.connected.cluster.version, self.proc.arch,
            self.proc.now,
        )  # fmt: skip
        try:
            result = run(text.rstrip(";").rstrip(), session)
        except SqlError as exc:
            self.failed = True
            self.say("stderr", error_text(exc, text))
            return
        except NotSimulated as exc:
            self.failed = True
            self.say("stderr", NOTE.format(what=f"{exc}"))
            return
        self.say("stdout", self.printed(result))

    def printed(self, result: Result) -> str:
        tuples_only, unaligned = "-t" in self.flags, "-A" in self.flags
        if not unaligned:
            text = aligned(result)
            if tuples_only:
                lines = text.split("\n")
                skip = 2 if result.columns else 1
                body = [ln for ln in lines[skip + (1 if result.title else 0) :] if ln]
                text = "\n".join(body[: len(body) - (1 if result.footer else 0)])
                text = text + "\n\n" if text else "\n"
            return text
        lines = [] if tuples_only else ["|".join(c.name for c in result.columns)]
        lines += ["|".join(row) for row in result.rows]
        if not tuples_only and result.footer:
            count = len(result.rows)
            lines.append(f"({count} {'row' if count == 1 else 'rows'})")
        return "".join(f"{ln}\n" for ln in lines)

    def alive(self) -> bool:
        """Whether the server is still there (it may have stopped since the last line)."""
        if self.connected is None:
            self.say("stderr", "You are currently not connected to a database.\n")
            return False
        again = connect(self.proc, self.connected.target, self.password)
        if isinstance(again, Refused):
            self.connected = None
            self.failed = True
            self.say("stderr", LOST)
            return False
        return True

    # --- meta-commands ------------------------------------------------------------------------
    def meta(self, text: str) -> None:
        words = text.split()
        name, args = words[0], words[1:]
        if name == "\\q":
            self.quit = True
        elif name == "\\r":
            self.buffer = ""
            self.say("stdout", "Query buffer reset (cleared).\n")
        elif name == "\\echo":
            self.say("stdout", " ".join(args) + "\n")
        elif name in ("\\g", "\\;"):
            statement, self.buffer = self.buffer, ""
            self.statement(statement)
        elif name in ("\\c", "\\connect"):
            self.reconnect(args)
        elif name in ("\\l", "\\list", "\\l+", "\\list+", "\\dt", "\\dt+", "\\d", "\\d+"):
            self.describe(name.rstrip("+"), args)
        elif name == "\\conninfo":
            self.conninfo()
        elif name[1:] in _META or re.fullmatch(r"\\d[A-Za-z]*[+S]*", name):
            self.say("stderr", NOTE.format(what=text))
        else:
            self.say("stderr", f"invalid command {name}\nTry \\? for help.\n")

    def describe(self, name: str, args: list[str]) -> None:
        if not self.alive() or self.connected is None:
            return
        if args:
            self.say("stderr", NOTE.format(what=f"{name} with a pattern"))
            return
        if name == "\\dt":
            self.say("stderr", "Did not find any tables.\n")
        elif name == "\\d":
            self.say("stderr", "Did not find any relations.\n")
        else:
            self.say("stdout", self.printed(databases(self.connected.cluster)))

    def conninfo(self) -> None:
        if self.connected is None or not self.alive():
            self.say("stdout", "You are currently not connected to a database.\n")
            return
        target = self.connected.target
        who = f'You are connected to database "{target.database}" as user "{target.user}"'
        if not target.host:
            where = f'via socket in "{SOCKET_DIR}"'
        elif target.host == self.connected.address:
            where = f'on host "{target.host}"'
        else:
            where = f'on host "{target.host}" (address "{self.connected.address}")'
        self.say("stdout", f'{who} {where} at port "{target.port}".\n')

    def reconnect(self, args: list[str]) -> None:
        if self.connected is None:
            self.say("stderr", NOTE.format(what="\\c after the connection was lost"))
            return
        old = self.connected.target
        use = [a if a != "-" else "" for a in args]
        target = Target(
            use[2] if len(use) > 2 and use[2] else old.host,
            int(use[3]) if len(use) > 3 and use[3].isdigit() else old.port,
            use[1] if len(use) > 1 and use[1] else old.user,
            use[0] if use and use[0] else old.database,
        )
        found = connect(self.proc, target, self.password)
        if isinstance(found, Refused):
            self.failed = True
            self.say("stderr", found.message + "Previous connection kept\n")
            return
        self.connected = found
        said = f'You are now connected to database "{target.database}" as user "{target.user}"'
        self.say("stdout", said + ".\n")


def databases(cluster: Cluster) -> Result:
    """`\\l` of a fresh cluster (PostgreSQL 16 calls the Locale column `ICU Locale`)."""
    locale = "Locale" if int(cluster.version.split(".")[0]) >= 17 else "ICU Locale"
    names = ("Name", "Owner", "Encoding", "Locale Provider", "Collate", "Ctype", locale)
    columns = tuple(Column(n) for n in (*names, "ICU Rules", "Access privileges"))
    owner = cluster.superuser
    rows = []
    for name in cluster.databases:
        acl = f"=c/{owner}\n{owner}=CTc/{owner}" if name.startswith("template") else ""
        rows.append((name, owner, "UTF8", "libc", "en_US.utf8", "en_US.utf8", "", "", acl))
    return Result(columns, tuple(rows), title="List of databases")


def split(buffer: str) -> tuple[list[str], str]:
    """The complete statements in the buffer (each with its `;`), and what is left."""
    statements: list[str] = []
    start = 0
    state = scan(buffer)
    for end in state.ends:
        statements.append(buffer[start:end])
        start = end
    rest = buffer[start:]
    return statements, rest if rest.strip() else ""


@attrs.frozen
class Scan:
    #: where each statement ends (after its `;`), and what is open at the end of the text
    ends: tuple[int, ...]
    open: str


def scan(text: str) -> Scan:
    """Find the `;` that end statements, outside quotes, brackets and comments; `open` is the
    prompt's mark for what is still open: `'`, `"`, `*` (a comment), `(` or `-`."""
    ends: list[int] = []
    quote = ""
    depth = 0
    comment = False
    i = 0
    while i < len(text):
        c = text[i]
        if comment:
            if text.startswith("*/", i):
                comment, i = False, i + 1
        elif quote:
            if c == quote:
                quote = ""
        elif text.startswith("--", i):
            while i < len(text) and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            comment, i = True, i + 1
        elif c in "'\"":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth = max(depth - 1, 0)
        elif c == ";" and depth == 0:
            ends.append(i + 1)
        i += 1
    mark = "*" if comment else quote or ("(" if depth else "-")
    return Scan(tuple(ends), mark)
