"""mysqld through the mysql image's entrypoint, and the mysql client and mysqladmin."""

from __future__ import annotations

import pytest
from repl_terminal import Terminal

from dockersim.engine import Engine

WARNING = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
STARTED = (
    "2025-06-15 12:00:00+00:00 [Note] [Entrypoint]: "
    "Entrypoint script for MySQL Server 8.4.5-1.el9 started.\n"
)


@pytest.fixture
def db(engine: Engine) -> Engine:
    engine.docker("network create app")
    engine.docker(
        "run -d --name db --network app -v data:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=pw "
        "-e MYSQL_DATABASE=shop -e MYSQL_USER=app -e MYSQL_PASSWORD=apw mysql:8.4"
    )
    engine.advance(30)
    return engine


def cli(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    return result.stdout, result.stderr, result.exit_code


def test_without_a_password_option_the_entrypoint_refuses(engine: Engine) -> None:
    engine.docker("pull mysql:8.4")
    out, err, code = cli(engine, "run --name m1 mysql:8.4")
    assert code == 1
    assert (
        out
        == STARTED
        + ("2025-06-15 12:00:00+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n")
        + STARTED
    )
    assert err == (
        "2025-06-15 12:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password "
        "option is not specified\n"
        "    You need to specify one of the following as an environment variable:\n"
        "    - MYSQL_ROOT_PASSWORD\n"
        "    - MYSQL_ALLOW_EMPTY_PASSWORD\n"
        "    - MYSQL_RANDOM_ROOT_PASSWORD\n"
    )
    assert "Exited (1)" in engine.docker("ps -a").stdout


def test_first_start_initialises_then_serves(db: Engine) -> None:
    out, err, _ = cli(db, "logs db")
    notes = [line.split("[Entrypoint]: ")[1] for line in out.splitlines() if "[Entrypoint]" in line]
    assert notes == [
        "Entrypoint script for MySQL Server 8.4.5-1.el9 started.",
        "Switching to dedicated user 'mysql'",
        "Entrypoint script for MySQL Server 8.4.5-1.el9 started.",
        "Initializing database files",
        "Database files initialized",
        "Starting temporary server",
        "Temporary server started.",
        "Creating database shop",
        "Creating user app",
        "Giving user app access to schema shop",
        "Stopping temporary server",
        "Temporary server stopped",
        "MySQL init process done. Ready for start up.",
    ]
    assert err.splitlines()[-1] == (
        "2025-06-15T12:00:07.000000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for "
        "connections. Version: '8.4.5'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  "
        "MySQL Community Server - GPL."
    )
    assert "port: 0  MySQL Community Server - GPL." in err  # the temporary server


def test_a_second_start_keeps_the_data_and_skips_initialisation(db: Engine) -> None:
    cli(db, "exec db mysql -uroot -ppw shop -e 'CREATE TABLE t (id INT); INSERT INTO t VALUES (7)'")
    cli(db, "rm -f db")
    cli(db, "run -d --name db2 -v data:/var/lib/mysql mysql:8.4")
    out, _, _ = cli(db, "logs db2")
    assert "Initializing database files" not in out
    assert out.endswith("'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'\n")
    assert cli(db, "exec db2 mysql -uroot -ppw -e 'SELECT id FROM shop.t'") == (
        "id\n7\n",
        WARNING,
        0,
    )


def test_sigterm_shutdown_lines(db: Engine) -> None:
    cli(db, "stop db")
    _, err, _ = cli(db, "logs db")
    assert err.splitlines()[-3:] == [
        "2025-06-15T12:00:30.000000Z 0 [System] [MY-013172] [Server] Received SHUTDOWN from user "
        "<via user signal>. Shutting down mysqld (Version: 8.4.5).",
        "2025-06-15T12:00:30.000000Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown "
        "complete (mysqld 8.4.5)  MySQL Community Server - GPL.",
        "2025-06-15T12:00:30.000000Z 0 [System] [MY-015016] [Server] MySQL Server - end.",
    ]
    assert "Exited (0)" in db.docker("ps -a").stdout


def test_show_databases_tab_separated_and_as_a_table(db: Engine) -> None:
    listing = "Database\ninformation_schema\nmysql\nperformance_schema\nshop\nsys\n"
    assert cli(db, "exec db mysql -uroot -ppw -e 'SHOW DATABASES;'") == (listing, WARNING, 0)
    out, _, _ = cli(db, "exec -t db mysql -uroot -ppw -e 'SHOW DATABASES'")
    assert out.replace("\r\n", "\n") == WARNING + (
        "+--------------------+\n| Database           |\n+--------------------+\n"
        "| information_schema |\n| mysql              |\n| performance_schema |\n"
        "| shop               |\n| sys                |\n+--------------------+\n"
    )


def test_the_users_database_tables_and_queries(db: Engine) -> None:
    sql = (
        "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL); "
        "INSERT INTO t (name) VALUES ('a'), ('b'), ('c'); "
        "SELECT id, name FROM t WHERE id >= 2 ORDER BY id DESC; DESCRIBE t"
    )
    assert cli(db, f'exec db mysql -uapp -papw shop -e "{sql}"') == (
        "id\tname\n3\tc\n2\tb\n"
        "Field\tType\tNull\tKey\tDefault\tExtra\n"
        "id\tint\tNO\tPRI\tNULL\tauto_increment\nname\tvarchar(20)\tNO\t\tNULL\t\n",
        WARNING,
        0,
    )
    assert cli(db, "exec db mysql -uapp -papw -e 'SHOW DATABASES'") == (
        "Database\ninformation_schema\nperformance_schema\nshop\n",
        WARNING,
        0,
    )


def test_from_another_container_on_the_network(db: Engine) -> None:
    line = "run --rm --network app mysql:8.4 mysql -h db -uroot -ppw -e 'SELECT VERSION()'"
    assert cli(db, line) == ("VERSION()\n8.4.5\n", WARNING, 0)
    line = "run --rm --network app mysql:8.4 mysql -h db -uroot -pnope -e 'SELECT 1'"
    assert cli(db, line) == (
        "",
        WARNING + "ERROR 1045 (28000): Access denied for user 'root'@'172.18.0.3' "
        "(using password: YES)\n",
        1,
    )


def test_error_texts(db: Engine) -> None:
    assert cli(db, "exec db mysql -uroot -pbad -e 'SELECT 1'") == (
        "",
        WARNING + "ERROR 1045 (28000): Access denied for user 'root'@'localhost' "
        "(using password: YES)\n",
        1,
    )
    assert cli(db, "exec db mysql -h x -uroot -ppw -e 'SELECT 1'") == (
        "",
        WARNING + "ERROR 2005 (HY000): Unknown MySQL server host 'x' (-2)\n",
        1,
    )
    assert cli(db, "run --rm mysql:8.4 mysql -uroot -ppw -e 'SELECT 1'") == (
        "",
        WARNING + "ERROR 2002 (HY000): Can't connect to local MySQL server through socket "
        "'/var/run/mysqld/mysqld.sock' (2)\n",
        1,
    )
    assert cli(db, "exec db mysql -uroot -ppw -e 'SELECT * FROM shop.nope'") == (
        "",
        WARNING + "ERROR 1146 (42S02) at line 1: Table 'shop.nope' doesn't exist\n",
        1,
    )
    assert cli(db, "exec db mysql -uroot -ppw -e 'SELEC 1'") == (
        "",
        WARNING + "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the "
        "manual that corresponds to your MySQL server version for the right syntax to use near "
        "'SELEC 1' at line 1\n",
        1,
    )


def test_what_is_not_modelled_says_so(db: Engine) -> None:
    out, err, code = cli(db, "exec db mysql -uroot -ppw -e 'GRANT ALL ON *.* TO app'")
    assert (out, code) == ("", 1)
    assert err == WARNING + "dockersim: not simulated in mysql: GRANT statements\n"


def test_mysqladmin_ping(db: Engine) -> None:
    line = "exec db mysqladmin ping -uroot -ppw"
    assert cli(db, line) == (
        "mysqld is alive\n",
        "mysqladmin: [Warning] Using a password on the command line interface can be insecure.\n",
        0,
    )


def test_the_interactive_client(db: Engine) -> None:
    term = Terminal(db, "db", ["mysql", "-uroot", "-ppw"])
    term.start()
    assert term.prompt == "mysql> "
    assert "Welcome to the MySQL monitor." in term.screen
    assert "Server version: 8.4.5 MySQL Community Server - GPL\n" in term.screen
    term.type("USE shop;")
    term.type("CREATE TABLE t (n INT)")
    assert term.prompt == "    -> "
    term.type(";")
    term.type("INSERT INTO t VALUES (1), (2);")
    term.type("SELECT n FROM t;")
    term.type("quit")
    assert term.screen.endswith(
        "mysql> USE shop;\nDatabase changed\n"
        "mysql> CREATE TABLE t (n INT)\n    -> ;\nQuery OK, 0 rows affected (0.01 sec)\n\n"
        "mysql> INSERT INTO t VALUES (1), (2);\nQuery OK, 2 rows affected (0.01 sec)\n\n"
        "mysql> SELECT n FROM t;\n"
        "+------+\n| n    |\n+------+\n|    1 |\n|    2 |\n+------+\n"
        "2 rows in set (0.00 sec)\n\nmysql> quit\nBye\n"
    )
    assert term.exited and term.exit_code == 0
