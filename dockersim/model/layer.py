"""Layers: a changeset with its real digests and the sizes Docker shows for it.

`diff_id` is the sha256 of the deterministic tar, `blob_digest` the sha256 of its gzip (what a
registry stores and a manifest lists). `size` is the uncompressed size Docker shows
(`docker history`, `docker images`), `compressed_size` the download size: for catalog layers
both are the real image's figures, declared in the catalog, because the stand-in content is far
smaller than a real root filesystem; for layers made here they are the real byte counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.model.digest import Digest, sha256_of
from dockersim.model.fs import Changeset

if TYPE_CHECKING:  # tar support is imported when a layer is first serialised (model/lazy.py)
    from dockersim.model import tarball
else:
    from dockersim.model.lazy import LazyModule

    tarball = LazyModule("dockersim.model.tarball")


@attrs.frozen
class Layer:
    diff_id: Digest
    blob_digest: Digest
    size: int
    compressed_size: int
    entries: Changeset = attrs.field(eq=False, repr=False)
    mtime: int = 0

    @classmethod
    def build(
        cls,
        entries: Changeset,
        mtime: int = 0,
        size: int | None = None,
        compressed_size: int | None = None,
        tar: bytes | None = None,
    ) -> Layer:
        """Serialise `entries`, hash them, and keep the declared sizes (or the real ones).
        `tar` is their serialisation when the caller has it (`tarball.tar_bytes(entries,
        mtime)`: a build made it to name the layer), not made again."""
        if tar is None:
            tar = tarball.tar_bytes(entries, mtime)
        blob = tarball.gzip_stored(tar)
        content_size = sum(e.size for e in entries)
        return cls(
            diff_id=sha256_of(tar),
            blob_digest=sha256_of(blob),
            size=content_size if size is None else size,
            compressed_size=len(blob) if compressed_size is None else compressed_size,
            entries=entries,
            mtime=mtime,
        )

    def tar(self) -> bytes:
        return tarball.tar_bytes(self.entries, self.mtime)

    def blob(self) -> bytes:
        return tarball.gzip_stored(self.tar())
