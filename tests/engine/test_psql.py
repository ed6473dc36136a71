"""psql against the simulated PostgreSQL: one-shot (`-c`, `-l`) and at a terminal.

At a terminal each line runs in a program opened again from the JSON snapshot of the one
before (see repl_terminal).
"""

from __future__ import annotations

import pytest
from repl_terminal import Terminal

from dockersim.engine import Engine
from dockersim.engine.programs.psql_sql import Column, Result, aligned

BANNER = 'psql (17.5 (Debian 17.5-1.pgdg120+1))\nType "help" for help.\n\n'
ONE = " ?column? \n----------\n        1\n(1 row)\n\n"
SOCKET = 'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: '
NOTE = "dockersim: not simulated in psql: {}\n"


@pytest.fixture
def pg(engine: Engine) -> Engine:
    engine.docker("network create app")
    engine.docker("run -d --name db --network app -e POSTGRES_PASSWORD=secret postgres")
    engine.docker("run -d --name cli --network app postgres sleep infinity")
    return engine


def cli(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    return result.stdout, result.stderr, result.exit_code


def test_c_runs_the_statement(pg: Engine) -> None:
    assert cli(pg, "exec db psql -U postgres -c 'SELECT 1'") == (ONE, "", 0)
    assert cli(pg, "exec db psql -U postgres -tAc 'SELECT 1'") == ("1\n", "", 0)
    assert cli(pg, "exec db psql -U postgres -c 'SELECT 1 AS a, 2 + 3 * 4 b'") == (
        " a | b  \n---+----\n 1 | 14\n(1 row)\n\n",
        "",
        0,
    )


def test_the_login_name_is_not_a_role(pg: Engine) -> None:
    assert cli(pg, "exec db psql -c 'SELECT 1'") == (
        "",
        f'psql: error: {SOCKET}FATAL:  role "root" does not exist\n',
        2,
    )


def test_without_a_server_the_socket_is_missing(pg: Engine) -> None:
    assert cli(pg, "run --rm postgres psql -U postgres") == (
        "",
        f"psql: error: {SOCKET}No such file or directory\n"
        "\tIs the server running locally and accepting connections on that socket?\n",
        2,
    )


def test_over_the_network_the_password_is_checked(pg: Engine) -> None:
    where = 'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: '
    assert cli(pg, "exec cli psql -h db -U postgres -c 'SELECT 1'") == (
        "",
        where + "fe_sendauth: no password supplied\n",
        2,
    )
    assert cli(pg, "exec -e PGPASSWORD=nope cli psql -h db -U postgres -c 'SELECT 1'") == (
        "",
        where + 'FATAL:  password authentication failed for user "postgres"\n',
        2,
    )
    assert cli(pg, "exec -e PGPASSWORD=secret cli psql -h db -U postgres -c 'SELECT 1'") == (
        ONE,
        "",
        0,
    )
    assert cli(pg, "exec cli psql -h nosuch -U postgres") == (
        "",
        'psql: error: could not translate host name "nosuch" to address: '
        "Name or service not known\n",
        2,
    )


def test_a_password_set_in_the_shell_holds_for_every_statement(pg: Engine) -> None:
    """testcontainers' PostgresContainer waits with `sh -c "PGPASSWORD='x' psql ... -c ..."`:
    the shell's variable, not the exec's environment, is the login for each statement."""
    for line in (
        """exec cli sh -c "PGPASSWORD='secret' psql -h db -U postgres -c 'SELECT 1'" """,
        """exec cli sh -c "export PGPASSWORD=secret; psql -h db -U postgres -c 'SELECT 1'" """,
    ):
        assert cli(pg, line) == (ONE, "", 0)


def test_sql_the_server_does_not_model_is_said_and_fails(pg: Engine) -> None:
    assert cli(pg, "exec db psql -U postgres -c 'CREATE TABLE t (x int)'") == (
        "",
        NOTE.format("CREATE TABLE (the server keeps no tables)"),
        1,
    )


def test_sql_errors_are_postgres_errors(pg: Engine) -> None:
    assert cli(pg, "exec db psql -U postgres -c 'SELEC 1'") == (
        "",
        'ERROR:  syntax error at or near "SELEC"\nLINE 1: SELEC 1\n        ^\n',
        1,
    )
    assert cli(pg, "exec db psql -U postgres -c 'SELECT foo'") == (
        "",
        'ERROR:  column "foo" does not exist\nLINE 1: SELECT foo\n               ^\n',
        1,
    )
    assert cli(pg, "exec db psql -U postgres -c 'SELECT 1/0'") == (
        "",
        "ERROR:  division by zero\n",
        1,
    )


def test_version_and_server_version(pg: Engine) -> None:
    out, _, _ = cli(pg, "exec db psql -U postgres -tAc 'SELECT version()'")
    assert out == (
        "PostgreSQL 17.5 (Debian 17.5-1.pgdg120+1) on x86_64-pc-linux-gnu, "
        "compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit\n"
    )
    assert cli(pg, "exec db psql -U postgres -tAc 'SHOW server_version'")[0] == (
        "17.5 (Debian 17.5-1.pgdg120+1)\n"
    )
    assert cli(pg, "exec db psql -V") == (
        "psql (PostgreSQL) 17.5 (Debian 17.5-1.pgdg120+1)\n",
        "",
        0,
    )


def test_l_lists_the_databases_the_entrypoint_created(engine: Engine) -> None:
    engine.docker("run -d --name db -e POSTGRES_PASSWORD=x -e POSTGRES_DB=shop postgres")
    out, _, code = cli(engine, "exec db psql -U postgres -l")
    rule = "-" * 11 + "+" + "-" * 10 + "+" + "-" * 10 + "+" + "-" * 17 + "+" + "-" * 12 + "+"
    rule += "-" * 12 + "+" + "-" * 8 + "+" + "-" * 11 + "+" + "-" * 23
    head = (
        " postgres | UTF8     | libc            | en_US.utf8 | en_US.utf8 |        |           | "
    )
    assert (out.split("\n"), code) == (
        [
            " " * 52 + "List of databases",
            "   Name    |  Owner   | Encoding | Locale Provider |  Collate   |   Ctype    "
            "| Locale | ICU Rules |   Access privileges   ",
            rule,
            " postgres  |" + head,
            " shop      |" + head,
            " template0 |" + head + "=c/postgres          +",
            "           |          |          |                 |            |            "
            "|        |           | postgres=CTc/postgres",
            " template1 |" + head + "=c/postgres          +",
            "           |          |          |                 |            |            "
            "|        |           | postgres=CTc/postgres",
            "(4 rows)",
            "",
            "",
        ],
        0,
    )


def test_at_a_terminal_the_banner_the_prompt_and_a_query(pg: Engine) -> None:
    # given
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    # when
    term.start()
    term.type("SELECT 1;", "SELECT 'a' AS x,", "current_user", ";", "\\q")
    # then
    assert term.screen == (
        BANNER + "postgres=# SELECT 1;\n" + ONE + "postgres=# SELECT 'a' AS x,\n"
        "postgres-# current_user\npostgres-# ;\n"
        " x | current_user \n---+--------------\n a | postgres\n(1 row)\n\n"
        "postgres=# \\q\n"
    )
    assert (term.exited, term.exit_code) == (True, 0)


def test_the_prompt_shows_what_is_still_open(pg: Engine) -> None:
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    term.start()
    marks = []
    for line in ("SELECT (1", ")", "+ 'a", "'", ";"):
        term.type(line)
        marks.append(term.prompt)
    assert marks == ["postgres(# ", "postgres-# ", "postgres'# ", "postgres-# ", "postgres=# "]


def test_meta_commands(pg: Engine) -> None:
    term = Terminal(pg, "db", ["psql", "-U", "postgres", "-d", "postgres"])
    term.start()
    assert term.type("\\conninfo").stdout == (
        'You are connected to database "postgres" as user "postgres" via socket in '
        '"/var/run/postgresql" at port "5432".\n'
    )
    assert term.type("\\dt").stderr == "Did not find any tables.\n"
    assert term.type("\\d").stderr == "Did not find any relations.\n"
    assert term.type("\\c template1").stdout == (
        'You are now connected to database "template1" as user "postgres".\n'
    )
    assert term.prompt == "template1=# "
    assert term.type("\\c nosuch").stderr == (
        f'{SOCKET}FATAL:  database "nosuch" does not exist\nPrevious connection kept\n'
    )
    assert term.type("\\foo").stderr == "invalid command \\foo\nTry \\? for help.\n"
    assert term.type("\\timing").stderr == NOTE.format("\\timing")


def test_ctrl_c_drops_the_query_buffer_and_ctrl_d_quits(pg: Engine) -> None:
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    term.start()
    term.type("SELECT")
    term.ctrl_c()
    assert term.prompt == "postgres=# "
    ended = term.ctrl_d()
    assert (ended.stdout, term.exited, term.exit_code) == ("\\q\n", True, 0)


def test_over_the_network_it_asks_for_the_password(pg: Engine) -> None:
    # given
    term = Terminal(pg, "cli", ["psql", "-h", "db", "-U", "postgres"])
    # when
    opened = term.start()
    asked = term.prompt
    term.type("secret")
    # then
    assert (opened.outputs, asked) == ((), "Password for user postgres: ")
    assert term.screen == "Password for user postgres: secret\n" + BANNER
    assert term.type("\\conninfo").stdout == (
        'You are connected to database "postgres" as user "postgres" on host "db" '
        '(address "172.18.0.2") at port "5432".\n'
    )


def test_a_wrong_password_ends_it_with_2(pg: Engine) -> None:
    term = Terminal(pg, "cli", ["psql", "-h", "db", "-U", "postgres"])
    term.start()
    failed = term.type("nope")
    assert failed.stderr == (
        'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: '
        'FATAL:  password authentication failed for user "postgres"\n'
    )
    assert (term.exited, term.exit_code) == (True, 2)


def test_a_server_that_stops_loses_the_connection(pg: Engine) -> None:
    # given
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    term.start()
    pg.docker("stop db")
    pg.docker("start cli")
    # when
    lost = term.type("SELECT 1;")
    after = term.type("SELECT 1;")
    # then
    assert lost.stderr == (
        "server closed the connection unexpectedly\n"
        "\tThis probably means the server terminated abnormally\n"
        "\tbefore or while processing the request.\n"
        "The connection to the server was lost. Attempting reset: Failed.\n"
    )
    assert after.stderr == "You are currently not connected to a database.\n"
    assert term.prompt == "!?> "


def test_the_snapshot_holds_the_connection_and_the_buffer(pg: Engine) -> None:
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    term.start()
    term.type("SELECT")
    assert term.saved == {
        "target": ["", 5432, "postgres", "postgres"],
        "connected": True,
        "asking": False,
        "buffer": "SELECT",
        "password": None,
    }


def test_sql_it_does_not_model_says_so(pg: Engine) -> None:
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    term.start()
    said = term.type("INSERT INTO t VALUES (1);")
    assert (said.stdout, said.stderr) == (
        "",
        NOTE.format("INSERT INTO (the server keeps no tables)"),
    )


def test_aligned_output_wraps_values_with_newlines() -> None:
    result = Result((Column("n", right=True), Column("text")), (("1", "a\nbc"), ("10", "d")))
    assert aligned(result) == (
        " n  | text \n----+------\n  1 | a   +\n    | bc\n 10 | d\n(2 rows)\n\n"
    )


def test_quit_ends_it_unless_a_statement_is_open(pg: Engine) -> None:
    term = Terminal(pg, "db", ["psql", "-U", "postgres"])
    term.start()
    term.type("SELECT 1")
    assert term.type("quit").stdout == "Use \\q to quit.\n"
    assert not term.exited
    term.ctrl_c()
    term.type("exit")
    assert (term.exited, term.exit_code) == (True, 0)
