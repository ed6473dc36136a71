"""A container filesystem with mounts: volumes, bind mounts and tmpfs over the writable layer.

Paths under a mount's destination are served by the mount's own filesystem (a volume's store,
the host's files under the bind source, or an empty tmpfs); everything else is the container's
copy-on-write layer. `docker diff`, `docker commit` and the layer size see only that layer, so
mounted data never shows up in them, as in Docker.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Mapping

from dockersim.model.cowfs import CowFS, FsError, Quota
from dockersim.model.fs import FileEntry


class MountPoint:
    """A filesystem mounted at `destination` of a container's view.

    `make` builds the filesystem when a path under the mount is first used, for the ones the
    runtime mounts in every container (/etc/hosts and its siblings, /proc, /sys): most
    processes never look there, so most views never build them. What `make` builds belongs
    to the one view that mounts it: every change to it goes through that view, which then
    forgets what it resolved, so no watch is needed (a shared filesystem is given as `fs`)."""

    __slots__ = ("_fs", "_make", "_quota", "destination", "kind", "read_only", "root")

    def __init__(
        self,
        destination: str,
        fs: CowFS | None = None,
        root: str = "/",
        read_only: bool = False,
        kind: str = "volume",
        *,
        make: Callable[[], CowFS] | None = None,
    ) -> None:
        if fs is None and make is None:
            raise TypeError("a mount point needs a filesystem or a way to make one")
        self.destination = destination
        self._fs = fs
        #: where the destination's root is inside `fs` ("/" for a volume, the bind source)
        self.root = root
        self.read_only = read_only
        #: "volume", "bind", "tmpfs", "etc" (the daemon's /etc/hosts, hostname, resolv.conf)
        #: or "kernel" (/proc and /sys): what `mount` inside the container shows
        self.kind = kind
        self._make = make
        self._quota: Quota | None = None

    @property
    def fs(self) -> CowFS:
        fs = self._fs
        if fs is None:
            assert self._make is not None
            fs = self._fs = self._make()
            if self._quota is not None:
                fs.quota = self._quota
        return fs

    @property
    def made(self) -> bool:
        """Whether the filesystem exists yet (a lazy one is made when first used)."""
        return self._fs is not None

    def watch(self, view: CowFS) -> None:
        """`view` mounts this: what it resolved through it goes when it changes (CowFS.watch;
        nothing to do for a filesystem made on use, the view's own)."""
        if self._fs is not None and self._make is None:
            self._fs.watch(view)

    def charge(self, quota: Quota) -> None:
        """What is written through this mount counts against `quota` (the host's disk)."""
        self._quota = quota
        if self._fs is not None:
            self._fs.quota = quota

    def __repr__(self) -> str:
        return f"MountPoint({self.destination!r}, kind={self.kind!r})"


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


class LaterMounts:
    """Mount points whose destinations are known now, made when a path under one is first
    used (the runtime's own in every container: most processes never look there)."""

    __slots__ = ("destinations", "make")

    def __init__(self, destinations: tuple[str, ...], make: Callable[[], list[MountPoint]]):
        self.destinations = destinations
        self.make = make


class MountedFS(CowFS):
    def __init__(
        self,
        lower: Mapping[str, FileEntry],
        mounts: list[MountPoint],
        read_only: bool = False,
        later: LaterMounts | None = None,
    ) -> None:
        super().__init__(lower, read_only)
        destinations = tuple(m.destination for m in mounts)
        if later is not None:
            destinations += later.destinations
        self._order, self._prefixes, self._exact, self._mount_key = _layout(destinations)
        self._given = mounts
        self._later = later
        self._mounts: list[MountPoint] | None = None
        for mount in mounts:  # (what this view resolved into a mount goes when it changes)
            mount.watch(self)
        #: path -> (its mount, the path inside it): the mounts never change
        self._routes: dict[str, tuple[MountPoint, str] | None] = {}
        #: path -> (a mount's entry, the entry at `path` made from it), for `get`
        self._seen: dict[str, tuple[FileEntry, FileEntry]] = {}

    @property
    def mounts(self) -> list[MountPoint]:
        """Every mount point, longest destination first (the later ones made now)."""
        mounts = self._mounts
        if mounts is None:
            given = self._given
            if self._later is not None:
                made = self._later.make()
                assert tuple(p.destination for p in made) == self._later.destinations
                if self.quota is not None:
                    for point in made:
                        point.charge(self.quota)
                given = [*given, *made]
            mounts = self._mounts = [given[i] for i in self._order]
        return mounts

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
