"""The engine is flat: sibling areas on one shared base, joined once (STYLE.md, "moto/fakeredis").

Each area of `dockersim/engine` is one class on `EngineBase` alone, in its own module. It calls
another area only through `self.engine`, and only the areas `dockersim.engine.AREAS` names for
it; no method is defined in two places, so nothing is an empty stub that a later area
overrides. Each rule is a function over module sources, so the tests at the bottom plant a
violation of each kind and see it caught.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

from dockersim.engine import AREAS

ENGINE = Path(__file__).resolve().parent.parent / "dockersim" / "engine"
BASE = "_base"


def engine_sources() -> dict[str, str]:
    """module stem -> source, for every module of the engine package."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(ENGINE.glob("*.py"))}


def _area_class(source: str) -> ast.ClassDef | None:
    """The module's `...Ops` class (or `EngineBase`), if it has one."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and (
            node.name.endswith("Ops") or node.name == "EngineBase"
        ):
            return node
    return None


def _defined(cls: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for item in cls.body:
        if isinstance(item, ast.FunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return names


def _self_attributes(cls: ast.ClassDef) -> tuple[set[str], set[str]]:
    """(names read as `self.X`, names read as `self.engine.X`) inside the class."""
    direct: set[str] = set()
    through: set[str] = set()
    for node in ast.walk(cls):
        if not isinstance(node, ast.Attribute):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id == "self":
            direct.add(node.attr)
        elif (
            isinstance(value, ast.Attribute)
            and value.attr == "engine"
            and isinstance(value.value, ast.Name)
            and value.value.id == "self"
        ):
            through.add(node.attr)
    return direct, through


def area_violations(sources: Mapping[str, str], table: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every way the engine's areas break the flat structure."""
    found: list[str] = []
    classes = {stem: cls for stem, src in sources.items() if (cls := _area_class(src)) is not None}
    base = classes.get(BASE)
    base_names = _defined(base) if base is not None else set()
    areas = {stem: cls for stem, cls in classes.items() if stem != BASE}
    if set(areas) != set(table):
        found.append(f"AREAS lists {sorted(table)}, the modules hold {sorted(areas)}")
    owner: dict[str, str] = {}
    for stem, cls in sorted(areas.items()):
        bases = [ast.unparse(b) for b in cls.bases]
        if bases != ["EngineBase"]:
            found.append(f"{stem}: {cls.name} is built on {bases}, not on EngineBase alone")
        for name in sorted(_defined(cls)):
            if name in base_names:
                found.append(f"{stem}: {name} is also defined in EngineBase")
            elif name in owner:
                found.append(f"{stem}: {name} is also defined in {owner[name]}")
            else:
                owner[name] = stem
    for stem, cls in sorted(areas.items()):
        direct, through = _self_attributes(cls)
        for name in sorted(direct):
            other = owner.get(name)
            if other is not None and other != stem:
                found.append(f"{stem}: self.{name} belongs to {other}; call self.engine.{name}")
        called = {owner[n] for n in through if n in owner and owner[n] != stem}
        declared = set(table.get(stem, ()))
        for missing in sorted(called - declared):
            found.append(f"{stem} calls {missing}, which AREAS does not name for it")
        for unused in sorted(declared - called):
            found.append(f"{stem}: AREAS names {unused}, which it does not call")
    return found


def program_names(sources: Mapping[str, str], names: set[str]) -> list[str]:
    """Program names compared against in the areas' code (`blocked_in == "nginx"`): the
    engine asks a program through `program_of`, never by its name."""
    found: list[str] = []
    for stem, source in sorted(sources.items()):
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Compare):
                continue
            for side in (node.left, *node.comparators):
                for item in ast.walk(side):
                    if isinstance(item, ast.Constant) and item.value in names:
                        found.append(f"{stem}:{node.lineno} compares with {item.value!r}")
    return found


def engine_bases(source: str) -> list[str]:
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == "Engine":
            return [ast.unparse(b) for b in node.bases]
    return []


# --- the real engine --------------------------------------------------------------------------
def test_the_engine_areas_are_siblings_that_name_what_they_call() -> None:
    assert area_violations(engine_sources(), AREAS) == []


def test_the_engine_joins_every_area_once() -> None:
    sources = engine_sources()
    names = {stem: cls.name for stem in AREAS if (cls := _area_class(sources[stem])) is not None}
    bases = engine_bases(sources["__init__"])
    assert sorted(bases) == sorted(names.values())
    assert len(bases) == len(set(bases))


def test_the_areas_never_name_a_program() -> None:
    from dockersim.engine.programs import TABLE

    sources = engine_sources()
    assert program_names({stem: sources[stem] for stem in AREAS}, set(TABLE)) == []


def test_every_program_in_the_table_loads() -> None:
    from dockersim.engine.programs import TABLE, program_of, userland_programs

    for name in TABLE:
        program = program_of(name)
        assert program is not None and callable(userland_programs()[name]), name
    assert program_of("python3.12") is program_of("python")
    assert program_of("sleep") is None


def test_no_engine_method_is_defined_twice_at_run_time() -> None:
    from dockersim.engine import Engine

    seen: dict[str, str] = {}
    for cls in Engine.__mro__[1:]:
        if cls.__module__.startswith("dockersim.engine"):
            for name, value in vars(cls).items():
                if callable(value) and not name.startswith("__"):
                    assert name not in seen, f"{name} in {cls.__name__} and {seen[name]}"
                    seen[name] = cls.__name__


def test_the_architecture_document_lists_the_areas_as_the_code_does() -> None:
    import re

    text = (ENGINE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = {
        name: tuple(c.strip() for c in calls.split(","))
        for name, calls in re.findall(r"^ {4}(\w+) *-> (.+)$", text, re.MULTILINE)
    }
    assert drawn == AREAS


# --- planted violations -----------------------------------------------------------------------
_BASE_SRC = "class EngineBase:\n    def emit(self): ...\n"
_NETS = "class NetworkOps(EngineBase):\n    def net_up(self): ...\n"


def _plant(**areas: str) -> dict[str, str]:
    return {"_base": _BASE_SRC, "networks": _NETS, **areas}


def test_error_an_area_built_on_another_is_caught() -> None:
    sources = _plant(volumes="class VolumeOps(NetworkOps):\n    def vol(self): ...\n")
    found = area_violations(sources, {"networks": (), "volumes": ()})
    assert any("not on EngineBase alone" in f for f in found)


def test_error_a_stub_overridden_in_another_area_is_caught() -> None:
    stub = "class RuntimeOps(EngineBase):\n    def net_up(self): pass\n"
    found = area_violations(_plant(runtime=stub), {"networks": (), "runtime": ()})
    assert any("net_up is also defined" in f for f in found)


def test_error_redefining_a_base_method_is_caught() -> None:
    again = "class RuntimeOps(EngineBase):\n    def emit(self): pass\n"
    found = area_violations(_plant(runtime=again), {"networks": (), "runtime": ()})
    assert any("also defined in EngineBase" in f for f in found)


def test_error_a_call_into_an_undeclared_area_is_caught() -> None:
    caller = "class RuntimeOps(EngineBase):\n    def start(self):\n        self.engine.net_up()\n"
    found = area_violations(_plant(runtime=caller), {"networks": (), "runtime": ()})
    assert found == ["runtime calls networks, which AREAS does not name for it"]
    assert area_violations(_plant(runtime=caller), {"networks": (), "runtime": ("networks",)}) == []


def test_error_a_direct_call_into_another_area_is_caught() -> None:
    caller = "class RuntimeOps(EngineBase):\n    def start(self):\n        self.net_up()\n"
    found = area_violations(_plant(runtime=caller), {"networks": (), "runtime": ()})
    assert any("self.net_up belongs to networks" in f for f in found)


def test_error_a_stale_declaration_and_a_missing_area_are_caught() -> None:
    quiet = "class RuntimeOps(EngineBase):\n    def start(self): ...\n"
    found = area_violations(_plant(runtime=quiet), {"runtime": ("networks",)})
    assert any("AREAS names networks, which it does not call" in f for f in found)
    assert any("AREAS lists" in f for f in found)


def test_error_a_program_name_in_an_area_is_caught() -> None:
    branch = 'def f(c):\n    if c.blocked_in in ("nginx", "x"):\n        return 1\n'
    assert program_names({"runtime": branch}, {"nginx"}) == ["runtime:2 compares with 'nginx'"]
