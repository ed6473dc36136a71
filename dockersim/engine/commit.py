"""`docker commit`: a container's writable layer becomes a real new layer of a new image.

As moby's CommitImage (daemon/images/image_commit.go), the new image is a child of the
container's image, whose config it reads from the image store: a container whose image was
deleted under it (`rmi -f`) runs, diffs, exports and copies on its retained layers, but cannot
be committed (the daemon answers that the config file is gone).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import ImageRecord
from dockersim.model.fs import changeset
from dockersim.model.image import ContainerConfig, HistoryEntry
from dockersim.model.layer import Layer
from dockersim.model.reference import parse_reference

if TYPE_CHECKING:
    from dockersim.model.container import RunConfig


class CommitOps(EngineBase):
    def container_commit(
        self,
        ref: str,
        target: str = "",
        message: str = "",
        author: str = "",
        changes: Sequence[str] = (),
    ) -> str:
        """`POST /commit` (daemon/commit.go): the new image's ID. `changes` are the
        `--change` lines, applied to the container's config (BuildFromConfig, then merge)."""
        self.engine.settle()
        container = self.engine.container_get(ref)
        tag = parse_reference(target).with_default_tag() if target else None
        config = self._committed_config(container.config, changes)
        parent = self.world.images.get(container.image_id)
        if parent is None:  # deleted under the container (`rmi -f`): moby's CommitImage
            raise errors.image_config_gone(container.image_id)  # cannot read its config
        fs = self.engine.container_fs(container)
        entries = changeset(fs.changes(), implicit_parents=False)
        when = int(self.now)
        layer = Layer.build(entries, mtime=when)
        cfg = container.config
        history = HistoryEntry(
            created=self.rfc3339(),
            created_by=" ".join(cfg.cmd or []),
            comment=message,
            author=author,
        )
        image_config = attrs.evolve(
            parent.config,
            created=self.rfc3339(),
            author=author,
            config=config,
            diff_ids=(*parent.config.diff_ids, layer.diff_id),
            history=(*parent.config.history, history),
        )
        image_id = str(image_config.id)
        layers = [self._stored_layer(str(c)) for c in parent.config.chain_ids] + [layer]
        self.engine.layer_register(layers, source="local")
        record = ImageRecord(id=image_id, config=image_config, parent=parent.id, comment=message)
        self.engine.image_add(record)
        self.engine.image_event("create", image_id)  # images/image_commit.go CommitImage
        if tag is not None:  # commit.go: TagImage, then the commit event
            self.engine.reference_set(tag, image_id)
            self.engine.image_event("tag", image_id, name=tag.familiar)
        self.emit("container", "commit", container.id, comment=message, imageID=image_id,
                  imageRef=tag.familiar if tag is not None else "")  # fmt: skip
        return image_id

    @staticmethod
    def _committed_config(cfg: RunConfig, changes: Sequence[str]) -> ContainerConfig:
        """The new image's config: the container's, with the `--change` lines applied."""
        from dockersim.build.meta import InvalidChange, config_with_changes

        config = ContainerConfig(
            user=cfg.user,
            exposed_ports=cfg.exposed_ports or None,
            env=cfg.env,
            entrypoint=cfg.entrypoint,
            cmd=cfg.cmd,
            volumes=cfg.volumes or None,
            working_dir=cfg.working_dir,
            labels=cfg.labels or None,
            stop_signal=cfg.stop_signal,
            healthcheck=cfg.healthcheck,  # the container's effective check goes with it
        )
        if not changes:
            return config
        try:
            changed = config_with_changes(config, changes)
        except InvalidChange as exc:
            raise errors.invalid_change(str(exc)) from None
        if not changed.entrypoint:  # daemon/commit.go merge
            changed = attrs.evolve(
                changed,
                cmd=changed.cmd or config.cmd,
                entrypoint=config.entrypoint if changed.entrypoint is None else (),
            )
        return changed

    def _stored_layer(self, chain_id: str) -> Layer:
        record = self.world.layers[chain_id]
        from dockersim.model.digest import parse_digest

        return Layer(
            diff_id=parse_digest(record.diff_id),
            blob_digest=parse_digest(record.blob_digest),
            size=record.size,
            compressed_size=record.compressed_size,
            entries=(),
            mtime=record.mtime,
        )
