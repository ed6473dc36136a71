"""`python -c` bombs raise Python's own errors, with its traceback, and cost little.

pyeval charges what it builds to the process tree's memory (caps.Heap): a string, list or
integer that would not fit is a MemoryError (integers past pyeval.MAX_INT_BITS too), and
deep nesting is Python's SyntaxError or RecursionError.
"""

from __future__ import annotations

import pytest
from bombs import PEAK_LIMIT, in_container, world

from dockersim.model.userland.caps import MEMORY_HIT

TRACEBACK = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'
TRACEBACK_AT = '"<string>", line {},'


def py(code: str) -> str:
    """A shell line running `python3 -c CODE` and printing its status."""
    quoted = "'" + code.replace("'", "'\\''") + "'"
    return f"python3 -c {quoted}; echo $?"


@pytest.mark.parametrize(
    "code",
    [
        "s = 'a' * 10**10",
        "s = 'a' * 1000000\n" + "s = s + s\n" * 10,
        "x = 10 ** 10 ** 10",
        "x = 7 ** 12345\n" + "x = x * x\n" * 8,
        "l = [0] * 10**9",
        "print('%0999999999d' % 1)",
        "s = 'a' * 8000000; l = [s] * 1000; print(l)",
        "x = list(range(1000000))",
    ],
    ids=["repeat", "doubling", "power", "squaring", "list", "format", "repr", "range"],
)
def test_a_python_memory_bomb_is_a_memory_error(code: str) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, "python:3.12-slim", py(code))
    # then
    # the traceback names the line that ran out (CPython's), the first of a one-line program
    line = code.count("\n") and 1 + next(
        n for n, _ in enumerate(code.split("\n")) if TRACEBACK_AT.format(n + 1) in ran.stderr
    )
    at = TRACEBACK.replace("line 1,", f"line {line or 1},")
    assert (ran.status, ran.stdout, ran.stderr) == (0, "1\n", at + "MemoryError\n")
    assert ran.hits == (MEMORY_HIT,)
    assert ran.peak < PEAK_LIMIT


def test_below_the_caps_python_computes_as_usual() -> None:
    # given
    engine = world()
    code = "s = 'ab' * 1000000; x = 2 ** 100000; print(len(s), x % 1000, len([s] * 1000))"
    # when
    ran = in_container(engine, "python:3.12-slim", py(code))
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (0, "2000000 376 1000\n0\n", "")
    assert ran.hits == ()


def test_deeply_nested_parentheses_are_pythons_syntax_error() -> None:
    # given
    engine = world()
    code = "(" * 1000 + "1" + ")" * 1000
    # when
    ran = in_container(engine, "python:3.12-slim", py(code))
    # then
    assert ran.stdout == "1\n"
    assert ran.stderr.endswith("SyntaxError: too many nested parentheses\n")


def test_deeply_nested_lists_stop_with_recursion_error() -> None:
    # given: 150 levels parse; evaluating them stays within the depth
    engine = world()
    shallow = "print(" + "[" * 150 + "]" * 150 + ")"
    deep = "x = 1" + "".join("\nx = [x]" for _ in range(300)) + "\nprint(x)"
    # when
    fine = in_container(engine, "python:3.12-slim", py(shallow))
    too_deep = in_container(engine, "python:3.12-slim", py(deep))
    # then
    assert fine.stdout == "[" * 150 + "]" * 150 + "\n0\n"
    assert too_deep.stdout == "1\n"
    assert too_deep.stderr.endswith(
        "RecursionError: maximum recursion depth exceeded while getting the repr\n"
    )


def test_python_over_a_container_memory_limit_is_oom_killed() -> None:
    # given
    engine = world()
    argv = ["run", "--name", "py", "--memory", "8m", "python:3.12-slim"]
    argv += ["python3", "-c", "s = 'a' * 1000000\n" + "s = s + s\n" * 5]
    # when
    result = engine.docker(argv)
    # then
    assert result.exit_code == 137
    inspect = engine.docker(["inspect", "-f", "{{.State.OOMKilled}}", "py"])
    assert inspect.stdout == "true\n"
