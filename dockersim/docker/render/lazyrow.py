"""A table row whose columns are computed when a template reads them.

`docker ps` offers sixteen fields, but its default table shows seven and `--format
'{{.Names}}'` one; some fields cost real work (`Size` walks the container's writable layer).
A `LazyRow` subclass names a function per column in `COLUMNS`; the template (or `--format
json`, which reads them all) gets an ordinary read-only mapping. Nothing is cached: a field
read twice is computed twice, which costs less than caching every field read once.
A subclass may also compute a whole column at once (`column`), where rows share work (the
same image, command or start time in every row of a big `docker ps`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar


class LazyRow(Mapping[str, Any]):
    """One row; `COLUMNS` maps each field name to the function that computes it."""

    COLUMNS: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    __slots__ = ()

    @classmethod
    def column(cls, field: str, rows: Sequence[Any]) -> list[Any] | None:
        """`field` of every row (rows of this class), as `COLUMNS[field]` of each would give
        it; None to let the rows compute it one by one."""
        return None

    def __getitem__(self, key: str) -> Any:
        return self.COLUMNS[key](self)

    def get(self, key: str, default: Any = None) -> Any:
        column = self.COLUMNS.get(key)
        return default if column is None else column(self)

    def __iter__(self) -> Iterator[str]:
        return iter(self.COLUMNS)

    def __len__(self) -> int:
        return len(self.COLUMNS)
