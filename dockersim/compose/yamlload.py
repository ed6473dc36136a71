"""A Compose file as plain data: PyYAML's safe constructors, bounded like scenario/yamlsafe.

The file is untrusted: at most `MAX_BYTES`, `MAX_ALIASES` alias uses and `MAX_DEPTH` levels
(the composer counts them, as `dockersim.scenario.yamlsafe` does), so an alias bomb is an
error. Scalars follow YAML 1.2's core schema, as go-yaml v3 (compose-go's parser) reads them
into untyped values: `yes`, `no` and `on` stay strings.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import Node
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100
MAX_DEPTH = 64
#: the data of the files read last (a file is read at every command: `up` then `down` read
#: the same bytes again); each caller gets its own copy
_CACHE: dict[bytes, Any] = {}
_CACHE_SIZE = 8


class YamlError(Exception):
    """The file is not YAML Compose can read (the text says why)."""


class _Resolver(BaseResolver):
    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's class-level table


for _tag, _pattern, _first in (
    ("null", r"~|null|Null|NULL|", [*"~nN", ""]),
    ("bool", r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", list("-+0123456789")),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", list("-+.0123456789")),
):
    _Resolver.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), _first
    )


class _Constructor(SafeConstructor):
    def construct_yaml_int(self, node: Any) -> int:
        value = str(node.value)
        return int(value, 0) if value[:2] in ("0x", "0o") else int(value, 10)


_Constructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _Constructor.construct_yaml_int
)


class _Loader(Reader, Scanner, Parser, Composer, _Constructor, _Resolver):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise YamlError(f"refused: more than {MAX_ALIASES} aliases (*name)")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise YamlError(f"refused: nested deeper than {MAX_DEPTH} levels")
            node: Node | None = super().compose_node(parent, index)
            assert node is not None
            return node
        finally:
            self.depth -= 1


def load(data: bytes) -> Any:
    """The first document of `data` (None when empty); `YamlError` when it cannot be read."""
    if data in _CACHE:
        return copy.deepcopy(_CACHE[data])
    value = _load(data)
    if len(_CACHE) >= _CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[data] = value
    return copy.deepcopy(value)


def _load(data: bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise YamlError(f"refused: the file is larger than 1 MB ({MAX_BYTES} bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(f"yaml: invalid leading UTF-8 octet at byte {exc.start}") from None
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlError(f"yaml: line {line}: {exc.problem}") from None  # est. go-yaml's wording
    except yaml.YAMLError as exc:
        raise YamlError(f"yaml: {exc}") from None
    except RecursionError:
        raise YamlError(f"refused: nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
