"""Part 7 of Docker's getting-started workshop: the todo app and MySQL started together by
Compose. The app's wait-port tries once a second on the virtual clock (the container waits to
be run again at each try: node_wake.py) until MySQL, still initialising, listens on 3306; the
service name resolves on the project's network; a stopped waiter stops at once."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

APP = "/home/student/app"
PACKAGE = '{"name": "t", "version": "1.0.0", "scripts": {"dev": "nodemon -L index.js"}, ' \
          '"dependencies": {"mysql2": "^2.3.3", "wait-port": "^1.0.4"}, ' \
          '"devDependencies": {"nodemon": "^2.0.20"}}\n'  # fmt: skip
SCRIPT = """const waitPort = require('wait-port');
const mysql = require('mysql2');
waitPort({ host: 'mysql', port: 3306, timeout: 10000, waitForDns: true }).then(() => {
  const pool = mysql.createPool({ host: 'mysql', user: 'root', password: 'secret',
                                  database: 'todos' });
  pool.query('CREATE TABLE IF NOT EXISTS t (name varchar(9))', err => {
    if (err) throw err;
    console.log('Connected to mysql db at host mysql');
    require('http').createServer((q, s) => s.end('ok'))
      .listen(3000, () => console.log('Listening on port 3000'));
  });
});
process.on('SIGTERM', () => process.exit());
"""
COMPOSE = """services:
  app:
    image: node:18-alpine
    command: sh -c "yarn run dev"
    working_dir: /app
    volumes:
      - ./:/app
    ports:
      - 127.0.0.1:3000:3000
  mysql:
    image: mysql:8.0
    environment:
      MYSQL_ROOT_PASSWORD: secret
      MYSQL_DATABASE: todos
"""


@pytest.fixture
def project(engine: Engine) -> Engine:
    for name, text in (("package.json", PACKAGE), ("index.js", SCRIPT), ("compose.yaml", COMPOSE)):
        engine.host_write(f"{APP}/{name}", text)
    ran = engine.docker(f"run --rm -v {APP}:/app -w /app node:18-alpine yarn install")
    assert ran.exit_code == 0, ran.stderr
    assert engine.docker("pull -q mysql:8.0").exit_code == 0
    return engine


def up(engine: Engine) -> None:
    ran = engine.docker("compose -f app/compose.yaml up -d")
    assert ran.exit_code == 0, ran.stderr


def app_log(engine: Engine) -> str:
    ran = engine.docker("logs app-app-1")
    assert ran.exit_code == 0
    return ran.stdout[ran.stdout.index("Waiting") :]


def test_the_app_waits_a_second_at_a_time_until_mysql_listens(project: Engine) -> None:
    # given: both services started at the same moment (MySQL's first start takes ~7 s)
    up(project)
    # when
    project.advance(10)
    # then: two tries at once (IPv4, then IPv6 which turns it off), then one a second
    assert app_log(project) == (
        "Waiting for mysql:3306.........\nConnected!\n"
        "Connected to mysql db at host mysql\nListening on port 3000\n"
    )


def test_nothing_is_logged_ahead_of_the_clock(project: Engine) -> None:
    up(project)
    project.advance(3)
    assert app_log(project) == "Waiting for mysql:3306....."  # (tries at 0, 0, 1, 2 and 3 s)


def test_the_app_answers_once_connected_and_not_before(project: Engine) -> None:
    up(project)
    project.advance(2)
    early = project.docker("exec app-app-1 wget -qO- http://localhost:3000/")
    assert early.exit_code == 1
    project.advance(8)
    assert project.docker("exec app-app-1 wget -qO- http://localhost:3000/").stdout == "ok"


def test_the_service_name_resolves_on_the_project_network(project: Engine) -> None:
    up(project)
    ran = project.docker("compose -f app/compose.yaml exec app getent hosts mysql")
    assert ran.exit_code == 0
    assert ran.stdout.split()[1:] == ["mysql"]


def test_without_mysql_wait_port_times_out_and_nodemon_reports_the_crash(engine: Engine) -> None:
    # given: the app alone, on a network where nothing answers to `mysql`
    for name, text in (("package.json", PACKAGE), ("index.js", SCRIPT)):
        engine.host_write(f"{APP}/{name}", text)
    assert (
        engine.docker(f"run --rm -v {APP}:/app -w /app node:18-alpine yarn install").exit_code == 0
    )
    assert engine.docker("network create n").exit_code == 0
    ran = engine.docker(f"run -d --name lone --network n -v {APP}:/app -w /app node:18-alpine "
                        "yarn run dev")  # fmt: skip
    assert ran.exit_code == 0
    # when
    engine.advance(20)
    # then: a try a second for 10 s, Timeout, then mysql2's error and nodemon's line
    logs = engine.docker("logs lone")
    assert "Waiting for mysql:3306.............\nTimeout\n" in logs.stdout
    assert "getaddrinfo ENOTFOUND mysql" in logs.stderr
    assert logs.stdout.endswith(
        "[nodemon] app crashed - waiting for file changes before starting...\n"
    )
    assert engine.docker("inspect -f '{{.State.Status}}' lone").stdout == "running\n"


def test_a_waiting_app_stops_at_once_on_sigterm(project: Engine) -> None:
    up(project)
    project.advance(1)
    ran = project.docker("stop app-app-1")
    assert (ran.stdout, ran.exit_code) == ("app-app-1\n", 0)
    state = project.docker("inspect -f '{{.State.Status}} {{.State.ExitCode}}' app-app-1")
    assert state.stdout == "exited 0\n"
