"""A loaded scenario document: plain data and where each part was in the file.

`yamlsafe` makes one from YAML. This module imports no YAML library, so the modules that
only read a document (format, validate, checks, shapes) work where PyYAML is absent: the
static web export (docs/web-export.md) loads lessons that were converted to JSON at export
time with `to_json`/`from_json`, which give back exactly the document the YAML loader built.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from dockersim.scenario.problems import Problem

#: A place in the document: mapping keys and sequence indexes from the root.
DocPath = tuple[str | int, ...]
Mark = tuple[int, int]


@attrs.frozen
class Document:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part was."""

    file: str
    source: str
    data: Any
    values: dict[DocPath, Mark]
    keys: dict[DocPath, Mark]

    def mark(self, path: DocPath, key: bool = False) -> Mark:
        """Where `path` is (its key when `key`), else the nearest enclosing place known."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)

    def problem(
        self, path: DocPath, message: str, severity: str = "error", key: bool = False
    ) -> Problem:
        line, column = self.mark(path, key)
        return Problem(self.file, line, column, message, severity)


def to_json(doc: Document) -> str:
    """The document as JSON text (`Infinity` and `NaN` as Python's json module writes them)."""
    return json.dumps(
        {
            "file": doc.file,
            "source": doc.source,
            "data": doc.data,
            "values": [[list(path), list(mark)] for path, mark in doc.values.items()],
            "keys": [[list(path), list(mark)] for path, mark in doc.keys.items()],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def from_json(text: str) -> Document:
    """The document `to_json` wrote; ValueError (or KeyError, TypeError) for anything else."""
    raw = json.loads(text)

    def table(rows: Any) -> dict[DocPath, Mark]:
        out: dict[DocPath, Mark] = {}
        for path, (line, column) in rows:
            if not all(isinstance(p, str | int) and not isinstance(p, bool) for p in path):
                raise ValueError("a document path holds only keys and indexes")
            out[tuple(path)] = (int(line), int(column))
        return out

    return Document(
        str(raw["file"]), str(raw["source"]), raw["data"], table(raw["values"]), table(raw["keys"])
    )
