"""`docker cp` between a container and the simulated host's filesystem (never the real one).

Docker copies a tar stream; the CLI reports its size (`Successfully copied 2.05kB to ...`).
The same rules for directories apply: copying a directory to a path that exists puts it inside,
else it becomes that path; `dir/.` copies the contents.
"""

from __future__ import annotations

import posixpath

from dockersim.engine import errors
from dockersim.engine.volumes import VolumeOps
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry
from dockersim.model.tarball import tar_bytes


def _subtree(fs: CowFS, path: str) -> list[FileEntry]:
    """Every entry at and under `path` (already resolved), with absolute paths."""
    out = []
    for item in fs.walk(path):
        entry = fs.get(item) if item != "/" else FileEntry.directory("/")
        if entry is not None:
            out.append(entry)
    return out


def _place(
    source: list[FileEntry], src_root: str, dest_fs: CowFS, dest: str, contents: bool
) -> int:
    """Copy entries under src_root to dest; returns the tar size Docker would stream."""
    if not source:
        return 0
    root_entry = source[0]
    if root_entry.kind == "dir" and dest_fs.exists(dest) and not contents:
        dest = posixpath.join(dest, posixpath.basename(src_root.rstrip("/")))
    moved = []
    for entry in source:
        rel = entry.path[len(src_root) :].lstrip("/")
        if contents and not rel:
            continue
        target = posixpath.normpath(posixpath.join(dest, rel)) if rel else dest
        if entry.kind == "dir" and dest_fs.exists(target):
            continue
        if entry.kind == "file" and dest_fs.exists(target) and dest_fs.stat(target).kind == "dir":
            target = posixpath.join(target, posixpath.basename(entry.path))
        placed = FileEntry(
            target, entry.kind, entry.mode, entry.uid, entry.gid, entry.content, entry.target
        )
        dest_fs.put(placed)
        moved.append(placed)
    return len(tar_bytes(moved))


class CopyOps(VolumeOps):
    def container_copy_from(self, ref: str, src: str, dest: str) -> int:
        """container:src -> host dest."""
        container = self.container_get(ref)
        fs = self.container_fs(container)
        contents = src.endswith("/.")
        try:
            real = fs.resolve(src.removesuffix("/.") or "/")
            entries = _subtree(fs, real)
        except FsError:
            entries = []
        if not entries:
            raise errors.copy_not_found(src, container.display_name)
        host = self.host_fs()
        parent = posixpath.dirname(dest.rstrip("/")) or "/"
        if not host.exists(parent):
            raise errors.copy_dest_missing(parent)
        return _place(entries, real, host, dest, contents)

    def container_copy_to(self, ref: str, src: str, dest: str) -> int:
        """host src -> container:dest."""
        container = self.container_get(ref)
        host = self.host_fs()
        contents = src.endswith("/.")
        try:
            real = host.resolve(src.removesuffix("/.") or "/")
            entries = _subtree(host, real)
        except FsError:
            entries = []
        if not entries:
            raise errors.copy_host_missing(src)
        fs = self.container_fs(container)
        parent = posixpath.dirname(dest.rstrip("/")) or "/"
        if not fs.exists(parent):
            raise errors.copy_not_found(parent, container.display_name)
        return _place(entries, real, fs, dest, contents)
