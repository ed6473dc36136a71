"""Host-wide views: disk usage (`system df`), `info` and `version` facts."""

from __future__ import annotations

import attrs

from dockersim.engine._base import EngineBase

ENGINE_VERSION = "29.1.3"
API_VERSION = "1.52"
MIN_API_VERSION = "1.44"
GO_VERSION = "go1.25.5"
GIT_COMMIT = "fbf3ed2"
CONTAINERD_VERSION = "v2.2.1"
CONTAINERD_COMMIT = "dea7da592f5d1d2b7755e3a161be07f43fad8f75"
RUNC_VERSION = "1.3.4"
#: the daemon's plugins by type, in `docker info`'s order (Info.Plugins; node inspect's
#: Description.Engine.Plugins lists the same)
PLUGINS: dict[str, tuple[str, ...]] = {
    "Volume": ("local",),
    "Network": ("bridge", "host", "ipvlan", "macvlan", "null", "overlay"),
    "Log": (
        "awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk",
        "syslog",
    ),
}  # fmt: skip


@attrs.frozen
class ImageUsage:
    id: str
    repo_tags: tuple[str, ...]
    created: int
    size: int
    shared_size: int
    containers: int


@attrs.frozen
class DiskUsage:
    images: tuple[ImageUsage, ...]
    layers_size: int

    @property
    def images_active(self) -> int:
        return sum(1 for i in self.images if i.containers > 0)

    @property
    def images_reclaimable(self) -> int:
        return sum(i.size - i.shared_size for i in self.images if i.containers == 0)


class SystemOps(EngineBase):
    def system_df(self) -> DiskUsage:
        """`GET /system/df` (daemon/images/service.go): layers counted once; a layer used by
        more than one image is shared."""
        summaries = self.engine.image_list()
        users: dict[str, int] = {}
        for image in self.world.images.values():
            for chain in map(str, image.config.chain_ids):
                users[chain] = users.get(chain, 0) + 1
        rows = []
        for summary in summaries:
            chains = [str(c) for c in self.world.images[summary.id].config.chain_ids]
            shared = sum(self.world.layers[c].size for c in chains if users.get(c, 0) > 1)
            rows.append(
                ImageUsage(
                    id=summary.id,
                    repo_tags=summary.repo_tags,
                    created=summary.created,
                    size=summary.size,
                    shared_size=shared,
                    containers=summary.containers,
                )
            )
        listed = {c for r in rows for c in map(str, self.world.images[r.id].config.chain_ids)}
        total = sum(self.world.layers[c].size for c in listed if c in self.world.layers)
        return DiskUsage(tuple(rows), total)
