"""How much memory a tiny Python one-liner asks for (`python3 -c "x = bytearray(...)"`).

Enough for the cgroup lesson: `docker run --memory 32m python:3.12-slim python3 -c
"x = bytearray(64 * 1024 * 1024)"` is OOM-killed (exit 137, OOMKilled true). The code is only
read with `ast`, never run; sizes of constant expressions are estimated.
"""

from __future__ import annotations

import ast

#: What the interpreter itself occupies before the script allocates anything.
PYTHON_BASE = 9 * 1024 * 1024
#: Constants larger than this (bits) are not worked out (the estimate must stay cheap).
MAX_CONST_BITS = 4096


def _const(node: ast.expr, depth: int = 0) -> int | None:
    """The value of an integer expression made of literals and + - * // ** (else None);
    None too past 32 levels of nesting (the estimate must stay cheap)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and depth < 32:
        left, right = _const(node.left, depth + 1), _const(node.right, depth + 1)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            if left.bit_length() + right.bit_length() > MAX_CONST_BITS:
                return None
            return left * right
        if isinstance(node.op, ast.FloorDiv) and right:
            return left // right
        if isinstance(node.op, ast.Pow) and 0 <= right <= 64:
            if left.bit_length() * right > MAX_CONST_BITS:
                return None
            return int(left**right)
    return None


def _size(node: ast.AST) -> int:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        count = _const(node.args[0])
        if count is not None and node.func.id in ("bytearray", "bytes"):
            return count
        if count is not None and node.func.id in ("range",):
            return 0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        for item, times in ((node.left, node.right), (node.right, node.left)):
            count = _const(times)
            if count is None:
                continue
            if isinstance(item, ast.Constant) and isinstance(item.value, (str, bytes)):
                return len(item.value) * count
            if isinstance(item, ast.List):
                return 8 * len(item.elts) * count
    return 0


def allocation(code: str) -> int:
    """Bytes the script allocates at its peak (0 if it cannot tell or the code is invalid)."""
    try:
        tree = ast.parse(code)
        return sum(_size(node) for node in ast.walk(tree))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return 0
