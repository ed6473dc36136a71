"""Node's REPL at a terminal (`docker run -it node:20`), one line at a time.

Each line runs in a program opened again from the JSON snapshot of the one before (see
repl_terminal), so every test here also checks that the state survives a snapshot. The
screens are node 20's, read from its REPL at a terminal.
"""

from __future__ import annotations

import pytest
from repl_terminal import Terminal

from dockersim.engine import Engine
from dockersim.engine.programs import node_repl, program_of

BANNER = 'Welcome to Node.js v20.19.2.\nType ".help" for more information.\n'
HINT = "(To exit, press Ctrl+C again or Ctrl+D or type .exit)\n"
NOTE = "dockersim: not simulated in node: {} (dockersim runs a small subset of JavaScript)\n"


@pytest.fixture
def node(engine: Engine) -> Terminal:
    engine.docker("run -d --name js node:20 sleep infinity")
    return Terminal(engine, "js", ["node"])


def test_it_opens_with_the_banner_of_the_images_node_on_stdout(node: Terminal) -> None:
    # when
    opened = node.start()
    # then
    assert (opened.stdout, opened.stderr, node.prompt) == (BANNER, "", "> ")


def test_the_banner_names_the_images_node_version(engine: Engine) -> None:
    engine.docker("run -d --name js node:22 sleep infinity")
    assert (
        Terminal(engine, "js", ["node"]).start().stdout.startswith("Welcome to Node.js v22.16.0.")
    )


@pytest.mark.parametrize(
    "argv",
    [["node", "app.js"], ["node", "-e", "1"], ["node", "-p", "1"], ["node", "--version"]],
)
def test_a_script_or_code_is_not_interactive(engine: Engine, argv: list[str]) -> None:
    engine.docker("run -d --name js node:20 sleep infinity")
    proc = engine.proc_for(engine.container_get("js"))
    program = program_of("node")
    assert program is not None and program.repl is not None
    assert program.repl(argv, proc, None) is None


def test_values_are_echoed_as_util_inspect_shows_them(node: Terminal) -> None:
    node.type("1 + 2", "let x = 1", "x", "'hi'", "[1, 2, 3]", "({ a: 1, b: 'x' })", "{ a: 1 }",
              "console.log('hello', [1])", "null", "typeof x", "_")  # fmt: skip
    assert node.screen == (
        "> 1 + 2\n3\n> let x = 1\nundefined\n> x\n1\n> 'hi'\n'hi'\n> [1, 2, 3]\n[ 1, 2, 3 ]\n"
        "> ({ a: 1, b: 'x' })\n{ a: 1, b: 'x' }\n> { a: 1 }\n{ a: 1 }\n"
        "> console.log('hello', [1])\nhello [ 1 ]\nundefined\n> null\nnull\n"
        "> typeof x\n'number'\n> _\n'number'\n"
    )


def test_names_survive_the_snapshot_between_lines(node: Terminal) -> None:
    # given
    node.type("const answer = 41")
    # when
    shown = node.type("answer + 1")
    # then
    assert (shown.stdout, shown.stderr, shown.exit_code) == ("42\n", "", 0)
    assert node.saved is not None and node.saved["inputs"] == ["const answer = 41", "answer + 1"]


def test_restoring_runs_the_inputs_again_without_showing_them(node: Terminal) -> None:
    # given: a line that printed
    node.type("console.log('once'); let n = 1")
    # when
    later = node.type("n")
    # then
    assert later.outputs[0].text == "1\n" and "once" not in later.stdout


def test_an_unfinished_input_continues_on_the_next_line(node: Terminal) -> None:
    # when
    node.type("let point = {")
    first = node.prompt
    node.type("  x: 1,")
    done = node.type("}", "point")
    # then
    assert (first, node.prompt) == ("... ", "> ")
    assert done.stdout == "{ x: 1 }\n"
    assert node.type("1 +", "2").stdout == "3\n"
    assert node.type("`a", "b`").stdout == "'a\\nb'\n"


def test_an_empty_line_shows_nothing_and_blanks_show_undefined(node: Terminal) -> None:
    node.type("", "  ", "// comment")
    assert node.screen == "> \n>   \nundefined\n> // comment\nundefined\n"


def test_errors_are_uncaught_errors_and_the_session_goes_on(node: Terminal) -> None:
    node.type("y", "let u", "u.name", "const c = 1", "c = 2", "c", "let c = 3")
    assert node.screen == (
        "> y\nUncaught ReferenceError: y is not defined\n> let u\nundefined\n"
        "> u.name\nUncaught TypeError: Cannot read properties of undefined (reading 'name')\n"
        "> const c = 1\nundefined\n> c = 2\nUncaught TypeError: Assignment to constant variable.\n"
        "> c\n1\n> let c = 3\nUncaught SyntaxError: Identifier 'c' has already been declared\n"
    )
    assert not node.exited


def test_an_error_line_longer_than_80_goes_under_uncaught(node: Terminal) -> None:
    # when: 80 characters, then 81
    fits = node.type("a" * 49)
    longer = node.type("b" * 50)
    # then
    assert fits.stdout == "Uncaught ReferenceError: " + "a" * 49 + " is not defined\n"
    assert longer.stdout == "Uncaught:\nReferenceError: " + "b" * 50 + " is not defined\n"


def test_a_syntax_error_shows_the_line_and_carets(node: Terminal) -> None:
    assert node.type("console.log(1 2)").stdout == (
        "console.log(1 2)\n            ^\n\nUncaught SyntaxError: missing ) after argument list\n"
    )
    assert node.type("'abc").stdout == (
        "'abc\n^^^^\n\nUncaught SyntaxError: Invalid or unexpected token\n"
    )
    node.type("Math.max(1")
    assert node.type("let x = 1").stdout == (
        "Math.max(1\n         ^\n\nUncaught SyntaxError: missing ) after argument list\n"
    )
    assert node.type("let a = 1; let a = 2").stdout == (
        "let a = 1; let a = 2\n               ^\n\n"
        "Uncaught SyntaxError: Identifier 'a' has already been declared\n"
    )
    assert node.type("a").stdout == "Uncaught ReferenceError: a is not defined\n"


def test_repl_commands(node: Terminal) -> None:
    # when
    helped = node.type(".help")
    node.type("[1,")
    node.type(".break")
    after_break = node.prompt
    invalid = node.type(".nope")
    editor = node.type(".editor")
    # then
    assert helped.stdout == (
        ".break    Sometimes you get stuck, this gets you out\n"
        ".clear    Alias for .break\n"
        ".editor   Enter editor mode\n"
        ".exit     Exit the REPL\n"
        ".help     Print this help message\n"
        ".load     Load JS from a file into the REPL session\n"
        ".save     Save all evaluated commands in this REPL session to a file\n"
        "\n"
        "Press Ctrl+C to abort current expression, Ctrl+D to exit the REPL\n"
    )
    assert after_break == "> "
    assert invalid.stdout == "Invalid REPL keyword\n"
    assert editor.stderr == NOTE.format("the REPL's .editor")
    assert node.type(".5 + 1").stdout == "1.5\n"


def test_dot_exit_ends_it_with_0(node: Terminal) -> None:
    ended = node.type(".exit")
    assert (ended.stdout, node.exited, node.exit_code, node.prompt) == ("", True, 0, "")


@pytest.mark.parametrize(("line", "code"), [("process.exit(3)", 3), ("process.exit()", 0)])
def test_process_exit_ends_it_with_its_status(node: Terminal, line: str, code: int) -> None:
    ended = node.type(line)
    assert (ended.stdout, node.exited, node.exit_code, ended.exit_code) == ("", True, code, code)


def test_ctrl_d_leaves_the_line_and_ends_with_the_exit_code(node: Terminal) -> None:
    # given
    node.type("process.exitCode = 2")
    # when
    ended = node.ctrl_d()
    # then
    assert (ended.stdout, node.exited, node.exit_code) == ("\n", True, 2)


def test_ctrl_c_says_how_to_exit_and_a_second_one_exits(node: Terminal) -> None:
    # when
    node.ctrl_c()
    node.ctrl_c()
    # then
    assert node.screen == f"> ^C\n{HINT}> ^C\n"
    assert (node.exited, node.exit_code) == (True, 0)


def test_a_line_between_two_ctrl_c_keeps_it_open(node: Terminal) -> None:
    # when
    node.ctrl_c()
    node.type("1")
    node.ctrl_c()
    # then
    assert node.screen == f"> ^C\n{HINT}> 1\n1\n> ^C\n{HINT}"
    assert not node.exited


def test_ctrl_c_drops_an_unfinished_input_without_the_hint(node: Terminal) -> None:
    # given
    node.type("[1,")
    # when
    node.ctrl_c()
    # then
    assert node.screen == "> [1,\n... ^C\n"
    assert (node.prompt, node.exited) == ("> ", False)


def test_a_regular_expression_answers_as_node_does(node: Terminal) -> None:
    # when
    tested = node.type("/a+/.test('aa')")
    replaced = node.type("'x1y22'.replace(/\\d+/g, '#')")
    # then
    assert (tested.stdout, tested.stderr) == ("true\n", "")
    assert (replaced.stdout, replaced.stderr) == ("'x#y#'\n", "")


@pytest.mark.parametrize(
    ("lines", "what"),
    [
        (["function* count() {", "  yield 1", "}"], "generator functions"),
        (["new Proxy({}, {})"], "Proxy"),
        (["const fs = require('fs')"], "require"),
        (["'abc'.normalize()"], "String.prototype.normalize"),
        (["await Promise.resolve(1)"], "'await' at the REPL's top level"),
    ],
)
def test_code_it_does_not_simulate_says_so_on_stderr(
    node: Terminal, lines: list[str], what: str
) -> None:
    # when
    said = node.type(*lines)
    # then
    assert (said.stdout, said.stderr) == ("", NOTE.format(what))
    assert node.prompt == "> "


def test_assigning_underscore_turns_it_into_a_variable(node: Terminal) -> None:
    node.type("1 + 1", "_ = 5", "3", "_")
    assert node.screen == (
        "> 1 + 1\n2\n> _ = 5\nExpression assignment to _ now disabled.\n5\n> 3\n3\n> _\n5\n"
    )


def test_a_line_printing_past_the_terminal_runs_until_ctrl_c(node: Terminal) -> None:
    # given: a string of more than Proc.max_output
    node.type("let s = 'xxxxxxxx'", *["s = s + s + s + s + s + s + s + s; 0"] * 6)
    # when
    flooded = node.type("s")
    stopped = node.ctrl_c()
    # then
    assert (flooded.exit_code, flooded.blocked_in) == (None, "node")
    assert (stopped.stdout, node.prompt) == ("\n", "> ")


def test_a_session_keeps_a_bounded_history(node: Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    monkeypatch.setattr(node_repl, "MAX_INPUTS", 3)
    node.type("let a = 1", "let b = 2", "let c = 3")
    # when
    refused = node.type("let d = 4")
    # then
    assert refused.stderr == (
        "dockersim: this node session has run 3 inputs, all dockersim keeps of one session;"
        " this one was not run, only inputs that change nothing run from now on: .exit and"
        " start node again\n"
    )
    assert node.saved is not None and node.saved["inputs"] == [
        "let a = 1",
        "let b = 2",
        "let c = 3",
    ]
    assert node.type("a + b + c").stdout == "6\n"
    assert node.type("d").stdout == "Uncaught ReferenceError: d is not defined\n"


def test_a_string_too_long_for_the_machine_is_a_range_error(node: Terminal) -> None:
    node.type("let s = '" + "x" * 1024 + "'", *["s = s + s + s + s; 0"] * 6)
    assert node.type("s + s").stdout == "Uncaught RangeError: Invalid string length\n"


def test_docker_run_it_node_feeds_the_repl_through_the_entrypoint(engine: Engine) -> None:
    # when
    ran = engine.docker("run -it --rm node:20", tty=True, stdin="let x = 2\nx * 21\n")
    # then
    assert ran.stdout.replace("\r\n", "\n") == (
        BANNER + "> let x = 2\nundefined\n> x * 21\n42\n> \n"
    )
    assert ran.exit_code == 0
