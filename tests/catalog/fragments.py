"""What the tests of the catalog's fragments share: reading a fragment, running a command, and
the two checks every fragment's tags get (a tag resolves to its image; it pulls on a platform
as the catalog builds it)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dockersim.engine import Engine
from dockersim.model.image import Platform

FRAGMENTS = Path(__file__).resolve().parents[2] / "dockersim" / "catalog" / "hub-2025-06.d"
DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@cache
def fragment(name: str) -> dict[str, Any]:
    """A fragment file of hub-2025-06.d, parsed (`distros.yaml`)."""
    with (FRAGMENTS / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def run(e: Engine, command: str) -> tuple[int, str, str]:
    r = e.docker(command)
    return r.exit_code, r.stdout, r.stderr


def assert_resolves(reference: str, key: str) -> None:
    """`repo:tag` names the catalog image `key`."""
    repo, tag = reference.split(":")
    info = Engine().catalog.repository(f"library/{repo}")
    assert info is not None and info.image_key(tag) == key


def assert_pulls(reference: str, platform: str, key: str) -> Engine:
    """`docker pull --platform` of `reference` prints Docker's lines and stores the catalog's
    image `key` for that platform; the engine it pulled into."""
    e = Engine()
    status, out, err = run(e, f"pull --platform {platform} {reference}")
    assert (status, err) == (0, "")
    assert out.endswith(
        f"Status: Downloaded newer image for {reference}\ndocker.io/library/{reference}\n"
    )
    image = e.image_get(reference)
    assert image.id == str(e.catalog.build(key, Platform.parse(platform)).config.id)
    return e
