"""Image archives: `docker save`, `docker load`, `docker export`, `docker import`."""

from __future__ import annotations

from dockersim.engine.build import BuildOps


class ArchiveOps(BuildOps):
    pass
