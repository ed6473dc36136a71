"""Map, Set, WeakMap and WeakSet in the node evaluator (jsinspect shows them: `Map(2) { 'a'
=> 1 }`, `Set(1) { 1 }`, `[Map Entries] { [ 'a', 1 ] }`).

Keys are compared by SameValueZero (NaN is NaN, -0 is 0, objects by identity) and kept in
insertion order. A loop over a Map or Set sees what is added while it runs and skips what is
deleted before it is reached, as JavaScript's iterators do.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsfunc import Accessor
from dockersim.model.userland.programs.jsiter import HostIterable, make_iterator
from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter


def key_of(value: Any) -> Any:
    """A hashable stand-in for SameValueZero."""
    if isinstance(value, float):
        return ("n", "nan" if math.isnan(value) else value + 0.0)
    if isinstance(value, str | bool):
        return (type(value).__name__, value)
    return ("o", id(value))


class Collection(HostIterable):
    """A Map's or Set's entries: stand-in key -> (key, value), in insertion order; deleted
    entries leave a tombstone (None) so running iterators keep their place."""

    __slots__ = ("entries", "index", "kind", "live")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.entries: list[tuple[Any, Any] | None] = []
        self.index: dict[Any, int] = {}
        self.live = 0

    def get(self, key: Any) -> tuple[Any, Any] | None:
        at = self.index.get(key_of(key))
        return None if at is None else self.entries[at]

    def set(self, key: Any, value: Any) -> None:
        if isinstance(key, float) and key == 0:
            key = 0.0
        stand_in = key_of(key)
        at = self.index.get(stand_in)
        if at is not None:
            self.entries[at] = (self.entries[at] or (key, value))[0], value
            return
        self.index[stand_in] = len(self.entries)
        self.entries.append((key, value))
        self.live += 1

    def delete(self, key: Any) -> bool:
        at = self.index.pop(key_of(key), None)
        if at is None:
            return False
        self.entries[at] = None
        self.live -= 1
        return True

    def clear(self) -> None:
        self.entries[:] = [None] * len(self.entries)
        self.index.clear()
        self.live = 0

    def walk(self) -> Iterator[tuple[Any, Any]]:
        """The entries, seeing additions made while walking."""
        i = 0
        while i < len(self.entries):
            entry = self.entries[i]
            if entry is not None:
                yield entry
            i += 1

    def values(self) -> Iterator[Any]:
        if self.kind.endswith("Set"):
            return (k for k, _ in self.walk())
        return (JSArray([k, v]) for k, v in self.walk())


def _data(this: Any, kind: str, name: str) -> Collection:
    inner = this.internal if isinstance(this, JSObject) else None
    if isinstance(inner, Collection) and inner.kind == kind:
        return inner
    raise JSThrow("TypeError", f"Method {kind}.prototype.{name} called on incompatible receiver "
                  "[object Object]")  # fmt: skip


def install_collections(realm: Interpreter) -> None:
    """Map, Set, WeakMap and WeakSet in a realm."""
    for kind in ("Map", "Set", "WeakMap", "WeakSet"):
        _install(realm, kind)


def _install(realm: Interpreter, kind: str) -> None:
    proto = JSObject({}, cls="<prototype>")
    realm.protos[kind] = proto
    is_map = kind in ("Map", "WeakMap")
    weak = kind.startswith("Weak")

    def method(name: str, fn: Any) -> None:
        proto.props[name] = JSFunction(name, method=lambda this, args: fn(
            _data(this, kind, name), this, args))  # fmt: skip

    def arg(args: list[Any], i: int) -> Any:
        return args[i] if i < len(args) else UNDEFINED

    def check_weak(key: Any) -> None:
        if weak and not isinstance(key, JSObject | JSArray | JSFunction):
            where = "as weak map key" if is_map else "in weak set"
            raise JSThrow("TypeError", f"Invalid value used {where}")

    def add(data: Collection, this: Any, args: list[Any]) -> Any:
        check_weak(arg(args, 0))
        data.set(arg(args, 0), arg(args, 1) if is_map else arg(args, 0))
        return this

    def construct(this: Any, args: list[Any]) -> Any:
        if not (isinstance(this, JSObject) and this.cls):
            raise JSThrow("TypeError", f"Constructor {kind} requires 'new'")
        data = Collection(kind)
        this.internal = data
        source = arg(args, 0)
        if source is UNDEFINED or source is None:
            return this
        for item in realm.iterate(source, 0):
            if is_map:
                if not isinstance(item, JSObject | JSArray):
                    raise JSThrow("TypeError", f"Iterator value {realm.shown(item)} is not an "
                                  "entry object")  # fmt: skip
                key, value = realm.get(item, "0", 0), realm.get(item, "1", 0)
            else:
                key = value = item
            check_weak(key)
            data.set(key, value)
        return this

    method("has", lambda d, this, args: d.get(arg(args, 0)) is not None)
    method("delete", lambda d, this, args: d.delete(arg(args, 0)))
    if is_map:
        method("get", lambda d, this, args: (d.get(arg(args, 0)) or (None, UNDEFINED))[1])
        method("set", add)
    else:
        method("add", add)
    if not weak:
        method("clear", lambda d, this, args: (d.clear(), UNDEFINED)[1])

        def for_each(data: Collection, this: Any, args: list[Any]) -> Any:
            fn = arg(args, 0)
            if not isinstance(fn, JSFunction):
                raise JSThrow("TypeError", f"{realm.shown(fn)} is not a function")
            for key, value in data.walk():
                realm.call_sync(fn, arg(args, 1), [value, key, this])
            return UNDEFINED

        method("forEach", for_each)
        proto.props["size"] = Accessor(JSFunction("size", method=lambda this, args: float(
            _data(this, kind, "size").live)))  # fmt: skip

        def iterator(what: str) -> Any:
            def make(data: Collection, this: Any, args: list[Any]) -> Any:
                pairs = data.walk()
                if what == "keys" or (what == "values" and not is_map):
                    source: Iterator[Any] = (k for k, _ in pairs)
                elif what == "values":
                    source = (v for _, v in pairs)
                else:
                    source = (JSArray([k, v] if is_map else [k, k]) for k, v in pairs)
                tag = f"[{kind} Entries]" if what == "entries" else f"[{kind} Iterator]"
                return make_iterator(realm, Preview(data, what, source), tag)

            return make

        for what in ("keys", "values", "entries"):
            method(what, iterator(what))
    ctor = JSFunction(kind, lambda args: construct(UNDEFINED, args), method=construct,
                      props={"prototype": proto})  # fmt: skip
    proto.props["constructor"] = ctor
    realm.builtins[kind] = ctor


class Preview(Iterator[Any]):
    """An iterator of a Map or Set that inspect can show without moving it."""

    def __init__(self, data: Collection, what: str, source: Iterator[Any]) -> None:
        self.data = data
        self.what = what
        self.source = source
        self.taken = 0

    def __next__(self) -> Any:
        value = next(self.source)
        self.taken += 1
        return value

    def rest(self) -> list[Any]:
        pairs = list(self.data.walk())[self.taken :]
        if self.what == "entries":
            return [JSArray([k, v]) for k, v in pairs]
        return [v if self.what == "values" else k for k, v in pairs]
