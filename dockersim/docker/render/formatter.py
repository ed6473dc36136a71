"""docker/cli's formatter.Context: `--format` as a table, a Go template, or `json`.

A table format prints a header row made by running the same template over the column titles
(docker's header context), then one row per item, all aligned by a tabwriter with minwidth 10,
tabwidth 1, padding 3. Any other format prints the template once per item, each followed by a
newline. `--format json` marshals each row's fields (json.Marshal: keys sorted, `<` `>` `&`
escaped). Rows are Go structs of `go_type`, so an unknown field is an execution error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dockersim.docker.render import template
from dockersim.docker.render.gojson import go_json
from dockersim.docker.render.lazyrow import LazyRow
from dockersim.docker.render.table import TabWriter, uniform_columns, uniform_table


class FormatError(Exception):
    """A bad `--format` template; str() is what the docker CLI prints."""


def format_rows(
    fmt: str,
    rows: Sequence[Mapping[str, Any]],
    headers: Mapping[str, str],
    default_table: str,
    go_type: str = "",
) -> str:
    """Render `rows` with a user format (empty = the command's default table)."""
    if fmt == "json":
        return "".join(go_json(dict(sorted(row.items()))) + "\n" for row in rows)
    if fmt == "" or fmt == "table":
        fmt = default_table
    is_table, text = template.prepare_format(fmt)
    try:
        tmpl = template.parse(text)
    except template.TemplateError as exc:
        raise FormatError(f"template parsing error: {exc}") from None
    items = [template.GoStruct(go_type, row) if go_type else row for row in rows]
    try:
        cells = _lazy_cells(tmpl, rows) if not go_type else None
        if cells is not None and is_table:
            fast = _columns_table(tmpl, _header(tmpl, headers), cells[1])
            if fast is not None:
                return fast
        if cells is not None:
            body = tmpl.lines_of(cells, len(rows))
        else:
            body = [tmpl.execute(row) for row in items]
        if not is_table:
            return "".join(line + "\n" for line in body)
        lines = [_header(tmpl, headers), *body]
        fast = uniform_table(lines)
        if fast is not None:
            return fast
        writer = TabWriter(10, 1, 3, " ", 0)
        for line in lines:
            writer.write(line + "\n")
        return writer.flush()
    except template.TemplateError as exc:
        raise FormatError(f"template parsing error: {exc}") from None


def _header(tmpl: template.Template, headers: Mapping[str, str]) -> str:
    """The table's header line: the template run over the column titles."""
    try:
        return tmpl.execute(dict(headers), header=True)
    except template.ExecError as exc:
        return exc.partial


def _lazy_cells(
    tmpl: template.Template, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[list[str]]] | None:
    """Every row's cells, column by column, when the rows are LazyRows of one class (`docker
    ps`): see `Template.column_cells`."""
    kind = type(rows[0]) if rows else None
    if kind is None or not issubclass(kind, LazyRow) or any(type(r) is not kind for r in rows):
        return None
    return tmpl.column_cells(rows, kind.COLUMNS, kind.column)


def _columns_table(tmpl: template.Template, header: str, values: list[list[str]]) -> str | None:
    """The table straight from its columns when the template is fields between tabs (`docker
    ps` by default): laid out without making its lines and splitting them again. None for
    anything else, which takes the general path to the same text."""
    parts = tmpl.parts
    if not parts or parts[0][0] or parts[-1][0] or any(t != "\t" for t, _ in parts[1:-1]):
        return None
    titles = header.split("\t")
    if len(titles) != len(values):
        return None
    return uniform_columns([[title, *column] for title, column in zip(titles, values, strict=True)])
