"""`python -c`: the one-liner evaluator prints what CPython 3.9 prints, or says it cannot."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersim.model.userland.programs.pyeval import run_code

ENV = {"PYTHON_VERSION": "3.9.23", "HOME": "/root"}


def py(code: str) -> tuple[str, str, int]:
    return run_code(code, ENV, "3.9.23", "0123456789ab", 1)


@pytest.mark.parametrize(
    ("code", "out"),
    [
        ("print('hi')", "hi\n"),
        ("print(1 + 2 * 3)", "7\n"),
        ("x = bytearray(200 * 1024 * 1024); print(len(x))", "209715200\n"),
        ("import os; print(os.getenv('PYTHON_VERSION'))", "3.9.23\n"),
        ("import os; print(os.environ['HOME'])", "/root\n"),
        ("import sys; print(sys.platform)", "linux\n"),
        ("print(f'{2 ** 10} KiB', 'done', sep=', ')", "1024 KiB, done\n"),
        ("print(len('docker') == 6, None)", "True None\n"),
        ("print([1, 'a'])", "[1, 'a']\n"),
        ("print(sum(range(5)), end='')", "10"),
        ("import socket; print(socket.gethostname())", "0123456789ab\n"),
    ],
)
def test_one_liners_print_what_python_prints(code: str, out: str) -> None:
    assert py(code) == (out, "", 0)


@pytest.mark.parametrize(
    ("code", "last"),
    [
        ("print(1 / 0)", "ZeroDivisionError: division by zero"),
        ("print(y)", "NameError: name 'y' is not defined"),
        ("import nosuch", "ModuleNotFoundError: No module named 'nosuch'"),
        ("int('x')", "ValueError: invalid literal for int() with base 10: 'x'"),
        ("import os; os.environ['NOPE']", "KeyError: 'NOPE'"),
    ],
)
def test_errors_print_a_traceback_and_exit_1(code: str, last: str) -> None:
    out, err, status = py(code)
    assert status == 1 and out == ""
    assert err.startswith('Traceback (most recent call last):\n  File "<string>", line 1')
    assert err.endswith(last + "\n")


def test_sys_exit_sets_the_status() -> None:
    assert py("print('a'); import sys; sys.exit(3)") == ("a\n", "", 3)


def test_code_outside_the_subset_says_so_and_fails() -> None:
    note = (
        "dockersim: not simulated in python3: classes (dockersim runs a small subset of Python)\n"
    )
    assert py("class A: pass") == ("", note, 1)


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6))
def test_arithmetic_matches_python(a: int, b: int) -> None:
    out, _, _ = py(f"print({a} * {b} - {a} // {b if b else 1})")
    assert out == f"{a * b - a // (b if b else 1)}\n"


@given(st.text(max_size=200))
def test_any_code_never_raises(code: str) -> None:
    out, err, status = py(code)
    assert isinstance(out, str) and isinstance(err, str) and isinstance(status, int)


TRACEBACK = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'


@pytest.mark.parametrize(
    "code",
    [
        "'a' * 10**10",
        "s = 'a' * 10**6; s = s + s; s = s + s; s = s + s; s = s + s; s = s + s",
        "10 ** 10 ** 10",
        "[0] * 10**8",
        "'%099999999d' % 1",
        "x = [1] * 1000; print([x] * 10000)",
    ],
)
def test_what_does_not_fit_the_memory_cap_is_a_memory_error(code: str) -> None:
    assert py(code) == ("", TRACEBACK + "MemoryError\n", 1)


def test_names_hold_memory_until_the_program_ends() -> None:
    # given: each name keeps 6 MB; three of them pass the 16 MiB cap
    code = "a = 'x' * 6000000; b = a + 'y'; c = b + 'z'; print('never')"
    # when / then
    assert py(code) == ("", TRACEBACK + "MemoryError\n", 1)
    assert py("a = 'x' * 6000000; a = a + 'y'; a = a + 'z'; print(len(a))") == ("6000002\n", "", 0)


def test_deep_expressions_are_python_errors_not_crashes() -> None:
    out, err, status = py("x = " + "-" * 100000 + "1")
    assert (out, status) == ("", 1)
    assert err.endswith(
        ("MemoryError\n", "RecursionError: maximum recursion depth exceeded during compilation\n")
    )
    out, err, status = py("print(" + "1 + " * 5000 + "1)")
    assert (out, status) in (("5001\n", 0), ("", 1))
    assert "Traceback" in err or err == ""


@pytest.mark.parametrize(
    ("code", "kind"),
    [("-list", "type"), ("-print", "builtin_function_or_method"), ("-'a'", "str")],
)
def test_unary_minus_of_a_non_number_is_cpythons_type_error(code, kind):
    """Found by test_any_code_never_raises: `-list` escaped as a Python TypeError."""
    out, err, status = py(f"print({code})")
    assert (out, status) == ("", 1)
    assert err.endswith(f"TypeError: bad operand type for unary -: '{kind}'\n")


@pytest.mark.parametrize(
    ("code", "last"),
    [
        ("print(1 < 'a')", "TypeError: '<' not supported between instances of 'int' and 'str'"),
        ("print(list(1))", "TypeError: 'int' object is not iterable"),
        ("print([1][5])", "IndexError: list index out of range"),
    ],
)
def test_operations_python_refuses_are_its_tracebacks(code, last):
    """These escaped the evaluator as Python's own exceptions (a dockersim traceback)."""
    out, err, status = py(code)
    assert (out, status) == ("", 1)
    assert err.endswith(last + "\n")
