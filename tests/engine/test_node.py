"""`node -e CODE` and `node -p CODE` in a node image: what node 20 prints and how it exits.

The expected stderr of an uncaught error is node 20's (the same frames from 20.18 to 20.20).
"""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

FRAMES = (
    "    at [eval]-wrapper:6:24\n"
    "    at runScript (node:internal/process/execution:101:62)\n"
    "    at evalScript (node:internal/process/execution:133:3)\n"
    "    at node:internal/main/eval_string:51:3\n"
    "\n"
    "Node.js v20.19.2\n"
)
RUN = (
    "    at runScriptInThisContext (node:internal/vm:209:10)\n"
    "    at node:internal/process/execution:118:14\n"
)
COMPILE = (
    "    at makeContextifyScript (node:internal/vm:185:14)\n"
    "    at node:internal/process/execution:107:22\n"
)


@pytest.fixture(autouse=True)
def pulled(engine: Engine) -> None:
    assert engine.docker("pull -q node:20").exit_code == 0


def node(engine: Engine, *args: str) -> tuple[str, str, int]:
    ran = engine.docker(["run", "--rm", "node:20", "node", *args])
    return ran.stdout, ran.stderr, ran.exit_code


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (["-e", "console.log(1 + 2)"], "3\n"),
        (["-p", "1 + 2"], "3\n"),
        (["-p", "'a'"], "a\n"),
        (["-p", "[1, 2]"], "[ 1, 2 ]\n"),
        (["-p", "let a = 1"], "undefined\n"),
        (["-pe", "[1, 2].length"], "2\n"),
        (["--eval", "console.log(7)"], "7\n"),
        (["--print", "8"], "8\n"),
        (["-p", "-e", "9"], "9\n"),
        (["--eval=console.log(10)"], "10\n"),
        (["-e", ""], ""),
        (["-e", "console.log(process.argv)", "a", "b"], "[ '/usr/local/bin/node', 'a', 'b' ]\n"),
        (["-p", "process.env.NODE_VERSION"], "20.19.2\n"),
        (["-e", "console.log(`${'Hello'} from node ${process.version}`)"],
         "Hello from node v20.19.2\n"),
    ],
)  # fmt: skip
def test_code_runs_and_prints(engine: Engine, args: list[str], out: str) -> None:
    assert node(engine, *args) == (out, "", 0)


def test_the_entrypoint_hands_options_to_node(engine: Engine) -> None:
    ran = engine.docker(["run", "--rm", "node:20", "-p", "6 * 7"])
    assert (ran.stdout, ran.exit_code) == ("42\n", 0)


@pytest.mark.parametrize(
    ("code", "status"), [("process.exit(3)", 3), ("process.exitCode = 4", 4), ("1", 0)]
)
def test_it_exits_with_process_exit_or_exit_code(engine: Engine, code: str, status: int) -> None:
    assert node(engine, "-e", code)[2] == status


def test_version_is_still_the_userlands(engine: Engine) -> None:
    assert node(engine, "--version") == ("v20.19.2\n", "", 0)


def test_error_an_uncaught_error_prints_the_line_a_caret_and_the_stack(engine: Engine) -> None:
    assert node(engine, "-e", "console.log('before'); let a = {}; a.b.c") == (
        "before\n",
        "[eval]:1\nconsole.log('before'); let a = {}; a.b.c\n" + " " * 39 + "^\n\n"
        "TypeError: Cannot read properties of undefined (reading 'c')\n"
        "    at [eval]:1:40\n" + RUN + FRAMES,
        1,
    )


def test_error_the_line_of_the_error_is_shown(engine: Engine) -> None:
    assert node(engine, "-e", "console.log(1);\n y")[1] == (
        "[eval]:2\n y\n ^\n\nReferenceError: y is not defined\n    at [eval]:2:2\n" + RUN + FRAMES
    )


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("1 + )", "1 + )\n    ^\n\nSyntaxError: Unexpected token ')'\n"),
        ("1 +", "1 +\n   \n\nSyntaxError: Unexpected end of input\n"),
        ("let a = 1; let a = 2",
         "let a = 1; let a = 2\n               ^\n\n"
         "SyntaxError: Identifier 'a' has already been declared\n"),
    ],
)  # fmt: skip
def test_error_a_syntax_error_has_the_compile_frames(engine: Engine, code: str, where: str) -> None:
    assert node(engine, "-e", code) == ("", "[eval]:1\n" + where + COMPILE + FRAMES, 1)


def test_error_e_needs_its_code(engine: Engine) -> None:
    assert node(engine, "-e") == ("", "node: -e requires an argument\n", 9)
    assert node(engine, "-e", "-2 ** 2") == ("", "node: -e requires an argument\n", 9)


def test_error_code_it_does_not_simulate_says_so_and_exits_1(engine: Engine) -> None:
    assert node(engine, "-e", "require('http').createServer()") == (
        "",
        "dockersim: not simulated in node: require (dockersim runs a small subset of JavaScript)\n",
        1,
    )
