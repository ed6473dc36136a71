"""Host-wide views: disk usage (`system df`), `info` and `version` facts."""

from __future__ import annotations

import attrs

from dockersim.engine.images import ImageOps

ENGINE_VERSION = "29.1.3"
API_VERSION = "1.52"
MIN_API_VERSION = "1.44"
GO_VERSION = "go1.25.5"
GIT_COMMIT = "fbf3ed2"
CONTAINERD_VERSION = "v2.2.0"
RUNC_VERSION = "1.3.4"


@attrs.frozen
class DiskUsage:
    images_total: int
    images_active: int
    images_size: int
    images_reclaimable: int
    image_rows: tuple[tuple[str, int, int], ...]


class SystemOps(ImageOps):
    def system_df(self) -> DiskUsage:
        """`GET /system/df` for images: total size counts every stored layer once."""
        total = sum(layer.size for layer in self.world.layers.values())
        active_ids = {
            cid
            for image in self.world.images.values()
            for cid, _ in self.containers_using(image.id)
        }
        active = sum(1 for image in self.world.images.values() if self.containers_using(image.id))
        del active_ids
        used_layers: set[str] = set()
        for image in self.world.images.values():
            if self.containers_using(image.id):
                used_layers.update(str(c) for c in image.config.chain_ids)
        reclaimable = total - sum(
            self.world.layers[c].size for c in used_layers if c in self.world.layers
        )
        return DiskUsage(
            images_total=len(self.world.images),
            images_active=active,
            images_size=total,
            images_reclaimable=reclaimable,
            image_rows=(),
        )
