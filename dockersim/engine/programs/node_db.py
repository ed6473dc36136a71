"""The native side of the database packages a node script requires (npmcode_db.py has their
JavaScript): sqlite3's binding (a database in a file of the container), the wire under mysql2
and mysql (the simulated MySQL server over the process's view of the network), and wait-port's
probe (does HOST:PORT accept a connection).

Both speak mysql_sql's SQL: `?` placeholders are filled in before a statement runs, as mysql2
does on the client (values quoted, never spliced raw). A sqlite database file is `SQLite
format 3` and a NUL followed by its tables as JSON (not SQLite's page format: a simplification,
as redis's dump). While a replayed request runs (`realm.replaying`, node_http) the MySQL wire
sends no statement that writes: the real process sent it once, when it answered the request.
"""

from __future__ import annotations

import ipaddress
import json
import math
import posixpath
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs.mysql_run import run
from dockersim.engine.programs.mysql_sql import NotSimulated, Result, Session, SqlError
from dockersim.model.fs import FsError
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.jseval import Interpreter
    from dockersim.model.userland.types import Proc

SQLITE_MAGIC = b"SQLite format 3\x00"
#: the statements that read (sent during a replay too)
_READS = ("select", "show", "describe", "desc", "explain")
#: MySQL error numbers -> the names mysql2 gives them (its lib/constants/errors.js)
ER_NAMES = {
    1007: "ER_DB_CREATE_EXISTS", 1008: "ER_DB_DROP_EXISTS", 1044: "ER_DBACCESS_DENIED_ERROR",
    1045: "ER_ACCESS_DENIED_ERROR", 1046: "ER_NO_DB_ERROR", 1048: "ER_BAD_NULL_ERROR",
    1049: "ER_BAD_DB_ERROR", 1050: "ER_TABLE_EXISTS_ERROR", 1051: "ER_BAD_TABLE_ERROR",
    1054: "ER_BAD_FIELD_ERROR", 1062: "ER_DUP_ENTRY", 1064: "ER_PARSE_ERROR",
    1065: "ER_EMPTY_QUERY", 1136: "ER_WRONG_VALUE_COUNT_ON_ROW", 1146: "ER_NO_SUCH_TABLE",
}  # fmt: skip
_SQL_ERROR = re.compile(r"ERROR (\d+) \(([0-9A-Z]+)\): (.*)", re.S)


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def _literal(value: Any) -> str:
    """A JavaScript value as an SQL literal (sqlstring's escape for what tutorials bind)."""
    if value is UNDEFINED or value is NULL or value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "NULL"
        return str(int(value)) if value == int(value) else repr(value)
    if isinstance(value, JSArray):
        return ", ".join(_literal(v) for v in value.items)
    if isinstance(value, JSObject):
        raise Unsupported("an object bound to a placeholder")
    text = to_string(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def fill(sql: str, params: list[Any]) -> str:
    """`sql` with each `?` outside quotes replaced by the next value (left as `?` past them)."""
    out: list[str] = []
    quote = ""
    taken = 0
    i = 0
    while i < len(sql):
        char = sql[i]
        if quote:
            out.append(char)
            if char == "\\" and i + 1 < len(sql):
                out.append(sql[i + 1])
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
            out.append(char)
        elif char == "?" and taken < len(params):
            out.append(_literal(params[taken]))
            taken += 1
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _rows(realm: Interpreter, result: Result) -> JSArray:
    rows = []
    for row in result.rows:
        values = {c: (float(v) if isinstance(v, int) else NULL if v is None else v)
                  for c, v in zip(result.columns, row, strict=False)}  # fmt: skip
        rows.append(JSObject(values))
    return JSArray(rows)


def _error(realm: Interpreter, message: str, fields: dict[str, Any]) -> JSThrow:
    error = realm.make_error("Error", message)
    error.props.update(fields)
    return JSThrow("Error", message, None, error)


# --- sqlite3 -----------------------------------------------------------------------------------
def _sqlite_error(realm: Interpreter, code: str, errno: int, text: str) -> JSThrow:
    return _error(realm, f"{code}: {text}", {"errno": float(errno), "code": code})


def _sqlite_text(error: SqlError) -> str:
    """mysql_sql's error as SQLite words it."""
    found = _SQL_ERROR.match(str(error))
    number, message = (int(found.group(1)), found.group(3)) if found else (0, str(error))
    quoted = re.findall(r"'([^']*)'", message)
    if number == 1146 and quoted:
        return f"no such table: {quoted[0].split('.')[-1]}"
    if number == 1054 and quoted:
        return f"no such column: {quoted[0]}"
    if number == 1050 and quoted:
        return f"table {quoted[0]} already exists"
    if number == 1064:
        near = quoted[-1].split()[0] if quoted and quoted[-1].split() else ""
        return f'near "{near}": syntax error' if near else "incomplete input"
    return message  # (est.: other errors keep MySQL's sentence)


def make_sqlite(realm: Interpreter, proc: Proc, cwd: str) -> JSObject:
    """node_sqlite3.node: open, query, exec, close over files of the container."""
    fs = proc.fs
    handles: dict[int, dict[str, Any]] = {}

    def load(handle: dict[str, Any]) -> dict[str, Any]:
        if handle["path"] is None:
            memory: dict[str, Any] = handle["memory"]
            return memory
        try:
            raw = fs.read(handle["path"])
        except FsError:
            raw = b""
        if not raw:
            return {"main": {}}
        try:
            tables = json.loads(raw[len(SQLITE_MAGIC) :].decode())
        except ValueError:
            tables = None
        if not raw.startswith(SQLITE_MAGIC) or not isinstance(tables, dict):
            raise _sqlite_error(realm, "SQLITE_NOTADB", 26, "file is not a database")
        return {"main": tables}

    def open_(args: list[Any]) -> Any:
        name = to_string(_arg(args, 0))
        mode = int(to_number(_arg(args, 1))) if _arg(args, 1) is not UNDEFINED else 6
        if name in (":memory:", ""):
            handles[len(handles) + 1] = {"path": None, "memory": {"main": {}}}
            return float(len(handles))
        path = posixpath.normpath(posixpath.join(cwd, name))
        try:
            kind: str = fs.stat(path).kind
        except FsError:
            kind = ""
        if kind == "dir" or (not kind and not mode & 4):
            raise _sqlite_error(realm, "SQLITE_CANTOPEN", 14, "unable to open database file")
        if not kind:
            try:
                fs.write(path, b"")
            except FsError:
                raise _sqlite_error(
                    realm, "SQLITE_CANTOPEN", 14, "unable to open database file"
                ) from None
        handle = {"path": path, "memory": None}
        load(handle)
        handles[len(handles) + 1] = handle
        return float(len(handles))

    def query(args: list[Any]) -> Any:
        handle = handles.get(int(to_number(_arg(args, 0))))
        if handle is None:
            raise _sqlite_error(realm, "SQLITE_MISUSE", 21, "Database is closed")
        params = _arg(args, 2)
        sql = fill(to_string(_arg(args, 1)), params.items if isinstance(params, JSArray) else [])
        data = load(handle)
        session = Session({"users": {"root": ""}, "grants": {}, "databases": data}, "root",
                          "localhost", "main", "3.46.1", proc.now)  # fmt: skip
        realm.tick()
        try:
            result = run(sql.strip().rstrip(";"), session)
        except SqlError as error:
            raise _sqlite_error(realm, "SQLITE_ERROR", 1, _sqlite_text(error)) from None
        except NotSimulated as what:
            raise Unsupported(f"sqlite3: {what}") from None
        if session.dirty:
            if handle["path"] is None:
                handle["memory"] = data
            else:
                body = json.dumps(data["main"], separators=(",", ":")).encode()
                fs.write(handle["path"], SQLITE_MAGIC + body)
        last = 0.0
        if sql.lstrip()[:6].lower() == "insert":
            last = float(sum(len(t.get("rows", [])) for t in data["main"].values()))  # est.
        return JSObject({"rows": _rows(realm, result), "changes": float(result.affected),
                         "lastID": last})  # fmt: skip

    def close(args: list[Any]) -> Any:
        handles.pop(int(to_number(_arg(args, 0))), None)
        return UNDEFINED

    return JSObject({"open": JSFunction("open", open_), "query": JSFunction("query", query),
                     "close": JSFunction("close", close)})  # fmt: skip


# --- the MySQL wire (mysql2, mysql) and wait-port ---------------------------------------------
def _mysql_fields(error: SqlError, sql: str | None, legacy: bool) -> tuple[str, dict[str, Any]]:
    found = _SQL_ERROR.match(str(error))
    number, state, message = (int(found[1]), found[2], found[3]) if found else (0, "HY000", "")
    code = ER_NAMES.get(number, f"ER_{number}")
    fields: dict[str, Any] = {"code": code, "errno": float(number), "sqlState": state,
                              "sqlMessage": message}  # fmt: skip
    if sql is not None:
        fields["sql"] = sql
    text = f"{code}: {message}" if legacy else message
    if legacy:
        fields = {"code": code, "errno": float(number), "sqlMessage": message,
                  "sqlState": state, "index": 0.0, **({"sql": sql} if sql else {}),
                  "fatal": sql is None}  # fmt: skip
    return text, fields


def ready_at(container: Container) -> float:
    """When the server in `container` (MySQL, MariaDB) takes connections on its port: its
    last `ready for connections` line (the temporary server of a first start, before it,
    listens on no port)."""
    start = container.state.started_at or 0.0
    return max((at for at, _, text in container.logs
                if at >= start and "ready for connections" in text), default=start)  # fmt: skip


def make_wire(realm: Interpreter, proc: Proc, epoch: Callable[[], float] | None = None) -> JSObject:
    """dockersim-wire.node: connect, query, probe, write (stdout, as process.stdout.write).

    `epoch` is the process's clock: a probe at a moment past `NetView.present` raises
    Suspend (the process is run again then); one before it, on such a run again, answers
    as it did then (refused: had it connected, the process would not have waited)."""
    from dockersim.engine.netview import NetView, Suspend
    from dockersim.engine.programs import mysql_client
    from dockersim.engine.programs import mysql_server as server

    view = proc.net if isinstance(proc.net, NetView) else None
    links: dict[int, Any] = {}

    def option(config: Any, name: str, default: str) -> str:
        value = config.props.get(name, UNDEFINED) if isinstance(config, JSObject) else UNDEFINED
        return default if value is UNDEFINED or value is NULL else to_string(value)

    def connect(args: list[Any]) -> Any:
        config = _arg(args, 0)
        legacy = option(config, "legacy", "") == "true"
        host = option(config, "host", "localhost")
        port = int(to_number(option(config, "port", "3306")))
        outcome = view.connect(host, port) if view is not None else None
        status = outcome.status if outcome is not None else "unresolved"
        if status == "unresolved":
            raise _error(realm, f"getaddrinfo ENOTFOUND {host}", {
                "errno": -3008.0, "code": "ENOTFOUND", "syscall": "getaddrinfo",
                "hostname": host, "fatal": True})  # fmt: skip
        address = outcome.address if outcome is not None and outcome.address else host
        if status != "ok":
            code, errno = ("ETIMEDOUT", -110.0) if status == "timeout" else ("ECONNREFUSED", -111.0)
            raise _error(realm, f"connect {code} {address}:{port}", {
                "errno": errno, "code": code, "syscall": "connect", "address": address,
                "port": float(port), "fatal": True})  # fmt: skip
        target = outcome.target.container if outcome is not None and outcome.target else None
        if target is None or target.blocked_in not in mysql_client.SERVERS:
            raise Unsupported(f"a server that is not MySQL at {host}:{port}")
        if legacy and not server.is_mariadb(mysql_client._env_of(target)):
            version = server.version(mysql_client._env_of(target))
            if not version.startswith("5."):
                message = ("Client does not support authentication protocol requested by "
                           "server; consider upgrading MySQL client")  # fmt: skip
                raise _error(realm, f"ER_NOT_SUPPORTED_AUTH_MODE: {message}", {
                    "code": "ER_NOT_SUPPORTED_AUTH_MODE", "errno": 1251.0, "sqlMessage": message,
                    "sqlState": "08004", "fatal": True})  # fmt: skip
        options = mysql_client.Options(host=host, port=port, user=option(config, "user", ""),
                                       database=option(config, "database", ""))  # fmt: skip
        password = option(config, "password", "")
        linked = mysql_client.connect(proc, options, password, False)
        if isinstance(linked, str):
            text, fields = _mysql_fields(SqlError(0, "", ""), None, legacy)
            found = _SQL_ERROR.match(linked.strip())
            if found:
                error = SqlError(int(found[1]), found[2], found[3])
                text, fields = _mysql_fields(error, None, legacy)
            fields["fatal"] = True
            raise _error(realm, text, fields)
        links[len(links) + 1] = (linked, legacy)
        return float(len(links))

    def query(args: list[Any]) -> Any:
        link, legacy = links[int(to_number(_arg(args, 0)))]
        params = _arg(args, 2)
        sql = fill(to_string(_arg(args, 1)), params.items if isinstance(params, JSArray) else [])
        session = link.session
        session.data = server.load(link.fs) or session.data
        realm.tick()
        reads = sql.lstrip()[:8].split(" ")[0].lower() in _READS
        try:
            result = run(sql.strip().rstrip(";"), session)
        except SqlError as error:
            text, fields = _mysql_fields(error, sql, legacy)
            raise _error(realm, text, fields) from None
        except NotSimulated as what:
            raise Unsupported(f"mysql: {what}") from None
        if session.dirty and not realm.replaying and not reads:
            server.save(link.fs, session.data)
        session.dirty = False
        if result.columns:
            columns = JSArray([JSObject({"name": c}, cls="ColumnDefinition")
                               for c in result.columns])  # fmt: skip
            return JSObject({"rows": _rows(realm, result), "fields": columns})
        header = {"fieldCount": 0.0, "affectedRows": float(result.affected), "insertId": 0.0,
                  "info": result.note, "serverStatus": 2.0, "warningStatus": 0.0}  # fmt: skip
        if not legacy:
            header["changedRows"] = 0.0
        return JSObject({"rows": JSObject(header, cls="OkPacket" if legacy else
                                          "ResultSetHeader"), "fields": UNDEFINED})  # fmt: skip

    def probe(args: list[Any]) -> Any:
        host, port = to_string(_arg(args, 0)), int(to_number(_arg(args, 1)))
        if _arg(args, 2) == 6.0:  # the simulated networks and resolvers have no IPv6
            return "unresolved"
        if view is None:
            return "unresolved"
        when = epoch() if epoch is not None else None
        present = view.present
        if present is not None and when is not None and not realm.replaying:
            if when > present + 1e-6:
                raise Suspend
            if when < present - 1e-6:
                return "refused"
        outcome = view.connect(host, port)
        target = outcome.target.container if outcome.target is not None else None
        if outcome.status != "ok":
            return outcome.status
        mysql = target is not None and target.blocked_in in mysql_client.SERVERS
        if when is not None and target is not None and mysql and ready_at(target) > when + 1e-6:
            return "refused"  # (its first start: the server is still initialising)
        return "open"

    def write(args: list[Any]) -> Any:
        realm.write("stdout", to_string(_arg(args, 0)))
        return UNDEFINED

    def now(args: list[Any]) -> Any:
        return float(realm.loop.now)

    def is_ip(args: list[Any]) -> Any:
        try:
            ipaddress.ip_address(to_string(_arg(args, 0)))
        except ValueError:
            return False
        return True

    return JSObject({"connect": JSFunction("connect", connect),
                     "query": JSFunction("query", query), "probe": JSFunction("probe", probe),
                     "write": JSFunction("write", write), "now": JSFunction("now", now),
                     "isIP": JSFunction("isIP", is_ip)})  # fmt: skip
