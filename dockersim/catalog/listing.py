"""`dockersim catalog`: what the offline Docker Hub holds, as text for a person.

Pure: it reads the parsed catalog data (no layers are built), so listing is quick. Sizes are
what `docker images` would show after a pull (the uncompressed layers of the whole chain).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dockersim.catalog import Catalog
from dockersim.model.humanize import human_size_with_precision


def repositories_text(hub: Catalog) -> str:
    """Every repository with its tag count and description, and how to see more."""
    names = sorted(hub.repositories)
    tags = sum(len(hub.repositories[name].tags) for name in names)
    date = str(hub.data.get("date", ""))
    rows = [("REPOSITORY", "TAGS", "DESCRIPTION")]
    rows += [
        (name, str(len(hub.repositories[name].tags)), hub.repositories[name].description)
        for name in names
    ]
    lines = [
        f"dockersim's offline Docker Hub (as on {date}): {len(names)} repositories, "
        f"{tags} tags, each for linux/amd64 and linux/arm64.",
        "",
        *_table(rows),
        "",
        "'dockersim catalog NAME' lists a repository's tags. Pulling anything else that Docker "
        "Hub has fails with a note that it is not in this offline copy.",
    ]
    return "\n".join(lines) + "\n"


def tags_text(hub: Catalog, name: str) -> str | None:
    """One repository's images, each with the tags that name it; None if it is not here."""
    repo = hub.repositories.get(name)
    if repo is None:
        return None
    by_image: dict[str, list[str]] = {}
    for tag, key in repo.tags:
        by_image.setdefault(key, []).append(tag)
    rows = [("IMAGE", "PLATFORMS", "SIZE", "TAGS")]
    for key in sorted(by_image, key=_version_order, reverse=True):
        platforms = ", ".join(str(p) for p in hub.platforms(key))
        rows.append(
            (
                key,
                platforms,
                human_size_with_precision(chain_size(hub, key), 3),
                ", ".join(by_image[key]),
            )
        )
    return "\n".join([f"{name}: {repo.description}", "", *_table(rows)]) + "\n"


def chain_size(hub: Catalog, key: str) -> int:
    """The bytes of every filesystem layer of the image and its parents."""
    return sum(
        int(item.get("size", 0))
        for member in hub.chain(key)
        for item in hub.images[member].get("history") or []
        if not item.get("empty_layer")
    )


def _version_order(key: str) -> tuple[tuple[int, str], ...]:
    """Natural order (`3.9.23` before `3.12.11`); newest first when reversed."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", key)
    )


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "   ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
