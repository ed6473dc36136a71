"""The container side of `docker cp`: the daemon's archive endpoints.

The client side (the files on the client's machine) is the docker front end's, through the
engine's `Machine`. Docker copies a tar stream; the CLI reports its size (`Successfully copied
2.05kB to ...`). The rules for directories are `model.machine.place_entries`'.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.errors import System
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import IMAGE_FILE_AGE, FileEntry
from dockersim.model.machine import place_entries

if TYPE_CHECKING:
    from dockersim.model.container import Container


@attrs.frozen
class PathStat:
    """container.PathStat (`HEAD /containers/{id}/archive`): what is at a path, the last link
    not followed; a link's `link_target` is where it leads, every link followed."""

    name: str
    size: int
    #: the entry itself (its kind and Unix mode; the API writes them as Go's os.FileMode)
    entry: FileEntry
    mtime: float
    link_target: str


#: what lstat gives for a directory on overlay2 (est.: ext4's block size)
DIR_SIZE = 4096


def _subtree(fs: CowFS, path: str) -> list[FileEntry]:
    """Every entry at and under `path` (already resolved), with absolute paths."""
    out = []
    for item in fs.walk(path):
        entry = fs.get(item) if item != "/" else FileEntry.directory("/")
        if entry is not None:
            out.append(entry)
    return out


class CopyOps(EngineBase):
    def _copy_events(self, container: Container, action: str = "") -> None:
        """A copy the daemon made (archive_unix.go): its volumes mounted for it
        (containerfs_linux.go openContainerFS), the container's `action` event, and the
        volumes unmounted when it is done (Close). The daemon logs the mounts of a copy that
        fails too; here a failed command leaves the world as it was (no event)."""
        self.engine.volume_events(container, "mount")
        if action:
            self.emit("container", action, container.id)
        self.engine.volume_events(container, "unmount")

    def container_stat_path(self, ref: str, path: str) -> PathStat:
        """`HEAD /containers/{id}/archive` (archive_unix.go containerStatPath): what is at
        `path`, the last link not followed."""
        container = self.engine.container_get(ref)
        stat = self._stat_path(container, self.engine.container_fs(container), path, ref)
        self._copy_events(container)
        return stat

    def _stat_path(self, container: Container, fs: CowFS, path: str, name: str) -> PathStat:
        absolute = posixpath.join("/", path)
        try:
            entry = fs.stat(absolute, follow=False)
            resolved = fs.resolve(absolute.removesuffix("/.") or "/")
            itself = fs.resolve(absolute, follow_last=False)
        except FsError:
            raise errors.copy_not_found(path, name) from None
        if absolute.rstrip("/") == "":
            entry = FileEntry.directory("/")
        size = {"file": len(entry.content), "dir": DIR_SIZE, "symlink": len(entry.target)}
        return PathStat(
            name=posixpath.basename(absolute.rstrip("/")) or "/",
            size=size.get(entry.kind, 0),
            entry=entry,
            mtime=self.container_file_time(container.id, itself),
            link_target=resolved if entry.kind == "symlink" else "",
        )

    def container_archive(
        self, ref: str, src: str, follow_link: bool = True
    ) -> tuple[list[FileEntry], str, dict[str, int]]:
        """`GET /containers/{id}/archive`: the entries at and under `src`, the resolved root
        they hang from, and each entry's time as the archive carries it (by its path);
        `dir/.` is resolved as `dir`. A link is followed when `follow_link` or when `src` ends
        in `/` or `/.`; otherwise the link itself is the one entry."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        entries, root = self._archive(container, fs, src, follow_link, ref)
        self._copy_events(container, "archive-path")
        return entries, root, self._archive_times(container, entries)

    def _archive_times(self, container: Container, entries: list[FileEntry]) -> dict[str, int]:
        """Each entry's time in a tar of it: whole seconds (go-archive truncates them)."""
        return {e.path: int(self.container_file_time(container.id, e.path)) for e in entries}

    def _archive(
        self, container: Container, fs: CowFS, src: str, follow_link: bool, name: str
    ) -> tuple[list[FileEntry], str]:
        """(`name`: the container as the client named it, as the daemon's error says it)"""
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
            raise errors.copy_not_found(src, name)
        return entries, real

    def container_file_time(self, container_id: str, real: str) -> float:
        """When the file at `real` (resolved) in a container was last changed."""
        return self.world.mtimes.get(container_id, {}).get(real, self.now - IMAGE_FILE_AGE)

    def container_archive_tar(self, ref: str, path: str) -> tuple[bytes, PathStat]:
        """`GET /containers/{id}/archive` (archive_unix.go containerArchivePath), and `docker
        cp CONTAINER:PATH -`: the tar of what is at `path`, with its stat. Its entries are
        named from the base name asked for (`/etc/` gives `etc/...`, a link's target comes
        under the link's name, `dir/.` gives `./...`; the link itself unless `path` ends in
        `/` or `/.`), each with its own modification time."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        stat = self._stat_path(container, fs, path, ref)
        entries, root = self._archive(container, fs, path, False, ref)
        self._copy_events(container, "archive-path")
        absolute = posixpath.join("/", path)
        base = "." if path.endswith("/.") else posixpath.basename(absolute.rstrip("/"))
        times = self._archive_times(container, entries)
        named: list[FileEntry] = []
        mtimes: dict[str, int] = {}
        for entry in entries:
            rel = entry.path[len(root) :].lstrip("/") if root != "/" else entry.path.lstrip("/")
            name = "/" + (posixpath.join(base, rel) if base and rel else base or rel)
            if name == "/":
                continue
            named.append(attrs.evolve(entry, path=name))
            mtimes[name] = times[entry.path]
        from dockersim.model.tarball import tar_bytes  # only a copy needs tar (model/lazy.py)

        return tar_bytes(named, mtimes=mtimes), stat

    def container_extract(
        self,
        ref: str,
        dest: str,
        entries: list[FileEntry],
        src_root: str,
        contents: bool,
        mtimes: Mapping[str, float] | None = None,
        archive: bool = False,
    ) -> int:
        """`PUT /containers/{id}/archive`: place `entries` (hanging from `src_root`) at `dest`
        with docker cp's rules, each with its owner and its time in `mtimes` (by source path;
        else now) as the archive carries them; `archive` (`-a`): owned by the container's
        user instead, when it has one. Returns the tar size the CLI reports."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        parent = posixpath.dirname(dest.rstrip("/")) or "/"
        if not fs.exists(parent):
            raise errors.copy_not_found(parent, ref)
        owner = self._archive_owner(container) if archive else None
        placed: dict[str, float] = {}

        def kind_of(path: str) -> str | None:
            return fs.stat(path).kind if fs.exists(path) else None

        def put(entry: FileEntry, source: str) -> None:
            fs.put(_owned(entry, owner))
            placed[entry.path] = (mtimes or {}).get(source, self.now)

        moved = place_entries(entries, src_root, dest, contents, kind_of, put)
        self.world.mtimes.setdefault(container.id, {}).update(placed)
        self._copy_events(container, "extract-to-dir")
        from dockersim.model.tarball import tar_bytes  # only a copy needs tar (model/lazy.py)

        return len(tar_bytes(moved))

    def container_extract_tar(
        self,
        ref: str,
        path: str,
        entries: list[FileEntry],
        mtimes: Mapping[str, float] | None = None,
        archive: bool = False,
    ) -> None:
        """`PUT /containers/{id}/archive` (archive_unix.go containerExtractToDir): a tar's
        `entries`, named already for their place, extracted into the directory `path` with
        their owners and times (`mtimes`, by entry path); `archive` (`copyUIDGID`): owned by
        the container's user instead, when it has one."""
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        absolute = posixpath.join("/", path)
        try:
            where = fs.stat(absolute)
        except FsError:
            raise errors.copy_not_found(path, ref) from None
        if where.kind != "dir":
            raise errors.extraction_not_a_directory()
        owner = self._archive_owner(container) if archive else None
        times = self.world.mtimes.setdefault(container.id, {})
        for target, entry in _untar(fs, fs.resolve(absolute), entries, owner):
            times[target] = (mtimes or {}).get(entry.path, self.now)
        self._copy_events(container, "extract-to-dir")

    def _archive_owner(self, container: Container) -> tuple[int, int] | None:
        """archive_tarcopyoptions_unix.go: with `-a`, what is extracted belongs to the
        container's user (looked up in its own files), or keeps its owner if it has none."""
        from dockersim.model.userland.users import UnknownUser, resolve_user

        spec = container.config.user
        if not spec:
            return None
        try:
            who = resolve_user(self.engine.container_fs(container), spec)
        except UnknownUser as exc:
            kind = "group" if str(exc).startswith("unable to find group") else "user"
            name, _, group = spec.partition(":")
            raise errors.copy_unknown_owner(kind, group if kind == "group" else name) from None
        return who.uid, who.gid


def _owned(entry: FileEntry, owner: tuple[int, int] | None) -> FileEntry:
    if owner is None:
        return entry
    return attrs.evolve(entry, uid=owner[0], gid=owner[1])


def _untar(
    fs: CowFS, dest: str, entries: list[FileEntry], owner: tuple[int, int] | None
) -> list[tuple[str, FileEntry]]:
    """pkg/archive Untar into `dest`: an entry may not replace one of the other kind; each
    entry extracted, with where it went."""
    done = []
    for entry in entries:
        rel = entry.path.lstrip("/")
        if not rel or rel == ".":
            continue
        target = posixpath.normpath(posixpath.join(dest, rel))
        found = fs.get(target)
        if found is not None and found.kind == "dir":
            if entry.kind == "dir":
                continue
            raise errors.cannot_overwrite(target, rel, directory=True)
        if found is not None and entry.kind == "dir":
            raise errors.cannot_overwrite(target, rel, directory=False)
        try:
            fs.put(_owned(attrs.evolve(entry, path=target), owner))
        except FsError as exc:
            raise System(str(exc)) from None
        done.append((target, entry))
    return done
