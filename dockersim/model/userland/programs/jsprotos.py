"""The built-in prototypes of a realm as a script sees them (jseval's property reads).

Each realm has its own `Object.prototype`, `Array.prototype`, `String.prototype`,
`Number.prototype` and `Boolean.prototype` (JSObjects in `realm.protos`). Their built-in
members live in jsmethods' tables, not in the objects, so a property read goes: the value's
own properties, then what a script put on its prototype (which wins over a built-in member:
`Array.prototype.push = f` replaces push), then the built-in member, then what a script put
on Object.prototype, then jsprops (`undefined`, or not simulated for a real member). Every
built-in member is not enumerable (`hidden`), what a script adds is.

A built-in method read from a value is a function that uses the `this` it is called with, so
`Array.prototype.slice.call(arguments, 1)` and `Object.prototype.hasOwnProperty.call(o, k)`
work; called on a value of another kind it says so as V8 does, or that it is not simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jshost import (
    ARRAY_METHODS,
    NUMBER_METHODS,
    OBJECT_METHODS,
    STRING_METHODS,
)
from dockersim.model.userland.programs.jsmethods import Method, method_table
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    UNDEFINED,
    ExtraArray,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    Unsupported,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

#: the `cls` of an object made with a null prototype (`Object.create(null)`), as inspect
#: shows it: it inherits nothing, not even from Object.prototype
NULL_PROTO = "[Object: null prototype]"
#: the kind of value whose methods jsmethods has, by Python type
_KIND = {JSArray: "array", ExtraArray: "array", str: "string", float: "number"}
#: a value of each kind whose methods a prototype has (to look them up)
_SAMPLE: dict[str, Any] = {"array": JSArray([]), "string": "", "number": 0.0, "object": JSObject()}
_OWNER = {"array": "Array", "string": "String", "number": "Number", "function": "Function",
          "object": "Object"}  # fmt: skip
#: the members each built-in prototype has in node (not enumerable, even once a script
#: assigns to them)
_MEMBERS = {
    "Object": OBJECT_METHODS,
    "Array": ARRAY_METHODS | {"length"},
    "String": STRING_METHODS | {"length"},
    "Number": NUMBER_METHODS,
    "Boolean": OBJECT_METHODS,
}


def install_protos(realm: Interpreter) -> None:
    """Give String, Number and Boolean their prototypes, each built-in prototype its
    `constructor`, and make every built-in member not enumerable. Run once the realm's
    built-ins are all made."""
    b = realm.builtins
    realm.protos["Array"] = b["Array"].props["prototype"]
    for name in ("String", "Number", "Boolean"):
        realm.protos[name] = b[name].props["prototype"] = JSObject({}, cls="<prototype>")
    for name in ("Object", "Array", "String", "Number", "Boolean"):
        realm.protos[name].props.setdefault("constructor", b[name])
    for name, proto in realm.protos.items():
        proto.hidden = frozenset(proto.props) | _MEMBERS.get(name, frozenset())
    protos = realm.protos
    realm.primitive_protos = {
        JSArray: protos["Array"], ExtraArray: protos["Array"], str: protos["String"],
        float: protos["Number"], bool: protos["Boolean"],
    }  # fmt: skip
    realm.proto_kinds = {id(protos[_OWNER[kind]]): kind for kind in ("array", "string",
                         "number", "object")}  # fmt: skip


#: the members the language's own conversions call (String(x), `${x}`, x + 1): they do not
#: look at what a script put on a built-in prototype, so replacing them is not simulated
CONVERSIONS = frozenset(["toString", "valueOf", "join"])


def guard_conversion(realm: Interpreter, proto: JSObject, key: str) -> None:
    """Replacing Object.prototype.toString (or valueOf, or Array.prototype.join) is not
    simulated: conversions would not see it."""
    kind = realm.proto_kinds.get(id(proto))
    if kind == "array" or (kind == "object" and key != "join"):
        raise Unsupported(f"changing {_OWNER[kind]}.prototype.{key}")


def builtin_method(realm: Interpreter, target: Any, key: str) -> Any:
    """The built-in method `key` of a value (bound to it when the host calls it, using the
    `this` a script calls it with), a property built-ins compute, or None."""
    kind = _KIND.get(type(target))
    if kind is None:
        if isinstance(target, JSFunction):
            if key == "name":
                return target.name
            if key == "length":
                node = getattr(target, "node", None)
                params = [p for p in node.b if p.kind == "name"] if node is not None else []
                return float(len(params))
            kind = "function"
        elif isinstance(target, JSObject) and not target.tag:
            kind = "object"
        else:
            return None
    entries = realm.unbound.get(kind)
    if entries is None:
        entries = realm.unbound[kind] = {}
    entry = entries.get(key)
    if entry is None:
        found = method_table(realm, kind).get(key)
        if found is None:
            return None
        entry = entries[key] = (found, _checked(kind, key, found))
    method, unbound = entry
    return JSFunction(key, lambda args: method(target, args), method=unbound.method)


def prototype_member(realm: Interpreter, proto: JSObject, key: str) -> Any:
    """`Array.prototype.map` and the like: a built-in method read from its prototype (it
    uses the `this` it is called with), or None."""
    kind = realm.proto_kinds.get(id(proto))
    if kind is None or key == "name":
        return None
    if key == "length":  # Array.prototype is an array, String.prototype a String: empty
        return 0.0 if kind in ("array", "string") else None
    found = builtin_method(realm, _SAMPLE[kind], key)
    return None if found is None else realm.unbound[kind][key][1]


def _checked(kind: str, key: str, found: Method) -> JSFunction:
    """The unbound method: it checks its `this` is a value of its kind."""
    owner = f"{_OWNER[kind]}.prototype.{key}"

    def call(this: Any, args: list[Any]) -> Any:
        if _fits(kind, this):
            return found(this, args)
        if kind == "number":
            raise JSThrow("TypeError", f"{owner} requires that 'this' be a Number")
        if this is UNDEFINED or this is NULL:
            if kind == "object":
                raise JSThrow("TypeError", "Cannot convert undefined or null to object")
            if kind in ("array", "string"):
                raise JSThrow("TypeError", f"{owner} called on null or undefined")
        raise Unsupported(f"{owner} called on {_article(this)}")

    return JSFunction(key, method=call)


def _fits(kind: str, this: Any) -> bool:
    if kind == "array":
        return isinstance(this, JSArray)
    if kind == "string":
        return isinstance(this, str)
    if kind == "number":
        return isinstance(this, float) and not isinstance(this, bool)
    if kind == "function":
        return isinstance(this, JSFunction)
    return isinstance(this, JSObject) and not this.tag


def _article(value: Any) -> str:
    """What a method was called on, in words."""
    if isinstance(value, JSArray):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, JSFunction):
        return "a function"
    if value is UNDEFINED or value is NULL:
        return repr(value)
    return "an object"


def function_keys(fn: JSFunction) -> list[str]:
    """A function's own enumerable keys: what a script put on it (not `prototype`, nor a
    class's static methods; a built-in function's members are not enumerable)."""
    if type(fn) is JSFunction:
        return []
    return [k for k, v in fn.props.items()
            if k != "prototype" and "method" not in getattr(v, "flags", ())]  # fmt: skip


def inherited_keys(realm: Interpreter, target: Any) -> list[str]:
    """The enumerable keys a value inherits from the built-in prototypes (for-in)."""
    if isinstance(target, JSObject):
        obj = target
        while obj.proto is not None:
            obj = obj.proto
        return [] if obj.cls == NULL_PROTO else realm.protos["Object"].ordered_keys()
    proto = realm.primitive_protos.get(type(target))
    base = realm.protos["Object"]
    out = proto.ordered_keys() if proto is not None else []
    return out + [k for k in base.ordered_keys() if k not in out]


def has_inherited(realm: Interpreter, target: Any, key: str) -> bool:
    """Whether a value has `key` from the built-in prototypes (the `in` operator)."""
    base = realm.protos["Object"]
    if key in base.props or key in OBJECT_METHODS:
        if isinstance(target, JSObject):
            obj = target
            while obj.proto is not None:
                obj = obj.proto
            return obj.cls != NULL_PROTO
        return True
    if isinstance(target, JSArray):
        return key in realm.protos["Array"].props or key in ARRAY_METHODS
    if isinstance(target, JSFunction):
        return key in ("call", "apply", "bind", "name", "length")
    return False
