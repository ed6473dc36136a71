"""How Python values stand in for Go values in templates, `fmt` printing and JSON.

| Python                          | Go                                                   |
|---------------------------------|------------------------------------------------------|
| ``None``                        | a nil ``interface{}`` (prints ``<nil>``, JSON null)  |
| ``str`` / ``int`` / ``float``   | ``string`` / ``int`` / ``float64``                   |
| ``bool``                        | ``bool``                                             |
| ``list`` / ``tuple``            | a slice: ``[]string`` if every item is a str, else   |
|                                 | ``[]interface {}``                                   |
| ``dict``                        | a map, keys sorted when printed or encoded:          |
|                                 | ``map[string]string`` if every value is a str, else  |
|                                 | ``map[string]interface {}``                          |
| ``NIL_SLICE`` / ``NIL_MAP``     | a typed nil slice / map (prints ``[]`` / ``map[]``,  |
|                                 | JSON ``null``)                                       |
| ``GoStruct``                    | a struct: fields in declaration order                |
| ``GoNil("*T")``                 | a typed nil pointer (prints ``<nil>``, JSON null)    |
| any other object                | a struct whose fields are its attributes (methods    |
|                                 | are called, as Go calls methods)                     |

The "all str" rule matters: Docker's typed structs hold ``[]string`` and ``map[string]string``
(so ``index .Config.Labels "missing"`` is ``""``), while a ``map[string]interface{}`` gives
``<no value>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Final


class _Missing:
    """Go's invalid ``reflect.Value``: a missing map key, printed ``<no value>``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()


class _NilSlice(tuple[object, ...]):
    """A typed nil slice (for example an image config without Entrypoint)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NIL_SLICE"


class _NilMap(Mapping[str, object]):
    """A typed nil map (for example a container without Labels)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> object:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "NIL_MAP"


NIL_SLICE: Final = _NilSlice()
NIL_MAP: Final = _NilMap()


class GoStruct(dict[str, object]):
    """A Go struct value: a dict whose keys are the field names in declaration order.

    ``go_type`` names the type in error messages (``"types.ContainerState"``; a leading ``*``
    marks a pointer, printed ``&{...}`` by ``printf "%v"``). ``json_names`` renames fields in
    JSON (Go's ``json:"Id"`` tags) and ``omitempty`` lists fields left out of JSON when empty.
    """

    __slots__ = ("go_type", "json_names", "omitempty")

    def __init__(
        self,
        go_type: str,
        fields: Mapping[str, object] | Iterable[tuple[str, object]] = (),
        /,
        *,
        json_names: Mapping[str, str] | None = None,
        omitempty: Iterable[str] = (),
    ) -> None:
        super().__init__(fields)
        self.go_type = go_type
        self.json_names: Mapping[str, str] = dict(json_names or {})
        self.omitempty: frozenset[str] = frozenset(omitempty)

    def __repr__(self) -> str:
        return f"GoStruct({self.go_type!r}, {dict(self)!r})"


class GoTime(str):
    """A time.Time: printed with Go's String() (`2025-06-15 12:00:00 +0000 UTC`), marshalled
    to JSON as RFC 3339 (`"2025-06-15T12:00:00Z"`)."""

    json_text: str

    def __new__(cls, text: str, json_text: str) -> GoTime:
        value = super().__new__(cls, text)
        value.json_text = json_text
        return value


class GoDuration(int):
    """A time.Duration: nanoseconds in JSON and arithmetic, printed with Go's String()
    (`1m30s`) by `%v` and `%s`."""

    text: str

    def __new__(cls, ns: int, text: str) -> GoDuration:
        value = super().__new__(cls, ns)
        value.text = text
        return value


class GoNil:
    """A typed nil pointer, such as a container's ``State.Health`` when it has no healthcheck.

    Unlike ``None`` (a nil interface, which a template prints as ``<no value>``), it prints
    ``<nil>``; its fields fail with ``nil pointer evaluating *T.Field``.
    """

    __slots__ = ("go_type",)

    def __init__(self, go_type: str) -> None:
        self.go_type = go_type

    def __repr__(self) -> str:
        return f"GoNil({self.go_type!r})"

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoNil) and other.go_type == self.go_type

    def __hash__(self) -> int:
        return hash(("GoNil", self.go_type))


def is_slice(v: object) -> bool:
    return isinstance(v, (list, tuple))


def is_map(v: object) -> bool:
    return isinstance(v, Mapping) and not isinstance(v, GoStruct)


def _all_str(values: Iterable[object]) -> bool:
    return all(type(x) is str for x in values)


def type_name(v: object) -> str:
    """The Go type of a value, as ``reflect.Type.String()`` prints it."""
    t = type(v)
    if t is str:
        return "string"
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is float:
        return "float64"
    if v is None or v is MISSING:
        return "interface {}"
    if v is NIL_SLICE:
        return "[]string"
    if v is NIL_MAP:
        return "map[string]string"
    if isinstance(v, (GoStruct, GoNil)):
        return v.go_type
    if isinstance(v, (list, tuple)):
        return "[]string" if _all_str(v) else "[]interface {}"
    if isinstance(v, Mapping):
        return "map[string]string" if _all_str(v.values()) else "map[string]interface {}"
    if isinstance(v, complex):
        return "complex128"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float64"
    if isinstance(v, str):
        return "string"
    name = getattr(v, "go_type", None)
    return name if isinstance(name, str) else t.__name__


def static_type(v: object, holder: object) -> str:
    """The static type of ``v`` read out of ``holder`` (a map, slice or nothing).

    Elements of ``map[string]interface {}`` and ``[]interface {}`` are interfaces, so Go names
    their type ``interface {}`` in errors such as ``can't evaluate field X in type interface {}``.
    """
    if v is None:
        return "interface {}"
    if holder is None or isinstance(holder, GoStruct):
        return type_name(v)
    if isinstance(holder, Mapping):
        return type_name(v) if _all_str(holder.values()) else "interface {}"
    if isinstance(holder, (list, tuple)):
        return type_name(v) if _all_str(holder) else "interface {}"
    return type_name(v)


def elem_zero(container: Mapping[str, object]) -> object:
    """The zero value of a map's element type (what ``index`` returns for a missing key)."""
    return "" if _all_str(container.values()) else None


def is_true(v: object) -> bool:
    """Go template truth: false, 0, nil, and empty strings, slices and maps are false."""
    t = type(v)
    if t is str or t is list or t is tuple or t is dict:
        return len(v) > 0  # type: ignore[arg-type]
    if t is bool:
        return v is True
    if t is int or t is float:
        return v != 0
    if v is None or v is MISSING:
        return False
    if isinstance(v, GoStruct):
        return True
    if isinstance(v, GoNil):
        return False
    if isinstance(v, (str, list, tuple, Mapping)):
        return len(v) > 0
    if isinstance(v, (int, float, complex)):
        return v != 0
    return True
