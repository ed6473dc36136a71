"""The database packages a node script requires (npmcode_db.py, engine/programs/node_db.py):
sqlite3 over a file of the container, mysql2 and mysql talking to the simulated MySQL with
their errors as they word them, wait-port's output, and `?` placeholders filled safely."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.engine.programs.node_db import SQLITE_MAGIC, fill
from dockersim.model.userland.programs.jsvalues import NULL

APP = "/home/student/app"
PACKAGE = '{"name": "t", "version": "1.0.0", "dependencies": {"sqlite3": "^5.1.2", ' \
          '"mysql2": "^2.3.3", "mysql": "^2.18.1", "wait-port": "^1.0.4"}}\n'  # fmt: skip


@pytest.fixture(autouse=True)
def pulled(engine: Engine) -> None:
    assert engine.docker("pull -q node:18-alpine").exit_code == 0
    engine.host_write(f"{APP}/package.json", PACKAGE)
    ran = engine.docker(f"run --rm -v {APP}:/app -w /app node:18-alpine yarn install")
    assert ran.exit_code == 0, ran.stderr


def node(engine: Engine, script: str, options: str = "") -> tuple[str, str, int]:
    engine.host_write(f"{APP}/app.js", script)
    ran = engine.docker(f"run --rm {options} -v {APP}:/app -w /app node:18-alpine node app.js")
    return ran.stdout, ran.stderr, ran.exit_code


SQLITE = """const sqlite3 = require('sqlite3').verbose();
const db = new sqlite3.Database('/app/data/todo.db', err => { if (err) console.log(err.message); });
db.serialize(() => {
  db.run('CREATE TABLE IF NOT EXISTS t (id varchar(36), name varchar(255), done boolean)');
  db.run('INSERT INTO t (id, name, done) VALUES (?, ?, ?)', ['a', "it's", 0], function (err) {
    console.log('run', err, this.changes);
  });
  db.all('SELECT * FROM t WHERE id=?', ['a'], (err, rows) => console.log(rows));
  db.get('SELECT * FROM nope', (err, row) => console.log(err.message, err.code, err.errno));
  db.close(() => console.log('closed'));
});
"""


def test_sqlite3_runs_queries_in_order_with_callbacks(engine: Engine) -> None:
    engine.host_write(f"{APP}/data/.keep", "")
    out, err, code = node(engine, SQLITE)
    assert (out, err, code) == (
        "run null 1\n[ { id: 'a', name: \"it's\", done: 0 } ]\n"
        "SQLITE_ERROR: no such table: nope SQLITE_ERROR 1\nclosed\n",
        "",
        0,
    )
    stored = engine.host_fs().read(f"{APP}/data/todo.db")
    assert stored.startswith(SQLITE_MAGIC)


def test_sqlite3_cannot_open_a_file_in_a_missing_directory(engine: Engine) -> None:
    script = "const s = require('sqlite3');\n" \
             "new s.Database('/nowhere/x.db', e => console.log(e.message, e.code));\n"  # fmt: skip
    assert node(engine, script) == (
        "SQLITE_CANTOPEN: unable to open database file SQLITE_CANTOPEN\n",
        "",
        0,
    )


MYSQL = """const mysql = require('%s');
const pool = mysql.createPool({ host: '%s', user: 'root', password: '%s', database: 'todos' });
pool.query('SELECT * FROM todo_items', (err, rows) => {
  if (err) console.log(err.message, err.code, err.errno);
  else console.log(rows);
});
"""


def test_mysql2_errors_as_mysql2_words_them(engine: Engine) -> None:
    assert engine.docker("network create n").exit_code == 0
    opts = "--network n"
    out, _, _ = node(engine, MYSQL % ("mysql2", "mysql", "secret"), opts)
    assert out == "getaddrinfo ENOTFOUND mysql ENOTFOUND -3008\n"
    assert engine.docker("run -d --name mysql --network n -e MYSQL_ROOT_PASSWORD=secret "
                         "-e MYSQL_DATABASE=todos mysql:8.0").exit_code == 0  # fmt: skip
    engine.advance(10)
    out, _, _ = node(engine, MYSQL % ("mysql2", "mysql", "wrong"), opts)
    assert out.startswith("Access denied for user 'root'@'172.")
    assert out.endswith("(using password: YES) ER_ACCESS_DENIED_ERROR 1045\n")
    out, _, _ = node(engine, MYSQL % ("mysql2", "mysql", "secret"), opts)
    assert out == "Table 'todos.todo_items' doesn't exist ER_NO_SUCH_TABLE 1146\n"
    out, _, _ = node(engine, MYSQL % ("mysql", "mysql", "secret"), opts)
    assert out == ("ER_NOT_SUPPORTED_AUTH_MODE: Client does not support authentication "
                   "protocol requested by server; consider upgrading MySQL client "
                   "ER_NOT_SUPPORTED_AUTH_MODE 1251\n")  # fmt: skip


def test_wait_port_prints_dots_until_the_port_accepts(engine: Engine) -> None:
    assert engine.docker("network create n").exit_code == 0
    script = "const waitPort = require('wait-port');\n" \
             "waitPort({ host: 'db', port: 3306, timeout: 2500, waitForDns: true })\n" \
             "  .then(r => console.log(r));\n"  # fmt: skip
    assert node(engine, script, "--network n") == (
        # wait-port 1.x: an IPv4 then an IPv6 try (none here: IPv6 off), then a try a second
        "Waiting for db:3306.....\nTimeout\n{ open: false }\n",
        "",
        0,
    )
    assert engine.docker("run -d --name db --network n -e MYSQL_ROOT_PASSWORD=x mysql:8.0"
                         ).exit_code == 0  # fmt: skip
    engine.advance(10)
    assert node(engine, script, "--network n") == (
        "Waiting for db:3306.\nConnected!\n{ open: true, ipVersion: 4 }\n",
        "",
        0,
    )


def test_placeholders_are_filled_outside_quotes_and_escaped() -> None:
    sql = "SELECT '?' FROM t WHERE a=? AND b=? AND c=?"
    assert fill(sql, ["x' OR '1'='1", 2.0, NULL]) == (
        "SELECT '?' FROM t WHERE a='x\\' OR \\'1\\'=\\'1' AND b=2 AND c=NULL"
    )
