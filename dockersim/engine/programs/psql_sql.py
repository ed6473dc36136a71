"""The SQL the simulated PostgreSQL answers, and psql's aligned tables.

The server model keeps no tables. It answers `SELECT` of values without `FROM`: integer,
decimal and string literals, NULL, TRUE/FALSE, integer arithmetic (+ - * / and brackets), the
functions `version()`, `current_database()`, `current_schema()`, `now()` and the values
`current_user`, `session_user`, `user`, `current_schema`, `current_timestamp`, each with its
PostgreSQL column name (`?column?`, `version`, ...) or its alias; and `SHOW server_version`.
As PostgreSQL it reports a statement that does not start with a SQL command
(`syntax error at or near`), a name no table can hold (`column "x" does not exist`) and a
division by zero, with the `LINE n:` and caret psql shows under the error. Any other
statement raises `NotSimulated`: psql says so on stderr and runs nothing.

`aligned` prints a result as psql's default format does (aligned, border 1, ASCII lines):
headers centred, numbers right-aligned, text left-aligned, `+` where a value goes on to a
new line, then `(N rows)` and an empty line.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import attrs

_COMMAND_WORDS = """abort alter analyze begin call checkpoint close cluster comment commit
    copy create deallocate declare delete discard do drop end execute explain fetch grant import
    insert listen load lock merge move notify prepare reassign refresh reindex release reset
    revoke rollback savepoint security select set show start table truncate unlisten update
    vacuum values with"""
#: the first words of PostgreSQL's SQL commands (any other first word is a syntax error)
COMMANDS = frozenset(_COMMAND_WORDS.split())
_RESERVED = """current_date current_time localtime localtimestamp current_role current_catalog
    system_user all and any array as asc case cast check collate column constraint create
    default deferrable desc distinct do else end except fetch for foreign from grant group
    having in initially intersect into lateral leading limit not offset on only or order
    placing primary references returning some symmetric table then to trailing union unique
    using variadic when where window with"""
#: SQL value functions and reserved words, which name no column
_NOT_COLUMNS = frozenset(_RESERVED.split())
_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<string>'(?:[^']|'')*')"
    r"|(?P<quoted>\"(?:[^\"]|\"\")*\")|(?P<name>[A-Za-z_][A-Za-z0-9_$]*)"
    r"|(?P<op>::|[-+*/(),;]))"
)
INT4 = 2**31
INT8 = 2**63


class NotSimulated(Exception):
    """A statement the server model does not answer; str() says what it is."""


class SqlError(Exception):
    """An error PostgreSQL reports: its message and where in the statement (0-based)."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


@attrs.frozen
class Column:
    name: str
    #: numbers are right-aligned
    right: bool = False


@attrs.frozen
class Result:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    #: the `(N rows)` line
    footer: bool = True


@attrs.frozen
class Session:
    """Who is asking: what `current_user`, `version()` and `now()` answer."""

    user: str
    database: str
    version: str
    arch: str
    now: float


# --- evaluating --------------------------------------------------------------------------------
def run(statement: str, session: Session) -> Result:
    """Run one statement (without its `;`); raises SqlError or NotSimulated."""
    words = statement.split()
    first = words[0].lower() if words else ""
    if not first:
        raise NotSimulated("an empty statement")
    if first not in COMMANDS:
        match = re.match(r"\s*(\S+?)(?=[\s(;]|$)", statement)
        shown = match.group(1) if match else first
        raise SqlError(f'syntax error at or near "{shown}"', statement.find(shown))
    if first == "show" and [w.lower() for w in words[1:]] == ["server_version"]:
        return Result((Column("server_version"),), ((server_version(session.version),),))
    if first != "select" or re.search(r"\bfrom\b", statement, re.IGNORECASE):
        raise NotSimulated(" ".join(words[:2]).upper() + " (the server keeps no tables)")
    return _select(statement, session)


def server_version(version: str) -> str:
    """`17.5 (Debian 17.5-1.pgdg120+1)` from the image's PG_VERSION (`17.5-1.pgdg120+1`)."""
    return f"{version.split('-')[0]} (Debian {version})" if "-" in version else version


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) of each token; raises NotSimulated on anything else."""
    found = []
    at = 0
    while at < len(text):
        if not text[at:].strip():
            break
        match = _TOKEN.match(text, at)
        if match is None or match.lastgroup is None:
            raise NotSimulated(f"this SQL ({text.strip()[:40]})")
        found.append((match.lastgroup, match.group(match.lastgroup), match.start(match.lastgroup)))
        at = match.end()
    return found


def _select(statement: str, session: Session) -> Result:
    tokens = _tokens(statement)[1:]
    items: list[list[tuple[str, str, int]]] = [[]]
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token[1], 0)
        if token[1] == "," and depth == 0:
            items.append([])
        else:
            items[-1].append(token)
    if items == [[]]:
        return Result((), ((),))
    columns, values = [], []
    for item in items:
        name = None
        if len(item) >= 2 and item[-2][0] == "name" and item[-2][1].lower() == "as":
            name, item = _alias(item[-1]), item[:-2]
        elif (
            len(item) >= 2
            and item[-1][0] in ("name", "quoted")
            and item[-2][1] != "("
            and (item[-1][0] == "quoted" or item[-1][1].lower() not in _NOT_COLUMNS)
        ):
            name, item = _alias(item[-1]), item[:-1]
        if not item:
            raise NotSimulated("this SELECT")
        parser = _Parser(item, session)
        kind, value = parser.expr()
        if parser.at < len(item):
            raise NotSimulated("this SELECT")
        columns.append(Column(name or parser.name, kind in ("int", "numeric")))
        values.append(_text(kind, value))
    return Result(tuple(columns), (tuple(values),))


def _alias(token: tuple[str, str, int]) -> str:
    kind, text, _ = token
    return text[1:-1].replace('""', '"') if kind == "quoted" else text.lower()


def _text(kind: str, value: object) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "t" if value else "f"
    return str(value)


class _Parser:
    """expr := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*;
    unary := '-' unary | primary; primary := number | string | '(' expr ')' | name ['(' ')']"""

    def __init__(self, tokens: list[tuple[str, str, int]], session: Session) -> None:
        self.tokens = tokens
        self.session = session
        self.at = 0
        #: the column name PostgreSQL gives the expression
        self.name = "?column?"

    def peek(self) -> str:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else ""

    def take(self) -> tuple[str, str, int]:
        if self.at >= len(self.tokens):
            raise NotSimulated("this SELECT")
        self.at += 1
        return self.tokens[self.at - 1]

    def expr(self) -> tuple[str, object]:
        kind, value = self.term()
        while self.peek() in ("+", "-"):
            sign = self.take()[1]
            self.name = "?column?"
            other = self.term()
            kind, value = _arith(sign, (kind, value), other)
        return kind, value

    def term(self) -> tuple[str, object]:
        kind, value = self.unary()
        while self.peek() in ("*", "/"):
            sign = self.take()[1]
            self.name = "?column?"
            kind, value = _arith(sign, (kind, value), self.unary())
        return kind, value

    def unary(self) -> tuple[str, object]:
        if self.peek() == "-":
            self.take()
            kind, value = self.unary()
            self.name = "?column?"
            return _arith("-", ("int", 0), (kind, value))
        return self.primary()

    def primary(self) -> tuple[str, object]:
        kind, text, position = self.take()
        if kind == "number":
            if "." in text:
                return "numeric", text
            number = int(text)
            return ("int", number) if number < INT8 else ("numeric", text)
        if kind == "string":
            return "text", text[1:-1].replace("''", "'")
        if text == "(":
            found = self.expr()
            if self.take()[1] != ")":
                raise NotSimulated("this SELECT")
            return found
        if kind != "name":
            raise NotSimulated("this SELECT")
        return self.named(text.lower(), position)

    def named(self, name: str, position: int) -> tuple[str, object]:
        call = self.peek() == "("
        if call:
            self.take()
            if self.take()[1] != ")":
                raise NotSimulated(f"the function {name}() with arguments")
        session = self.session
        if name in ("true", "false") and not call:
            self.name = "bool"
            return "bool", name == "true"
        if name == "null" and not call:
            return "null", None
        values: dict[tuple[str, bool], tuple[str, object]] = {
            ("version", True): ("text", _version(session)),
            ("current_database", True): ("text", session.database),
            ("current_schema", True): ("text", "public"),
            ("current_schema", False): ("text", "public"),
            ("current_user", False): ("text", session.user),
            ("session_user", False): ("text", session.user),
            ("user", False): ("text", session.user),
            ("now", True): ("text", _timestamp(session.now)),
            ("current_timestamp", False): ("text", _timestamp(session.now)),
        }
        if (name, call) in values:
            self.name = name
            return values[(name, call)]
        if call or name in _NOT_COLUMNS:
            raise NotSimulated(f"{name}()" if call else name)
        raise SqlError(f'column "{name}" does not exist', position)


def _arith(sign: str, left: tuple[str, object], right: tuple[str, object]) -> tuple[str, object]:
    """Integer arithmetic as PostgreSQL does it (division truncates toward zero)."""
    (lkind, lvalue), (rkind, rvalue) = left, right
    if lkind != "int" or rkind != "int" or not isinstance(lvalue, int):
        raise NotSimulated("arithmetic on anything but integers")
    assert isinstance(rvalue, int)
    if sign == "/" and rvalue == 0:
        raise SqlError("division by zero")
    if sign == "/":
        result = abs(lvalue) // abs(rvalue) * (1 if (lvalue < 0) == (rvalue < 0) else -1)
    else:
        result = {"+": lvalue + rvalue, "-": lvalue - rvalue, "*": lvalue * rvalue}[sign]
    bits = INT4 if abs(lvalue) < INT4 and abs(rvalue) < INT4 else INT8
    if not -bits <= result < bits:
        raise SqlError("integer out of range" if bits == INT4 else "bigint out of range")
    return "int", result


def build_of(version: str, arch: str) -> str:
    """`x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0`: the Debian images run
    the PGDG packages (PG_VERSION `17.5-1.pgdg120+1`), the alpine images (PG_VERSION `17.5`)
    build from source with Alpine 3.22's gcc against musl."""
    musl = "-" not in version
    libc = "musl" if musl else "gnu"
    target = f"aarch64-unknown-linux-{libc}" if arch == "aarch64" else f"x86_64-pc-linux-{libc}"
    compiler = "gcc (Alpine 14.2.0) 14.2.0" if musl else "gcc (Debian 12.2.0-14) 12.2.0"
    return f"{target}, compiled by {compiler}"


def _version(session: Session) -> str:
    return (
        f"PostgreSQL {server_version(session.version)} on "
        f"{build_of(session.version, session.arch)}, 64-bit"
    )


def _timestamp(now: float) -> str:
    """A timestamptz as PostgreSQL prints it in UTC (`2025-06-15 10:11:12.5+00`)."""
    moment = datetime.fromtimestamp(now, UTC)
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + "+00"


def error_text(error: SqlError, statement: str) -> str:
    """`ERROR:  message`, and with a position the `LINE n:` of the statement and a caret."""
    out = f"ERROR:  {error}\n"
    if error.position is None or error.position < 0:
        return out
    before = statement[: error.position]
    number = before.count("\n") + 1
    line = statement.split("\n")[number - 1]
    column = len(before) - (before.rfind("\n") + 1)
    prefix = f"LINE {number}: "
    return out + f"{prefix}{line}\n" + " " * (len(prefix) + column) + "^\n"


# --- printing ----------------------------------------------------------------------------------
def aligned(result: Result) -> str:
    """A result as psql prints it by default (aligned, border 1)."""
    columns = result.columns
    widths = [len(c.name) for c in columns]
    for row in result.rows:
        for j, cell in enumerate(row):
            widths[j] = max([widths[j], *(len(part) for part in cell.split("\n"))])
    out = []
    total = 3 * len(columns) - 1 + sum(widths) if columns else 0
    if result.title:
        pad = (total - len(result.title)) // 2 if len(result.title) < total else 0
        out.append(" " * pad + result.title)
    if columns:
        header = []
        for column, width in zip(columns, widths, strict=True):
            space = width - len(column.name)
            header.append(" " + " " * (space // 2) + column.name + " " * ((space + 1) // 2) + " ")
        out.append("|".join(header))
    out.append("-" + "-+-".join("-" * w for w in widths) + "-")
    for row in result.rows if columns else ():
        out.extend(_row_lines(columns, widths, row))
    if result.footer:
        count = len(result.rows)
        out.append(f"({count} {'row' if count == 1 else 'rows'})")
    return "\n".join(out) + "\n\n"


def _row_lines(columns: tuple[Column, ...], widths: list[int], row: tuple[str, ...]) -> list[str]:
    parts = [cell.split("\n") for cell in row]
    lines = []
    for k in range(max(len(p) for p in parts)):
        line = ""
        for j, (column, width) in enumerate(zip(columns, widths, strict=True)):
            last = j == len(columns) - 1
            text = parts[j][k] if k < len(parts[j]) else None
            more = k + 1 < len(parts[j])
            line += " "
            if text is None:
                line += "" if last else " " * width
            elif column.right:
                line += text.rjust(width)
            else:
                line += text.ljust(width) if not last or more else text
            line += "+" if more else ("" if last else " ")
            if not last:
                line += "|"
        lines.append(line)
    return lines
