"""The container side of `docker cp`: the daemon's archive endpoints.

The client side (the files on the client's machine) is the docker front end's, through the
engine's `Machine`. Docker copies a tar stream; the CLI reports its size (`Successfully copied
2.05kB to ...`). The rules for directories are `model.machine.place_entries`'.
"""

from __future__ import annotations

import posixpath

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry
from dockersim.model.machine import place_entries


def _subtree(fs: CowFS, path: str) -> list[FileEntry]:
    """Every entry at and under `path` (already resolved), with absolute paths."""
    out = []
    for item in fs.walk(path):
        entry = fs.get(item) if item != "/" else FileEntry.directory("/")
        if entry is not None:
            out.append(entry)
    return out


class CopyOps(EngineBase):
    def container_archive(self, ref: str, src: str) -> tuple[list[FileEntry], str]:
        """`GET /containers/{id}/archive`: the entries at and under `src` (followed when it
        is a link) and the resolved root they hang from; `dir/.` is resolved as `dir`."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        try:
            real = fs.resolve(src.removesuffix("/.") or "/")
            entries = _subtree(fs, real)
        except FsError:
            entries = []
        if not entries:
            raise errors.copy_not_found(src, container.display_name)
        return entries, real

    def container_extract(
        self, ref: str, dest: str, entries: list[FileEntry], src_root: str, contents: bool
    ) -> int:
        """`PUT /containers/{id}/archive`: place `entries` (hanging from `src_root`) at `dest`
        with docker cp's rules; returns the tar size the CLI reports."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        parent = posixpath.dirname(dest.rstrip("/")) or "/"
        if not fs.exists(parent):
            raise errors.copy_not_found(parent, container.display_name)

        def kind_of(path: str) -> str | None:
            return fs.stat(path).kind if fs.exists(path) else None

        moved = place_entries(entries, src_root, dest, contents, kind_of, fs.put)
        from dockersim.model.tarball import tar_bytes  # only a copy needs tar (model/lazy.py)

        return len(tar_bytes(moved))
