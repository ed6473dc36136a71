"""Running one statement of mysql_sql: which handler takes it (mysql_sql has the database
statements, mysql_tables the table ones)."""

from __future__ import annotations

from collections.abc import Callable

from dockersim.engine.programs.mysql_sql import (
    _KNOWN,
    NotSimulated,
    Result,
    Session,
    SqlError,
    Tokens,
    _current,
    _need_root,
    _visible,
    databases,
    drop,
    use,
)
from dockersim.engine.programs.mysql_tables import (
    create_table,
    delete,
    describe,
    insert,
    select_rows,
    update,
)


def run(statement: str, session: Session) -> Result:
    """Run one statement (without its `;`)."""
    tokens = Tokens(statement, session)
    if tokens.done():
        raise SqlError(1065, "42000", "Query was empty")
    first = tokens.peek()
    handler = _handlers().get(first)
    if handler is None:
        if first in _KNOWN:
            raise NotSimulated(f"{first.upper()} statements")
        raise tokens.fail()
    tokens.take()
    result = handler(tokens, session)
    if not tokens.done():
        raise tokens.fail()
    return result


def _create(tokens: Tokens, session: Session) -> Result:
    if tokens.word("database", "schema"):
        quiet = tokens.word("if")
        if quiet:
            tokens.expect("not")
            tokens.expect("exists")
        name = tokens.name()
        if name in databases(session) or name in ("mysql", "sys", "performance_schema"):
            if quiet:
                return Result(affected=0)
            raise SqlError(1007, "HY000", f"Can't create database '{name}'; database exists")
        _need_root(session, name)
        databases(session)[name] = {}
        session.dirty = True
        return Result(affected=1)
    if tokens.word("table"):
        return create_table(tokens, session)
    raise NotSimulated(f"CREATE {tokens.peek().upper()}")


def _show(tokens: Tokens, session: Session) -> Result:
    if tokens.word("databases", "schemas"):
        return Result(("Database",), tuple((d,) for d in _visible(session)))
    if tokens.word("tables"):
        database = _current(session)
        names = sorted(databases(session).get(database, {}))
        return Result((f"Tables_in_{database}",), tuple((n,) for n in names))
    if tokens.word("columns", "fields"):
        tokens.expect("from", "in")
        return describe(tokens, session)
    raise NotSimulated(f"SHOW {tokens.peek().upper()}")


def _handlers() -> dict[str, Callable[[Tokens, Session], Result]]:
    return {
        "create": _create,
        "drop": drop,
        "use": use,
        "show": _show,
        "describe": describe,
        "desc": describe,
        "insert": insert,
        "select": select_rows,
        "update": update,
        "delete": delete,
    }
