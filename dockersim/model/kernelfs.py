"""/proc and /sys as a container's processes see them: what is simulated, and what says so.

The kernel makes these files from its own state; dockersim models a few of them from the
container's settings (`files`: its cgroup's limits, its hostname) and a process's own files
(`process_entry`), and no more. A process that
reads, lists or looks up anything else the kernel has there gets `ENOTSIM`, whose text says
that dockersim does not simulate it ("cat: can't open '/proc/cpuinfo': dockersim: not
simulated"), instead of a listing or a "No such file" that the real kernel would not give. A
name the kernel does not have there (`/proc/nonsense`) is missing, as it is on Linux.

Only processes see these filesystems: the daemon's own view of a container's files (`docker
cp`, an archive) does not mount them, so there /proc and /sys are the image's empty
directories (`in_process` tells the two apart).
"""

from __future__ import annotations

from collections.abc import Mapping

from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry, FsError

#: the names at the top of procfs in a container (Linux 6.8), besides its processes' PIDs
PROC_NAMES = frozenset(
    {
        "acpi", "buddyinfo", "bus", "cgroups", "cmdline", "consoles", "cpuinfo", "crypto",
        "devices", "diskstats", "dma", "driver", "dynamic_debug", "execdomains", "fb",
        "filesystems", "fs", "interrupts", "iomem", "ioports", "irq", "kallsyms", "kcore",
        "key-users", "keys", "kmsg", "kpagecgroup", "kpagecount", "kpageflags", "loadavg",
        "locks", "meminfo", "misc", "modules", "mounts", "mtrr", "net", "pagetypeinfo",
        "partitions", "pressure", "schedstat", "scsi", "self", "slabinfo", "softirqs", "stat",
        "swaps", "sys", "sysrq-trigger", "sysvipc", "thread-self", "timer_list", "tty",
        "uptime", "version", "version_signature", "vmallocinfo", "vmstat", "zoneinfo",
    }
)  # fmt: skip
#: the names at the top of sysfs
SYS_NAMES = frozenset(
    {"block", "bus", "class", "dev", "devices", "firmware", "fs", "hypervisor", "kernel",
     "module", "power"}
)  # fmt: skip

_ROOT: Mapping[str, FileEntry] = {"/": FileEntry("/", "dir", 0o555)}


def _per_process(path: str) -> bool:
    top = path[1:].partition("/")[0]
    return top.isdigit() or top in ("self", "mounts")


class KernelFS(CowFS):
    """procfs or sysfs. A subclass says what is there: `NAMES` (and a PID, with `PIDS`) are
    the kernel's, `files()` (made when first asked) maps the simulated files' paths to their
    contents, `process_entry` gives a process's own files (procfs), and `in_process()` says
    whether a process is looking (else the daemon is: it sees an empty directory)."""

    NAMES: frozenset[str] = frozenset()
    PIDS = False
    #: what is mounted read-only inside it (EROFS before any other answer)
    READ_ONLY_PATHS: tuple[str, ...] = ()

    def __init__(self, read_only: bool = False) -> None:
        super().__init__(_ROOT, read_only)
        self._tree: dict[str, FileEntry] | None = None

    def files(self) -> Mapping[str, bytes]:
        return {}

    def in_process(self) -> bool:
        return False

    def process_entry(self, path: str) -> FileEntry | None:
        """The entry at a path under `self`, `mounts` or a PID, as the reader sees it."""
        raise FsError("ENOTSIM", path)

    def _simulated(self) -> dict[str, FileEntry]:
        tree = self._tree
        if tree is None:
            tree = {}
            for path, content in self.files().items():
                tree[path] = FileEntry(path, "file", 0o644, 0, 0, content)
                parent = path.rpartition("/")[0]
                while parent and parent not in tree:
                    tree[parent] = FileEntry(parent, "dir", 0o555)
                    parent = parent.rpartition("/")[0]
            self._tree = tree
        return tree

    def _kernel_has(self, path: str) -> bool:
        """Whether the kernel has something at `path` (its first name is one of its own)."""
        top = path[1:].partition("/")[0]
        return top in self.NAMES or (self.PIDS and top.isdigit())

    def get(self, path: str) -> FileEntry | None:
        if path == "/":
            return _ROOT["/"]
        if not self.in_process():
            return None
        entry = self._simulated().get(path)
        if entry is not None:
            return entry
        if self.PIDS and _per_process(path):
            return self.process_entry(path)
        if self._kernel_has(path):
            raise FsError("ENOTSIM", path)
        return None

    def listdir(self, path: str, cwd: str = "/") -> list[str]:
        real = self.resolve(path, cwd)
        if real == "/" and not self.in_process():
            return []
        entry = self.get(real)  # (raises for what is not simulated)
        if entry is None:
            raise FsError("ENOENT", path)
        if entry.kind != "dir":
            raise FsError("ENOTDIR", path)
        raise FsError("ENOTSIM", path)  # a directory's listing is never complete here

    def _check_writable(self, path: str) -> None:
        """procfs makes and removes its own entries: a new name fails with ENOENT; a change
        to an entry there with EPERM (sysfs is mounted read-only, and so are the parts of
        procfs runc remounts read-only, `READ_ONLY_PATHS`: EROFS first)."""
        if self.read_only or any(
            path == top or path.startswith(top + "/") for top in self.READ_ONLY_PATHS
        ):
            raise FsError("EROFS", path)
        if self._kernel_has(path):
            raise FsError("ENOTSIM", path)
        raise FsError("EPERM" if self.get(path) is not None else "ENOENT", path)
