"""Promises, async/await and timers in the node evaluator keep node's order: the script, then
process.nextTick callbacks, then promise jobs, then setImmediate, then timers by due time on
the virtual clock (which moves to each timer as it fires)."""

from __future__ import annotations

import pytest

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jsasync import Crash
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsinspect import inspect


def run(source: str) -> tuple[list[str], list[float]]:
    """(lines printed, the clock's moves in seconds)."""
    lines: list[str] = []
    moves: list[float] = []
    interp = Interpreter({}, "20.19.2", ["node"], 1, "/app", Heap(),
                         lambda stream, text: lines.append(text.rstrip("\n")))  # fmt: skip
    interp.loop.advance = moves.append
    interp.run(source)
    interp.loop.run()
    return lines, moves


def test_async_functions_run_to_their_first_await_then_resume_from_the_job_queue() -> None:
    source = """
async function main() { console.log('start'); await null; console.log('end'); return 7 }
main().then(v => console.log('got', v));
console.log('after');
"""
    assert run(source) == (["start", "after", "end", "got 7"], [])


def test_queues_run_in_nodes_order() -> None:
    source = """
setTimeout(() => console.log('timeout'), 0);
setImmediate(() => console.log('immediate'));
Promise.resolve().then(() => console.log('promise'));
process.nextTick(() => console.log('nextTick'));
queueMicrotask(() => console.log('microtask'));
console.log('sync');
"""
    lines, _ = run(source)
    assert lines == ["sync", "nextTick", "promise", "microtask", "immediate", "timeout"]


def test_timers_fire_in_due_order_on_the_virtual_clock() -> None:
    source = """
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
(async () => { for (let i = 1; i <= 3; i++) { await sleep(1000); console.log('tick', i) } })();
setTimeout(() => console.log('half'), 1500);
let n = 0; const t = setInterval(() => { if (++n === 2) clearInterval(t) }, 400);
"""
    lines, moves = run(source)
    assert lines == ["tick 1", "half", "tick 2", "tick 3"]
    assert sum(moves) == pytest.approx(3.0)


def test_awaited_rejections_are_caught_and_finally_runs() -> None:
    source = """
async function load() { throw new TypeError('bad data') }
(async () => {
  try { await load() } catch (e) { console.log('caught', e.name, e.message) }
  finally { console.log('finally') }
  const results = await Promise.allSettled([Promise.resolve(1), Promise.reject(2)]);
  console.log(results);
  console.log(await Promise.all([1, Promise.resolve(2)]), await Promise.race([3, 4]));
})();
"""
    lines, _ = run(source)
    assert lines == [
        "caught TypeError bad data",
        "finally",
        "[\n  { status: 'fulfilled', value: 1 },\n  { status: 'rejected', reason: 2 }\n]",
        "[ 1, 2 ] 3",
    ]


def test_then_chains_pass_values_and_catch_errors() -> None:
    source = """
Promise.resolve(1)
  .then(v => v + 1)
  .then(v => { throw new Error('at ' + v) })
  .catch(e => e.message)
  .finally(() => console.log('done'))
  .then(v => console.log(v));
"""
    assert run(source)[0] == ["done", "at 2"]


def test_promise_state_shows_as_node_shows_it() -> None:
    interp = Interpreter({}, "20.19.2", ["node"], 1, "/", Heap(), lambda s, t: None)
    pending = interp.run("new Promise(() => {})")
    done = interp.run("Promise.resolve({ a: 1 })")
    assert (inspect(pending), inspect(done)) == ("Promise { <pending> }", "Promise { { a: 1 } }")


def test_an_unhandled_rejection_ends_the_program() -> None:
    with pytest.raises(Crash) as crashed:
        run("Promise.reject(new Error('nobody caught me')); setTimeout(() => {}, 1000)")
    assert "nobody caught me" in inspect(crashed.value.reason)


def test_a_rejection_handled_later_in_the_same_tick_is_not_a_crash() -> None:
    source = "const p = Promise.reject(1); p.catch(v => console.log('late', v))"
    assert run(source)[0] == ["late 1"]
