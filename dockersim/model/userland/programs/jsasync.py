"""Promises, async functions and node's event loop for the node evaluator, on the virtual clock.

The loop keeps node's order: after the script and after each callback, every
`process.nextTick` callback, then every promise job (V8's microtasks), until both are empty;
then `setImmediate` callbacks, then the timer due first (the clock moves to it). A promise
rejected with no handler once the jobs are done ends the process as node 15+ does. The loop
ends when nothing is left; a listening server (`hold`) keeps the process alive (`blocked`).
An async function's body is a generator (jsexpr): it runs until its first `await`, and each
settled promise it waits on resumes it from a job.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSFunction,
    JSObject,
    JSThrow,
    to_number,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter
    from dockersim.model.userland.programs.jsfunc import JSClosure

#: node's longest timer delay (a longer one, or a bad one, is 1 ms)
MAX_DELAY = 2**31 - 1


class PromiseState:
    """What a promise holds: pending, fulfilled or rejected; its value; who waits on it."""

    __slots__ = ("handled", "reactions", "state", "value")

    def __init__(self) -> None:
        self.state = "pending"
        self.value: Any = UNDEFINED
        self.reactions: list[tuple[Callable[[Any], None], Callable[[Any], None]]] = []
        self.handled = False


class Timer:
    __slots__ = ("active", "args", "callback", "due", "interval", "ms", "ref")

    def __init__(self, callback: Any, args: list[Any], ms: float, interval: bool) -> None:
        self.callback = callback
        self.args = args
        self.ms = ms
        self.interval = interval
        self.active = True
        self.due = 0.0
        self.ref = True


class Crash(Exception):
    """A promise rejected with no handler: node ends with it (the reason)."""

    def __init__(self, reason: Any) -> None:
        super().__init__("unhandled rejection")
        self.reason = reason


class Loop:
    """One realm's job queues, timers and clock (milliseconds since the program started)."""

    def __init__(self, realm: Interpreter) -> None:
        self.realm = realm
        self.ticks: deque[tuple[Any, list[Any]]] = deque()
        self.jobs: deque[Callable[[], None]] = deque()
        self.immediates: deque[Timer] = deque()
        self.timers: list[tuple[float, int, Timer]] = []
        self.seq = 0
        self.now = 0.0
        #: what keeps the process alive besides timers (a listening server)
        self.holds = 0
        #: the http servers listening (jshttp.Listening)
        self.servers: list[Any] = []
        self.unhandled: list[JSObject] = []
        #: moves the process's clock (seconds), set by the program
        self.advance: Callable[[float], None] = lambda seconds: None
        #: told before each timer or immediate callback runs (the program counts its steps)
        self.callback_started: Callable[[], None] = lambda: None

    # --- promises ----------------------------------------------------------------------------
    def new_promise(self) -> JSObject:
        return JSObject({}, proto=self.realm.protos.get("Promise"), cls="Promise",
                        internal=PromiseState())  # fmt: skip

    def settle(self, promise: JSObject, state: str, value: Any) -> None:
        inner = promise.internal
        if inner.state != "pending":
            return
        inner.state, inner.value = state, value
        reactions, inner.reactions = inner.reactions, []
        if state == "rejected" and not inner.handled:
            self.unhandled.append(promise)
        for on_ok, on_err in reactions:
            self.jobs.append(_job(on_ok if state == "fulfilled" else on_err, value))

    def resolve(self, promise: JSObject, value: Any) -> None:
        """Resolve with a value: a thenable is followed (a job later)."""
        if value is promise:
            error = self.realm.make_error("TypeError", "Chaining cycle detected for promise "
                                          "#<Promise>")  # fmt: skip
            self.settle(promise, "rejected", error)
            return
        if is_promise(value):
            self.jobs.append(
                lambda: self.then(
                    value,
                    lambda v: self.resolve(promise, v),
                    lambda e: self.settle(promise, "rejected", e),
                )
            )
            return
        if isinstance(value, JSObject) and not value.tag:
            then = self.realm.get(value, "then", 0)
            if isinstance(then, JSFunction):

                def follow() -> None:
                    ok = JSFunction("", lambda a: self.resolve(promise, a[0] if a else UNDEFINED))
                    bad = JSFunction(
                        "", lambda a: self.settle(promise, "rejected", a[0] if a else UNDEFINED)
                    )
                    try:
                        self.realm.call_sync(then, value, [ok, bad])
                    except (JSThrow, RecursionError) as exc:
                        self.settle(promise, "rejected", self.realm.thrown_value(exc))

                self.jobs.append(follow)
                return
        self.settle(promise, "fulfilled", value)

    def then(self, promise: JSObject, on_ok: Callable[[Any], None],
             on_err: Callable[[Any], None]) -> None:  # fmt: skip
        """Wait on a promise from the host."""
        inner = promise.internal
        if not inner.handled:
            inner.handled = True
            if promise in self.unhandled:
                self.unhandled.remove(promise)
        if inner.state == "pending":
            inner.reactions.append((on_ok, on_err))
        else:
            react = on_ok if inner.state == "fulfilled" else on_err
            value = inner.value
            self.jobs.append(lambda: react(value))

    def chain(self, promise: JSObject, on_ok: Any, on_err: Any) -> JSObject:
        """promise.then(onFulfilled, onRejected): the new promise."""
        out = self.new_promise()

        def reaction(handler: Any, state: str) -> Callable[[Any], None]:
            def run(value: Any) -> None:
                if not isinstance(handler, JSFunction):
                    if state == "fulfilled":
                        self.resolve(out, value)
                    else:
                        self.settle(out, "rejected", value)
                    return
                try:
                    self.resolve(out, self.realm.call_sync(handler, UNDEFINED, [value]))
                except (JSThrow, RecursionError) as exc:
                    self.settle(out, "rejected", self.realm.thrown_value(exc))

            return run

        self.then(promise, reaction(on_ok, "fulfilled"), reaction(on_err, "rejected"))
        return out

    def to_promise(self, value: Any) -> JSObject:
        if is_promise(value):
            return value  # type: ignore[no-any-return]
        promise = self.new_promise()
        self.resolve(promise, value)
        return promise

    # --- async functions ---------------------------------------------------------------------
    def start_async(self, fn: JSClosure, this: Any, args: list[Any]) -> JSObject:
        promise = self.new_promise()
        gen = self.realm.call_body(fn, this, args, tracked=False)
        self.step(fn, this, gen, promise, None, False)
        return promise

    def step(self, fn: JSClosure, this: Any, gen: Generator[Any, Any, Any], promise: JSObject,
             value: Any, failed: bool) -> None:  # fmt: skip
        realm = self.realm
        realm.enter(fn, this)
        try:
            if failed:
                awaited = gen.throw(JSThrow("", "", None, value))
            else:
                awaited = gen.send(value)
        except StopIteration as stop:
            self.resolve(promise, stop.value)
            return
        except (JSThrow, RecursionError) as exc:
            self.settle(promise, "rejected", realm.thrown_value(exc))
            return
        finally:
            realm.leave()
        self.then(self.to_promise(awaited),
                  lambda v: self.step(fn, this, gen, promise, v, False),
                  lambda e: self.step(fn, this, gen, promise, e, True))  # fmt: skip

    # --- timers ------------------------------------------------------------------------------
    def add_timer(self, callback: Any, args: list[Any], delay: Any, interval: bool) -> Timer:
        ms = to_number(delay) if delay is not UNDEFINED else 1.0
        if not (1 <= ms <= MAX_DELAY):  # node: NaN, below 1 or too long is 1 ms
            ms = 1.0
        timer = Timer(callback, args, float(int(ms)), interval)
        self.schedule(timer)
        return timer

    def schedule(self, timer: Timer) -> None:
        timer.due = self.now + timer.ms
        self.seq += 1
        heapq.heappush(self.timers, (timer.due, self.seq, timer))

    def immediate(self, callback: Any, args: list[Any]) -> Timer:
        timer = Timer(callback, args, 0.0, False)
        self.immediates.append(timer)
        return timer

    # --- running -----------------------------------------------------------------------------
    def microtasks(self) -> None:
        """process.nextTick callbacks, then promise jobs, until both are empty; then an
        unhandled rejection ends the process (Crash)."""
        realm = self.realm
        while self.ticks or self.jobs:
            while self.ticks:
                callback, args = self.ticks.popleft()
                realm.call_sync(callback, UNDEFINED, args)
            while self.jobs and not self.ticks:
                self.jobs.popleft()()
        if self.unhandled:
            promise = self.unhandled.pop(0)
            self.unhandled.clear()
            raise Crash(promise.internal.value)

    def alive(self) -> bool:
        return bool(self.immediates) or any(t.active and t.ref for _, _, t in self.timers)

    def run(self, until: float | None = None) -> bool:
        """Run callbacks until nothing is left (False) or only a hold keeps the process
        alive (True); with `until` (ms on the loop's clock), no timer due after it runs
        (True: the process lives on to then)."""
        realm = self.realm
        self.microtasks()
        while True:
            if self.immediates:
                batch, self.immediates = self.immediates, deque()
                for timer in batch:
                    if timer.active:
                        self.callback_started()
                        realm.call_sync(timer.callback, UNDEFINED, timer.args)
                        self.microtasks()
                continue
            while self.timers and not self.timers[0][2].active:
                heapq.heappop(self.timers)
            if not self.timers or not any(t.ref and t.active for _, _, t in self.timers):
                return self.holds > 0
            if until is not None and self.timers[0][0] > until:
                self.now = max(self.now, until)
                return True
            due, _, timer = heapq.heappop(self.timers)
            if due > self.now:
                self.advance((due - self.now) / 1000)
                self.now = due
            realm.tick()
            self.callback_started()
            if timer.interval:
                self.schedule(timer)
            else:
                timer.active = False
            realm.call_sync(timer.callback, UNDEFINED, timer.args)
            self.microtasks()


def _job(react: Callable[[Any], None], value: Any) -> Callable[[], None]:
    return lambda: react(value)


def is_promise(value: Any) -> bool:
    return isinstance(value, JSObject) and isinstance(value.internal, PromiseState)
