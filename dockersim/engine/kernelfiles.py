"""The kernel's files a container's processes read: the few dockersim simulates, from the
container's settings (model/kernelfs.py says what happens with the rest).

- `/sys/fs/cgroup/memory.max`, `cpu.max`, `pids.max`: the container's own cgroup (cgroup v2,
  with a private cgroup namespace, Docker's default there) holds its `--memory` (rounded down
  to whole 4 KiB pages, as the kernel stores it), `--cpus` (a quota per 100 ms period) and
  `--pids-limit`; `max` where there is no limit.
- `/proc/sys/kernel/hostname`: the container's hostname (its UTS namespace).
- `/proc/self`, `/proc/mounts` and each process's directory: model/userland/procfiles.py, as
  the program that reads them sees them.
"""

from __future__ import annotations

from collections.abc import Mapping

from dockersim.model.container import Container
from dockersim.model.fs import FileEntry
from dockersim.model.kernelfs import PROC_NAMES, SYS_NAMES, KernelFS

#: the CFS period Docker gives `--cpus` (moby: NanoCPUs become a quota per 100,000 µs)
CPU_PERIOD = 100_000
PAGE = 4096
#: what runc remounts read-only inside procfs (model/userland/programs/mounts.py PROC_MASKS)
PROC_READ_ONLY = ("/bus", "/fs", "/irq", "/sys", "/sysrq-trigger", "/acpi", "/scsi")


class ProcFS(KernelFS):
    """A container's procfs."""

    NAMES = PROC_NAMES
    PIDS = True
    READ_ONLY_PATHS = PROC_READ_ONLY

    def __init__(self, container: Container) -> None:
        super().__init__()
        self._hostname = container.config.hostname

    def files(self) -> Mapping[str, bytes]:
        return {"/sys/kernel/hostname": f"{self._hostname}\n".encode()}

    def in_process(self) -> bool:
        return _in_process()

    def process_entry(self, path: str) -> FileEntry | None:
        from dockersim.model.userland.procfiles import process_entry  # (as _in_process)

        return process_entry(path)


class SysFS(KernelFS):
    """A container's sysfs, mounted read-only."""

    NAMES = SYS_NAMES

    def __init__(self, container: Container) -> None:
        super().__init__(read_only=True)
        self._limits = container.host_config

    def files(self) -> Mapping[str, bytes]:
        host = self._limits
        memory = f"{host.memory // PAGE * PAGE}" if host.memory else "max"
        cpus = f"{host.nano_cpus * CPU_PERIOD // 1_000_000_000}" if host.nano_cpus else "max"
        pids = f"{host.pids_limit}" if host.pids_limit and host.pids_limit > 0 else "max"
        cgroup = "/fs/cgroup/"
        return {
            cgroup + "cpu.max": f"{cpus} {CPU_PERIOD}\n".encode(),
            cgroup + "memory.max": f"{memory}\n".encode(),
            cgroup + "pids.max": f"{pids}\n".encode(),
        }

    def in_process(self) -> bool:
        return _in_process()


def _in_process() -> bool:
    from dockersim.model.userland.caps import in_userland  # (loaded: a process is running)

    return in_userland()
