"""Volumes: named and anonymous, local driver (daemon/volume/local)."""

from __future__ import annotations

import re

import attrs

VALID_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*", re.ASCII)
ROOT = "/var/lib/docker/volumes"


@attrs.define(eq=False)
class Volume:
    name: str
    created: float
    driver: str = "local"
    labels: dict[str, str] = attrs.Factory(dict)
    options: dict[str, str] = attrs.Factory(dict)
    anonymous: bool = False

    @property
    def mountpoint(self) -> str:
        return f"{ROOT}/{self.name}/_data"


def name_problem(name: str) -> str | None:
    """None when `name` is a valid local volume name, else "short" or "invalid"."""
    if len(name) < 2:
        return "short"
    if VALID_NAME.fullmatch(name) is None:
        return "invalid"
    return None
