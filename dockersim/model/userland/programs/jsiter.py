"""Iterators of the node evaluator's built-ins: what a for-of loop, a spread or Array.from
goes through for a Map, a Set, a generator or one of their iterators (`map.entries()`,
`'ab'.matchAll(re)`), and the iterator objects with their `next()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import UNDEFINED, JSFunction, JSObject

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter


class HostIterable:
    """What a built-in object keeps inside when a for-of loop can go through it."""

    def values(self) -> Iterator[Any]:
        raise NotImplementedError


class HostIterator(HostIterable):
    """An iterator over values made as they are asked for (`next()`, or a loop)."""

    __slots__ = ("source", "tag")

    def __init__(self, source: Iterator[Any], tag: str) -> None:
        self.source = source
        #: how inspect names it (`[Map Entries]`, `[RegExp String Iterator]`)
        self.tag = tag

    def values(self) -> Iterator[Any]:
        return self.source

    def step(self) -> tuple[Any, bool]:
        """The next value, and whether it is done."""
        for value in self.source:
            return value, False
        return UNDEFINED, True


def iterate_host(value: JSObject) -> list[Any] | None:
    """A for-of loop's values for a built-in's iterable object, or None for other objects."""
    inner = value.internal
    if isinstance(inner, HostIterable):
        return list(inner.values())
    return None


def result(value: Any, done: bool) -> JSObject:
    """An iterator result `{ value, done }`."""
    return JSObject({"value": value, "done": done})


def make_iterator(realm: Interpreter, source: Iterator[Any], tag: str) -> JSObject:
    """An iterator object over `source` (its prototype holds `next`)."""
    proto = realm.protos.get("%Iterator%")
    if proto is None:

        def next_(this: Any, args: list[Any]) -> Any:
            if not (isinstance(this, JSObject) and isinstance(this.internal, HostIterator)):
                return result(UNDEFINED, True)
            return result(*this.internal.step())

        proto = JSObject({"next": JSFunction("next", method=next_)}, cls="<prototype>")
        realm.protos["%Iterator%"] = proto
    return JSObject({}, proto=proto, cls="Object", internal=HostIterator(source, tag))


def lazy(make: Callable[[], Iterator[Any]]) -> Iterator[Any]:
    """An iterator that calls `make` only when first asked."""
    yield from make()
