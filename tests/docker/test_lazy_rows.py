"""Rows whose columns are computed on demand (LazyRow) render exactly as plain mappings do:
the one-pass path of `format_rows` (Template.fill_columns) against the per-row execution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from dockersim.docker.render.formatter import format_rows
from dockersim.docker.render.lazyrow import LazyRow


class _Row(LazyRow):
    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    COLUMNS: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "Name": lambda r: f"c{r.n}",
        "Braces": lambda r: "{x}" * r.n,
        "Number": lambda r: r.n,  # not text: the full execution prints it
        "Wide": lambda r: "界" * r.n,
    }


HEADERS = {"Name": "NAME", "Braces": "BRACES", "Number": "NUMBER", "Wide": "WIDE"}
FORMATS = [
    "",
    "table",
    "table {{.Name}}\t{{.Braces}}",
    "{{.Name}} {literal} {{.Braces}}",
    "{{.Name}}:{{.Number}}",
    "table {{.Name}}\t{{.Wide}}",
    "{{.Name}} {{.Missing}}",
    "{{.Name | upper}}",
    "json",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_lazy_rows_render_as_the_same_rows_as_plain_mappings(fmt: str) -> None:
    lazy = [_Row(n) for n in range(4)]
    plain = [dict(row) for row in lazy]
    default = "table {{.Name}}\t{{.Braces}}"
    assert format_rows(fmt, lazy, HEADERS, default) == format_rows(fmt, plain, HEADERS, default)


def test_one_pass_reads_each_shown_column_once_per_row() -> None:
    reads: list[str] = []

    class Counted(LazyRow):
        __slots__ = ()
        COLUMNS: ClassVar[dict[str, Callable[[Any], Any]]] = {
            "A": lambda r: reads.append("A") or "a",
            "B": lambda r: reads.append("B") or "b",
        }

    out = format_rows("table {{.A}}", [Counted(), Counted()], {"A": "A", "B": "B"}, "")
    assert out == "A\na\na\n"
    assert reads == ["A", "A"]
