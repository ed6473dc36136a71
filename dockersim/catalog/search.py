"""Docker Hub's popular repositories beyond the catalog, for `docker search`
(`search-2025-06.yaml`), read the first time a search asks."""

from __future__ import annotations

from functools import cache
from pathlib import Path

INDEX = Path(__file__).with_name("search-2025-06.yaml")


@cache
def popular() -> tuple[tuple[str, str, int, bool], ...]:
    """(name, description, stars, official) of each repository in the index."""
    from dockersim.catalog import parse_yaml
    from dockersim.datacache import load_yaml

    data = load_yaml(INDEX, parse_yaml)
    return tuple(
        (str(r["name"]), str(r.get("description") or ""), int(r.get("stars", 0)),
         bool(r.get("official", False)))
        for r in data.get("repositories", [])
    )  # fmt: skip
