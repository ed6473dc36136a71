"""Go ``text/template`` as the docker CLI's ``--format`` uses it.

``parse(text).execute(data)`` renders like ``templates.Parse(text)`` then ``Execute`` in docker/cli
(``templates/templates.go``): Go's builtins plus docker's ``json split join title lower upper pad
truncate``. See ``govalues`` for how Python values stand in for Go values.

How docker reports a bad template (docker/cli 29; observed with CLI 28.2.2 and a stub daemon):

* ``docker inspect``/``docker <object> inspect`` (``cli/command/inspect/inspector.go``): a parse
  error prints ``template parsing error: <err>``, exit status 64 (``cli.StatusError``). An
  execution error on the typed struct is retried on the raw JSON (``map[string]interface{}``,
  option ``missingkey=error``); if that fails too, ``template parsing error: <err>`` (the raw
  run's error), exit 1, after the other objects are printed; if none printed, one empty line.
* ``docker ps`` (``cli/command/container/list.go``): the raw ``--format`` text (``table`` and
  ``\t`` still in it) is first parsed and run on an empty ``*formatter.ContainerContext``:
  ``failed to parse template: <err>`` / ``failed to execute template: <err>``, exit 1.
* ``docker images`` and the other list commands (``cli/command/formatter/formatter.go``):
  ``template parsing error: <err>``, exit 1, nothing printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from dockersim.docker.render.gojson import go_json
from dockersim.docker.render.govalues import (
    MISSING,
    NIL_MAP,
    NIL_SLICE,
    GoDuration,
    GoNil,
    GoStruct,
    GoTime,
)
from dockersim.docker.render.template_errors import ExecError, TemplateError
from dockersim.docker.render.template_exec import Exec
from dockersim.docker.render.template_funcs import BASIC_TABLE, FUNC_NAMES, HEADER_TABLE
from dockersim.docker.render.template_nodes import ACTION, FIELD, TEXT, ListNode
from dockersim.docker.render.template_parse import parse_trees

__all__ = [
    "MISSING",
    "NIL_MAP",
    "NIL_SLICE",
    "ExecError",
    "GoDuration",
    "GoNil",
    "GoStruct",
    "GoTime",
    "Template",
    "TemplateError",
    "go_json",
    "parse",
    "prepare_format",
]


class Template:
    """A parsed template; immutable, safe to share and to execute many times."""

    __slots__ = ("parts", "text", "trees")

    def __init__(self, text: str, trees: dict[str, ListNode]) -> None:
        self.text = text
        self.trees = trees
        self.parts = _plain_parts(trees)

    def execute(
        self, data: object, *, header: bool = False, missing_key_error: bool = False
    ) -> str:
        """Render ``data``; raises ``ExecError`` (with ``.partial`` output) as Go would.

        ``header=True`` uses docker's ``HeaderFunctions`` (table headers: ``json``, ``split``,
        ``join``, ``title``, ``lower``, ``upper``, ``truncate`` return their first argument).
        ``missing_key_error=True`` is Go's ``Option("missingkey=error")``.
        """
        if self.parts is not None and not header and not isinstance(data, GoStruct):
            fast = self._fill(data)
            if fast is not None:
                return fast
        funcs = HEADER_TABLE if header else BASIC_TABLE
        return Exec(self.trees, self.text, funcs, missing_key_error).run("", data)

    def _fill(self, data: object) -> str | None:
        """The fast path for text and `{{.Field}}` actions over a mapping of strings (a table
        row): what the full execution gives, or None when it must run (any other value)."""
        if not isinstance(data, Mapping):
            return None
        out: list[str] = []
        get = data.get
        for text, field in self.parts or ():
            out.append(text)
            if field:
                value = get(field)
                if type(value) is not str:
                    return None
                out.append(value)
        return "".join(out)

    def fill_columns(
        self,
        rows: Sequence[object],
        columns: Mapping[str, Callable[[Any], object]],
        whole: Callable[[str, Sequence[Any]], list[object] | None] | None = None,
    ) -> list[str] | None:
        """`execute` of every row at once, for rows whose fields are computed by `columns`
        (a LazyRow class's COLUMNS): each field's function is looked up once, not per row.
        None when a row must take the full path (a field that is not a column or not text)."""
        cells = self.column_cells(rows, columns, whole)
        return None if cells is None else self.lines_of(cells, len(rows))

    @staticmethod
    def lines_of(cells: tuple[list[str], list[list[str]]], count: int) -> list[str]:
        """The `count` lines that `column_cells` are the texts and cells of."""
        texts, values = cells
        line = "{}".join(t.replace("{", "{{").replace("}", "}}") for t in texts).format
        if not values:
            return [line()] * count
        return list(map(line, *values))

    def column_cells(
        self,
        rows: Sequence[object],
        columns: Mapping[str, Callable[[Any], object]],
        whole: Callable[[str, Sequence[Any]], list[object] | None] | None = None,
    ) -> tuple[list[str], list[list[str]]] | None:
        """What `fill_columns` fills in, before it is joined into lines: the literal texts
        around the fields (one more than the fields) and each field's cells, column by column
        (`whole(field, rows)` computes a whole column when it can, sharing work between rows).
        None when a row must take the full path."""
        if self.parts is None:
            return None
        texts: list[str] = []
        getters: list[tuple[str, Callable[[Any], object]]] = []
        for text, field in self.parts:
            texts.append(text)
            if field:
                column = columns.get(field)
                if column is None:
                    return None  # Go prints `<no value>` or fails: the full path knows which
                getters.append((field, column))
        values: list[list[Any]] = []  # column by column: each lookup and check made once
        for field, get in getters:
            cells = whole(field, rows) if whole is not None else None
            if cells is None:
                cells = list(map(get, rows))
            if not set(map(type, cells)) <= _TEXT:
                return None
            values.append(cells)
        return texts, values

    def __repr__(self) -> str:
        return f"Template({self.text!r})"


def _plain_parts(trees: dict[str, ListNode]) -> tuple[tuple[str, str], ...] | None:
    """(text, field) pairs when the template is only text and `{{.Field}}` actions, else None."""
    if list(trees) != [""]:
        return None
    parts: list[tuple[str, str]] = []
    text = ""
    for node in trees[""].nodes:
        if node.kind == TEXT:
            text += node.text  # type: ignore[attr-defined]
            continue
        if node.kind != ACTION:
            return None
        pipe = node.pipe  # type: ignore[attr-defined]
        if pipe.decl or len(pipe.cmds) != 1 or len(pipe.cmds[0].args) != 1:
            return None
        arg = pipe.cmds[0].args[0]
        if arg.kind != FIELD or len(arg.ident) != 1:
            return None
        parts.append((text, arg.ident[0]))
        text = ""
    parts.append((text, ""))
    return tuple(parts)


_TEXT = {str}


@lru_cache(maxsize=1024)
def parse(text: str) -> Template:
    """Parse a template as ``templates.Parse`` does; raises ``TemplateError`` (Go's text)."""
    return Template(text, parse_trees(text, FUNC_NAMES))


def prepare_format(fmt: str) -> tuple[bool, str]:
    """docker/cli ``Context.preFormat``: (is a table, the template text to parse).

    A format starting with ``table`` loses that word; ``json`` becomes ``{{json .}}``; then
    spaces (only spaces) are trimmed from both ends and the two-character sequences ``\\t`` and
    ``\\n`` become a tab and a newline.
    """
    is_table = fmt.startswith("table")
    if is_table:
        out = fmt[len("table") :]
    elif fmt == "json":
        out = "{{json .}}"
    else:
        out = fmt
    out = out.strip(" ")
    return is_table, out.replace("\\t", "\t").replace("\\n", "\n")
