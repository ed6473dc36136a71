"""`docker search` over the offline catalog (docker/cli cli/command/registry/search.go)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.docker.render.table import ellipsis
from dockersim.engine import errors

DEFAULT_TABLE = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}"
HEADERS = {
    "Name": "NAME",
    "Description": "DESCRIPTION",
    "StarCount": "STARS",
    "IsOfficial": "OFFICIAL",
}
TRUE = ("true", "1")


@attrs.frozen
class SearchOptions(Options):
    filter: list[str]
    limit: int
    no_trunc: bool
    format: str


def run_search(ctx: Context, opts: SearchOptions) -> None:
    (term,) = opts.args
    filters = parse_filters(ctx, opts.filter)
    limit = opts.limit or 25
    if not 1 <= limit <= 100:
        raise ctx.daemon_fail(errors.search_limit(limit))
    min_stars = _check_filters(ctx, filters)
    automated = filters.get("is-automated", ["false"])[-1] in TRUE
    if automated:
        ctx.err(
            'WARNING: the "is-automated" filter is deprecated, and searching for '
            '"is-automated=true" will not yield any results in future.\n'
        )
    official = filters.get("is-official")
    rows = []
    for hit in ctx.engine.image_search(term):
        stars = int(str(hit["star_count"]))
        if automated or stars < min_stars:
            continue
        if official and (official[-1] in TRUE) != hit["is_official"]:
            continue
        description = str(hit["description"]).replace("\n", " ").replace("\r", " ")
        if not opts.no_trunc:
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
    fmt = opts.format
    if fmt == "json":
        from dockersim.docker.render.gojson import go_json

        for row in rows[:limit]:
            item = {
                "Description": row["Description"],
                "IsOfficial": "true" if row["IsOfficial"] else "false",
                "Name": row["Name"],
                "StarCount": row["StarCount"],
            }
            ctx.out(go_json(item) + "\n")
        return
    for row in rows:
        del row["IsAutomated"]
    try:
        ctx.out(format_rows(fmt, rows[:limit], HEADERS, DEFAULT_TABLE, "*formatter.searchContext"))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def _check_filters(ctx: Context, filters: dict[str, list[str]]) -> int:
    """The daemon's validation (daemon/pkg/registry/search.go); returns the minimum stars."""
    min_stars = 0
    for key, given in filters.items():
        if key not in ("stars", "is-official", "is-automated"):
            raise ctx.daemon_fail(errors.invalid_filter(key))
        if key == "stars":
            for value in given:
                if not value.lstrip("-").isdigit():
                    why = f'strconv.Atoi: parsing "{value}": invalid syntax'
                    raise ctx.daemon_fail(errors.invalid_filter_value("stars", value, why))
                min_stars = max(min_stars, int(value))
        elif given[-1] not in ("true", "false", "1", "0"):
            raise ctx.daemon_fail(errors.invalid_filter_value(key, given[-1]))
    return min_stars
