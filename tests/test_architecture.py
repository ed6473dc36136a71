"""The house rules that keep the layers apart (STYLE.md items 1, 3, 4, 5)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dockersim"

#: model < engine < front ends: a module may import only from its own layer or below.
FORBIDDEN = {
    "model": (
        "dockersim.engine",
        "dockersim.docker",
        "dockersim.cli",
        "dockersim.scenario",
        "dockersim.grade",
        "dockersim.store",
        "dockersim.catalog",
    ),
    "engine": (
        "dockersim.docker",
        "dockersim.cli",
        "dockersim.scenario",
        "dockersim.grade",
        "dockersim.store",
    ),
}
#: The one allowed upward edge: Engine.docker() delegates to the docker front end.
ALLOWED = {("engine/__init__.py", "dockersim.docker")}
#: Modules allowed past the 600-line hard limit, with the reason.
LONG_MODULES: dict[str, str] = {}


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            pass
    return out


def test_arrows_point_one_way():
    bad = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        layer = rel.split("/", 1)[0]
        for name in _imports(path):
            for prefix in FORBIDDEN.get(layer, ()):
                if (name == prefix or name.startswith(prefix + ".")) and (
                    rel,
                    prefix,
                ) not in ALLOWED:
                    bad.append(f"{rel} imports {name}")
    assert bad == []


def test_modules_stay_under_the_hard_limit():
    long = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text().splitlines())
        for path in _modules()
    }
    over = {p: n for p, n in long.items() if n > 600 and p not in LONG_MODULES}
    assert over == {}


def test_daemon_sentences_only_in_engine_errors():
    bad = []
    for path in (PACKAGE / "engine").rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", "") not in ("ValueError", "TypeError")
                and not (
                    isinstance(node.exc.func, ast.Attribute)
                    and getattr(node.exc.func.value, "id", "") == "errors"
                )
            ):
                for arg in node.exc.args:
                    if isinstance(arg, (ast.Constant, ast.JoinedStr)):
                        bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


def test_model_and_engine_never_print_or_exit():
    """No print() or sys.exit() calls and no CLI error prefix in the pure layers (the userland's
    Python interpreter may *name* them as data: only calls and literals in code count)."""

    def offences(tree: ast.AST) -> list[int]:
        lines = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id == "print":
                    lines.append(node.lineno)
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "exit"
                    and getattr(func.value, "id", "") == "sys"
                ):
                    lines.append(node.lineno)
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "Error response from daemon" in node.value
            ):
                lines.append(node.lineno)
        return lines

    bad = [
        f"{p.relative_to(PACKAGE)}:{line}"
        for layer in ("model", "engine")
        for p in (PACKAGE / layer).rglob("*.py")
        for line in offences(ast.parse(p.read_text()))
    ]
    assert bad == []
