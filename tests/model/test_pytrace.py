"""CPython's tracebacks as its REPL prints them: SyntaxError carets, 3.13's source lines."""

from __future__ import annotations

import ast

import pytest

from dockersim.model.userland.programs.pytrace import excerpt, frame, syntax_error


def test_the_frame_of_an_input() -> None:
    assert frame("<stdin>", 2) == (
        'Traceback (most recent call last):\n  File "<stdin>", line 2, in <module>\n'
    )


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            SyntaxError("invalid syntax", ("<stdin>", 1, 4, "1 +\n", 1, 4)),
            '  File "<stdin>", line 1\n    1 +\n       ^\nSyntaxError: invalid syntax\n',
        ),
        (
            SyntaxError("invalid syntax", ("<stdin>", 1, 5, "x = = 2\n", 1, 6)),
            '  File "<stdin>", line 1\n    x = = 2\n        ^\nSyntaxError: invalid syntax\n',
        ),
        (
            IndentationError("unexpected indent", ("<stdin>", 1, 2, "  x = 1\n", 1, -1)),
            '  File "<stdin>", line 1\n    x = 1\nIndentationError: unexpected indent\n',
        ),
        (
            SyntaxError("'return' outside function", ("<stdin>", 1, 1, None, 1, 9)),
            "  File \"<stdin>\", line 1\nSyntaxError: 'return' outside function\n",
        ),
    ],
)
def test_a_syntax_error_shows_its_line_and_carets(error: SyntaxError, shown: str) -> None:
    assert syntax_error(error, "<stdin>") == shown


def _node(source: str, text: str) -> tuple[ast.AST, ast.stmt]:
    """The expression spelled `text` in `source`, and its statement."""
    statement = ast.parse(source).body[0]
    for node in ast.walk(statement):
        if isinstance(node, ast.expr) and ast.get_source_segment(source, node) == text:
            return node, statement
    raise AssertionError(text)


@pytest.mark.parametrize(
    ("source", "failing", "shown"),
    [
        ("x", "x", "    x\n"),
        ("print(x, y)", "y", "    print(x, y)\n             ^\n"),
        ("1/0", "1/0", "    1/0\n    ~^~\n"),
        ("a = 2 ** 3 / 0", "2 ** 3 / 0", "    a = 2 ** 3 / 0\n        ~~~~~~~^~~\n"),
        ("2 ** 99 // 0", "2 ** 99 // 0", "    2 ** 99 // 0\n    ~~~~~~~~^^~~\n"),
        ("len(5)", "len(5)", "    len(5)\n    ~~~^^^\n"),
        ("x = len(5)", "len(5)", "    x = len(5)\n"),
        ("[1][5]", "[1][5]", "    [1][5]\n    ~~~^^^\n"),
    ],
)
def test_python_313_points_at_the_failing_expression(source: str, failing: str, shown: str) -> None:
    node, statement = _node(source, failing)
    assert excerpt(source, node, statement) == shown
