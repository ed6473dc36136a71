"""The table statements of mysql_sql: CREATE TABLE, DESCRIBE, INSERT, SELECT, UPDATE, DELETE.

A table is {"columns": [{name, type, null, key, default, extra}], "rows": [[values]], "auto":
next AUTO_INCREMENT value}. Values are integers, strings or NULL (decimals are kept as text).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from dockersim.engine.programs.mysql_sql import (
    NotSimulated,
    Result,
    Session,
    SqlError,
    Tokens,
    Value,
    databases,
    table_name,
)
from dockersim.engine.programs.mysql_sql import (
    table as find_table,
)

_TYPES = {"int": "int", "integer": "int", "bigint": "bigint", "smallint": "smallint"}
_TYPES |= {"tinyint": "tinyint", "varchar": "varchar", "char": "char", "text": "text"}
_TYPES |= {"date": "date", "datetime": "datetime", "timestamp": "timestamp", "decimal": "decimal"}
_TYPES |= {"float": "float", "double": "double", "boolean": "tinyint(1)", "bool": "tinyint(1)"}
_INTEGERS = ("int", "bigint", "smallint", "tinyint")


def create_table(tokens: Tokens, session: Session) -> Result:
    quiet = tokens.word("if")
    if quiet:
        tokens.expect("not")
        tokens.expect("exists")
    database, name = table_name(tokens, session)
    tables = databases(session)[database]
    tokens.expect("(")
    columns: list[dict[str, Any]] = []
    while True:
        if tokens.word("primary"):
            tokens.expect("key")
            tokens.expect("(")
            keys = [tokens.name()]
            while tokens.word(","):
                keys.append(tokens.name())
            tokens.expect(")")
            for column in columns:
                if column["name"] in keys:
                    column["key"], column["null"] = "PRI", False
        else:
            columns.append(_column(tokens))
        if tokens.word(")"):
            break
        tokens.expect(",")
    while not tokens.done():  # ENGINE=InnoDB, DEFAULT CHARSET=...: accepted and ignored
        tokens.take()
    if name in tables:
        if quiet:
            return Result()
        raise SqlError(1050, "42S01", f"Table '{name}' already exists")
    tables[name] = {"columns": columns, "rows": [], "auto": 1}
    session.dirty = True
    return Result()


def _column(tokens: Tokens) -> dict[str, Any]:
    name = tokens.name()
    base = tokens.name().lower()
    if base not in _TYPES:
        raise NotSimulated(f"the column type {base.upper()}")
    kind = _TYPES[base]
    if tokens.word("("):
        size = [tokens.take()[1]]
        while tokens.word(","):
            size.append(tokens.take()[1])
        tokens.expect(")")
        if kind not in _INTEGERS:
            kind += f"({','.join(size)})"
    if tokens.word("unsigned"):
        kind += " unsigned"
    column: dict[str, Any] = {"name": name, "type": kind, "null": True, "key": ""}
    column |= {"default": None, "extra": ""}
    while tokens.peek() not in (",", ")", ""):
        if tokens.word("not"):
            tokens.expect("null")
            column["null"] = False
        elif tokens.word("null"):
            pass
        elif tokens.word("primary"):
            tokens.expect("key")
            column["key"], column["null"] = "PRI", False
        elif tokens.word("unique"):
            tokens.word("key")
            column["key"] = column["key"] or "UNI"
        elif tokens.word("auto_increment"):
            column["extra"] = "auto_increment"
        elif tokens.word("default"):
            column["default"] = tokens.value()
        else:
            raise tokens.fail()
    return column


def describe(tokens: Tokens, session: Session) -> Result:
    _, table = find_table(tokens, session)
    names = ("Field", "Type", "Null", "Key", "Default", "Extra")
    rows = tuple(
        (
            c["name"],
            c["type"],
            "YES" if c["null"] else "NO",
            c["key"],
            None if c["default"] is None else str(c["default"]),
            c["extra"],
        )
        for c in table["columns"]
    )
    return Result(names, rows, nullable=(False, False, False, False, True, False))


def insert(tokens: Tokens, session: Session) -> Result:
    tokens.expect("into")
    name, table = find_table(tokens, session)
    columns = table["columns"]
    names = [c["name"] for c in columns]
    chosen = names
    if tokens.word("("):
        chosen = [tokens.name()]
        while tokens.word(","):
            chosen.append(tokens.name())
        tokens.expect(")")
        for column in chosen:
            if column not in names:
                raise SqlError(1054, "42S22", f"Unknown column '{column}' in 'field list'")
    tokens.expect("values", "value")
    rows: list[list[Value]] = []
    while True:
        tokens.expect("(")
        values = [tokens.value()]
        while tokens.word(","):
            values.append(tokens.value())
        tokens.expect(")")
        if len(values) != len(chosen):
            raise SqlError(
                1136, "21S01", f"Column count doesn't match value count at row {len(rows) + 1}"
            )
        rows.append(_row(table, dict(zip(chosen, values, strict=True))))
        if not tokens.word(","):
            break
    keys = [i for i, c in enumerate(columns) if c["key"] in ("PRI", "UNI")]
    existing = table["rows"]
    for row in rows:
        for i in keys:
            if any(old[i] == row[i] for old in existing):
                key = "PRIMARY" if columns[i]["key"] == "PRI" else columns[i]["name"]
                raise SqlError(1062, "23000", f"Duplicate entry '{row[i]}' for key '{name}.{key}'")
        existing.append(row)
    session.dirty = True
    return Result(affected=len(rows))


def _row(table: dict[str, Any], given: dict[str, Value]) -> list[Value]:
    row: list[Value] = []
    for column in table["columns"]:
        value = given.get(column["name"], column["default"])
        if column["extra"] == "auto_increment":
            if value is None or value == 0:
                value = table["auto"]
            if isinstance(value, int):
                table["auto"] = max(table["auto"], value + 1)
        if value is None and not column["null"]:
            if column["name"] in given:
                raise SqlError(1048, "23000", f"Column '{column['name']}' cannot be null")
            raise SqlError(1364, "HY000", f"Field '{column['name']}' doesn't have a default value")
        if column["type"].split("(")[0].split(" ")[0] in _INTEGERS and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise SqlError(
                    1366,
                    "HY000",
                    f"Incorrect integer value: '{value}' for column '{column['name']}' at row 1",
                ) from None
        row.append(value)
    return row


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<>": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _where(tokens: Tokens, names: list[str], where: str) -> Callable[[list[Value]], bool]:
    """WHERE col op value [AND|OR ...] (left to right, without brackets)."""
    if not tokens.word("where"):
        return lambda row: True
    tests: list[tuple[str, Callable[[list[Value]], bool]]] = []
    joiner = "and"
    while True:
        column = tokens.name()
        if column not in names:
            raise SqlError(1054, "42S22", f"Unknown column '{column}' in '{where}'")
        at = names.index(column)
        if tokens.word("is"):
            negate = tokens.word("not")
            tokens.expect("null")
            tests.append((joiner, _is_null(at, negate)))
        else:
            op = tokens.take()[1]
            if op.lower() == "like":
                raise NotSimulated("LIKE")
            if op not in _OPS:
                tokens.at -= 1
                raise tokens.fail()
            value = tokens.value()
            tests.append((joiner, _compare(at, _OPS[op], value)))
        if tokens.word("and"):
            joiner = "and"
        elif tokens.word("or"):
            joiner = "or"
        else:
            break

    def check(row: list[Value]) -> bool:
        result = True
        for i, (how, test) in enumerate(tests):
            result = (
                test(row)
                if i == 0
                else (result and test(row) if how == "and" else result or test(row))
            )
        return result

    return check


def _is_null(at: int, negate: bool) -> Callable[[list[Value]], bool]:
    return lambda row: (row[at] is None) != negate


def _compare(
    at: int, op: Callable[[Any, Any], bool], value: Value
) -> Callable[[list[Value]], bool]:
    def test(row: list[Value]) -> bool:
        cell = row[at]
        if cell is None or value is None:
            return False
        if isinstance(cell, int) != isinstance(value, int):
            try:
                return bool(op(float(cell), float(value)))
            except ValueError:
                return bool(op(str(cell), str(value)))
        return bool(op(cell, value))

    return test


def select_rows(tokens: Tokens, session: Session) -> Result:
    items: list[str] = []
    values: list[Value] = []
    star = tokens.word("*")
    if not star:
        while True:
            start = tokens.at
            if tokens.items[start][0] == "name" and tokens.peek(1) in (",", "from", ""):
                items.append(tokens.name())
                values.append(None)
            else:
                values.append(_expression(tokens))
                items.append(_source(tokens, start))
            if tokens.word("as"):
                items[-1] = tokens.name()
            if not tokens.word(","):
                break
    if not tokens.word("from"):
        if star:
            raise SqlError(1096, "HY000", "No tables used")
        numeric = tuple(isinstance(v, int) for v in values)
        return Result(tuple(items), (tuple(values),), numeric=numeric)
    _, table = find_table(tokens, session)
    names = [c["name"] for c in table["columns"]]
    wanted = names if star else items
    for column in wanted:
        if column not in names:
            raise SqlError(1054, "42S22", f"Unknown column '{column}' in 'field list'")
    check = _where(tokens, names, "where clause")
    rows = [row for row in table["rows"] if check(row)]
    if tokens.word("order"):
        tokens.expect("by")
        column = tokens.name()
        if column not in names:
            raise SqlError(1054, "42S22", f"Unknown column '{column}' in 'order clause'")
        descending = tokens.word("desc")
        tokens.word("asc")
        at = names.index(column)
        rows.sort(
            key=lambda r: (r[at] is not None, r[at] if r[at] is not None else 0), reverse=descending
        )
    if tokens.word("limit"):
        count = tokens.value()
        if not isinstance(count, int):
            raise tokens.fail()
        rows = rows[:count]
    picks = [names.index(c) for c in wanted]
    numeric = tuple(
        table["columns"][i]["type"].split("(")[0].split(" ")[0] in _INTEGERS for i in picks
    )
    nullable = tuple(bool(table["columns"][i]["null"]) for i in picks)
    picked = tuple(tuple(r[i] for i in picks) for r in rows)
    return Result(tuple(wanted), picked, numeric=numeric, nullable=nullable)


def _source(tokens: Tokens, start: int) -> str:
    first, last = tokens.items[start][2], tokens.items[tokens.at - 1]
    return tokens.text[first : last[2] + len(last[1])]


def _expression(tokens: Tokens) -> Value:
    value = tokens.value()
    while tokens.peek() in ("+", "-", "*", "/"):
        op = tokens.take()[1]
        other = tokens.value()
        if not isinstance(value, int) or not isinstance(other, int):
            raise NotSimulated("arithmetic on anything but integers")
        if op == "/":
            if other == 0:
                value = None
                continue
            raise NotSimulated("division (MySQL answers a decimal)")
        value = {"+": value + other, "-": value - other, "*": value * other}[op]
    return value


def update(tokens: Tokens, session: Session) -> Result:
    _, table = find_table(tokens, session)
    names = [c["name"] for c in table["columns"]]
    tokens.expect("set")
    changes: list[tuple[int, Value]] = []
    while True:
        column = tokens.name()
        if column not in names:
            raise SqlError(1054, "42S22", f"Unknown column '{column}' in 'field list'")
        tokens.expect("=")
        changes.append((names.index(column), tokens.value()))
        if not tokens.word(","):
            break
    check = _where(tokens, names, "where clause")
    matched = changed = 0
    for row in table["rows"]:
        if check(row):
            matched += 1
            if any(row[i] != v for i, v in changes):
                changed += 1
            for i, value in changes:
                row[i] = value
    session.dirty = session.dirty or changed > 0
    return Result(
        affected=changed, note=f"Rows matched: {matched}  Changed: {changed}  Warnings: 0"
    )


def delete(tokens: Tokens, session: Session) -> Result:
    tokens.expect("from")
    _, table = find_table(tokens, session)
    names = [c["name"] for c in table["columns"]]
    check = _where(tokens, names, "where clause")
    kept = [row for row in table["rows"] if not check(row)]
    gone = len(table["rows"]) - len(kept)
    table["rows"] = kept
    session.dirty = session.dirty or gone > 0
    return Result(affected=gone)
