"""`docker images` / `docker image ls` (docker/cli cli/command/image/list.go, formatter/image.go).

The classic table is the default (spec README decision); CLI 29's tree view is `--tree`.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.engine.image_list import ImageSummary
from dockersim.model.digest import truncate_id
from dockersim.model.humanize import created_since, human_size_with_precision
from dockersim.model.reference import parse_reference

DEFAULT_TABLE = (
    "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t"
    "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
)
DIGEST_TABLE = (
    "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t"
    "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
)
HEADERS = {
    "Repository": "REPOSITORY",
    "Tag": "TAG",
    "ID": "IMAGE ID",
    "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT",
    "Size": "SIZE",
    "Digest": "DIGEST",
    "Containers": "CONTAINERS",
    "SharedSize": "SHARED SIZE",
    "UniqueSize": "UNIQUE SIZE",
}


SUBCOMMANDS = ("build", "history", "import", "inspect", "load", "ls", "prune", "pull", "push",
               "rm", "save", "tag")  # fmt: skip


@attrs.frozen
class ImagesOptions(Options):
    filter: list[str]
    all: bool
    no_trunc: bool
    digests: bool
    quiet: bool
    format: str


def run_images(ctx: Context, opts: ImagesOptions) -> None:
    filters = parse_filters(ctx, opts.filter)
    if opts.args:
        filters.setdefault("reference", []).append(opts.args[0])
    show_all = opts.all
    summaries = ctx.engine.image_list(show_all, filters)
    dangling = filters.get("dangling", [])
    if not show_all and (not dangling or "false" in dangling):
        # docker CLI 29 (list.go isDangling): an image without tags is hidden unless -a or
        # a dangling filter asks for it
        summaries = [s for s in summaries if s.repo_tags]
    no_trunc = opts.no_trunc
    fmt = opts.format
    show_digests = opts.digests or ".Digest" in fmt
    rows = [row for s in summaries for row in _rows(ctx, s, no_trunc, show_digests)]
    if opts.quiet:
        ctx.out("".join(f"{row['ID']}\n" for row in rows))
        return
    default = DIGEST_TABLE if opts.digests else DEFAULT_TABLE
    if opts.digests and fmt.startswith("table") and ".Digest" not in fmt:
        fmt += "\t{{.Digest}}"
    try:
        ctx.out(format_rows(fmt, rows, HEADERS, default, "*formatter.imageContext"))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
    if opts.args and not rows and opts.args[0] in SUBCOMMANDS:
        ctx.err(
            f'\nNo images found matching "{opts.args[0]}": did you mean '
            f'"docker image {opts.args[0]}"?\n'
        )


def _rows(
    ctx: Context, s: ImageSummary, no_trunc: bool, show_digests: bool
) -> list[dict[str, Any]]:
    now = ctx.engine.now
    base = {
        "ID": s.id if no_trunc else truncate_id(s.id),
        "CreatedSince": created_since(now, s.created) if s.created else "",
        "CreatedAt": _created_at(s.created),
        "Size": human_size_with_precision(s.size, 3),
        "Containers": str(s.containers),
        "SharedSize": "N/A",
        "UniqueSize": "N/A",
    }
    pairs: list[tuple[str, str, str]] = []
    if not s.repo_tags and not s.repo_digests:
        pairs.append(("<none>", "<none>", "<none>"))
    else:
        digests: dict[str, list[str]] = {}
        for d in s.repo_digests:
            name, _, dgst = d.partition("@")
            digests.setdefault(name, []).append(dgst)
        for tagged in s.repo_tags:
            ref = parse_reference(tagged)
            repo, tag = ref.familiar_name, ref.tag or ""
            repo_digests = digests.get(repo, []) if show_digests else []
            for dgst in repo_digests or ["<none>"]:
                pairs.append((repo, tag, dgst))
        tagged_repos = {parse_reference(t).familiar_name for t in s.repo_tags}
        for repo, dgsts in digests.items():
            if repo in tagged_repos:
                continue
            if show_digests:
                pairs.extend((repo, "<none>", d) for d in dgsts)
            else:
                pairs.append((repo, "<none>", ""))
    return [{**base, "Repository": r, "Tag": t, "Digest": d} for r, t, d in pairs]


def _created_at(epoch: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")
