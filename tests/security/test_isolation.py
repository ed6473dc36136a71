"""Isolation by construction: the code that runs docker command lines cannot reach the machine.

The model, the engine, the builders, the catalog and the docker front end import no module that
touches files, the environment, processes or the network, and never call `open()`: everything
the docker client reads or writes on its machine goes through `Engine.machine`. Only
`dockersim/cli/realmachine.py` implements a real one.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dockersim"
SANDBOXED = ("model", "engine", "build", "catalog", "docker")
#: modules that reach the real machine (files, environment, processes, network, native code)
REAL = {
    "os", "pathlib", "io", "subprocess", "socket", "shutil", "tempfile", "glob", "fcntl",
    "signal", "resource", "multiprocessing", "concurrent", "urllib", "http", "ctypes",
    "importlib", "sys", "builtins", "mmap", "select", "asyncio", "threading", "pty", "webbrowser",
}  # fmt: skip
#: (file, module) pairs allowed, and why
ALLOWED = {
    ("catalog/__init__.py", "pathlib"): "reads its own YAML inside the package",
    ("catalog/search.py", "pathlib"): "reads its own search index (YAML) inside the package",
    ("docker/spec.py", "pathlib"): "reads commands.yaml inside the package",
    ("docker/__init__.py", "importlib"): "imports the command modules by name",
    ("engine/programs/__init__.py", "importlib"): "imports the program modules TABLE names",
    ("model/lazy.py", "importlib"): "imports the dockersim modules named by LazyModule constants",
    ("model/userland/programs/__init__.py", "importlib"): "imports the modules PROVIDERS names",
    ("docker/render/template_funcs.py", "urllib.parse"): "Go's urlquery, a pure function",
    ("engine/programs/webapp_templates.py", "urllib.parse"): "Flask's url_for quoting, pure",
    ("model/tarball.py", "io"): "io.BytesIO: tar archives in memory",
    ("build/saveformat.py", "io"): "io.BytesIO: tar archives in memory",
    ("model/userland/programs/archive.py", "io"): "io.BytesIO: tar's archives in memory",
    ("model/userland/io.py", "threading"): "a thread-local deadline hook, no threads started",
}
FORBIDDEN_CALLS = {"open", "exec", "eval", "compile", "__import__", "input", "breakpoint"}


def _reaches(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_CALLS
        ):
            found.append(f"{node.func.id}() at line {node.lineno}")
        found += [name for name in names if name.split(".")[0] in REAL]
    return found


def test_the_sandboxed_packages_import_nothing_that_reaches_the_machine() -> None:
    reached = {}
    for package in SANDBOXED:
        for path in sorted((PACKAGE / package).rglob("*.py")):
            rel = path.relative_to(PACKAGE).as_posix()
            found = [name for name in _reaches(path) if (rel, name) not in ALLOWED]
            if found:
                reached[rel] = found
    assert reached == {}


def test_the_allow_list_is_still_needed() -> None:
    stale = [pair for pair in ALLOWED if pair[1] not in _reaches(PACKAGE / pair[0])]
    assert stale == []


def test_only_the_cli_builds_a_real_machine() -> None:
    users = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "RealMachine(" in path.read_text(encoding="utf-8")
    )
    assert users == [
        "cli/docker.py",
        "cli/explain.py",
        "cli/live.py",
        "cli/play.py",
        "cli/shell.py",
    ]
