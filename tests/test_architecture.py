"""The house rules that keep the layers apart (STYLE.md items 1, 3, 4, 5).

Every import form counts (`import dockersim.engine`, `from dockersim import engine`,
`from ..engine import x`, imports inside functions); only `if TYPE_CHECKING:` imports, which
never run, are left out. Each rule is a function over (module name, source text), so the tests
at the bottom plant a violation of each kind and see it caught.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dockersim"

#: What each part of the package may import from dockersim (besides itself). docs/architecture.md
#: draws the same arrows: model <- build, catalog <- engine <- docker <- scenario <- grade <- cli.
MAY_IMPORT: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "result": set(),
    "datacache": set(),
    "attrscode": {"datacache", "importhook"},
    "importhook": set(),
    "build": {"model"},
    "catalog": {"model", "datacache"},
    "engine": {"model", "build", "catalog", "errors", "result"},
    "docker": {"engine", "build", "model", "datacache", "errors", "result", "compose"},
    "compose": {"docker", "engine", "build", "model", "errors", "result"},
    "scenario": {"docker", "engine", "catalog", "model", "errors", "result", "pictures"},
    "grade": {"scenario", "docker", "engine", "catalog", "model", "errors", "result"},
    "store": {"engine", "errors"},
    "pictures": {"engine", "model", "errors"},
    "testing": {"engine", "model", "errors", "result", "docker"},
    "dockersim": {"engine", "errors", "model", "result"},
    "api": {"docker", "engine", "build", "model", "errors", "result", "store"},
    "cli": {"*"},
    # the lesson page (a front end beside cli/, using its interactive clock, cli/clock.py) and
    # its static export (which stores the catalog's and lessons' parsed data ahead of time)
    "web": {
        "scenario",
        "docker",
        "engine",
        "pictures",
        "store",
        "cli",
        "errors",
        "result",
        "catalog",
        "datacache",
        "model",
    },
}
#: (importing module, imported part) edges allowed against the table, and why.
EXCEPTIONS = {
    ("dockersim.engine", "docker"): "Engine.docker() delegates to the front end, lazily",
    ("dockersim.api.world", "cli"): "the served world's clock follows real time as the "
    "command line's does (cli/clock.py)",
    ("dockersim.api.handlers.terminal", "cli"): "a served terminal edits the line as the "
    "command line's live terminal does (cli/lineedit.py)",
    ("dockersim.scenario.shell", "store"): "the interactive shell saves the world it ends with",
    ("dockersim.docker.commands.compose", "compose"): "docker compose hands its words to the "
    "Compose plugin, which prints through the docker front end, lazily",
}
#: Modules allowed past the 600-line hard limit, with the reason.
LONG_MODULES: dict[str, str] = {
    "dockersim.engine.errors": "every daemon sentence in one file (STYLE.md 4): short "
    "constructors, one per moby error, nothing else",
}


# --- reading imports ------------------------------------------------------------------------
def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("").as_posix().replace("/", ".")
    return rel.removesuffix(".__init__")


def all_modules() -> dict[str, str]:
    """Every module of the package: name -> source."""
    return {module_name(p): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports(module: str, source: str, known: Iterable[str], is_package: bool = False) -> set[str]:
    """The dockersim modules `module` imports (at run time), each resolved to the deepest
    module that exists: `from dockersim import engine` is `dockersim.engine`."""
    known = set(known)
    tree = ast.parse(source)
    skipped = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                if not is_package:
                    parts = parts[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("dockersim") and name != module:
                found.add(name)
    return found


def part(module: str) -> str:
    """`dockersim.engine.world` -> `engine`; `dockersim` -> `dockersim`."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "dockersim"


def arrow_violations(modules: dict[str, str]) -> list[str]:
    bad = []
    for module, source in modules.items():
        allowed = MAY_IMPORT.get(part(module), set())
        is_package = f"{module}.__init__" not in modules and any(
            other.startswith(module + ".") for other in modules
        )
        for target in sorted(imports(module, source, modules, is_package)):
            to = part(target)
            if to == part(module) or "*" in allowed or to in allowed:
                continue
            if (module, to) not in EXCEPTIONS:
                bad.append(f"{module} imports {target}")
    return bad


def cycles(modules: dict[str, str]) -> list[list[str]]:
    """Import cycles between modules (a module importing its own package does not count; the
    allowed lazy edges are left out)."""
    graph: dict[str, set[str]] = {}
    for module, source in modules.items():
        is_package = any(other.startswith(module + ".") for other in modules)
        targets = imports(module, source, modules, is_package)
        graph[module] = {
            t
            for t in targets
            if not module.startswith(t + ".") and (module, part(t)) not in EXCEPTIONS
        }
    return [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]


def _strongly_connected(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        item = stack.pop()
                        on_stack.discard(item)
                        component.append(item)
                        if item == node:
                            break
                    yield component


def long_modules(modules: dict[str, str]) -> dict[str, int]:
    sizes = {m: len(s.splitlines()) for m, s in modules.items()}
    return {m: n for m, n in sizes.items() if n > 600 and m not in LONG_MODULES}


#: The daemon's error kinds (dockersim/errors.py, engine/errors.py): built only in engine/errors.py.
DAEMON_KINDS = {
    "DockerError", "NotFound", "InvalidParameter", "Conflict", "Forbidden", "NotModified",
    "Unauthorized", "System", "StreamError", "ConnectionFailed",
}  # fmt: skip


def daemon_sentences(modules: dict[str, str]) -> list[str]:
    """`raise NotFound("literal")` (any daemon kind) in engine/ outside engine/errors.py."""
    bad = []
    for module, source in modules.items():
        if part(module) != "engine" or module == "dockersim.engine.errors":
            continue
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and isinstance(node.exc.func, (ast.Name, ast.Attribute))
                and (getattr(node.exc.func, "id", "") or getattr(node.exc.func, "attr", ""))
                in DAEMON_KINDS
                and any(isinstance(a, (ast.Constant, ast.JoinedStr)) for a in node.exc.args)
            ):
                bad.append(f"{module}:{node.lineno}")
    return bad


def prints_or_exits(modules: dict[str, str]) -> list[str]:
    """print(), sys.exit() or the CLI's error prefix in model/ or engine/ code (the userland's
    Python interpreter may *name* them as data: only calls and literals in code count)."""
    bad = []
    for module, source in modules.items():
        if part(module) not in ("model", "engine"):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                func = node.func
                if (isinstance(func, ast.Name) and func.id == "print") or (
                    isinstance(func, ast.Attribute)
                    and func.attr == "exit"
                    and getattr(func.value, "id", "") == "sys"
                ):
                    bad.append(f"{module}:{node.lineno}")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "Error response from daemon" in node.value
            ):
                bad.append(f"{module}:{node.lineno}")
    return bad


def daemon_prefixes(modules: dict[str, str]) -> list[str]:
    """The client's `Error response from daemon: ` written anywhere but docker/context.py
    (docstrings aside): every command prints daemon errors through `ctx.daemon_*`."""
    bad = []
    for module, source in modules.items():
        if module == "dockersim.docker.context":
            continue
        tree = ast.parse(source)
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "Error response from daemon" in node.value
                and id(node) not in docstrings
            ):
                bad.append(f"{module}:{node.lineno}")
    return bad


# --- the package obeys ------------------------------------------------------------------------
def test_arrows_point_one_way() -> None:
    assert arrow_violations(all_modules()) == []


def test_no_import_cycles_but_the_allowed_edge() -> None:
    assert cycles(all_modules()) == []


def test_modules_stay_under_the_hard_limit() -> None:
    assert long_modules(all_modules()) == {}


def test_daemon_sentences_only_in_engine_errors() -> None:
    assert daemon_sentences(all_modules()) == []


def test_model_and_engine_never_print_or_exit() -> None:
    assert prints_or_exits(all_modules()) == []


def test_the_daemon_prefix_is_written_in_one_place() -> None:
    assert daemon_prefixes(all_modules()) == []


def test_every_part_of_the_package_has_a_rule() -> None:
    parts = {part(m) for m in all_modules()}
    assert parts - set(MAY_IMPORT) == set()


# --- each rule catches a planted violation ----------------------------------------------------
WORLD = {
    "dockersim": "",
    "dockersim.engine": "",
    "dockersim.engine.world": "",
    "dockersim.model": "",
    "dockersim.model.fs": "",
    "dockersim.docker": "",
}


def planted(module: str, source: str) -> dict[str, str]:
    return {**WORLD, module: source}


def test_error_every_import_form_upwards_is_caught() -> None:
    forms = [
        "from dockersim import engine",
        "import dockersim.engine.world",
        "import dockersim.engine.world as w",
        "from dockersim.engine import world",
        "from dockersim.engine.world import World",
        "from ..engine import world",
        "def f():\n    from dockersim import engine",
    ]
    caught = [
        form for form in forms if arrow_violations(planted("dockersim.model.bad", form + "\n"))
    ]
    assert caught == forms


def test_error_type_checking_imports_do_not_count() -> None:
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dockersim import engine\n"
    )
    assert arrow_violations(planted("dockersim.model.bad", source)) == []


def test_error_a_cycle_is_caught() -> None:
    modules = {
        **WORLD,
        "dockersim.model.a": "from dockersim.model import b\n",
        "dockersim.model.b": "def f():\n    from dockersim.model.a import x\n",
    }
    assert cycles(modules) == [["dockersim.model.a", "dockersim.model.b"]]


def test_error_a_long_module_is_caught() -> None:
    assert long_modules(planted("dockersim.model.big", "x = 1\n" * 601)) == {
        "dockersim.model.big": 601
    }


def test_error_a_daemon_sentence_outside_errors_is_caught() -> None:
    source = (
        "def f():\n    raise NotFound(f'No such container: {x}')\n"
        "def g():\n    raise errors.Conflict('in use')\n"
        "def h():\n    raise ValueError('not a daemon sentence')\n"
    )
    assert daemon_sentences(planted("dockersim.engine.bad", source)) == [
        "dockersim.engine.bad:2",
        "dockersim.engine.bad:4",
    ]


def test_error_print_and_exit_in_the_engine_are_caught() -> None:
    source = "import sys\nprint('x')\nsys.exit(1)\ns = 'Error response from daemon: x'\n"
    assert prints_or_exits(planted("dockersim.engine.bad", source)) == [
        "dockersim.engine.bad:2",
        "dockersim.engine.bad:3",
        "dockersim.engine.bad:4",
    ]


def test_error_a_daemon_prefix_outside_the_context_is_caught() -> None:
    source = (
        '"""Error response from daemon: in a docstring is fine."""\n'
        'x = "Error response from daemon: "\n'
    )
    assert daemon_prefixes(planted("dockersim.docker.commands.bad", source)) == [
        "dockersim.docker.commands.bad:2"
    ]
