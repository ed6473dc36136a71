"""A container's filesystem: a writable upper layer over its image's read-only union view.

Reads look in the upper layer first, then the image (overlayfs lookup order). A write copies the
path up (the lower entry's metadata carries over), a delete of something that exists below
leaves a whiteout, and a directory created over a deleted one is opaque, as overlay2 does it.
The lower view is shared by every container of the same image (it is never mutated), so a
container costs only what it changed. `diff()` is `docker diff`; `changes()` is the changeset
`docker commit` turns into a layer (both in layerchanges.py).
"""

from __future__ import annotations

import posixpath
import weakref
from collections.abc import Callable, Iterator, Mapping

from dockersim.model.fs import FileEntry, Tree, normalize
from dockersim.model.fs import FsError as FsError  # where every caller has imported it from
from dockersim.model.layerchanges import LayerChanges
from dockersim.model.pathwalk import lower_children, lower_memo, upper_names, walk

MiB = 1024 * 1024
#: The character devices every container (and the host) has; reads give what the device
#: gives, bounded (a `head -c` of /dev/zero works; an endless `cat` is not modelled).
DEVICES = {
    path: FileEntry(path, "file", 0o666)
    for path in ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full")
}
DEVICE_READ_LIMIT = 16 * MiB

# --- caps: what a simulated filesystem may hold (docs/grading.md, "Limits and safety") --------
#: The largest file: a write that would make a file larger fails with EFBIG ("File too large").
MAX_FILE_BYTES = 32 * MiB
#: What one writable layer may hold (a container's, the host's own files, a volume, a tmpfs):
#: past it, writes fail with ENOSPC ("No space left on device").
MAX_LAYER_BYTES = 64 * MiB
#: What one simulated host's disk holds, all its writable layers, volumes, files and container
#: logs together (when the engine gives its filesystems a `Quota`); past it, ENOSPC. A world
#: saved as JSON (the CLI's store, a command check's copy) takes about four times as much
#: memory while it is written, so this stays well below what a grading process may use.
DISK_BYTES = 128 * MiB
#: What every entry costs besides its content (an inode and a directory entry): a layer of
#: empty files or whiteouts fills up too. Sizes shown to users never include it.
ENTRY_BYTES = 4096
#: The longest path the filesystem accepts (Linux PATH_MAX, with its NUL), and name (NAME_MAX).
PATH_MAX = 4096
NAME_MAX = 255


def _device_bytes(path: str) -> bytes:
    if path == "/dev/null":
        return b""
    if path in ("/dev/zero", "/dev/full"):
        return bytes(DEVICE_READ_LIMIT)
    import random

    # 7-bit bytes: the userland's pipes carry text, and this keeps `head -c N | wc -c` right
    return bytes(b & 0x7F for b in random.Random(path).randbytes(64 * 1024))


class Quota:
    """What one simulated host may hold, shared by all its filesystems (and its container logs).

    `used` counts the bytes of every writable layer, volume and host file the engine handed
    over (content plus `ENTRY_BYTES` per entry) and the logs it keeps; a write that would pass
    `capacity` fails with ENOSPC. `hits` names, in order and once each, every cap a program of
    this host ran into (the disk, a layer, a file, a process's memory, the logs): a grader
    scores a submission with any hit as over a limit.
    """

    def __init__(self, capacity: int = DISK_BYTES, used: int = 0) -> None:
        self.capacity = capacity
        self.used = used
        self.hits: list[str] = []

    @property
    def room(self) -> int:
        return max(self.capacity - self.used, 0)

    def hit(self, message: str) -> None:
        """Record that a cap was reached (the first time only for each message)."""
        if message not in self.hits and len(self.hits) < 20:
            self.hits.append(message)


def entry_cost(entry: FileEntry) -> int:
    """What an entry of a writable layer counts against the caps."""
    return ENTRY_BYTES + (len(entry.content) if entry.kind == "file" else 0)


def layer_cost(upper: Mapping[str, FileEntry]) -> int:
    return sum(entry_cost(e) for e in upper.values())


#: What `Quota.hits` says for each cap (the grader shows it).
DISK_FULL = f"the simulated disk is full ({DISK_BYTES // MiB} MiB: layers, volumes, files, logs)"
LAYER_FULL = f"a writable layer is full ({MAX_LAYER_BYTES // MiB} MiB)"
FILE_TOO_LARGE = f"a file grew past {MAX_FILE_BYTES // MiB} MiB"


#: Upper-layer marker for a path deleted from the lower view.
WHITEOUT = FileEntry("/", "whiteout", 0)


class CowFS(LayerChanges):
    def __init__(
        self, lower: Mapping[str, FileEntry], read_only: bool = False, quota: Quota | None = None
    ) -> None:
        self.lower = lower
        self.upper: dict[str, FileEntry] = {}
        #: Directories whose lower contents are hidden (recreated after a delete).
        self.opaque: set[str] = set()
        self.read_only = read_only
        #: the host's disk this layer lives on (None: only this layer's own cap applies)
        self.quota = quota
        self._children: dict[str, set[str]] | None = None
        #: resolved paths, until the next write here or in a mounted filesystem (PATH lookups)
        self._memo: dict[tuple[str, str, bool], str] = {}
        #: the views that mount this filesystem (MountedFS), by id: what they resolved
        #: through it is forgotten when it changes (a host file under a bind source, a shared
        #: volume); weak references, the dead ones dropped as more come (`watch`)
        self._watchers: dict[int, weakref.ref[CowFS]] | None = None
        #: counts the changes made through this object (and in the filesystems it mounts)
        self._revision = 0
        #: (the upper dict counted, its cost): the engine may swap `upper` after creation
        self._counted: tuple[dict[str, FileEntry] | None, int] = (None, 0)

    #: how many watchers may be kept before the dead ones are dropped
    _watch_limit = 64

    def watch(self, view: CowFS) -> None:
        """`view` mounts this filesystem: its resolutions are forgotten when this one changes."""
        watchers = self._watchers
        if watchers is None:
            self._watchers = {id(view): weakref.ref(view)}
            return
        known = watchers.get(id(view))
        if known is not None and known() is view:
            return
        if len(watchers) >= self._watch_limit:  # the dead go (amortised: the limit doubles)
            for key, ref in list(watchers.items()):
                if ref() is None:
                    del watchers[key]
            self._watch_limit = max(64, 2 * len(watchers))
        watchers[id(view)] = weakref.ref(view)

    def _forget(self) -> None:
        """Forget the resolved paths here and in every view that mounts this filesystem."""
        self._memo.clear()
        self._revision += 1
        if self._watchers:
            for ref in list(self._watchers.values()):
                view = ref()
                if view is not None:
                    view._forget()

    # --- reading --------------------------------------------------------------------------
    def get(self, path: str) -> FileEntry | None:
        """The entry at `path` exactly (no symlink resolution), or None."""
        if path in DEVICES:
            return DEVICES[path]
        entry = self.upper.get(path)
        if entry is not None:
            return None if entry.kind == "whiteout" else entry
        if self._hidden(path):
            return None
        return self.lower.get(path)

    def _hidden(self, path: str) -> bool:
        """Whether an ancestor of `path` hides the lower layers below it: an opaque
        directory, a whiteout or a non-directory in the upper layer (the root included)."""
        upper, opaque = self.upper, self.opaque
        if not upper and not opaque:
            return False
        end = path.rfind("/")
        while end > 0:  # (each ancestor, innermost first, by slicing: this runs per lookup)
            parent = path[:end]
            if parent in opaque:
                return True
            up = upper.get(parent)
            if up is not None and up.kind != "dir":
                return True
            end = path.rfind("/", 0, end)
        if "/" in opaque:
            return True
        root = upper.get("/")
        return root is not None and root.kind != "dir"

    def resolve(self, path: str, cwd: str = "/", follow_last: bool = True) -> str:
        """Absolute path with symlinks resolved (the last one too unless `follow_last`)."""
        key = (path, cwd, follow_last)
        found = self._memo.get(key)
        if found is not None:
            return found
        if self._plain(path, cwd):
            found = self._through_lower(key)
        if found is None:
            found = walk(path, cwd, follow_last, self.get)
        if not found.startswith("/proc/"):  # (/proc/self is where its reader is)
            self._memo[key] = found
        return found

    def _through_lower(self, key: tuple[str, str, bool]) -> str | None:
        """The resolution the image alone gives (shared by every container of the image),
        when this layer changes none of the paths it walked through; else None.

        The walk visits every prefix it looks up; an entry the upper layer holds at one of
        them, or an opaque directory there, is the only way the merged view can differ (a
        prefix's own ancestors are visited prefixes too)."""
        shared = lower_memo(self.lower)
        hit = shared.get(key)
        if hit is None:
            visited: list[str] = ["/"]
            try:
                found = walk(*key, self._lower_get, visited)
            except FsError:
                return None
            hit = shared[key] = (found, tuple(visited))
        found, walked = hit
        return found if self.sees_lower(walked) else None

    #: whether this view's lookups are the layers' own where it changed nothing (a non-root
    #: process's view is not: it checks permissions on the way)
    shares_lower = True

    def sees_lower(self, walked: tuple[str, ...]) -> bool:
        """Whether every path of `walked` reads here as in the lower layers alone: this
        layer holds none of them, nor hides one under an opaque directory or a mount."""
        upper, opaque = self.upper, self.opaque
        if upper or opaque:
            for path in walked:  # (a loop: `any` over a generator it stops early costs more)
                if path in upper or path in opaque:
                    return False
        return self._untouched(walked)

    def _untouched(self, walked: tuple[str, ...]) -> bool:
        """Whether none of `walked` leads elsewhere in this view (MountedFS: into a mount)."""
        return True

    def _lower_get(self, path: str) -> FileEntry | None:
        return DEVICES[path] if path in DEVICES else self.lower.get(path)

    def _plain(self, path: str, cwd: str) -> bool:
        """Whether the path never touches a mount (MountedFS overrides)."""
        return True

    def stat(self, path: str, cwd: str = "/", follow: bool = True) -> FileEntry:
        real = self.resolve(path, cwd, follow_last=follow)
        entry = self.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None:
            raise FsError("ENOENT", path)
        return entry

    def exists(self, path: str, cwd: str = "/") -> bool:
        try:
            self.stat(path, cwd)
        except FsError:
            return False
        return True

    def read(self, path: str, cwd: str = "/") -> bytes:
        entry = self.stat(path, cwd)
        if entry.kind == "dir":
            raise FsError("EISDIR", path)
        if entry.path in DEVICES:
            return _device_bytes(entry.path)
        return entry.content

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        real = self.resolve(path, cwd)
        entry = self.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None:
            raise FsError("ENOENT", path)
        if entry.kind != "dir":
            raise FsError("ENOTDIR", path)
        names: set[str] = set()
        if real not in self.opaque:
            names.update(self._lower_children().get(real, ()))
        prefix = real.rstrip("/") + "/"
        for p in self.upper:
            if p.startswith(prefix) and "/" not in p[len(prefix) :] and p != real:
                names.add(p[len(prefix) :])
        return sorted(n for n in names if self.get(prefix + n) is not None)

    def _lower_children(self) -> dict[str, set[str]]:
        """Each directory's names in the lower view (read only: shared by every container
        of the image, as the view itself is)."""
        if self._children is None:
            self._children = lower_children(self.lower)
        return self._children

    def walk(
        self, top: str = "/", onerror: Callable[[str, FsError], None] | None = None
    ) -> Iterator[str]:
        """Every path under `top` (inclusive), parents before children, siblings sorted.

        Iterative, so a directory tree as deep as PATH_MAX allows never exhausts the stack.
        Listed as `listdir` lists; a plain layer from one table of its upper layer's names
        (pathwalk.upper_names), made again if the layer changes during the walk. A directory
        that cannot be listed (/proc, with ENOTSIM) raises, or with `onerror` is passed to it
        and its contents skipped, as `find` goes on past it."""
        plain = type(self).listdir is CowFS.listdir
        names_of: dict[str, set[str]] | None = None
        made_for: tuple[object, int, int] = (None, -1, -1)
        stack = [top]
        while stack:
            path = stack.pop()
            yield path
            entry = self.get(path) if path != "/" else FileEntry.directory("/")
            if entry is not None and entry.kind == "dir":
                if plain:
                    state = (self.upper, self._revision, len(self.upper))
                    if names_of is None or state[0] is not made_for[0] or state[1:] != made_for[1:]:
                        names_of, made_for = upper_names(self.upper), state
                    names = self._listed(path, names_of)
                elif onerror is None:
                    names = self.listdir(path)
                else:
                    try:
                        names = self.listdir(path)
                    except FsError as exc:
                        onerror(path, exc)
                        continue
                stack.extend(posixpath.join(path, name) for name in reversed(names))

    def _listed(self, path: str, upper_names: dict[str, set[str]]) -> list[str]:
        """`listdir(path)` with the upper layer's names per directory given."""
        real = self.resolve(path)
        entry = self.get(real) if real != "/" else FileEntry.directory("/")
        if entry is None or entry.kind != "dir":
            return self.listdir(path)  # (it raises as it does)
        names: set[str] = set(upper_names.get(real, ()))
        if real not in self.opaque:
            names.update(self._lower_children().get(real, ()))
        prefix = real.rstrip("/") + "/"
        return sorted(n for n in names if self.get(prefix + n) is not None)

    # --- writing --------------------------------------------------------------------------
    def _check_writable(self, path: str) -> None:
        if self.read_only:
            raise FsError("EROFS", path)

    def _parent_dir(self, real: str, path: str) -> None:
        parent = posixpath.dirname(real)
        if parent == "/":
            return
        entry = self.get(parent)
        if entry is None:
            raise FsError("ENOENT", path)
        if entry.kind != "dir":
            raise FsError("ENOTDIR", path)

    def _check_name(self, real: str, path: str) -> None:
        """A new entry's path must fit PATH_MAX and each of its names NAME_MAX (ENAMETOOLONG)."""
        if len(real.encode()) >= PATH_MAX or len(posixpath.basename(real).encode()) > NAME_MAX:
            raise FsError("ENAMETOOLONG", path)

    # --- caps -----------------------------------------------------------------------------
    def layer_used(self) -> int:
        """What the writable layer holds against MAX_LAYER_BYTES (content and entries)."""
        counted, used = self._counted
        if counted is not self.upper:
            used = layer_cost(self.upper)
            self._counted = (self.upper, used)
        return used

    def room(self) -> int:
        """Bytes the next change may add before this layer or the host's disk is full."""
        room = MAX_LAYER_BYTES - self.layer_used()
        if self.quota is not None:
            room = min(room, self.quota.room)
        return room

    def _full(self, path: str) -> FsError:
        """ENOSPC, with the cap that ran out recorded on the host's quota."""
        if self.quota is not None:
            layer_room = MAX_LAYER_BYTES - self.layer_used()
            self.quota.hit(DISK_FULL if self.quota.room < layer_room else LAYER_FULL)
        return FsError("ENOSPC", path)

    def _set(self, path: str, entry: FileEntry | None, check: bool = True) -> None:
        """Put `entry` at `path` in the upper layer (None: drop it), counting what it costs.

        Raises ENOSPC (nothing changed) when `check` and the change needs more room."""
        old = self.upper.get(path)
        delta = (entry_cost(entry) if entry is not None else 0) - (
            entry_cost(old) if old is not None else 0
        )
        if check and delta > 0 and delta > self.room():
            raise self._full(path)
        used = self.layer_used()
        if entry is None:
            self.upper.pop(path, None)
        else:
            self.upper[path] = entry
        self._counted = (self.upper, used + delta)
        if self.quota is not None:
            self.quota.used = max(self.quota.used + delta, 0)

    def write(
        self, path: str, data: bytes, cwd: str = "/", append: bool = False, mode: int | None = None
    ) -> None:
        """Write (or append) `data`. Past MAX_FILE_BYTES or the room left, what fits is
        written and EFBIG or ENOSPC is raised, as a short write(2) then a failed one."""
        real = self.resolve(path, cwd)
        if real in DEVICES:  # /dev/null and friends swallow what is written; /dev/full refuses
            if real == "/dev/full" and data:
                raise FsError("ENOSPC", path)
            return
        old = self.get(real)
        if old is not None and old.kind == "file":
            self._revision += 1  # (a file's content alone changes: every path resolves as it did)
        else:
            self._forget()
        self._check_writable(path)
        if old is not None and old.kind == "dir":
            raise FsError("EISDIR", path)
        self._parent_dir(real, path)
        if old is None:
            self._check_name(real, path)
        kept = old.content if old is not None and append else b""
        failure = ""
        if len(kept) + len(data) > MAX_FILE_BYTES:
            data = data[: max(MAX_FILE_BYTES - len(kept), 0)]
            failure = "EFBIG"
        below = self.upper.get(real)
        fits = self.room() + (entry_cost(below) if below is not None else 0)
        fits -= ENTRY_BYTES + len(kept)
        if fits < 0:
            raise self._full(path)
        if len(data) > fits:
            data = data[:fits]
            failure = "ENOSPC"
        if old is not None:
            entry = FileEntry(
                real, "file", old.mode if mode is None else mode, old.uid, old.gid, kept + data
            )
        else:  # a new file: root's (a UserFS gives it to its owner after)
            entry = FileEntry(real, "file", 0o644 if mode is None else mode, 0, 0, kept + data)
        self._set(real, entry, check=False)
        if failure == "EFBIG":
            if self.quota is not None:
                self.quota.hit(FILE_TOO_LARGE)
            raise FsError("EFBIG", path)
        if failure:
            raise self._full(path)

    def mkdir(self, path: str, cwd: str = "/", parents: bool = False, mode: int = 0o755) -> None:
        self._forget()
        self._check_writable(path)
        real = normalize(posixpath.join(cwd, path))
        if parents:
            current = "/"
            for part in [p for p in real.split("/") if p]:
                # `current` is resolved and a directory: only `part` may be a symlink
                candidate = current + "/" + part if current != "/" else "/" + part
                entry = self.get(candidate)
                if entry is not None and entry.kind == "symlink":
                    candidate = self.resolve(candidate)
                    entry = self.get(candidate)
                current = candidate
                if entry is None:
                    self._check_name(current, path)
                    self._make_dir(current, mode)
                elif entry.kind != "dir":
                    raise FsError("ENOTDIR", path)
            return
        real = self.resolve(path, cwd, follow_last=False)
        if self.get(real) is not None:
            raise FsError("EEXIST", path)
        self._parent_dir(real, path)
        self._check_name(real, path)
        self._make_dir(real, mode)

    def _make_dir(self, real: str, mode: int) -> None:
        was_deleted = self.upper.get(real) is WHITEOUT or (
            real in self.upper and self.upper[real].kind == "whiteout"
        )
        self._set(real, FileEntry.directory(real, mode))
        if was_deleted and self.lower.get(real) is not None:
            self.opaque.add(real)

    def symlink(self, target: str, path: str, cwd: str = "/") -> None:
        self._forget()
        self._check_writable(path)
        real = self.resolve(path, cwd, follow_last=False)
        if self.get(real) is not None:
            raise FsError("EEXIST", path)
        self._parent_dir(real, path)
        self._check_name(real, path)
        self._set(real, FileEntry.symlink(real, target))

    def put(self, entry: FileEntry) -> None:
        """Place an entry as is (used by `docker cp` and package installs); EFBIG or ENOSPC
        (nothing placed) past the caps."""
        self._forget()
        self._check_writable(entry.path)
        if entry.kind == "file" and len(entry.content) > MAX_FILE_BYTES:
            if self.quota is not None:
                self.quota.hit(FILE_TOO_LARGE)
            raise FsError("EFBIG", entry.path)
        self._set(entry.path, entry)

    def chmod(self, path: str, mode: int, cwd: str = "/") -> None:
        self._forget()
        self._check_writable(path)
        real = self.resolve(path, cwd)
        entry = self.stat(real)
        self._set(
            real,
            FileEntry(real, entry.kind, mode, entry.uid, entry.gid, entry.content, entry.target),
        )

    def remove(self, path: str, cwd: str = "/", recursive: bool = False) -> None:
        """Delete a path (a directory with `recursive`): upper entries go, lower ones get a
        whiteout. Iterative: one pass over the upper layer, whatever the tree's depth."""
        self._forget()
        self._check_writable(path)
        real = self.resolve(path, cwd, follow_last=False)
        entry = self.get(real)
        if entry is None:
            raise FsError("ENOENT", path)
        victims: list[str] = []
        if entry.kind == "dir":
            if not recursive and self.listdir(real):
                raise FsError("ENOTEMPTY", path)
            stack = [real]
            while stack:
                top = stack.pop()
                for name in self.listdir(top):
                    child = posixpath.join(top, name)
                    victims.append(child)
                    found = self.get(child)
                    if found is not None and found.kind == "dir":
                        stack.append(child)
        victims.append(real)
        prefix = real.rstrip("/") + "/"
        for p in [
            p for p, e in self.upper.items() if p.startswith(prefix) and e.kind != "whiteout"
        ]:
            self._set(p, None, check=False)
        for p in victims:
            self.opaque.discard(p)
            if self.lower.get(p) is not None:
                self._set(p, FileEntry.whiteout(p), check=False)
            else:
                self._set(p, None, check=False)

    # --- trying a change out ---------------------------------------------------------------
    def checkpoint(self) -> tuple[dict[str, FileEntry], frozenset[str]]:
        """The writable layer as it is now, for `rollback` (mounts are not included)."""
        return dict(self.upper), frozenset(self.opaque)

    def rollback(self, saved: tuple[dict[str, FileEntry], frozenset[str]]) -> None:
        """Put the writable layer back as `checkpoint` saw it."""
        upper, opaque = saved
        if self.upper == upper and self.opaque == opaque:
            return
        for path in set(self.upper) | set(upper):
            self._set(path, upper.get(path), check=False)
        self.opaque.clear()
        self.opaque.update(opaque)
        self._forget()


def lower_view(tree: Tree) -> Mapping[str, FileEntry]:
    return tree
