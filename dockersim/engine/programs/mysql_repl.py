"""The mysql and mariadb clients at a terminal, and the clients' `Program`.

`mysql> ` (MariaDB: `MariaDB [(none)]> `, `MariaDB [db]> `), `    -> ` while a statement
waits for its `;`, `Enter password: ` for a bare -p. `quit`, `exit`, `\\q` and Ctrl-D print
`Bye`; Ctrl-C drops the statement being typed; `\\c` clears it. Between two lines the state is
the target, the password, the current database and the unfinished statement.
"""

from __future__ import annotations

from dockersim.engine.programs import Program
from dockersim.engine.programs import mysql_server as server
from dockersim.engine.programs.mysql_client import (
    Connection,
    Options,
    connect,
    interactive,
    mysql,
    mysqladmin,
    one,
    parse,
    statements,
)
from dockersim.engine.programs.mysql_sql import select
from dockersim.model.userland.interactive import Snapshot
from dockersim.model.userland.types import Output, Proc, Timeline

MYSQL_BANNER = """Welcome to the MySQL monitor.  Commands end with ; or \\g.
Your MySQL connection id is {id}
Server version: {version} MySQL Community Server - GPL

Copyright (c) 2000, 2025, Oracle and/or its affiliates.

Oracle is a registered trademark of Oracle Corporation and/or its
affiliates. Other names may be trademarks of their respective
owners.

Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.

"""
MARIADB_BANNER = """Welcome to the MariaDB monitor.  Commands end with ; or \\g.
Your MariaDB connection id is {id}
Server version: {version} mariadb.org binary distribution

Copyright (c) 2000, 2018, Oracle, MariaDB Corporation Ab and others.

Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.

"""


def repl(argv: list[str], proc: Proc, snapshot: Snapshot | None) -> MysqlSession | None:
    """The client at a terminal without -e (and not -V)."""
    options = parse(argv[1:], "root")
    if isinstance(options, str) or options.execute is not None:
        return None
    if options.flags & {"-V", "--version"}:
        return None
    name = argv[0].rsplit("/", 1)[-1] if argv else "mysql"
    session = MysqlSession(proc, options, name.startswith("mariadb") or server.is_mariadb(proc.env))
    if snapshot is not None:
        session.restore(snapshot)
    return session


class MysqlSession:
    """mysql at a terminal (a `LineProgram`)."""

    name = "mysql"

    def __init__(self, proc: Proc, options: Options, mariadb: bool) -> None:
        self.proc = proc
        self.options = options
        self.mariadb = mariadb
        self.password = options.password
        self.asking = options.password == ""
        self.connection: Connection | None = None
        self.buffer = ""
        self.database = options.database
        self.exited = False
        self.exit_code: int | None = None
        self.out: list[Output] = []

    def _say(self, stream: str, text: str) -> None:
        if text:
            self.out.append(Output(stream, text, 0.0))

    def _timeline(self) -> Timeline:
        out, self.out = tuple(self.out), []
        return Timeline(out, self.exit_code if self.exited else 0, 0.0)

    def _open(self, banner: bool) -> None:
        found = connect(self.proc, self.options, self.password, self.mariadb)
        if isinstance(found, str):
            self._say("stderr", found)
            self.exited, self.exit_code = True, 1
            return
        self.connection = found
        if self.database:
            select(found.session, self.database)
        if banner:
            ids = found.session.data.setdefault("connections", 7) + 1
            found.session.data["connections"] = ids
            server.save(found.fs, found.session.data)
            text = MARIADB_BANNER if self.mariadb else MYSQL_BANNER
            self._say("stdout", text.format(id=ids, version=found.session.version))

    def start(self) -> Timeline:
        if self.options.password and not self.mariadb:
            self._say(
                "stderr",
                "mysql: [Warning] Using a password on the command line interface can be "
                "insecure.\n",
            )
        if not self.asking:
            self._open(True)
        return self._timeline()

    def prompt(self) -> str:
        if self.exited:
            return ""
        if self.asking:
            return "Enter password: "
        if self.buffer.strip():
            return "    -> "
        if self.mariadb:
            return f"MariaDB [{self.database or '(none)'}]> "
        return "mysql> "

    def run_line(self, line: str) -> Timeline:
        if self.exited:
            return self._timeline()
        if self.asking:
            self.asking, self.password = False, line
            self._say("stdout", "\n")
            self._open(True)
            return self._timeline()
        word = line.strip().rstrip(";").strip().lower()
        if not self.buffer.strip() and word in ("quit", "exit", "\\q"):
            self._say("stdout", "Bye\n")
            self.exited, self.exit_code = True, 0
            return self._timeline()
        if line.strip().endswith("\\c"):
            self.buffer = ""
            return self._timeline()
        done, self.buffer = statements(self.buffer + line + "\n")
        connection = self.connection
        for statement in done:
            if connection is None:
                break
            result = one(connection, statement)
            if isinstance(result, str):
                self._say("stderr", result)
            else:
                self._say("stdout", interactive(result))
            self.database = connection.session.database
        return self._timeline()

    def interrupt(self) -> Timeline:
        self.buffer = ""
        self._say("stdout", "^C\n")
        return self._timeline()

    def end_of_input(self) -> Timeline:
        self._say("stdout", "Bye\n")
        self.exited, self.exit_code = True, 0
        return self._timeline()

    def snapshot(self) -> Snapshot:
        return {
            "password": self.password,
            "asking": self.asking,
            "buffer": self.buffer,
            "database": self.database,
        }

    def restore(self, snapshot: Snapshot) -> None:
        password = snapshot.get("password")
        self.password = password if isinstance(password, str) else None
        self.asking = snapshot.get("asking") is True
        buffer, database = snapshot.get("buffer"), snapshot.get("database")
        self.buffer = buffer if isinstance(buffer, str) else ""
        self.database = database if isinstance(database, str) else ""
        if not self.asking:
            self._open(False)


PROGRAM = Program(
    mysql,
    repl=repl,
    commands={"mysqladmin": mysqladmin, "mariadb-admin": mysqladmin},
)
