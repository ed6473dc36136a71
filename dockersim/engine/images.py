"""Local images: tag, list, history, delete, prune, and the layer store behind them.

Deletion follows moby's graphdriver store (`daemon/images/image_delete.go`): a name removes that
reference first and deletes the image only when it was the last; an ID removes every reference
when they all belong to one repository; conflicts are checked in moby's order (dependent child,
running container, other references, stopped container); deleting an image releases its top
layer, and each layer freed releases its parent, each reported as `Deleted: <chainID>`. A
container's read-write layer holds its own reference on the image's top layer, so an image
deleted under stopped containers (`rmi -f`) frees no layer: the containers keep working on the
retained chain, and removing the last of them frees it (quietly, as `docker rm` does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import ImageRecord, LayerRecord
from dockersim.errors import DockerError
from dockersim.model.digest import chain_ids
from dockersim.model.image import Platform
from dockersim.model.layer import Layer
from dockersim.model.reference import Reference, parse_reference

CONFLICT_CHILD = 1
CONFLICT_RUNNING = 2
CONFLICT_REFERENCE = 4
CONFLICT_STOPPED = 8
CONFLICT_HARD = CONFLICT_CHILD | CONFLICT_RUNNING
CONFLICT_SOFT = CONFLICT_REFERENCE | CONFLICT_STOPPED


@attrs.frozen
class DeleteRecord:
    """One line of `docker rmi` output: `Untagged: <ref>` or `Deleted: <id>`."""

    untagged: str = ""
    deleted: str = ""


class ImageOps(EngineBase):
    # --- the layer store -------------------------------------------------------------------
    def image_event(self, action: str, image_id: str, actor: str = "", name: str = "") -> None:
        """An image event as the daemon logs it (moby daemon/images/image_events.go
        `LogImageEvent`): the actor is the image ID unless given (a pull or push names the
        reference), `name` defaults to the actor, and the image's labels come along while the
        image is still there (not for `delete`)."""
        image = self.world.images.get(image_id)
        attributes = image.config.config.labels_dict if image is not None else {}
        attributes["name"] = name or actor or image_id
        self.emit("image", action, actor or image_id, **attributes)

    def image_by_id(self, image_id: str) -> ImageRecord | None:
        """The image with this full ID, or None (removed by `rmi -f` under a container)."""
        return self.world.images.get(image_id)

    def image_count(self) -> int:
        return len(self.world.images)

    def image_references(self) -> list[str]:
        """Every tag and digest reference, normalized (`docker.io/library/busybox:latest`)."""
        return sorted(self.world.references)

    def layer_register(self, layers: Sequence[Layer], source: str = "hub") -> list[str]:
        """Store a stack of layers (base first); return the chainIDs that were new."""
        new: list[str] = []
        parent: str | None = None
        for layer, chain in zip(layers, chain_ids([lay.diff_id for lay in layers]), strict=True):
            key = str(chain)
            if key not in self.world.layers:
                self.world.layers[key] = LayerRecord(
                    chain_id=key,
                    diff_id=str(layer.diff_id),
                    parent=parent,
                    size=layer.size,
                    compressed_size=layer.compressed_size,
                    blob_digest=str(layer.blob_digest),
                    refs=0,
                    source=source,
                    mtime=layer.mtime,
                )
                if parent is not None:
                    self.world.layers[parent].refs += 1
                if not source.startswith("hub"):
                    self.world.layer_content[str(layer.diff_id)] = layer.entries
                new.append(key)
            parent = key
        return new

    def _layer_release(self, chain_id: str | None) -> list[str]:
        """Drop one reference; free layers that reach zero (top first); return their IDs."""
        removed: list[str] = []
        while chain_id is not None:
            layer = self.world.layers[chain_id]
            layer.refs -= 1
            if layer.refs > 0:
                break
            del self.world.layers[chain_id]
            if not layer.source.startswith("hub") and not any(
                other.diff_id == layer.diff_id for other in self.world.layers.values()
            ):
                self.world.layer_content.pop(layer.diff_id, None)
            removed.append(chain_id)
            chain_id = layer.parent
        return removed

    def layer_mount(self, container_id: str, parent: str | None) -> None:
        """A container's read-write layer on `parent` (moby layer_store.go CreateRWLayer): it
        holds one reference on that layer, so deleting the image leaves the chain in place."""
        if container_id in self.world.rw_layers:
            return
        self.world.rw_layers[container_id] = parent
        if parent is not None:
            self.world.layers[parent].refs += 1

    def layer_unmount(self, container_id: str) -> list[str]:
        """Drop a removed container's read-write layer (ReleaseRWLayer): its reference goes,
        and with it every layer nothing else holds (the image was deleted under it)."""
        if container_id not in self.world.rw_layers:
            return []
        return self._layer_release(self.world.rw_layers.pop(container_id))

    def image_add(self, image: ImageRecord) -> None:
        """Register an image whose layers are stored; it holds one reference on its top layer."""
        if image.id in self.world.images:
            return
        self.world.images[image.id] = image
        top = image.top_chain_id
        if top is not None:
            self.world.layers[top].refs += 1

    # --- tags --------------------------------------------------------------------------------
    def image_tag(self, source: str, target: str) -> None:
        image = self.image_get(source)
        ref = parse_reference(target)
        if ref.digest is not None:
            raise errors.refusing_digest_tag()
        if ref.path.rsplit("/", 1)[-1] == "sha256":
            raise errors.ambiguous_digest_tag()
        self.reference_set(ref.with_default_tag(), image.id)
        self.image_event("tag", image.id, name=ref.with_default_tag().familiar)

    def reference_set(self, ref: Reference, image_id: str, touch: bool = True) -> bool:
        """Point a tag at an image; True if the reference store changed.

        `docker tag` (touch) sets the image's LastTagTime; a pull does not (image_tag.go:17).
        """
        key = ref.normalized
        if touch:
            self.world.images[image_id].last_tag_time = self.now
        if self.world.references.get(key) == image_id:
            return False
        self.world.references[key] = image_id
        return True

    # --- history -----------------------------------------------------------------------------
    def image_history(
        self, ref_or_id: str, platform: Platform | None = None
    ) -> list[dict[str, object]]:
        """API `GET /images/{name}/history`: newest first, sizes from the layer store."""
        image = self.image_get(ref_or_id, platform)
        config = image.config
        chains = config.chain_ids
        rows: list[dict[str, object]] = []
        layer_index = 0
        for entry in config.history:
            size = 0
            if not entry.empty_layer and layer_index < len(chains):
                record = self.world.layers.get(str(chains[layer_index]))
                size = record.size if record is not None else 0
                layer_index += 1
            rows.append(
                {
                    "Id": "<missing>",
                    "Created": _epoch(entry.created),
                    "CreatedBy": entry.created_by,
                    "Tags": None,
                    "Size": size,
                    "Comment": entry.comment,
                }
            )
        rows.reverse()
        if rows:
            rows[0]["Id"] = image.id
            tags = [parse_reference(r).familiar for r in self.references_of(image.id)]
            rows[0]["Tags"] = tags or None
        self._fill_parent_ids(image, rows)
        return rows

    def _fill_parent_ids(self, image: ImageRecord, rows: list[dict[str, object]]) -> None:
        """Locally built images show their parents' IDs down the rows while the chain lasts."""
        parent_id = image.parent
        index = 1
        while parent_id and parent_id in self.world.images:
            parent = self.world.images[parent_id]
            own = len(image.config.history) - len(parent.config.history)
            index_for_parent = index + own - 1
            if index_for_parent >= len(rows):
                break
            rows[index_for_parent]["Id"] = parent.id
            image, parent_id, index = parent, parent.parent, index_for_parent + 1

    # --- delete ------------------------------------------------------------------------------
    def image_delete(
        self,
        ref_or_id: str,
        force: bool = False,
        prune: bool = True,
        platform: Platform | None = None,
    ) -> list[DeleteRecord]:
        """`DELETE /images/{name}`: the records `docker rmi` prints.

        All or nothing without a snapshot: every conflict that can stop the deletion is
        checked before the first reference is removed (the later, quiet check only skips).
        """
        if platform is not None:
            self.image_get(ref_or_id, platform)
        return self._image_delete(ref_or_id, force, prune)

    def _image_delete(self, ref_or_id: str, force: bool, prune: bool) -> list[DeleteRecord]:
        image = self.image_get(ref_or_id)
        image_id = image.id
        records: list[DeleteRecord] = []
        repo_refs = self._all_refs(image_id)
        removed_repository_ref = False
        if not _is_id_prefix(image_id, ref_or_id):
            parsed = parse_reference(ref_or_id)
            if parsed.digest is None:
                parsed = parsed.with_default_tag()
            if not force and _is_single_reference(repo_refs):
                using = self._first_container(image_id)
                if using is not None:
                    raise errors.image_conflict_reference(ref_or_id, using, image_id)
            self._remove_ref(parsed.normalized, image_id)
            records.append(DeleteRecord(untagged=parsed.familiar))
            repo_refs = self._all_refs(image_id)
            if parsed.digest is None and not any(
                "@" not in r and parse_reference(r).name == parsed.name for r in repo_refs
            ):
                remaining = []
                for r in repo_refs:
                    if "@" in r and parse_reference(r).name == parsed.name:
                        self._remove_ref(r, image_id)
                        records.append(DeleteRecord(untagged=parse_reference(r).familiar))
                    else:
                        remaining.append(r)
                repo_refs = remaining
            if repo_refs:
                return records
            removed_repository_ref = True
        elif _is_single_reference(repo_refs):
            mask = CONFLICT_HARD if force else CONFLICT_HARD | (CONFLICT_SOFT & ~CONFLICT_REFERENCE)
            conflict = self._delete_conflict(image_id, mask)
            if conflict is not None:
                raise conflict
            for r in repo_refs:
                self._remove_ref(r, image_id)
                records.append(DeleteRecord(untagged=parse_reference(r).familiar))
        self._delete_helper(image_id, records, force, prune, removed_repository_ref)
        return records

    def _delete_helper(
        self, image_id: str, records: list[DeleteRecord], force: bool, prune: bool, quiet: bool
    ) -> None:
        mask = CONFLICT_HARD if force else CONFLICT_HARD | CONFLICT_SOFT
        conflict = self._delete_conflict(image_id, mask)
        if conflict is not None:
            if quiet and (
                not self._is_dangling(image_id) or self.engine.containers_using(image_id)
            ):
                return
            raise conflict
        image = self.world.images[image_id]
        for r in self._all_refs(image_id):
            self._remove_ref(r, image_id)
            records.append(DeleteRecord(untagged=parse_reference(r).familiar))
        del self.world.images[image_id]
        removed = self._layer_release(image.top_chain_id)
        self.image_event("delete", image_id)
        records.append(DeleteRecord(deleted=image_id))
        records.extend(DeleteRecord(deleted=chain) for chain in removed)
        if prune and image.parent and image.parent in self.world.images:
            self._delete_helper(image.parent, records, False, True, True)

    def _delete_conflict(self, image_id: str, mask: int) -> DockerError | None:
        if mask & CONFLICT_CHILD and self._children(image_id):
            return errors.image_conflict_children(image_id)
        using = self.engine.containers_using(image_id)
        if mask & CONFLICT_RUNNING:
            for cid, running in using:
                if running:
                    return errors.image_conflict_running(image_id, cid)
        if mask & CONFLICT_REFERENCE and self._all_refs(image_id):
            return errors.image_conflict_multiple_repos(image_id)
        if mask & CONFLICT_STOPPED:
            for cid, running in using:
                if not running:
                    return errors.image_conflict_stopped(image_id, cid)
        return None

    def _children(self, image_id: str) -> list[str]:
        return [i.id for i in self.world.images.values() if i.parent == image_id]

    def _first_container(self, image_id: str) -> str | None:
        using = self.engine.containers_using(image_id)
        return using[0][0] if using else None

    def _is_dangling(self, image_id: str) -> bool:
        return not self._all_refs(image_id)

    def _all_refs(self, image_id: str) -> list[str]:
        """Tag and digest references of an image, sorted (moby's reference store order)."""
        image = self.world.images[image_id]
        return sorted(self.references_of(image_id) + list(image.repo_digests))

    def _remove_ref(self, normalized: str, image_id: str) -> None:
        image = self.world.images[image_id]
        if "@" in normalized:
            if normalized in image.repo_digests:
                image.repo_digests.remove(normalized)
        elif self.world.references.get(normalized) == image_id:
            del self.world.references[normalized]
        self.image_event("untag", image_id)

    # --- prune -------------------------------------------------------------------------------
    def image_prune(
        self, all_images: bool = False, filters: Mapping[str, Sequence[str]] | None = None
    ) -> tuple[list[DeleteRecord], int]:
        """`POST /images/prune`: dangling images (or every unused one with `all`) that the
        `until`/`label`/`label!` filters select."""
        from dockersim.engine.prunefilter import PruneFilter

        given = {k: v for k, v in (filters or {}).items() if k != "dangling"}
        wanted = PruneFilter.parse("image", given, self.now)
        records: list[DeleteRecord] = []
        reclaimed = 0
        candidates = sorted(self.world.images.values(), key=lambda i: i.config.created)
        for image in candidates:
            if image.id not in self.world.images:
                continue
            if self.engine.containers_using(image.id):
                continue
            if wanted.keeps(_epoch(image.config.created), image.config.config.labels_dict):
                continue
            if not all_images and (self.references_of(image.id) or self._children(image.id)):
                continue
            if all_images and self._children(image.id):
                continue
            before = {c: lay.size for c, lay in self.world.layers.items()}
            try:
                deleted = self._image_delete(image.id, True, True)
            except DockerError:
                continue
            records.extend(deleted)
            reclaimed += sum(size for c, size in before.items() if c not in self.world.layers)
        self.emit("image", "prune", "", reclaimed=str(reclaimed))  # image_prune.go
        return records, reclaimed


def _is_id_prefix(image_id: str, text: str) -> bool:
    hex_id = image_id.split(":", 1)[1]
    candidate = text.split(":", 1)[1] if text.startswith("sha256:") else text
    return bool(candidate) and hex_id.startswith(candidate)


def _is_single_reference(refs: list[str]) -> bool:
    """At most one tag reference, and every reference in one repository."""
    tags = [r for r in refs if "@" not in r]
    if len(tags) > 1:
        return False
    names = {parse_reference(r).name for r in refs}
    return len(names) <= 1


def _epoch(created: str) -> int:
    from datetime import datetime

    if not created:
        return 0
    return int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())
