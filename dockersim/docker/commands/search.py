"""`docker search` over the offline catalog (docker/cli cli/command/registry/search.go)."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.docker.render.table import ellipsis

DEFAULT_TABLE = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"
HEADERS = {
    "Name": "NAME",
    "Description": "DESCRIPTION",
    "StarCount": "STARS",
    "IsOfficial": "OFFICIAL",
    "IsAutomated": "AUTOMATED",
}


def run_search(ctx: Context, opts: Any) -> None:
    values = opts.values
    (term,) = opts.args
    filters = parse_filters(ctx, values.get("filter") or [])
    hits = ctx.engine.image_search(term)
    limit = int(values.get("limit") or 25)
    rows = []
    for hit in hits:
        stars = int(hit["star_count"])  # type: ignore[call-overload]
        if "stars" in filters and stars < int(filters["stars"][-1] or 0):
            continue
        if (
            "is-official" in filters
            and (filters["is-official"][-1] == "true") != hit["is_official"]
        ):
            continue
        description = str(hit["description"]).replace("\n", " ")
        if not values.get("no-trunc"):
            description = ellipsis(description, 45)
        rows.append(
            {
                "Name": hit["name"],
                "Description": description,
                "StarCount": str(stars),
                "IsOfficial": "[OK]" if hit["is_official"] else "",
                "IsAutomated": "",
            }
        )
    rows = rows[:limit]
    try:
        ctx.out(format_rows(str(values.get("format") or ""), rows, HEADERS, DEFAULT_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
