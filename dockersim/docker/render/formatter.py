"""docker/cli's formatter.Context: `--format` as a table, a Go template, or `json`.

A table format prints a header row made by running the same template over the column titles
(docker's header context), then one row per item, all aligned by a tabwriter with minwidth 10,
tabwidth 1, padding 3. Any other format prints the template once per item, each followed by a
newline. `json` is `{{json .}}`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dockersim.docker.render import template
from dockersim.docker.render.table import TabWriter


class FormatError(Exception):
    """A bad `--format` template; str() is what the docker CLI prints."""


def format_rows(
    fmt: str,
    rows: Sequence[Mapping[str, Any]],
    headers: Mapping[str, str],
    default_table: str,
) -> str:
    """Render `rows` with a user format (empty = the command's default table)."""
    if fmt == "" or fmt == "table":
        fmt = default_table
    elif fmt == "json":
        fmt = "{{json .}}"
    is_table, text = template.prepare_format(fmt)
    try:
        tmpl = template.parse(text)
    except template.TemplateError as exc:
        raise FormatError(f"template parsing error: {exc}") from None
    try:
        if not is_table:
            return "".join(tmpl.execute(row) + "\n" for row in rows)
        writer = TabWriter(10, 1, 3, " ", 0)
        header = tmpl.execute(dict(headers))
        writer.write(header + "\n")
        for row in rows:
            writer.write(tmpl.execute(row) + "\n")
        return writer.flush()
    except template.TemplateError as exc:
        raise FormatError(str(exc)) from None
