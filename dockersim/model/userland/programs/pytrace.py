"""CPython's tracebacks as its REPL prints them (`traceback.py` and `pythonrun.c`).

    Traceback (most recent call last):
      File "<stdin>", line 1, in <module>
    NameError: name 'x' is not defined

Python 3.13's REPL names each input `<python-input-N>` and, knowing its source, shows the line
under the `File` line, with carets under the failing expression when they tell more than the
line does: `~` under the expression and `^` under the operator of a binary operation, the
brackets of a call or of a subscript; `^` under the whole expression when the line holds more
than it. No carets when the expression is the whole line, or is the call a `name = f(...)`
assigns. An expression over several lines is shown without carets (a simplification).

A SyntaxError shows the offending line and carets from its offsets:

      File "<stdin>", line 1
        1 +
           ^
    SyntaxError: invalid syntax
"""

from __future__ import annotations

import ast

HEAD = "Traceback (most recent call last):\n"


def frame(filename: str, line: int) -> str:
    """The traceback's head and its one frame, the module's."""
    return f'{HEAD}  File "{filename}", line {line}, in <module>\n'


def syntax_error(exc: SyntaxError, filename: str) -> str:
    """What CPython prints for a SyntaxError (or IndentationError) in `filename`."""
    out = f'  File "{filename}", line {exc.lineno}\n'
    text = exc.text
    if text is not None:
        text = text.split("\n")[0] + ("\n" if "\n" in text else "")
        right = text.rstrip("\n")
        left = right.lstrip(" \n\f")
        spaces = len(right) - len(left)
        out += f"    {left}\n"
        if exc.offset is not None:
            start = min(exc.offset, len(text) + 1)
            end = exc.end_offset if exc.end_offset not in (None, 0) else start
            end = min(end, len(text) + 1)
            if start >= end or end < 0:
                end = start + 1
            column, end_column = start - 1 - spaces, end - 1 - spaces
            if column >= 0:
                pad = "".join(c if c.isspace() else " " for c in left[:column])
                out += f"    {pad}{'^' * (end_column - column)}\n"
    return out + f"{type(exc).__name__}: {exc.msg}\n"


def excerpt(source: str, node: ast.AST, statement: ast.stmt) -> str:
    """Python 3.13's source lines of the failing `node` (in `statement`), with its carets."""
    lines = source.split("\n")
    first = getattr(node, "lineno", 1)
    last = getattr(node, "end_lineno", None) or first
    if first != last or not 0 < first <= len(lines):
        return "".join(f"    {lines[n - 1].strip()}\n" for n in range(first, last + 1))
    line = lines[first - 1]
    text = line.strip()
    indent = len(line) - len(line.lstrip())
    start = _column(line, getattr(node, "col_offset", indent)) - indent
    end = _column(line, getattr(node, "end_col_offset", None) or len(line.encode())) - indent
    out = f"    {text}\n"
    if _assigned_call(statement, node):
        return out
    primary = _anchor(line, node, indent)
    if primary is None and not text[:start].strip() and not text[end:].strip():
        return out
    marks = "".join(
        "^" if primary is None or primary[0] <= i < primary[1] else "~" for i in range(start, end)
    )
    return out + "    " + " " * start + marks + "\n"


def _column(line: str, offset: int) -> int:
    """A column of the AST (UTF-8 bytes) as characters."""
    return len(line.encode()[:offset].decode(errors="ignore"))


def _assigned_call(statement: ast.stmt, node: ast.AST) -> bool:
    """`x = f(...)` or `return f(...)` where the call fails: CPython shows no carets."""
    if not isinstance(node, ast.Call) or getattr(statement, "value", None) is not node:
        return False
    if isinstance(statement, ast.Assign):
        return len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)
    return isinstance(statement, ast.Return) and isinstance(node.func, ast.Name)


def _anchor(line: str, node: ast.AST, indent: int) -> tuple[int, int] | None:
    """Where the `^` go (columns of the stripped line) for an operator, a call, a subscript."""
    if isinstance(node, ast.BinOp) and node.left.end_lineno == node.lineno:
        at = _column(line, node.left.end_col_offset or 0)
        while at < len(line) and (line[at].isspace() or line[at] == ")"):
            at += 1
        width = 1
        right = _column(line, node.right.col_offset)
        if at + 1 < len(line) and at + 1 < right and not line[at + 1].isspace():
            width = 2 if line[at + 1] not in "\\#" else 1
        return at - indent, at + width - indent
    if isinstance(node, (ast.Call, ast.Subscript)):
        inner = node.func if isinstance(node, ast.Call) else node.value
        if inner.end_lineno != node.lineno:
            return None
        at = _column(line, inner.end_col_offset or 0)
        bracket = "(" if isinstance(node, ast.Call) else "["
        while at < len(line) and line[at] != bracket:
            at += 1
        end = _column(line, node.end_col_offset or len(line.encode()))
        return at - indent, end - indent
    return None
