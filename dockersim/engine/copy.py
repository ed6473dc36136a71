"""The container side of `docker cp`: the daemon's archive endpoints.

The client side (the files on the client's machine) is the docker front end's, through the
engine's `Machine`. Docker copies a tar stream; the CLI reports its size (`Successfully copied
2.05kB to ...`). The rules for directories are `model.machine.place_entries`'.
"""

from __future__ import annotations

import posixpath

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import IMAGE_FILE_AGE, FileEntry
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
    def container_archive(
        self, ref: str, src: str, follow_link: bool = True
    ) -> tuple[list[FileEntry], str]:
        """`GET /containers/{id}/archive`: the entries at and under `src` and the resolved root
        they hang from; `dir/.` is resolved as `dir`. A link is followed when `follow_link` or
        when `src` ends in `/` or `/.`; otherwise the link itself is the one entry."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        absolute = posixpath.join("/", src)
        try:
            real = fs.resolve(absolute.removesuffix("/.") or "/")
            link = fs.stat(absolute, follow=False)
            if link.kind == "symlink" and not follow_link and not src.endswith(("/", "/.")):
                real = fs.resolve(absolute, follow_last=False)
                entries = [attrs.evolve(link, path=real)]
            else:
                entries = _subtree(fs, real)
        except FsError:
            entries = []
        if not entries:
            raise errors.copy_not_found(src, container.display_name)
        self.emit("container", "archive-path", container.id)  # archive_unix.go
        return entries, real

    def container_file_time(self, container_id: str, real: str) -> float:
        """When the file at `real` (resolved) in a container was last changed."""
        return self.world.mtimes.get(container_id, {}).get(real, self.now - IMAGE_FILE_AGE)

    def container_archive_tar(self, ref: str, path: str) -> bytes:
        """`GET /containers/{id}/archive`, and `docker cp CONTAINER:PATH -`: the tar of what is
        at `path`, its entries named from the base name asked for (`/etc/` gives `etc/...`, a
        link's target comes under the link's name, `dir/.` gives `./...`; the link itself
        unless `path` ends in `/` or `/.`), each with its own modification time."""
        container = self.engine.container_get(ref)
        entries, root = self.container_archive(ref, path, follow_link=False)
        absolute = posixpath.join("/", path)
        base = "." if path.endswith("/.") else posixpath.basename(absolute.rstrip("/"))
        named: list[FileEntry] = []
        mtimes: dict[str, int] = {}
        for entry in entries:
            rel = entry.path[len(root) :].lstrip("/") if root != "/" else entry.path.lstrip("/")
            name = "/" + (posixpath.join(base, rel) if base and rel else base or rel)
            if name == "/":
                continue
            named.append(attrs.evolve(entry, path=name))
            mtimes[name] = int(self.container_file_time(container.id, entry.path))
        from dockersim.model.tarball import tar_bytes  # only a copy needs tar (model/lazy.py)

        return tar_bytes(named, mtimes=mtimes)

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
        self.emit("container", "extract-to-dir", container.id)  # archive_unix.go
        from dockersim.model.tarball import tar_bytes  # only a copy needs tar (model/lazy.py)

        return len(tar_bytes(moved))
