"""Python's REPL at a terminal (`docker run -it python:3.12 python3`), one line at a time.

Each line runs in a program opened again from the JSON snapshot of the one before (see
repl_terminal), so every test here also checks that the state survives a snapshot.
"""

from __future__ import annotations

import pytest
from repl_terminal import Terminal

from dockersim.engine import Engine
from dockersim.engine.programs import program_of, python_repl

BANNER = (
    "Python 3.12.11 (main, Jun  4 2025, 04:38:41) [GCC 12.2.0] on linux\n"
    'Type "help", "copyright", "credits" or "license" for more information.\n'
)
TRACE = 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'
NOTE = "dockersim: not simulated in python3: {} (dockersim runs a small subset of Python)\n"


@pytest.fixture
def py(engine: Engine) -> Terminal:
    engine.docker("run -d --name py python:3.12 sleep infinity")
    return Terminal(engine, "py", ["python3"])


@pytest.fixture
def py313(engine: Engine) -> Terminal:
    engine.docker("run -d --name py -e PYTHON_VERSION=3.13.5 python:3.12 sleep infinity")
    return Terminal(engine, "py", ["python3"])


def test_it_opens_with_the_banner_of_the_images_python_on_stderr(py: Terminal) -> None:
    # when
    opened = py.start()
    # then
    assert (opened.stdout, opened.stderr, py.prompt) == ("", BANNER, ">>> ")


def test_q_opens_without_the_banner(engine: Engine) -> None:
    engine.docker("run -d --name py python:3.12 sleep infinity")
    assert Terminal(engine, "py", ["python3", "-q"]).start().outputs == ()


@pytest.mark.parametrize(
    "argv",
    [["python3", "app.py"], ["python3", "-c", "1"], ["python", "-m", "http.server"],
     ["python3", "--version"]],
)  # fmt: skip
def test_a_script_or_a_command_is_not_interactive(engine: Engine, argv: list[str]) -> None:
    engine.docker("run -d --name py python:3.12 sleep infinity")
    proc = engine.proc_for(engine.container_get("py"))
    program = program_of("python3")
    assert program is not None and program.repl is not None
    assert program.repl(argv, proc, None) is None


def test_names_survive_the_snapshot_between_lines(py: Terminal) -> None:
    # given
    py.type("x = 41")
    # when
    shown = py.type("x + 1")
    # then
    assert (shown.stdout, shown.stderr, shown.exit_code) == ("42\n", "", 0)
    assert py.saved is not None and py.saved["inputs"] == ["x = 41", "x + 1"]


def test_values_are_shown_with_their_repr_and_none_is_not(py: Terminal) -> None:
    py.type("s = 'hi'", "s", "None", "print(s)", "[1, 'a']", "1; 2", "_ * 2", "print", "exit")
    assert py.screen == (
        ">>> s = 'hi'\n>>> s\n'hi'\n>>> None\n>>> print(s)\nhi\n>>> [1, 'a']\n[1, 'a']\n"
        ">>> 1; 2\n1\n2\n>>> _ * 2\n4\n>>> print\n<built-in function print>\n>>> exit\n"
        "Use exit() or Ctrl-D (i.e. EOF) to exit\n"
    )


def test_restoring_runs_the_inputs_again_without_showing_them(py: Terminal) -> None:
    # given: a line that printed
    py.type("print('once'); n = 1")
    # when
    later = py.type("n")
    # then
    assert later.outputs[0].text == "1\n" and "once" not in later.stdout


def test_a_block_waits_for_an_empty_line(py: Terminal) -> None:
    # when
    py.type("if True:")
    first = py.prompt
    py.type("    x = 1")
    second = py.prompt
    done = py.type("")
    # then
    assert (first, second, py.prompt) == ("... ", "... ", ">>> ")
    assert done.stderr == NOTE.format("'if' statements")


def test_an_open_bracket_continues_the_input(py: Terminal) -> None:
    py.type("x = [1,")
    assert py.prompt == "... "
    assert py.type("2]", "x").stdout == "[1, 2]\n"


def test_an_unknown_name_is_a_name_error_with_cpythons_hints(py: Terminal) -> None:
    assert py.type("y").stderr == TRACE + "NameError: name 'y' is not defined\n"
    assert py.type("pritn(1)").stderr == (
        TRACE + "NameError: name 'pritn' is not defined. Did you mean: 'print'?\n"
    )
    assert py.type("sys.version").stderr == (
        TRACE + "NameError: name 'sys' is not defined. Did you forget to import 'sys'?\n"
    )


def test_errors_print_the_traceback_and_the_session_goes_on(py: Terminal) -> None:
    py.type("1/0", "int('x')", "len(5)", "x = 2")
    assert py.screen == (
        f">>> 1/0\n{TRACE}ZeroDivisionError: division by zero\n"
        f">>> int('x')\n{TRACE}ValueError: invalid literal for int() with base 10: 'x'\n"
        f">>> len(5)\n{TRACE}TypeError: object of type 'int' has no len()\n>>> x = 2\n"
    )
    assert not py.exited


def test_a_syntax_error_points_at_the_token(py: Terminal) -> None:
    assert py.type("1 +").stderr == (
        '  File "<stdin>", line 1\n    1 +\n       ^\nSyntaxError: invalid syntax\n'
    )
    assert py.type("  x = 1").stderr == (
        '  File "<stdin>", line 1\n    x = 1\nIndentationError: unexpected indent\n'
    )


@pytest.mark.parametrize(
    ("line", "code", "err"),
    [
        ("exit()", 0, ""),
        ("quit()", 0, ""),
        ("exit(3)", 3, ""),
        ("import sys; sys.exit(2)", 2, ""),
        ("exit('bye')", 1, "bye\n"),
    ],
)
def test_exit_ends_the_session_with_its_status(
    py: Terminal, line: str, code: int, err: str
) -> None:
    # when
    ended = py.type(line)
    # then
    assert (py.exited, py.exit_code, ended.exit_code, ended.stderr) == (True, code, code, err)
    assert py.prompt == ""


def test_ctrl_d_leaves_the_line_and_ends_with_0(py: Terminal) -> None:
    ended = py.ctrl_d()
    assert (ended.stdout, py.exited, py.exit_code) == ("\n", True, 0)


def test_ctrl_c_prints_keyboard_interrupt_and_drops_the_input(py: Terminal) -> None:
    # given
    py.type("if True:")
    # when
    py.ctrl_c()
    # then
    assert py.screen == ">>> if True:\n... ^C\nKeyboardInterrupt\n"
    assert (py.prompt, py.exited) == (">>> ", False)


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("for i in range(3): print(i)", None),
        ("'abc'.encode()", "str.encode"),
        ("type(1)", "the builtin type"),
        ("import os; os.system('ls')", "os.system"),
        ("print('x', file=None)", "keyword arguments to print()"),
        ("f = lambda x: x", "lambda"),
    ],
)
def test_code_it_does_not_simulate_says_so_on_stderr(
    py: Terminal, line: str, what: str | None
) -> None:
    # when
    said = py.type(line, "") if line.startswith("for") else py.type(line)
    # then
    assert said.stdout == ""
    assert said.stderr == NOTE.format(what or "'for' loops")


def test_a_line_printing_past_the_terminal_runs_until_ctrl_c(py: Terminal) -> None:
    # when: more than Proc.max_output
    flooded = py.type("print('a' * 2000000)")
    stopped = py.ctrl_c()
    # then
    assert (flooded.exit_code, flooded.blocked_in) == (None, "python3")
    assert stopped.stderr == TRACE + "KeyboardInterrupt\n"
    assert py.prompt == ">>> "


def test_what_does_not_fit_in_memory_is_a_memory_error(py: Terminal) -> None:
    assert py.type("s = 'a' * 10**8").stderr == TRACE + "MemoryError\n"


def test_a_session_keeps_a_bounded_history(py: Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    monkeypatch.setattr(python_repl, "MAX_INPUTS", 3)
    py.type("a = 1", "b = 2", "c = 3")
    # when
    refused = py.type("d = 4")
    # then
    assert refused.stderr == (
        "dockersim: this python3 session has run 3 inputs, all dockersim keeps of one session;"
        " this one was not run, only expressions run from now on (and `_` keeps its value):"
        " exit() and start python3 again\n"
    )
    assert py.saved is not None and py.saved["inputs"] == ["a = 1", "b = 2", "c = 3"]
    assert py.type("c").stdout == "3\n"
    assert py.type("d").stderr.endswith("NameError: name 'd' is not defined\n")
    py.type("exit(4)")
    assert (py.exited, py.exit_code) == (True, 4)


def test_python_3_13_names_each_input_and_shows_its_line(py313: Terminal) -> None:
    py313.type("x = 1", "print(x, y)", "x = 1/0", "len(5)", "1; 2")
    assert py313.screen == (
        ">>> x = 1\n>>> print(x, y)\nTraceback (most recent call last):\n"
        '  File "<python-input-1>", line 1, in <module>\n    print(x, y)\n             ^\n'
        "NameError: name 'y' is not defined\n"
        ">>> x = 1/0\nTraceback (most recent call last):\n"
        '  File "<python-input-2>", line 1, in <module>\n    x = 1/0\n        ~^~\n'
        "ZeroDivisionError: division by zero\n"
        ">>> len(5)\nTraceback (most recent call last):\n"
        '  File "<python-input-3>", line 1, in <module>\n    len(5)\n    ~~~^^^\n'
        "TypeError: object of type 'int' has no len()\n"
        ">>> 1; 2\n2\n"
    )


def test_python_3_13_ends_on_a_bare_exit(py313: Terminal) -> None:
    py313.type("exit")
    assert (py313.exited, py313.exit_code) == (True, 0)
