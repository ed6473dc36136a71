"""`docker history` (docker/cli cli/command/image/history.go, formatter_history.go)."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.docker.render.table import ellipsis
from dockersim.model.digest import truncate_id
from dockersim.model.humanize import created_since, human_size_with_precision

HUMAN_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
RAW_TABLE = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
HEADERS = {
    "ID": "IMAGE",
    "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT",
    "CreatedBy": "CREATED BY",
    "Size": "SIZE",
    "Comment": "COMMENT",
}
#: Timestamps at or before 2000-01-01 show as N/A (formatter_history.go).
_Y2K = 946684800


@attrs.frozen
class HistoryOptions(Options):
    platform: str
    human: bool
    no_trunc: bool
    quiet: bool
    format: str


def run_history(ctx: Context, opts: HistoryOptions) -> None:
    (name,) = opts.args
    from dockersim.docker.commands.platforms import parse_platform

    platform = parse_platform(ctx, opts.platform)
    rows = ctx.engine.image_history(name, platform)
    human = opts.human
    no_trunc = opts.no_trunc
    if opts.quiet:
        ctx.out("".join(f"{_id(str(r['Id']), no_trunc)}\n" for r in rows))
        return
    now = ctx.engine.now
    data = []
    for row in rows:
        created = int(str(row["Created"]))
        created_by = str(row["CreatedBy"]).replace("\t", " ")
        if not no_trunc:
            created_by = ellipsis(created_by, 45)
        size = int(str(row["Size"]))
        data.append(
            {
                "ID": _id(str(row["Id"]), no_trunc),
                "CreatedSince": "N/A" if created <= _Y2K else created_since(now, created),
                "CreatedAt": datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "CreatedBy": created_by,
                "Size": human_size_with_precision(size, 3) if human else str(size),
                "Comment": str(row["Comment"]),
            }
        )
    try:
        ctx.out(format_rows(opts.format, data, HEADERS, HUMAN_TABLE if human else RAW_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def _id(image_id: str, no_trunc: bool) -> str:
    if image_id == "<missing>" or no_trunc:
        return image_id
    return truncate_id(image_id)
