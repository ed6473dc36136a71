"""A container filesystem with mounts: volumes, bind mounts and tmpfs over the writable layer.

Paths under a mount's destination are served by the mount's own filesystem (a volume's store,
the host's files under the bind source, or an empty tmpfs); everything else is the container's
copy-on-write layer. `docker diff`, `docker commit` and the layer size see only that layer, so
mounted data never shows up in them, as in Docker.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Mapping

import attrs

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry


@attrs.define
class MountPoint:
    destination: str
    fs: CowFS
    #: where the destination's root is inside `fs` ("/" for a volume, the bind source path)
    root: str = "/"
    read_only: bool = False
    #: "volume", "bind", "tmpfs", "etc" (the daemon's /etc/hosts, hostname, resolv.conf) or
    #: "kernel" (/proc and /sys): what `mount` inside the container shows
    kind: str = "volume"


#: the files the daemon bind-mounts into every container (left out of `docker diff`)
DOCKER_ETC_FILES = frozenset({"/etc/hosts", "/etc/hostname", "/etc/resolv.conf"})


#: (paths a walk looked up, the mount points' prefixes) -> whether no mount is among them:
#: every container of an image with the same mounts asks the same
_UNTOUCHED: dict[tuple[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]], bool] = {}


_Layout = tuple[
    tuple[int, ...], tuple[str, ...], frozenset[str], tuple[tuple[str, ...], tuple[str, ...]]
]


@functools.lru_cache(maxsize=256)  # containers have the same few sets of mount points
def _layout(destinations: tuple[str, ...]) -> _Layout:
    """For mount points at `destinations`: their order, longest destination first (stable),
    the prefixes under them, the destinations themselves, and the key `_untouched` uses."""
    order = tuple(sorted(range(len(destinations)), key=lambda i: -len(destinations[i])))
    prefixes = tuple(destinations[i].rstrip("/") + "/" for i in order)
    exact = frozenset(destinations)
    return order, prefixes, exact, (prefixes, tuple(sorted(exact)))


class MountedFS(CowFS):
    def __init__(
        self,
        lower: Mapping[str, FileEntry],
        mounts: list[MountPoint],
        read_only: bool = False,
    ) -> None:
        super().__init__(lower, read_only)
        order, self._prefixes, self._exact, self._mount_key = _layout(
            tuple(m.destination for m in mounts)
        )
        self.mounts = [mounts[i] for i in order]
        for mount in self.mounts:  # (what this view resolved into a mount goes when it changes)
            mount.fs.watch(self)
        #: path -> (its mount, the path inside it): the mounts never change
        self._routes: dict[str, tuple[MountPoint, str] | None] = {}
        #: path -> (a mount's entry, the entry at `path` made from it), for `get`
        self._seen: dict[str, tuple[FileEntry, FileEntry]] = {}

    def _plain(self, path: str, cwd: str) -> bool:
        if path[:1] == "/" and "//" not in path and "/." not in path and path[-1:] != "/":
            full = path  # already normal (the usual case: PATH lookups, /etc files)
        else:
            full = posixpath.normpath(posixpath.join(cwd, path))
        return full not in self._exact and not full.startswith(self._prefixes)

    def _untouched(self, walked: tuple[str, ...]) -> bool:
        key = (walked, self._mount_key)
        known = _UNTOUCHED.get(key)
        if known is None:
            exact, prefixes = self._exact, self._prefixes
            known = not any(p in exact or p.startswith(prefixes) for p in walked)
            if len(_UNTOUCHED) > 4096:
                _UNTOUCHED.clear()
            _UNTOUCHED[key] = known
        return known

    def _route(self, path: str) -> tuple[MountPoint, str] | None:
        if path not in self._exact and not path.startswith(self._prefixes):
            return None
        routed = self._routes.get(path)
        if routed is None:
            routed = self._routes[path] = self._find_route(path)
            if len(self._routes) > 4096:
                self._routes.clear()
        return routed

    def _find_route(self, path: str) -> tuple[MountPoint, str] | None:
        for mount in self.mounts:
            dest = mount.destination
            if path == dest or path.startswith(dest.rstrip("/") + "/"):
                inner = posixpath.normpath(
                    posixpath.join(mount.root, path[len(dest) :].lstrip("/"))
                )
                return mount, inner
        return None

    def get(self, path: str) -> FileEntry | None:
        routed = self._route(path)
        if routed is None:
            return super().get(path)
        mount, inner = routed
        if inner != "/":
            entry = mount.fs.get(inner)
        else:  # (the kernel's own root is dr-xr-xr-x; a volume's shows as a directory)
            entry = mount.fs.get("/") if mount.kind == "kernel" else FileEntry.directory("/")
        if entry is None:
            return None
        # the same entry seen at the same path is the same (frozen) value: made once
        seen = self._seen.get(path)
        if seen is not None and seen[0] is entry:
            return seen[1]
        shown = FileEntry(
            path, entry.kind, entry.mode, entry.uid, entry.gid, entry.content, entry.target
        )
        if len(self._seen) >= 4096:
            self._seen.clear()
        self._seen[path] = (entry, shown)
        return shown

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        real = self.resolve(path, cwd)
        routed = self._route(real)
        if routed is not None:
            mount, inner = routed
            return mount.fs.listdir(inner)
        names = set(super().listdir(real))
        prefix = real.rstrip("/") + "/"
        for mount in self.mounts:
            if mount.destination.startswith(prefix) and "/" not in mount.destination[len(prefix) :]:
                names.add(mount.destination[len(prefix) :])
        return sorted(names)

    def _writable(self, path: str) -> tuple[MountPoint, str] | None:
        routed = self._route(path)
        if routed is not None and routed[0].read_only:
            raise FsError("EROFS", path)
        return routed

    def write(
        self, path: str, data: bytes, cwd: str = "/", append: bool = False, mode: int | None = None
    ) -> None:
        real = self.resolve(path, cwd)
        routed = self._writable(real)
        if routed is None:  # (the layer forgets what the change can alter: CowFS.write)
            super().write(real, data, append=append, mode=mode)
            return
        self._forget()
        mount, inner = routed
        mount.fs.write(inner, data, append=append, mode=mode)

    def mkdir(self, path: str, cwd: str = "/", parents: bool = False, mode: int = 0o755) -> None:
        self._forget()
        real = posixpath.normpath(posixpath.join(cwd, path))
        routed = self._writable(real)
        if routed is None:
            super().mkdir(real, parents=parents, mode=mode)
            return
        mount, inner = routed
        if inner == mount.root and parents:
            return
        mount.fs.mkdir(inner, parents=parents, mode=mode)

    def symlink(self, target: str, path: str, cwd: str = "/") -> None:
        self._forget()
        real = self.resolve(path, cwd, follow_last=False)
        routed = self._writable(real)
        if routed is None:
            super().symlink(target, real)
            return
        mount, inner = routed
        mount.fs.symlink(target, inner)

    def put(self, entry: FileEntry) -> None:
        self._forget()
        routed = self._writable(entry.path)
        if routed is None:
            super().put(entry)
            return
        mount, inner = routed
        mount.fs.put(
            FileEntry(
                inner, entry.kind, entry.mode, entry.uid, entry.gid, entry.content, entry.target
            )
        )

    def chmod(self, path: str, mode: int, cwd: str = "/") -> None:
        self._forget()
        real = self.resolve(path, cwd)
        routed = self._writable(real)
        if routed is None:
            super().chmod(real, mode)
            return
        mount, inner = routed
        mount.fs.chmod(inner, mode)

    def remove(self, path: str, cwd: str = "/", recursive: bool = False) -> None:
        self._forget()
        real = self.resolve(path, cwd, follow_last=False)
        routed = self._writable(real)
        if routed is None:
            super().remove(real, recursive=recursive)
            return
        mount, inner = routed
        if inner == mount.root:
            for name in mount.fs.listdir(inner):
                mount.fs.remove(posixpath.join(inner, name), recursive=recursive)
            raise FsError("EBUSY", path)
        mount.fs.remove(inner, recursive=recursive)

    def diff(self) -> list[tuple[str, str]]:
        """The writable layer's changes. A mount point the image lacked is there (the runtime
        created it); the files Docker itself mounts at /etc/hosts, /etc/hostname and
        /etc/resolv.conf never are."""
        return [(kind, path) for kind, path in super().diff() if path not in DOCKER_ETC_FILES]
