"""mongod, mongosh and memcached in their images: start logs, the client's round trips and
its error texts."""

from __future__ import annotations

import pytest
from repl_terminal import Terminal

from dockersim.engine import Engine
from dockersim.engine.programs.mongo_values import read_args, show


def run(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    return result.stdout, result.stderr, result.exit_code


@pytest.fixture
def mongo(engine: Engine) -> Engine:
    engine.docker("network create app")
    assert engine.docker("run -d --name db --network app mongo").exit_code == 0
    return engine


def test_mongod_logs_that_it_waits_for_connections(mongo: Engine) -> None:
    logs = mongo.docker("logs db").stdout.splitlines()
    assert '"msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}' in logs[-1]
    assert any(
        '"msg":"Options set by command line","attr":{"options":{"net":{"bindIp":"*"}}}' in x
        for x in logs
    )
    assert '"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener"' in logs[-1]


def test_insert_and_find_round_trip(mongo: Engine) -> None:
    out, err, code = run(
        mongo, "exec db mongosh --quiet --eval 'db.users.insertOne({name: \"Ann\", age: 30})'"
    )
    assert (err, code) == ("", 0)
    assert out.startswith("{\n  acknowledged: true,\n  insertedId: ObjectId('")
    oid = out.split("'")[1]
    assert run(mongo, "exec db mongosh --quiet --eval 'db.users.find()'") == (
        f"[ {{ _id: ObjectId('{oid}'), name: 'Ann', age: 30 }} ]\n",
        "",
        0,
    )
    assert run(mongo, "exec db mongosh --quiet --eval 'db.users.countDocuments()'") == (
        "1\n",
        "",
        0,
    )


def test_the_banner_over_the_network(mongo: Engine) -> None:
    out, _, code = run(
        mongo, "run --rm --network app mongo mongosh --host db --eval 'db.version()'"
    )
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("Current Mongosh Log ID:\t")
    assert lines[1:4] == [
        "Connecting to:\t\tmongodb://db:27017/?directConnection=true&serverSelectionTimeoutMS=2000&appName=mongosh+2.5.1",
        "Using MongoDB:\t\t8.0.10",
        "Using Mongosh:\t\t2.5.1",
    ]
    assert lines[-1] == "8.0.10"


def test_unknown_host_and_server_down(mongo: Engine) -> None:
    _, err, code = run(mongo, "run --rm --network app mongo mongosh --quiet --host nosuch --eval 1")
    assert (err, code) == ("MongoNetworkError: getaddrinfo ENOTFOUND nosuch\n", 1)
    mongo.docker("run -d --name idle --network app mongo sleep infinity")
    _, err, code = run(mongo, "exec idle mongosh --quiet --eval 1")
    assert (err, code) == ("MongoNetworkError: connect ECONNREFUSED 127.0.0.1:27017\n", 1)


def test_root_user_from_the_environment(engine: Engine) -> None:
    engine.docker(
        "run -d --name db -e MONGO_INITDB_ROOT_USERNAME=root -e MONGO_INITDB_ROOT_PASSWORD=pw mongo"
    )
    logs = engine.docker("logs db").stdout
    assert "\nMongoDB init process complete; ready for start up.\n\n" in logs
    assert '"security":{"authorization":"enabled"}' in logs
    assert run(engine, "exec db mongosh --quiet --eval 'show dbs'")[1:] == (
        "MongoServerError[Unauthorized]: Command listDatabases requires authentication\n",
        1,
    )
    assert run(engine, "exec db mongosh --quiet -u root -p bad --eval 1")[1:] == (
        "MongoServerError: Authentication failed.\n",
        1,
    )
    out, _, code = run(
        engine, "exec db mongosh --quiet mongodb://root:pw@localhost:27017 --eval 'show dbs'"
    )
    assert (out, code) == ("admin   100.00 KiB\nconfig  12.00 KiB\nlocal   40.00 KiB\n", 0)


def test_one_root_variable_alone_is_refused(engine: Engine) -> None:
    engine.docker("run -d --name db -e MONGO_INITDB_ROOT_USERNAME=root mongo")
    assert engine.docker("logs db").stderr == (
        "\nerror: missing 'MONGO_INITDB_ROOT_USERNAME' or 'MONGO_INITDB_ROOT_PASSWORD'\n"
        "       both must be specified for a user to be created\n\n"
    )
    assert engine.docker("inspect --format '{{.State.ExitCode}}' db").stdout == "1\n"


def test_the_session_at_a_terminal(mongo: Engine) -> None:
    term = Terminal(mongo, "db", ["mongosh", "--quiet"])
    term.start()
    assert term.prompt == "test> "
    assert term.type("use shop").outputs[0].text == "switched to db shop\n"
    assert term.prompt == "shop> "
    term.type("db.items.insertMany([{a: 1}, {a: 2}])")
    assert term.type("db.items.countDocuments({a: 2})").outputs[0].text == "1\n"
    assert term.type("show collections").outputs[0].text == "items\n"
    assert term.type("nosuch").outputs[0].text == "ReferenceError: nosuch is not defined\n"
    assert term.type("db.items.aggregate([])").outputs[0].text == (
        "dockersim: not simulated in mongosh: the collection method aggregate()\n"
    )
    term.type("exit")
    assert (term.exited, term.exit_code) == (True, 0)


def test_http_on_the_driver_port(mongo: Engine) -> None:
    mongo.docker("pull buildpack-deps:bookworm-curl")
    assert run(
        mongo, "run --rm --network app buildpack-deps:bookworm-curl curl -s http://db:27017/"
    ) == (
        "It looks like you are trying to access MongoDB over HTTP on the native driver port.\n",
        "",
        0,
    )


def test_stop_logs_the_shutdown(mongo: Engine) -> None:
    mongo.docker("stop db")
    logs = mongo.docker("logs db").stdout.splitlines()
    assert '"msg":"Shutting down","attr":{"exitCode":0}}' in logs[-1]
    assert mongo.docker("inspect --format '{{.State.ExitCode}}' db").stdout == "0\n"


def test_values_layout() -> None:
    assert (
        show(read_args("{ a: 'x', b: [1, 2], c: null }")[0]) == "{ a: 'x', b: [ 1, 2 ], c: null }"
    )
    assert show({"acknowledged": True, "insertedId": {"$oid": "6" * 24}}) == (
        "{\n  acknowledged: true,\n  insertedId: ObjectId('" + "6" * 24 + "')\n}"
    )


def test_memcached_starts_silently_and_listens(engine: Engine) -> None:
    engine.docker("run -d --name mc memcached")
    assert run(engine, "logs mc") == ("", "", 0)
    assert engine.docker("inspect --format '{{.State.Status}}' mc").stdout == "running\n"
    assert run(engine, "run --rm memcached -V") == ("memcached 1.6.38\n", "", 0)
    assert run(engine, "run --rm memcached -vv") == (
        "",
        "dockersim: not simulated in memcached: option -vv\n",
        1,
    )
