"""The kernel's files a container's processes read: the few dockersim simulates, from the
container's settings (model/kernelfs.py says what happens with the rest).

- `/sys/fs/cgroup/memory.max`, `cpu.max`, `pids.max`: the container's own cgroup (cgroup v2,
  with a private cgroup namespace, Docker's default there) holds its `--memory` (rounded down
  to whole 4 KiB pages, as the kernel stores it), `--cpus` (a quota per 100 ms period) and
  `--pids-limit`; `max` where there is no limit.
- `/proc/sys/kernel/hostname`: the container's hostname (its UTS namespace).
"""

from __future__ import annotations

from collections.abc import Mapping

from dockersim.model.container import Container
from dockersim.model.kernelfs import PROC_NAMES, SYS_NAMES, KernelFS

#: the CFS period Docker gives `--cpus` (moby: NanoCPUs become a quota per 100,000 µs)
CPU_PERIOD = 100_000
PAGE = 4096
#: what runc remounts read-only inside procfs (model/userland/programs/mounts.py PROC_MASKS)
PROC_READ_ONLY = ("/bus", "/fs", "/irq", "/sys", "/sysrq-trigger", "/acpi", "/scsi")


def _in_process() -> bool:
    from dockersim.model.userland.caps import in_userland  # (loaded: a process is running)

    return in_userland()


def procfs(container: Container) -> KernelFS:
    hostname = container.config.hostname

    def files() -> Mapping[str, bytes]:
        return {"/sys/kernel/hostname": f"{hostname}\n".encode()}

    return KernelFS(PROC_NAMES, files, _in_process, pids=True, read_only_paths=PROC_READ_ONLY)


def sysfs(container: Container) -> KernelFS:
    host = container.host_config

    def files() -> Mapping[str, bytes]:
        memory = f"{host.memory // PAGE * PAGE}" if host.memory else "max"
        cpus = f"{host.nano_cpus * CPU_PERIOD // 1_000_000_000}" if host.nano_cpus else "max"
        pids = f"{host.pids_limit}" if host.pids_limit and host.pids_limit > 0 else "max"
        cgroup = "/fs/cgroup/"
        return {
            cgroup + "cpu.max": f"{cpus} {CPU_PERIOD}\n".encode(),
            cgroup + "memory.max": f"{memory}\n".encode(),
            cgroup + "pids.max": f"{pids}\n".encode(),
        }

    return KernelFS(SYS_NAMES, files, _in_process, read_only=True)
