"""Safe, bounded YAML loading that remembers where every key and value came from.

PyYAML is the only YAML library. libyaml (when present) scans and parses; PyYAML's own
composer builds the node graph so that it can be bounded: at most `MAX_ALIASES` alias uses
and `MAX_DEPTH` levels of nesting, and the plain data built from the nodes may hold at most
`MAX_NODES` values, so an alias bomb ("billion laughs") or a self-referencing anchor is an
error, not an exhausted machine. Files over `MAX_BYTES` are refused before parsing.

Scalars resolve by the YAML 1.2 core schema, not PyYAML's YAML 1.1 defaults: `on`, `yes`
and `no` stay strings (so `on: node2` is a key named `on`), `1:20` is not sexagesimal and
dates stay text. Mapping keys are always their text. A repeated key is a problem (goss
silently keeps the last one; course authors lose a check that way).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from dockersim.scenario.document import DocPath, Document, Mark
from dockersim.scenario.problems import Problem, ScenarioError

__all__ = ["MAX_BYTES", "DocPath", "Document", "Mark", "load_file", "load_text"]


def _parser_base() -> type:
    """libyaml's parser when PyYAML was built with it, else PyYAML's own."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        from yaml.parser import Parser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class PyParser(Reader, Scanner, Parser):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                Parser.__init__(self)

        return PyParser
    return CParser


_ParserBase: Any = _parser_base()

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100
MAX_DEPTH = 64
MAX_NODES = 100_000

_STR = "tag:yaml.org,2002:str"
_CORE = {
    "tag:yaml.org,2002:null": (r"~|null|Null|NULL|", [*"~nN", ""]),
    "tag:yaml.org,2002:bool": (r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    "tag:yaml.org,2002:int": (
        r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+",
        list("-+0123456789"),
    ),
    "tag:yaml.org,2002:float": (
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        list("-+.0123456789"),
    ),
}


class _CoreResolver(BaseResolver):
    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's class-level table, copied on add


for _tag, (_pattern, _first) in _CORE.items():
    _CoreResolver.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), _first)


class _Limit(yaml.MarkedYAMLError):
    pass


class _Loader(Composer, _ParserBase, SafeConstructor, _CoreResolver):  # type: ignore[misc]
    """libyaml events, PyYAML's composer with alias and depth limits, YAML 1.2 core scalars."""

    def __init__(self, text: str) -> None:
        _ParserBase.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                event = self.peek_event()
                raise _Limit(
                    None, None, f"more than {MAX_ALIASES} aliases (*name)", event.start_mark
                )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()
                raise _Limit(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            node: Node | None = super().compose_node(parent, index)
            assert node is not None
            return node
        finally:
            self.depth -= 1


def load_file(path: str | Path) -> Document:
    """Read and load a scenario file (errors are `ScenarioError`s with a location)."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(
            [Problem(name, 0, 0, f"cannot read the file: {exc.strerror}")]
        ) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            [Problem(name, 0, 0, f"the file is larger than 1 MB ({MAX_BYTES} bytes)")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [Problem(name, 0, 0, f"the file is not UTF-8 text (byte {exc.start})")]
        ) from None
    return load_text(text, name)


def load_text(text: str, file: str = "<scenario>") -> Document:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ScenarioError(
            [Problem(file, 0, 0, f"the text is larger than 1 MB ({MAX_BYTES} bytes)")]
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_yaml_problem(exc, file, text)], text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise ScenarioError([Problem(file, 0, 0, f"invalid YAML: {exc}")], text) from None
    except RecursionError:
        raise ScenarioError([Problem(file, 0, 0, "invalid YAML: nested too deeply")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise ScenarioError([Problem(file, 0, 0, "the file is empty")], text)
    builder = _Builder(file, text)
    data = builder.build(node, ())
    return Document(file, text, data, builder.values, builder.keys)


def _yaml_problem(exc: yaml.MarkedYAMLError, file: str, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    lines = text.splitlines()
    if line > len(lines) and lines:  # the end of the file: point after its last text
        last = max((i for i, t in enumerate(lines) if t.strip()), default=len(lines) - 1)
        line, column = last + 1, len(lines[last]) + 1
    what = exc.problem or "invalid YAML"
    if mark is not None and _is_tab(lines, mark.line, mark.column):
        return Problem(
            file,
            line,
            column,
            "invalid YAML: a tab here; YAML forbids tabs for indentation (indent with spaces)",
        )
    if isinstance(exc, _Limit):
        return Problem(file, line, column, f"refused: {what}")
    message = f"invalid YAML: {what}"
    start = exc.context_mark
    here = (mark.line, mark.column) if mark is not None else None
    same = start is not None and (start.line, start.column) == here
    if exc.context and start is not None and not same:
        message += f" ({exc.context} at line {start.line + 1}, column {start.column + 1})"
    elif exc.context:
        message += f" ({exc.context})"
    return Problem(file, line, column, message)


def _is_tab(lines: list[str], line: int, column: int) -> bool:
    """The scanner stopped at a tab in a line's indentation (before its first other text,
    `- ` list markers included): the usual cause of "cannot start any token"."""
    if not 0 <= line < len(lines):
        return False
    text = lines[line]
    return column < len(text) and text[column] == "\t" and not text[:column].strip(" \t-")


class _Builder:
    """Node graph -> plain data, recording positions; bounded in size and depth."""

    def __init__(self, file: str, source: str) -> None:
        self.file = file
        self.source = source
        self.values: dict[DocPath, Mark] = {}
        self.keys: dict[DocPath, Mark] = {}
        self.count = 0
        self.problems: list[Problem] = []

    def _fail(self, node: Node, message: str) -> ScenarioError:
        mark = node.start_mark
        return ScenarioError(
            [Problem(self.file, mark.line + 1, mark.column + 1, message)], self.source
        )

    def build(self, node: Node, path: DocPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, f"refused: more than {MAX_NODES} values (an alias bomb?)")
        if len(path) > MAX_DEPTH:
            raise self._fail(node, f"refused: nested deeper than {MAX_DEPTH} levels")
        self.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self._fail(node, f"unsupported YAML tag {node.tag}")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self._fail(node, f"unsupported YAML tag {node.tag}")
            return dict(self._pairs(node, path))
        raise self._fail(node, "unsupported YAML node")  # pragma: no cover

    def _pairs(self, node: MappingNode, path: DocPath) -> Iterator[tuple[str, Any]]:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self._fail(key_node, "a mapping key must be plain text")
            key = str(key_node.value)
            at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                raise self._fail(
                    key_node, f"duplicate key '{key}' (first given on line {seen[key]})"
                )
            seen[key] = at[0]
            self.keys[(*path, key)] = at
            yield key, self.build(value_node, (*path, key))

    def _scalar(self, node: ScalarNode) -> Any:
        value = str(node.value)
        tag = node.tag
        try:
            if tag == _STR:
                return value
            if tag == "tag:yaml.org,2002:null":
                return None
            if tag == "tag:yaml.org,2002:bool":
                return value.lower() == "true"
            if tag == "tag:yaml.org,2002:int":
                if value[:2] in ("0x", "0o"):
                    return int(value, 0)
                return int(value, 10)
            if tag == "tag:yaml.org,2002:float":
                lowered = value.lower().lstrip("+")
                if lowered in (".inf", "-.inf", ".nan"):
                    return {".inf": math.inf, "-.inf": -math.inf}.get(lowered, math.nan)
                return float(value)
        except ValueError:
            raise self._fail(node, f"'{value}' is not a valid {tag.rsplit(':', 1)[-1]}") from None
        raise self._fail(node, f"unsupported YAML tag {tag}")
