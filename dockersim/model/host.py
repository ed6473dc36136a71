"""Facts of the simulated host machine that several layers print (kept in one place)."""

from __future__ import annotations

#: CPUs (`nproc`, `docker info` NCPU, nginx's worker count)
HOST_CPUS = 2
#: `docker info` MemTotal of the simulated machine (bytes)
HOST_MEMORY = 8326414336
#: the host's kernel (`uname -r` in every container, `docker info`/`version`, nginx's log)
KERNEL = "6.8.0-60-generic"
