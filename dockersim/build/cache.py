"""The build cache: what each builder remembers between builds, kept in the world and saved.

BuildKit (images-oci.md §6.5): a step's cache key is a digest of its parent step's key and
everything that defines the step (the command with its environment, working directory and
user; for COPY/ADD the checksums of the source files), so a step hits when that key was
computed before. The result it remembers is the layer chain after the step (kept here with
the layers' contents, which survive `docker rmi`, as BuildKit's cache does until
`docker builder prune`), and when the step ran (the layer's creation time).

Classic builder: a step hits when a locally built child of the current image was created by
the same instruction with the same config (moby `image/cache` compare), so the memory is
`(parent image ID, instruction key) -> image ID`, valid while that image exists.

`builds` keeps the steps of the last build per (context, Dockerfile, target), which is what
`dockersim explain build` compares a new build with.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import attrs

from dockersim.model.fs import Changeset, entry_from_json, entry_to_json


def digest_of(*parts: object) -> str:
    """A cache key: sha256 over the JSON of its parts."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@attrs.define
class CacheRecord:
    """One BuildKit step result: the full layer chain after it and its layer's time."""

    key: str
    chain: list[str]
    created: float
    description: str = ""


@attrs.define
class StepSummary:
    """What explain needs of one step of a past build."""

    name: str
    key: str
    instruction: str
    files: dict[str, str] = attrs.Factory(dict)
    args: dict[str, str] = attrs.Factory(dict)
    parent: str = ""


@attrs.define
class BuildCache:
    records: dict[str, CacheRecord] = attrs.Factory(dict)
    content: dict[str, Changeset] = attrs.Factory(dict)
    #: each kept layer's tar mtime (its diffID depends on it)
    mtimes: dict[str, int] = attrs.Factory(dict)
    classic: dict[str, str] = attrs.Factory(dict)
    #: base images BuildKit has fetched (by image ID), so a later FROM needs no download
    bases: set[str] = attrs.Factory(set)
    builds: dict[str, list[StepSummary]] = attrs.Factory(dict)

    def lookup(self, key: str) -> CacheRecord | None:
        return self.records.get(key)

    def remember(self, record: CacheRecord, layers: dict[str, Changeset]) -> None:
        self.records[record.key] = record
        self.content.update(layers)

    def prune(self) -> tuple[int, int]:
        """`docker builder prune -a`: forget everything; (records, bytes) freed."""
        freed = sum(sum(e.size for e in entries) for entries in self.content.values())
        count = len(self.records)
        self.records.clear()
        self.content.clear()
        self.mtimes.clear()
        self.classic.clear()
        self.bases.clear()
        return count, freed

    # --- JSON --------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "records": [attrs.asdict(r) for r in self.records.values()],
            "content": {
                diff: [entry_to_json(e) for e in entries] for diff, entries in self.content.items()
            },
            "mtimes": dict(self.mtimes),
            "classic": dict(self.classic),
            "bases": sorted(self.bases),
            "builds": {
                name: [attrs.asdict(s) for s in steps] for name, steps in self.builds.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> BuildCache:
        cache = cls()
        if not data:
            return cache
        for item in data.get("records", []):
            record = CacheRecord(
                item["key"], list(item["chain"]), item["created"], item.get("description", "")
            )
            cache.records[record.key] = record
        cache.content = {
            diff: tuple(entry_from_json(e) for e in entries)
            for diff, entries in data.get("content", {}).items()
        }
        cache.mtimes = {k: int(v) for k, v in data.get("mtimes", {}).items()}
        cache.classic = dict(data.get("classic", {}))
        cache.bases = set(data.get("bases", []))
        cache.builds = {
            name: [
                StepSummary(
                    s["name"],
                    s["key"],
                    s["instruction"],
                    dict(s.get("files", {})),
                    dict(s.get("args", {})),
                    s.get("parent", ""),
                )
                for s in steps
            ]
            for name, steps in data.get("builds", {}).items()
        }
        return cache
