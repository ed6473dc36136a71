"""mariadbd through the mariadb image's entrypoint, its clients and healthcheck.sh."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

TS = "2025-06-15 12:00:00+00:00 [Note] [Entrypoint]: "
STARTED = TS + "Entrypoint script for MariaDB Server 1:11.7.2+maria~ubu2404 started.\n"
READY = (
    "Version: '11.7.2-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  "
    "mariadb.org binary distribution"
)


@pytest.fixture
def db(engine: Engine) -> Engine:
    engine.docker("network create app")
    engine.docker(
        "run -d --name db --network app -v data:/var/lib/mysql -e MARIADB_ROOT_PASSWORD=pw "
        "-e MARIADB_DATABASE=shop -e MARIADB_USER=app -e MARIADB_PASSWORD=apw mariadb:11"
    )
    engine.advance(30)
    return engine


def cli(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize(
    "env",
    ["", "-e MYSQL_DATABASE=x", "-e MARIADB_USER=u -e MARIADB_PASSWORD=p"],
)
def test_without_a_password_option_the_entrypoint_refuses(engine: Engine, env: str) -> None:
    engine.docker("pull mariadb")
    out, err, code = cli(engine, f"run --name m1 {env} mariadb")
    assert code == 1
    assert out == STARTED + TS + "Switching to dedicated user 'mysql'\n" + STARTED
    assert err == (
        "2025-06-15 12:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password "
        "option is not specified\n"
        "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, "
        "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD\n"
    )
    assert "Exited (1)" in engine.docker("ps -a").stdout


@pytest.mark.parametrize(
    "env",
    [
        "MARIADB_ROOT_PASSWORD=pw",
        "MYSQL_ROOT_PASSWORD=pw",
        "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1",
        "MYSQL_ALLOW_EMPTY_PASSWORD=yes",
        "MARIADB_RANDOM_ROOT_PASSWORD=1",
        "MYSQL_RANDOM_ROOT_PASSWORD=1",
    ],
)
def test_each_password_option_starts_the_server(engine: Engine, env: str) -> None:
    engine.docker(f"run -d --name m1 -e {env} mariadb")
    engine.advance(30)
    out, err, _ = cli(engine, "logs m1")
    assert "MariaDB init process done. Ready for start up." in out
    assert ("GENERATED ROOT PASSWORD: " in out) == ("RANDOM" in env)
    assert err.endswith("[Note] mariadbd: ready for connections.\n" + READY + "\n")
    assert "running" in engine.docker("inspect -f '{{.State.Status}}' m1").stdout


def test_first_start_initialises_then_serves(db: Engine) -> None:
    out, err, _ = cli(db, "logs db")
    notes = [line.split("[Entrypoint]: ")[1] for line in out.splitlines() if "[Entrypoint]" in line]
    assert notes == [
        "Entrypoint script for MariaDB Server 1:11.7.2+maria~ubu2404 started.",
        "Switching to dedicated user 'mysql'",
        "Entrypoint script for MariaDB Server 1:11.7.2+maria~ubu2404 started.",
        "Initializing database files",
        "Database files initialized",
        "Starting temporary server",
        "Waiting for server startup",
        "Temporary server started.",
        "Creating database shop",
        "Creating user app",
        "Giving user app access to schema shop",
        "Securing system users (equivalent to running mysql_secure_installation)",
        "Stopping temporary server",
        "Temporary server stopped",
        "MariaDB init process done. Ready for start up.",
    ]
    lines = err.splitlines()
    assert lines[-1] == READY
    assert lines[-2] == "2025-06-15 12:00:06 0 [Note] mariadbd: ready for connections."
    assert (
        "2025-06-15 12:00:05 0 [Note] Starting MariaDB 11.7.2-MariaDB-ubu2404 source revision "
        "80067a69feaeb5df30abb1bfaf7d4e713ccbf027 as process 1"
    ) in lines
    assert "port: 0  mariadb.org binary distribution" in err  # the temporary server


def test_a_second_start_keeps_the_data_and_skips_initialisation(db: Engine) -> None:
    cli(
        db,
        "exec db mariadb -uroot -ppw shop -e 'CREATE TABLE t (id INT); INSERT INTO t VALUES (7)'",
    )
    cli(db, "rm -f db")
    cli(db, "run -d --name db2 -v data:/var/lib/mysql mariadb:11")
    db.advance(5)
    out, _, _ = cli(db, "logs db2")
    assert "Initializing database files" not in out
    assert out.endswith(TS.replace("12:00:00", "12:00:30") + "MariaDB upgrade not required\n")
    assert cli(db, "exec db2 mariadb -uroot -ppw -e 'SELECT id FROM shop.t'") == ("id\n7\n", "", 0)


def test_sigterm_shutdown_lines(db: Engine) -> None:
    cli(db, "stop db")
    _, err, _ = cli(db, "logs db")
    assert err.splitlines()[-4:] == [
        "2025-06-15 12:00:30 0 [Note] mariadbd (initiated by: unknown): Normal shutdown",
        "2025-06-15 12:00:30 0 [Note] InnoDB: Starting shutdown...",
        "2025-06-15 12:00:30 0 [Note] mariadbd: Shutdown complete",
        "",
    ]
    assert "Exited (0)" in db.docker("ps -a").stdout


def test_client_queries_and_version(db: Engine) -> None:
    assert cli(db, "exec db mariadb -uroot -ppw -e 'SELECT VERSION()'") == (
        "VERSION()\n11.7.2-MariaDB-ubu2404\n",
        "",
        0,
    )
    assert cli(db, "exec db mariadb -uroot -ppw -e 'SHOW DATABASES'") == (
        "Database\ninformation_schema\nmysql\nperformance_schema\nshop\nsys\n",
        "",
        0,
    )


def test_the_mysql_name_is_deprecated_in_mariadb_11(db: Engine) -> None:
    assert cli(db, "exec db mysql -uroot -ppw -e 'SELECT 1'") == (
        "1\n1\n",
        "mysql: Deprecated program name. It will be removed in a future release, use "
        "'/usr/bin/mariadb' instead\n",
        0,
    )


def test_mariadb_error_texts(db: Engine) -> None:
    assert cli(db, "exec db mariadb -uroot -pnope -e 'SELECT 1'") == (
        "",
        "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n",
        1,
    )
    db.docker("run -d --name idle --entrypoint sleep mariadb 1000")
    assert cli(db, "exec idle mariadb -uroot -ppw -e 'SELECT 1'") == (
        "",
        "ERROR 2002 (HY000): Can't connect to local server through socket "
        "'/run/mysqld/mysqld.sock' (2)\n",
        1,
    )
    assert cli(db, "exec idle healthcheck.sh --connect --innodb_initialized") == (
        "",
        "healthcheck connect failed\n",
        1,
    )


def test_admin_ping_and_healthcheck(db: Engine) -> None:
    assert cli(db, "exec db mariadb-admin -uroot -ppw ping") == ("mysqld is alive\n", "", 0)
    assert cli(db, "exec db healthcheck.sh --connect --innodb_initialized") == ("", "", 0)
    assert cli(db, "exec db healthcheck.sh") == ("", "At least one argument required\n", 1)
    assert cli(db, "exec db healthcheck.sh --nosuch") == (
        "",
        "healthcheck unknown option or test 'nosuch'\n",
        1,
    )
    out, err, code = cli(db, "exec db healthcheck.sh --galera_online")
    assert (out, code) == ("", 1)
    assert err == "dockersim: not simulated in healthcheck.sh: test --galera_online\n"


def test_from_another_container_on_the_network(db: Engine) -> None:
    line = "run --rm --network app mariadb:11 mariadb -h db -uapp -papw shop -e 'SELECT DATABASE()'"
    assert cli(db, line) == ("DATABASE()\nshop\n", "", 0)


def test_older_series_report_their_versions(engine: Engine) -> None:
    engine.docker("run -d --name old -e MARIADB_ROOT_PASSWORD=pw mariadb:10.6")
    engine.advance(30)
    _, err, _ = cli(engine, "logs old")
    assert "InnoDB: Compressed tables use zlib 1.2.11" in err
    assert err.endswith(
        "Version: '10.6.22-MariaDB-ubu2004'  socket: '/run/mysqld/mysqld.sock'  port: 3306  "
        "mariadb.org binary distribution\n"
    )
    assert cli(engine, "exec old mysql -uroot -ppw -e 'SELECT VERSION()'") == (
        "VERSION()\n10.6.22-MariaDB-ubu2004\n",
        "",
        0,
    )


@pytest.mark.parametrize(("tag", "version"), [("latest", "9.3.0"), ("8.0", "8.0.42")])
def test_mysql_servers_follow_their_image(engine: Engine, tag: str, version: str) -> None:
    engine.docker(f"run -d --name my -e MYSQL_ROOT_PASSWORD=pw mysql:{tag}")
    engine.advance(30)
    out, err, _ = cli(engine, "logs my")
    assert f"Entrypoint script for MySQL Server {version}-1.el9 started." in out
    assert err.splitlines()[-1].endswith(
        f"/usr/sbin/mysqld: ready for connections. Version: '{version}'  "
        "socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."
    )
    out, _, code = cli(engine, "exec my mysql -uroot -ppw -e 'SELECT VERSION()'")
    assert (out, code) == (f"VERSION()\n{version}\n", 0)
