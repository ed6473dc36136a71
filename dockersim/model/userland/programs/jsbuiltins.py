"""The node evaluator's built-in constructors and namespaces: Object, Array, JSON, the Error
types, Promise, the timers, `globalThis` and `process.nextTick`/`process.on`.

Errors are objects whose prototype chain reaches `Error.prototype`; their `stack` is made
when they are read (V8 formats it lazily: a `name` set after the constructor shows), from
the frames of the JavaScript stack when the error was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsasync import PromiseState, Timer, is_promise
from dockersim.model.userland.programs.jsfunc import Accessor
from dockersim.model.userland.programs.jsjson import json_parse, json_stringify
from dockersim.model.userland.programs.jsvalues import (
    HOLE,
    NULL,
    UNDEFINED,
    ErrorInfo,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
    to_number,
    to_string,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

ERROR_TYPES = ("Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError",
               "EvalError", "URIError")  # fmt: skip


#: V8's Error.stackTraceLimit: the frames a stack shows
STACK_TRACE_LIMIT = 10


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def error_header(realm: Interpreter, error: JSObject) -> str:
    name = to_string(realm.get(error, "name", 0))
    message = to_string(realm.get(error, "message", 0))
    return f"{name}: {message}" if message else name


def error_stack(realm: Interpreter, error: JSObject) -> str:
    frames = error.internal.frames if isinstance(error.internal, ErrorInfo) else ""
    return error_header(realm, error) + frames


def new_error(realm: Interpreter, name: str, message: str) -> JSObject:
    proto = realm.protos.get(name) or realm.protos["Error"]
    error = JSObject({}, proto=proto, cls=name, internal=ErrorInfo(realm.stack_text()))
    error.props["message"] = message
    return error


def frames_text(realm: Interpreter) -> str:
    """`\\n    at NAME (FILE:LINE:COLUMN)` for each frame, innermost first, and the frames
    node's own code adds below the script's."""
    lines = []
    for frame in reversed(realm.frames[-10:]):
        file, text = frame.module
        line = text.count("\n", 0, frame.at) + 1
        column = frame.at - (text.rfind("\n", 0, frame.at) + 1) + 1
        where = f"{file}:{line}:{column}"
        name = frame.name or ("" if file == "[eval]" else "Object.<anonymous>")
        lines.append(f"\n    at {name} ({where})" if name else f"\n    at {where}")
        if not frame.name:
            lines += ["\n" + line for line in realm.stack_tail.split("\n") if line]
            break
    return "".join(lines[:STACK_TRACE_LIMIT])


def _ctor(realm: Interpreter, name: str, proto: JSObject, init: Any) -> JSFunction:
    fn = JSFunction(name, method=init, props={"prototype": proto})
    proto.props["constructor"] = fn
    return fn


def install(realm: Interpreter) -> None:
    """Put the built-ins into a realm's globals."""
    b = realm.builtins
    loop = realm.loop
    realm.stack_tail = ""
    object_proto = JSObject({}, cls="<prototype>")
    realm.protos["Object"] = object_proto

    # --- errors --------------------------------------------------------------------------
    def error_ctor(name: str) -> Any:
        def init(this: Any, args: list[Any]) -> Any:
            if not (isinstance(this, JSObject) and this.cls):
                this = JSObject({}, proto=realm.protos[name], cls=name)
            this.internal = ErrorInfo(realm.stack_text())
            message = _arg(args, 0)
            if message is not UNDEFINED:
                this.props["message"] = to_string(message)
            options = _arg(args, 1)
            if isinstance(options, JSObject) and "cause" in options.props:
                this.props["cause"] = options.props["cause"]
            return this

        return init

    base_proto = JSObject({"name": "Error", "message": ""}, cls="<prototype>")
    realm.protos["Error"] = base_proto
    for name in ERROR_TYPES:
        proto = base_proto if name == "Error" else JSObject(
            {"name": name, "message": ""}, proto=base_proto, cls="<prototype>")  # fmt: skip
        realm.protos[name] = proto
        b[name] = _ctor(realm, name, proto, error_ctor(name))
    base_proto.props["toString"] = JSFunction(
        "toString", method=lambda this, args: error_header(realm, this)
    )
    base_proto.props["stack"] = Accessor(JSFunction(
        "stack", method=lambda this, args: error_stack(realm, this)))  # fmt: skip

    # --- Object, Array, JSON -------------------------------------------------------------
    def keys_of(value: Any) -> list[str]:
        if isinstance(value, JSArray):
            return [str(i) for i, v in enumerate(value.items) if v is not HOLE]
        if isinstance(value, str):
            return [str(i) for i in range(len(value))]
        if isinstance(value, JSObject):
            hidden = ("message", "stack") if isinstance(value.internal, ErrorInfo) else ()
            return [k for k in value.ordered_keys() if k not in hidden]
        if isinstance(value, JSFunction):
            from dockersim.model.userland.programs.jsprotos import function_keys

            return function_keys(value)
        if value is UNDEFINED or value is NULL:
            raise JSThrow("TypeError", "Cannot convert undefined or null to object")
        return []

    def assign(args: list[Any]) -> Any:
        target = _arg(args, 0)
        for source in args[1:]:
            for key in keys_of(source) if source not in (UNDEFINED, NULL) else []:
                realm.put(target, key, realm.get(source, key, 0), 0)
        return target

    def create(args: list[Any]) -> Any:
        proto = _arg(args, 0)
        if proto is NULL:
            return JSObject({}, cls="[Object: null prototype]")
        if not isinstance(proto, JSObject | JSArray | JSFunction):
            raise JSThrow("TypeError", f"Object prototype may only be an Object or null: "
                          f"{to_string(proto)}")  # fmt: skip
        if not isinstance(proto, JSObject):
            raise Unsupported("Object.create with an array or a function as the prototype")
        return JSObject({}, proto=proto)

    def from_entries(args: list[Any]) -> Any:
        out = JSObject()
        for pair in realm.iterate(_arg(args, 0), 0):
            out.props[to_string(realm.get(pair, "0", 0))] = realm.get(pair, "1", 0)
        return out

    def prototype_of(value: Any) -> Any:
        if isinstance(value, JSObject):
            if value.cls == "[Object: null prototype]" or value is object_proto:
                return NULL
            return value.proto or object_proto
        if value is UNDEFINED or value is NULL:
            raise JSThrow("TypeError", "Cannot convert undefined or null to object")
        if isinstance(value, JSFunction):
            raise Unsupported("Function.prototype")
        return realm.primitive_protos.get(type(value), object_proto)

    b["Object"] = JSFunction("Object", lambda args: args[0] if args and isinstance(
        args[0], JSObject | JSArray | JSFunction) else JSObject(), props={
        "prototype": object_proto,
        "keys": JSFunction("keys", lambda args: JSArray(keys_of(_arg(args, 0)))),
        "values": JSFunction("values", lambda args: JSArray(
            [realm.get(_arg(args, 0), k, 0) for k in keys_of(_arg(args, 0))])),
        "entries": JSFunction("entries", lambda args: JSArray(
            [JSArray([k, realm.get(_arg(args, 0), k, 0)]) for k in keys_of(_arg(args, 0))])),
        "assign": JSFunction("assign", assign),
        "create": JSFunction("create", create),
        "fromEntries": JSFunction("fromEntries", from_entries),
        "getPrototypeOf": JSFunction("getPrototypeOf", lambda args: prototype_of(_arg(args, 0))),
    })  # fmt: skip

    def array_from(args: list[Any]) -> Any:
        source, fn = _arg(args, 0), _arg(args, 1)
        if isinstance(source, JSObject) and "length" in source.props and source.internal is None:
            size = int(to_number(source.props["length"]))
            realm.grow(size)
            items = [realm.get(source, str(i), 0) for i in range(size)]
        else:
            items = realm.iterate(source, 0)
        if isinstance(fn, JSFunction):
            items = [realm.call_sync(fn, UNDEFINED, [v, float(i)]) for i, v in enumerate(items)]
        return JSArray(items)

    def array_ctor(args: list[Any]) -> Any:
        if len(args) == 1 and isinstance(args[0], float):
            size = args[0]
            if size < 0 or size != int(size) or size >= 2**32:
                raise JSThrow("RangeError", "Invalid array length")
            realm.grow(int(size))
            return JSArray([HOLE] * int(size))
        return JSArray(list(args))

    b["Array"] = JSFunction("Array", array_ctor, method=lambda this, args: array_ctor(args),
                            props={
        "prototype": JSObject({}, cls="<prototype>"),
        "isArray": JSFunction("isArray", lambda args: isinstance(_arg(args, 0), JSArray)
                             or _arg(args, 0) is realm.protos["Array"]),
        "from": JSFunction("from", array_from),
        "of": JSFunction("of", lambda args: JSArray(list(args))),
    })  # fmt: skip
    b["JSON"] = JSObject({
        "parse": JSFunction("parse", lambda args: json_parse(realm, to_string(_arg(args, 0)))),
        "stringify": JSFunction("stringify", lambda args: json_stringify(
            realm, _arg(args, 0), _arg(args, 1), _arg(args, 2))),
    }, tag="JSON", known=frozenset(["rawJSON", "isRawJSON"]))  # fmt: skip
    b["globalThis"] = b["global"] = JSObject({}, tag="global", opaque=True)

    # --- promises and timers -------------------------------------------------------------
    promise_proto = JSObject({}, cls="<prototype>")
    realm.protos["Promise"] = promise_proto

    def promise_init(this: Any, args: list[Any]) -> Any:
        executor = _arg(args, 0)
        if not isinstance(this, JSObject) or not this.cls:
            raise JSThrow("TypeError", "Promise constructor cannot be invoked without 'new'")
        if not isinstance(executor, JSFunction):
            raise JSThrow("TypeError", f"Promise resolver {realm.shown(executor)} is not a "
                          "function")  # fmt: skip
        this.internal = PromiseState()
        resolve = JSFunction("", lambda a: loop.resolve(this, _arg(a, 0)))
        reject = JSFunction("", lambda a: loop.settle(this, "rejected", _arg(a, 0)))
        try:
            realm.call_sync(executor, UNDEFINED, [resolve, reject])
        except (JSThrow, RecursionError) as exc:
            loop.settle(this, "rejected", realm.thrown_value(exc))
        return this

    def rejected(args: list[Any]) -> Any:
        promise = loop.new_promise()
        loop.settle(promise, "rejected", _arg(args, 0))
        return promise

    def combine(kind: str) -> Any:
        def run(args: list[Any]) -> Any:
            items = [loop.to_promise(v) for v in realm.iterate(_arg(args, 0), 0)]
            out = loop.new_promise()
            results: list[Any] = [UNDEFINED] * len(items)
            left = [len(items)]
            if not items and kind != "race":
                loop.resolve(out, JSArray([]))

            def settled(i: int, value: Any, ok: bool) -> None:
                if kind == "race":
                    loop.resolve(out, value) if ok else loop.settle(out, "rejected", value)
                    return
                if kind == "all" and not ok:
                    loop.settle(out, "rejected", value)
                    return
                if kind == "allSettled":
                    value = JSObject({"status": "fulfilled", "value": value} if ok else
                                     {"status": "rejected", "reason": value})  # fmt: skip
                results[i] = value
                left[0] -= 1
                if left[0] == 0:
                    loop.resolve(out, JSArray(results))

            for i, promise in enumerate(items):
                ok, bad = _settler(settled, i)
                loop.then(promise, ok, bad)
            return out

        return run

    b["Promise"] = _ctor(realm, "Promise", promise_proto, promise_init)
    b["Promise"].props.update(
        resolve=JSFunction("resolve", lambda args: loop.to_promise(_arg(args, 0))),
        reject=JSFunction("reject", rejected),
        all=JSFunction("all", combine("all")),
        allSettled=JSFunction("allSettled", combine("allSettled")),
        race=JSFunction("race", combine("race")),
    )

    def promise_method(name: str, fn: Any) -> None:
        def method(this: Any, args: list[Any]) -> Any:
            if not is_promise(this):
                raise JSThrow("TypeError", f"Method Promise.prototype.{name} called on "
                              "incompatible receiver " + realm.shown(this))  # fmt: skip
            return fn(this, args)

        promise_proto.props[name] = JSFunction(name, method=method)

    promise_method("then", lambda this, a: loop.chain(this, _arg(a, 0), _arg(a, 1)))
    promise_method("catch", lambda this, a: loop.chain(this, UNDEFINED, _arg(a, 0)))

    def finally_(this: Any, args: list[Any]) -> Any:
        fn = _arg(args, 0)

        def after(ok: bool) -> JSFunction:
            def run(a: list[Any]) -> Any:
                if isinstance(fn, JSFunction):
                    realm.call_sync(fn, UNDEFINED, [])
                if not ok:
                    raise JSThrow("", "", None, _arg(a, 0))
                return _arg(a, 0)

            return JSFunction("", run)

        return loop.chain(this, after(True), after(False))

    promise_method("finally", finally_)

    timeout_proto = JSObject({}, cls="<prototype>")
    for name, on in (("ref", True), ("unref", False)):

        def ref(this: Any, args: list[Any], on: bool = on) -> Any:
            if isinstance(this, JSObject) and isinstance(this.internal, Timer):
                this.internal.ref = on
            return this

        timeout_proto.props[name] = JSFunction(name, method=ref)

    def timer(kind: str) -> JSFunction:
        def start(args: list[Any]) -> Any:
            callback = _arg(args, 0)
            if not isinstance(callback, JSFunction):
                raise JSThrow("TypeError", 'The "callback" argument must be of type function.'
                              f" Received {_received(callback)}")  # fmt: skip
            if kind == "setImmediate":
                made = loop.immediate(callback, list(args[1:]))
                return JSObject({}, proto=timeout_proto, cls="Immediate", internal=made)
            made = loop.add_timer(callback, list(args[2:]), _arg(args, 1),
                                  kind == "setInterval")  # fmt: skip
            return JSObject({}, proto=timeout_proto, cls="Timeout", internal=made)

        return JSFunction(kind, start)

    def clear(args: list[Any]) -> Any:
        handle = _arg(args, 0)
        if isinstance(handle, JSObject) and isinstance(handle.internal, Timer):
            handle.internal.active = False
        return UNDEFINED

    for name in ("setTimeout", "setInterval", "setImmediate"):
        b[name] = timer(name)
    for name in ("clearTimeout", "clearInterval", "clearImmediate"):
        b[name] = JSFunction(name, clear)
    b["queueMicrotask"] = JSFunction("queueMicrotask", lambda args: loop.jobs.append(
        lambda: realm.call_sync(args[0], UNDEFINED, [])))  # fmt: skip
    process = b["process"]
    process.props["nextTick"] = JSFunction(
        "nextTick", lambda args: loop.ticks.append((_arg(args, 0), list(args[1:])))
    )
    from dockersim.model.userland.programs.jsevents import emitter_methods

    process.props.update(emitter_methods(realm, process))
    install_more(realm)
    from dockersim.model.userland.programs.jsprotos import install_protos

    install_protos(realm)


def install_more(realm: Interpreter) -> None:
    """RegExp (jsregexp), Date (jsdate), Map, Set, WeakMap and WeakSet (jscollections)."""
    from dockersim.model.userland.programs.jscollections import install_collections
    from dockersim.model.userland.programs.jsdatemethods import install_date
    from dockersim.model.userland.programs.jsregexp import install_regexp

    install_regexp(realm)
    install_date(realm)
    install_collections(realm)


def _settler(settled: Any, i: int) -> tuple[Any, Any]:
    """The two reactions for the i-th promise of Promise.all and its kin."""
    return (lambda v: settled(i, v, True)), (lambda e: settled(i, e, False))


def _received(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if value is NULL:
        return "null"
    if isinstance(value, str):
        return f"type string ('{value}')"
    if isinstance(value, float):
        from dockersim.model.userland.programs.jsvalues import number_text

        return f"type number ({number_text(value)})"
    return "an instance of Object"
