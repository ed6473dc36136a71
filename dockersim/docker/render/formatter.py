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
from dockersim.docker.render.table import TabWriter, uniform_table


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
        body = _lazy_lines(tmpl, rows) if not go_type else None
        if body is None:
            body = [tmpl.execute(row) for row in items]
        if not is_table:
            return "".join(line + "\n" for line in body)
        try:
            header = tmpl.execute(dict(headers), header=True)
        except template.ExecError as exc:
            header = exc.partial
        lines = [header, *body]
        fast = uniform_table(lines)
        if fast is not None:
            return fast
        writer = TabWriter(10, 1, 3, " ", 0)
        for line in lines:
            writer.write(line + "\n")
        return writer.flush()
    except template.TemplateError as exc:
        raise FormatError(f"template parsing error: {exc}") from None


def _lazy_lines(tmpl: template.Template, rows: Sequence[Mapping[str, Any]]) -> list[str] | None:
    """Every row's line in one pass when the rows are LazyRows of one class (`docker ps`)."""
    kind = type(rows[0]) if rows else None
    if kind is None or not issubclass(kind, LazyRow) or any(type(r) is not kind for r in rows):
        return None
    return tmpl.fill_columns(rows, kind.COLUMNS)
