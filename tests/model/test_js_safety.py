"""The node evaluator cannot reach the real machine, and what a script does is bounded: an
endless loop ends at the step budget, deep recursion with V8's RangeError, growing strings and
arrays at the process tree's memory."""

from __future__ import annotations

import pytest

from dockersim.model.cowfs import CowFS
from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsmodules import ModuleSystem
from dockersim.model.userland.programs.jsnodelib import make_fs
from dockersim.model.userland.programs.jsvalues import JSThrow, Unsupported
from dockersim.model.userland.types import StepLimit


def realm(heap: Heap | None = None) -> tuple[Interpreter, list[str]]:
    lines: list[str] = []
    interp = Interpreter({"HOME": "/root"}, "20.19.2", ["node"], 1, "/", heap or Heap(),
                         lambda stream, text: lines.append(text))  # fmt: skip
    return interp, lines


def with_modules(source: str) -> tuple[Interpreter, list[str]]:
    """Run `source` as a module of an empty container filesystem."""
    interp, lines = realm()
    fs = CowFS({})
    fs.mkdir("/app")
    fs.write("/app/main.js", source.encode())
    modules = ModuleSystem(interp, fs, "/app")
    modules.makers["fs"] = lambda: make_fs(interp, fs, "/app")
    modules.load("/app/main.js", None)
    interp.loop.run()
    return interp, lines


def test_fs_reads_the_containers_files_never_the_real_disk() -> None:
    # /etc/passwd and this test file exist on the real machine, not in the container
    _, lines = with_modules(
        "const fs = require('fs');\n"
        "for (const p of ['/etc/passwd', " + repr(__file__) + "]) {\n"
        "  try { fs.readFileSync(p, 'utf8') } catch (e) { console.log(e.code, e.syscall) } }\n"
        "fs.writeFileSync('/app/out.txt', 'kept'); console.log(fs.readdirSync('/app'))"
    )
    assert lines == ["ENOENT open\n", "ENOENT open\n", "[ 'main.js', 'out.txt' ]\n"]


@pytest.mark.parametrize("module", ["child_process", "net", "http2", "https", "dgram", "vm"])
def test_modules_that_reach_processes_or_the_network_are_not_simulated(module: str) -> None:
    with pytest.raises(Unsupported) as raised:
        with_modules(f"require('{module}')")
    assert str(raised.value) == f"the '{module}' module"


def test_the_environment_is_the_containers_only() -> None:
    interp, _ = realm()
    assert interp.run("Object.keys(process.env).join()") == "HOME"
    with pytest.raises(Unsupported):
        interp.run("eval('1')")


def test_an_endless_loop_ends_at_the_step_budget() -> None:
    interp, _ = realm()
    with pytest.raises(StepLimit):
        interp.run("let i = 0; while (true) { i++ }")


def test_an_endless_interval_ends_at_the_step_budget() -> None:
    interp, lines = realm()
    interp.run("setInterval(() => console.log('again'), 1000)")
    with pytest.raises(StepLimit):
        interp.loop.run()
    assert lines and set(lines) == {"again\n"}


def test_deep_recursion_is_a_range_error_a_script_can_catch() -> None:
    interp, _ = realm()
    source = "function f(n) { return f(n + 1) }\n" \
             "try { f(0) } catch (e) { e instanceof RangeError && e.message }"  # fmt: skip
    assert interp.run(source) == "Maximum call stack size exceeded"


def test_deep_recursion_uncaught_is_a_range_error() -> None:
    interp, _ = realm()
    with pytest.raises((JSThrow, RecursionError)) as raised:
        interp.run("const f = () => f(); f()")
    assert interp.get(interp.thrown_value(raised.value), "message", 0) == (
        "Maximum call stack size exceeded"
    )


def test_a_growing_string_ends_with_invalid_string_length() -> None:
    heap = Heap(limit=4 * 1024 * 1024)
    interp, _ = realm(heap)
    with pytest.raises(JSThrow) as raised:
        interp.run("let s = 'x'; while (true) { s += s }")
    assert (raised.value.name, raised.value.message) == ("RangeError", "Invalid string length")
    assert heap.exhausted


def test_a_growing_array_ends_with_invalid_array_length() -> None:
    heap = Heap(limit=1024 * 1024)
    interp, _ = realm(heap)
    with pytest.raises(JSThrow) as raised:
        interp.run("const a = []; while (true) { a.push(1, 2, 3, 4, 5, 6, 7, 8) }")
    assert (raised.value.name, raised.value.message) == ("RangeError", "Invalid array length")
