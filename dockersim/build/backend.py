"""What the builders ask of the engine (the only way `dockersim.build` reaches the world).

The engine implements `Backend`: resolving a base image (local store first, else the offline
Docker Hub), giving an image's files and a layer's contents, drawing random IDs, and, for the
classic builder, committing each step's image into the image store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import attrs

from dockersim.build.context import BuildContext
from dockersim.build.report import PullMessage
from dockersim.model.fs import Changeset, Tree
from dockersim.model.image import ImageConfig, Platform


class BaseError(Exception):
    """A FROM image that cannot be had; `message` is the builder's text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@attrs.frozen
class BaseImage:
    """A FROM image as a builder sees it."""

    #: the normalised reference (`docker.io/library/python:3.9`)
    name: str
    image_id: str
    config: ImageConfig
    #: already in the local image store (nothing to download, no registry round trip)
    local: bool
    #: the reference with the registry digest, as BuildKit's FROM step shows it
    pinned: str = ""
    #: (digest, size) of the blobs a download fetches: manifest and config, then the layers
    blobs: tuple[tuple[str, int], ...] = ()
    layers: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class BuildRequest:
    context: BuildContext
    #: normalised tagged references (`docker.io/library/app:latest`)
    tags: tuple[str, ...] = ()
    build_args: Mapping[str, str] = attrs.Factory(dict)
    target: str = ""
    no_cache: bool = False
    pull: bool = False
    labels: Mapping[str, str] = attrs.Factory(dict)
    platform: Platform = attrs.field(factory=lambda: Platform("linux", "amd64"))
    builder: str = "buildkit"
    #: where `dockersim explain build` finds this build's previous run
    history_key: str = ""


@attrs.frozen
class LayerOut:
    diff_id: str
    entries: Changeset
    mtime: int
    #: the entries' tar (`tarball.tar_bytes(entries, mtime)`) when the build made it (the
    #: engine's layer store reuses it instead of writing it again), else None
    tar: bytes | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class BuildOutput:
    """A successful build: the final config, its layer chain and the layers made here."""

    config: ImageConfig
    new_layers: tuple[LayerOut, ...] = ()


class Backend(Protocol):
    def resolve_base(self, name: str, platform: Platform, pull: bool) -> BaseImage: ...

    def base_tree(self, base: BaseImage) -> Tree: ...

    def layer_entries(self, diff_id: str) -> Changeset | None: ...

    def new_hex(self) -> str: ...

    def programs(self) -> Mapping[str, Callable[[Any], int]]:
        """What a RUN step can run besides the base userland (the engine's programs)."""
        ...

    def pull_base(self, name: str, platform: Platform) -> tuple[str, Sequence[PullMessage]]: ...

    def commit_step(self, config: ImageConfig, layers: Sequence[LayerOut], parent: str) -> str: ...

    def image_exists(self, image_id: str) -> bool: ...

    def image_config(self, image_id: str) -> ImageConfig: ...

    def image_tree(self, image_id: str) -> Tree: ...


def rfc3339(when: float) -> str:
    """Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros dropped)."""
    moment = datetime.fromtimestamp(when, UTC)
    frac = f"{moment.microsecond:06d}000".rstrip("0")
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{frac}Z" if frac else f"{base}Z"
