"""redis-server and redis-cli: replies over the simulated network, data in memory, and a
dump in /data at a clean shutdown (so a volume carries it to the next server)."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.engine.programs.redis_server import execute, render


def cli(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    return result.stdout, result.stderr, result.exit_code


@pytest.fixture
def redis(engine: Engine) -> Engine:
    engine.docker("network create app")
    assert engine.docker("run -d --name rd --network app -v rdata:/data redis").exit_code == 0
    return engine


def test_ping_set_get_from_inside_and_from_a_neighbour(redis: Engine) -> None:
    assert cli(redis, "exec rd redis-cli ping") == ("PONG\n", "", 0)
    assert cli(redis, "exec rd redis-cli set k v") == ("OK\n", "", 0)
    assert cli(redis, "exec rd redis-cli get k") == ("v\n", "", 0)
    assert cli(redis, "run --rm --network app redis redis-cli -h rd get k") == ("v\n", "", 0)


def test_unreachable_servers_are_reported(redis: Engine) -> None:
    out, err, code = cli(redis, "run --rm --network app redis redis-cli -h nosuch ping")
    assert (out, code) == ("", 1)
    assert err == "Could not connect to Redis at nosuch:6379: Name or service not known\n"
    _, err, code = cli(redis, "run --rm redis redis-cli -h 172.18.0.2 ping")
    assert code == 1 and "Connection timed out" in err


def test_data_survives_a_clean_stop_in_the_volume_but_not_a_kill(redis: Engine) -> None:
    redis.docker("exec rd redis-cli set k v")
    redis.docker("stop rd")
    redis.docker("rm rd")
    redis.docker("run -d --name rd2 -v rdata:/data redis")
    assert cli(redis, "exec rd2 redis-cli get k") == ("v\n", "", 0)
    redis.docker("exec rd2 redis-cli set k w")
    redis.docker("kill rd2")
    redis.docker("start rd2")
    assert cli(redis, "exec rd2 redis-cli get k") == ("v\n", "", 0)


@pytest.mark.parametrize(
    ("words", "tty", "shown"),
    [
        (["incr", "n"], True, "(integer) 1\n"),
        (["get", "nope"], True, "(nil)\n"),
        (["get", "nope"], False, "\n"),
        (["keys", "*"], True, '1) "n"\n'),
        (
            ["nosuch", "a"],
            True,
            "(error) ERR unknown command 'nosuch', with args beginning with: 'a'\n",
        ),
        (["get"], False, "ERR wrong number of arguments for 'get' command\n"),
    ],
)
def test_replies_as_redis_cli_prints_them(words: list[str], tty: bool, shown: str) -> None:
    store: dict[str, str] = {"n": "0"} if words[0] == "keys" else {}
    assert render(execute(store, words), tty) == shown
