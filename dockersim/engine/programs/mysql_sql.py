"""The SQL the simulated MySQL and MariaDB answer, over the data mysql_server keeps.

Statements: CREATE/DROP DATABASE [IF [NOT] EXISTS], USE, SHOW DATABASES, SHOW TABLES,
CREATE TABLE [IF NOT EXISTS] (columns with NOT NULL, PRIMARY KEY, AUTO_INCREMENT, DEFAULT),
DROP TABLE [IF EXISTS], DESCRIBE/DESC/SHOW COLUMNS FROM, INSERT INTO t [(cols)] VALUES ...,
SELECT (expressions without FROM: literals, + - * /, VERSION(), DATABASE(), USER(), NOW();
or columns and * FROM one table with WHERE col op value [AND ...], ORDER BY col [ASC|DESC],
LIMIT n), UPDATE ... SET ... [WHERE], DELETE FROM ... [WHERE]. Errors carry the server's
number, SQLSTATE and sentence. Anything else raises NotSimulated (the client says so).

(psql_sql's server keeps no tables and speaks PostgreSQL's errors, so the two do not share.)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import attrs

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<string>'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<name>`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*)|(?P<op><=|>=|<>|!=|[-+*/(),;=<>.]))"
)
Value = int | str | None


class NotSimulated(Exception):
    """A statement the model does not run; str() says what."""


class SqlError(Exception):
    """`ERROR code (state): message` as the client prints it."""

    def __init__(self, code: int, state: str, message: str) -> None:
        super().__init__(f"ERROR {code} ({state}): {message}")


@attrs.frozen
class Result:
    """Rows with their column names; or, with columns empty, a statement's effect."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Value, ...], ...] = ()
    affected: int = 0
    #: `Database changed` (USE)
    note: str = ""
    numeric: tuple[bool, ...] = ()
    nullable: tuple[bool, ...] = ()


@attrs.define
class Session:
    data: dict[str, Any]
    user: str
    host: str
    database: str
    version: str
    now: float
    mariadb: bool = False
    #: the data changed: the server writes it back
    dirty: bool = False


def syntax_error(session: Session, near: str) -> SqlError:
    server = "MariaDB" if session.mariadb else "MySQL"
    return SqlError(
        1064,
        "42000",
        "You have an error in your SQL syntax; check the manual that corresponds to your "
        f"{server} server version for the right syntax to use near '{near}' at line 1",
    )


class Tokens:
    def __init__(self, text: str, session: Session) -> None:
        self.text = text
        self.session = session
        self.items: list[tuple[str, str, int]] = []
        at = 0
        while at < len(text) and text[at:].strip():
            match = _TOKEN.match(text, at)
            if match is None or match.lastgroup is None:
                raise syntax_error(session, text[at:].strip()[:80])
            kind = match.lastgroup
            self.items.append((kind, match.group(kind), match.start(kind)))
            at = match.end()
        self.at = 0

    def peek(self, ahead: int = 0) -> str:
        i = self.at + ahead
        return self.items[i][1].lower() if i < len(self.items) else ""

    def done(self) -> bool:
        return self.at >= len(self.items)

    def take(self) -> tuple[str, str, int]:
        if self.done():
            raise syntax_error(self.session, "")
        self.at += 1
        return self.items[self.at - 1]

    def fail(self) -> SqlError:
        where = self.items[self.at][2] if not self.done() else len(self.text)
        return syntax_error(self.session, self.text[where:][:80])

    def word(self, *words: str) -> bool:
        if self.peek() in words:
            self.at += 1
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.word(*words):
            raise self.fail()

    def name(self) -> str:
        kind, text, _ = self.take()
        if kind != "name":
            self.at -= 1
            raise self.fail()
        return text.strip("`")

    def value(self) -> Value:
        kind, text, _ = self.take()
        if kind == "number":
            return int(text) if "." not in text else text
        if kind == "string":
            return text[1:-1].replace("''", "'").replace("\\'", "'").replace('\\"', '"')
        if text.lower() == "null":
            return None
        if text.lower() in ("true", "false"):
            return int(text.lower() == "true")
        if text == "-" and not self.done() and self.items[self.at][0] == "number":
            number = self.value()
            return -number if isinstance(number, int) else f"-{number}"
        if kind == "name" and self.peek() == "(":
            self.at -= 1
            return _function(self)
        self.at -= 1
        raise self.fail()


def _function(tokens: Tokens) -> Value:
    name = tokens.name().lower()
    tokens.expect("(")
    tokens.expect(")")
    session = tokens.session
    values: dict[str, Value] = {
        "version": session.version,
        "database": session.database or None,
        "schema": session.database or None,
        "user": f"{session.user}@{session.host}",
        "current_user": f"{session.user}@%",
        "now": datetime.fromtimestamp(session.now, UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    if name not in values:
        raise NotSimulated(f"the function {name.upper()}()")
    return values[name]


_KNOWN_WORDS = """alter grant revoke set flush begin start commit rollback explain replace
    truncate rename call lock unlock analyze optimize load with"""
_KNOWN = frozenset(_KNOWN_WORDS.split())


# --- databases -----------------------------------------------------------------------------
def databases(session: Session) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = session.data.setdefault("databases", {})
    return found


def _visible(session: Session) -> list[str]:
    from dockersim.engine.programs.mysql_server import SYSTEM_DATABASES

    mine = list(databases(session))
    if session.user != "root":
        allowed = session.data.get("grants", {}).get(session.user, [])
        return sorted(
            ["information_schema", "performance_schema", *(d for d in mine if d in allowed)]
        )
    return sorted([*SYSTEM_DATABASES, *mine])


def _need_root(session: Session, database: str) -> None:
    if session.user != "root" and database not in session.data.get("grants", {}).get(
        session.user, []
    ):
        raise SqlError(
            1044,
            "42000",
            f"Access denied for user '{session.user}'@'%' to database '{database}'",
        )


def drop(tokens: Tokens, session: Session) -> Result:
    if tokens.word("database", "schema"):
        quiet = tokens.word("if")
        if quiet:
            tokens.expect("exists")
        name = tokens.name()
        if name not in databases(session):
            if quiet:
                return Result(affected=0)
            raise SqlError(1008, "HY000", f"Can't drop database '{name}'; database doesn't exist")
        _need_root(session, name)
        tables = databases(session).pop(name)
        if session.database == name:
            session.database = ""
        session.dirty = True
        return Result(affected=len(tables))
    if tokens.word("table"):
        quiet = tokens.word("if")
        if quiet:
            tokens.expect("exists")
        database, name = table_name(tokens, session)
        tables = databases(session)[database]
        if name not in tables:
            if quiet:
                return Result(affected=0)
            raise SqlError(1051, "42S02", f"Unknown table '{database}.{name}'")
        del tables[name]
        session.dirty = True
        return Result(affected=0)
    raise NotSimulated(f"DROP {tokens.peek().upper()}")


def use(tokens: Tokens, session: Session) -> Result:
    name = tokens.name()
    select(session, name)
    return Result(note="Database changed")


def select(session: Session, name: str) -> None:
    """Make `name` the current database (USE, or the client's -D)."""
    if name not in _visible(session):
        if session.user != "root" and name in databases(session):
            _need_root(session, name)
        raise SqlError(1049, "42000", f"Unknown database '{name}'")
    session.database = name


def _current(session: Session) -> str:
    if not session.database:
        raise SqlError(1046, "3D000", "No database selected")
    return session.database


def table_name(tokens: Tokens, session: Session) -> tuple[str, str]:
    name = tokens.name()
    if tokens.word("."):
        database, name = name, tokens.name()
        if database not in databases(session):
            raise SqlError(1049, "42000", f"Unknown database '{database}'")
        return database, name
    return _current(session), name


def table(tokens: Tokens, session: Session) -> tuple[str, dict[str, Any]]:
    database, name = table_name(tokens, session)
    table = databases(session)[database].get(name)
    if table is None:
        raise SqlError(1146, "42S02", f"Table '{database}.{name}' doesn't exist")
    return name, table
