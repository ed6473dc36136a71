"""redis-cli at a terminal: its prompt, its replies as on a terminal, and how it ends.

Each line runs in a program opened again from the JSON snapshot of the one before (see
repl_terminal).
"""

from __future__ import annotations

import pytest
from repl_terminal import Terminal

from dockersim.engine import Engine
from dockersim.engine.programs import program_of
from dockersim.engine.programs.redis_cli import HELP, split_args
from dockersim.engine.programs.redis_server import quoted


@pytest.fixture
def net(engine: Engine) -> Engine:
    engine.docker("network create app")
    engine.docker("run -d --name cache --network app redis")
    engine.docker("run -d --name cli --network app redis sleep infinity")
    return engine


def test_the_prompt_shows_the_host_as_given(net: Engine) -> None:
    # given
    term = Terminal(net, "cli", ["redis-cli", "-h", "cache"])
    # when
    opened = term.start()
    # then
    assert (opened.outputs, term.prompt) == ((), "cache:6379> ")


def test_inside_the_server_it_is_localhost(net: Engine) -> None:
    term = Terminal(net, "cache", ["redis-cli"])
    term.start()
    assert term.prompt == "127.0.0.1:6379> "


def test_a_database_number_shows_in_the_prompt(net: Engine) -> None:
    term = Terminal(net, "cache", ["redis-cli", "-n", "2"])
    term.start()
    assert term.prompt == "127.0.0.1:6379[2]> "


def test_each_line_is_a_command_answered_as_on_a_terminal(net: Engine) -> None:
    # given
    term = Terminal(net, "cli", ["redis-cli", "-h", "cache"])
    term.start()
    # when
    term.type("ping", "set greeting 'hello world'", "get greeting", "", "incr n", "get nope")
    term.type("keys *", "3 incr n", 'set q "a\\"b"', "get q")
    # then
    assert term.screen == (
        "cache:6379> ping\nPONG\n"
        "cache:6379> set greeting 'hello world'\nOK\n"
        'cache:6379> get greeting\n"hello world"\n'
        "cache:6379> \n"
        "cache:6379> incr n\n(integer) 1\n"
        "cache:6379> get nope\n(nil)\n"
        'cache:6379> keys *\n1) "greeting"\n2) "n"\n'
        "cache:6379> 3 incr n\n(integer) 2\n(integer) 3\n(integer) 4\n"
        'cache:6379> set q "a\\"b"\nOK\n'
        'cache:6379> get q\n"a\\"b"\n'
    )


def test_the_keys_are_the_servers(net: Engine) -> None:
    term = Terminal(net, "cli", ["redis-cli", "-h", "cache"])
    term.start()
    term.type("set k v")
    assert net.docker("exec cache redis-cli get k").stdout == "v\n"


@pytest.mark.parametrize("word", ["quit", "exit", "QUIT"])
def test_quit_and_exit_end_it_with_0(net: Engine, word: str) -> None:
    term = Terminal(net, "cache", ["redis-cli"])
    term.start()
    ended = term.type(word)
    assert (ended.outputs, term.exited, term.exit_code, term.prompt) == ((), True, 0, "")


def test_ctrl_d_and_ctrl_c_end_the_line_and_it(net: Engine) -> None:
    for key in ("ctrl_d", "ctrl_c"):
        term = Terminal(net, "cache", ["redis-cli"])
        term.start()
        ended = getattr(term, key)()
        assert (ended.stdout, term.exited, term.exit_code) == ("\n", True, 0)


def test_an_unreachable_server_leaves_it_not_connected(net: Engine) -> None:
    # given
    term = Terminal(net, "cli", ["redis-cli", "-h", "nosuch"])
    # when
    opened = term.start()
    again = term.type("ping")
    # then
    said = "Could not connect to Redis at nosuch:6379: Name or service not known\n"
    assert (opened.stderr, again.stderr, again.stdout) == (said, said, "")
    assert term.screen == f"{said}not connected> ping\n{said}"
    assert term.prompt == "not connected> "


def test_a_server_that_stops_closes_the_connection_then_is_not_found(net: Engine) -> None:
    # given
    term = Terminal(net, "cli", ["redis-cli", "-h", "cache"])
    term.start()
    net.docker("stop cache")
    # when
    first = term.type("get k")
    second = term.type("get k")
    # then
    assert first.stderr == "Error: Server closed the connection\n"
    assert second.stderr == "Could not connect to Redis at cache:6379: Name or service not known\n"
    assert term.prompt == "not connected> "


def test_help_and_commands_it_does_not_model(net: Engine) -> None:
    term = Terminal(net, "cache", ["redis-cli"])
    term.start()
    assert term.type("help").stdout == HELP
    unmodelled = term.type("hset h f v")
    assert (unmodelled.stdout, unmodelled.stderr) == (
        "",
        "dockersim: not simulated in redis-cli: the HSET command\n",
    )
    unknown = term.type("nosuch a")
    assert unknown.stdout == "(error) ERR unknown command 'nosuch', with args beginning with: 'a'\n"


def test_unbalanced_quotes_are_invalid_arguments(net: Engine) -> None:
    term = Terminal(net, "cache", ["redis-cli"])
    term.start()
    assert term.type("get 'x").stdout == "Invalid argument(s)\n"


def test_the_snapshot_is_where_it_connects(net: Engine) -> None:
    term = Terminal(net, "cli", ["redis-cli", "-h", "cache", "-p", "6379"])
    term.start()
    term.type("ping")
    assert term.saved == {"host": "cache", "port": 6379, "db": 0, "connected": True}


def test_a_command_on_the_line_is_not_interactive(net: Engine) -> None:
    program = program_of("redis-cli")
    assert program is not None and program.repl is not None
    proc = net.proc_for(net.container_get("cache"))
    assert program.repl(["redis-cli", "get", "k"], proc, None) is None
    assert program.repl(["redis-cli", "--version"], proc, None) is None


def test_the_one_shot_mode_says_what_it_does_not_model(net: Engine) -> None:
    result = net.docker("exec cache redis-cli lpush l a")
    assert (result.stdout, result.stderr) == (
        "",
        "dockersim: not simulated in redis-cli: the LPUSH command\n",
    )


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("set k v", ["set", "k", "v"]),
        ("  set   k  v ", ["set", "k", "v"]),
        ("set k 'a b'", ["set", "k", "a b"]),
        ('set k "a\\nb\\x41"', ["set", "k", "a\nbA"]),
        ("set k 'it\\'s'", ["set", "k", "it's"]),
        ('set k ""', ["set", "k", ""]),
        ("get 'x", None),
        ('get "x"y', None),
    ],
)
def test_lines_split_as_redis_cli_splits_them(line: str, words: list[str] | None) -> None:
    assert split_args(line) == words


def test_strings_are_shown_escaped_as_redis_cli_shows_them() -> None:
    assert quoted('a"b\\c\nd é\x01') == '"a\\"b\\\\c\\nd \\xc3\\xa9\\x01"'
