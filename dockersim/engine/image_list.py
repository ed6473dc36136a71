"""`GET /images/json`: image summaries with the daemon's filters (moby daemon/images/images.go)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import ImageRecord
from dockersim.model.reference import parse_reference

ACCEPTED_FILTERS = ("before", "dangling", "label", "label!", "reference", "since", "until")


@attrs.frozen
class ImageSummary:
    id: str
    parent_id: str
    repo_tags: tuple[str, ...]
    repo_digests: tuple[str, ...]
    created: int
    size: int
    labels: tuple[tuple[str, str], ...]
    containers: int


def created_epoch(image: ImageRecord) -> int:
    created = image.config.created
    if not created:
        return 0
    return int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())


class ImageListOps(EngineBase):
    def image_list(
        self, all_images: bool = False, filters: Mapping[str, Sequence[str]] | None = None
    ) -> list[ImageSummary]:
        """Newest first; without `all`, untagged images that have children are hidden."""
        filters = dict(filters or {})
        for key in filters:
            if key not in ACCEPTED_FILTERS:
                raise errors.invalid_filter(key)
        dangling = _bool_filter(filters, "dangling")
        before = self._created_bound(filters.get("before"))
        since = self._created_bound(filters.get("since"))
        out: list[ImageSummary] = []
        for image in self.world.images.values():
            created = created_epoch(image)
            if before is not None and created >= before:
                continue
            if since is not None and created <= since:
                continue
            tags = [parse_reference(r).familiar for r in self.references_of(image.id)]
            digests = [parse_reference(r).familiar for r in sorted(image.repo_digests)]
            if dangling is True and tags:
                continue
            if dangling is False and not tags:
                continue
            if "reference" in filters:
                tags = [t for t in tags if _reference_match(filters["reference"], t)]
                digests = [
                    d for d in digests if _reference_match(filters["reference"], d.split("@")[0])
                ]
                if not tags:
                    continue
            labels = image.config.config.labels_dict
            if not _labels_match(filters.get("label", ()), labels, True):
                continue
            if not _labels_match(filters.get("label!", ()), labels, False):
                continue
            if not all_images and not tags and self.engine._children(image.id):
                continue
            out.append(
                ImageSummary(
                    id=image.id,
                    parent_id=image.parent,
                    repo_tags=tuple(tags),
                    repo_digests=tuple(digests),
                    created=created,
                    size=self.image_size(image),
                    labels=tuple(sorted(labels.items())),
                    containers=len(self.engine.containers_using(image.id)),
                )
            )
        out.sort(key=lambda s: (-s.created, s.id))
        return out

    def _created_bound(self, values: Sequence[str] | None) -> int | None:
        if not values:
            return None
        return created_epoch(self.image_get(values[-1]))


def _bool_filter(filters: Mapping[str, Sequence[str]], key: str) -> bool | None:
    values = filters.get(key)
    if not values:
        return None
    value = values[-1].lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise errors.invalid_filter(f"{key}=[{values[-1]}]")


def _reference_match(patterns: Sequence[str], familiar: str) -> bool:
    """path.Match of the pattern against the familiar string and name, and the full forms."""
    ref = parse_reference(familiar)
    candidates = (familiar, ref.familiar_name, ref.normalized, ref.name)
    return any(_path_match(pattern, candidate) for pattern in patterns for candidate in candidates)


def _path_match(pattern: str, name: str) -> bool:
    """Go's path.Match: `*` and `?` never cross a `/`."""
    regex = ""
    for char in pattern:
        if char == "*":
            regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        else:
            regex += re.escape(char)
    return re.fullmatch(regex, name) is not None


def _labels_match(specs: Sequence[str], labels: Mapping[str, str], want: bool) -> bool:
    for spec in specs:
        key, _, value = spec.partition("=")
        present = key in labels and (not value or labels[key] == value)
        if present != want:
            return False
    return True
