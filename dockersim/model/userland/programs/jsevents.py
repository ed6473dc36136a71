"""node's `events` module for the node evaluator: EventEmitter, and the same methods on
`process` (`process.on('SIGTERM', ...)`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    to_string,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter


def listeners(target: Any) -> dict[str, list[tuple[Any, bool]]]:
    """An emitter's listeners by event: (function, once)."""
    if isinstance(target, JSObject):
        if not isinstance(target.internal, dict):
            target.internal = {}
        return target.internal
    return {}


def emit(realm: Interpreter, target: Any, event: str, args: list[Any]) -> bool:
    table = listeners(target)
    found = list(table.get(event, []))
    if event == "error" and not found:
        error = args[0] if args else UNDEFINED
        raise JSThrow("", "", None, error)
    for fn, once in found:
        if once and (fn, once) in table.get(event, []):
            table[event].remove((fn, once))
        realm.call_sync(fn, target, list(args))
    return bool(found)


def emitter_methods(realm: Interpreter, fixed: Any = None) -> dict[str, JSFunction]:
    """on/once/off/emit/... as methods (`fixed`: always on that object, for `process`)."""

    def add(once: bool, first: bool = False) -> Any:
        def method(this: Any, args: list[Any]) -> Any:
            target = fixed if fixed is not None else this
            event, fn = (
                to_string(args[0]) if args else "undefined",
                args[1] if len(args) > 1 else UNDEFINED,
            )
            if not isinstance(fn, JSFunction):
                raise JSThrow("TypeError", 'The "listener" argument must be of type function. '
                              f"Received {realm.shown(fn)}")  # fmt: skip
            table = listeners(target)
            if "newListener" in table:
                emit(realm, target, "newListener", [event, fn])
            entries = table.setdefault(event, [])
            entries.insert(0, (fn, once)) if first else entries.append((fn, once))
            return target

        return method

    def off(this: Any, args: list[Any]) -> Any:
        target = fixed if fixed is not None else this
        table = listeners(target)
        event = to_string(args[0]) if args else ""
        fn = args[1] if len(args) > 1 else UNDEFINED
        entries = table.get(event, [])
        for entry in reversed(entries):
            if entry[0] is fn:
                entries.remove(entry)
                break
        return target

    def remove_all(this: Any, args: list[Any]) -> Any:
        target = fixed if fixed is not None else this
        table = listeners(target)
        if args:
            table.pop(to_string(args[0]), None)
        else:
            table.clear()
        return target

    methods = {
        "on": add(False), "addListener": add(False), "once": add(True),
        "prependListener": add(False, True), "off": off, "removeListener": off,
        "removeAllListeners": remove_all,
        "emit": lambda this, args: emit(realm, fixed if fixed is not None else this,
                                        to_string(args[0]) if args else "undefined", args[1:]),
        "listenerCount": lambda this, args: float(len(listeners(
            fixed if fixed is not None else this).get(to_string(args[0]) if args else "", []))),
        "listeners": lambda this, args: JSArray([fn for fn, _ in listeners(
            fixed if fixed is not None else this).get(to_string(args[0]) if args else "", [])]),
        "eventNames": lambda this, args: JSArray([k for k, v in listeners(
            fixed if fixed is not None else this).items() if v]),
        "setMaxListeners": lambda this, args: fixed if fixed is not None else this,
    }  # fmt: skip
    return {name: JSFunction(name, method=fn) for name, fn in methods.items()}


def event_emitter(realm: Interpreter) -> JSFunction:
    """The EventEmitter class (`require('events')`)."""
    proto = JSObject(dict(emitter_methods(realm)), cls="<prototype>")

    def init(this: Any, args: list[Any]) -> Any:
        if isinstance(this, JSObject):
            this.internal = {}
            this.props.setdefault("_events", JSObject())
            del this.props["_events"]
        return this

    ctor = JSFunction("EventEmitter", method=init, props={"prototype": proto})
    proto.props["constructor"] = ctor
    ctor.props["EventEmitter"] = ctor
    ctor.props["defaultMaxListeners"] = 10.0
    return ctor
