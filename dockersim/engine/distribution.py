"""Registries: pull, push, manifest inspect, search and login against the offline Docker Hub.

The daemon answers a pull with a stream of progress messages (moby's jsonmessage: an `id` and a
`status`); the docker front end prints them. The per-layer order comes from a small simulation
in virtual time: three downloads at once (the daemon's default max-concurrent-downloads),
each taking time in proportion to its compressed size, extraction in layer order.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from dockersim.engine import errors
from dockersim.engine._base import HOST_PLATFORM, EngineBase
from dockersim.engine.world import ImageRecord
from dockersim.model.digest import chain_ids, sha256_of
from dockersim.model.image import Platform
from dockersim.model.layer import Layer
from dockersim.model.reference import Reference

if TYPE_CHECKING:
    from dockersim.catalog import BuiltImage
    from dockersim.model.manifest import Index

DOWNLOAD_BYTES_PER_SECOND = 40_000_000.0
EXTRACT_BYTES_PER_SECOND = 250_000_000.0
MAX_CONCURRENT_DOWNLOADS = 3
HUB = "docker.io"


@attrs.frozen
class Progress:
    """One jsonmessage of a pull or push stream."""

    status: str
    id: str = ""


@attrs.frozen
class PullResult:
    messages: tuple[Progress, ...]
    image_id: str
    #: An error the daemon sent inside the stream (printed bare, after the messages).
    error: str = ""


@attrs.frozen
class Resolved:
    """What a registry answers for a reference: the chosen platform's image and the digest."""

    built: BuiltImage
    digest: str
    platform: Platform


class DistributionOps(EngineBase):
    # --- pull --------------------------------------------------------------------------------
    def image_pull(self, ref: Reference, platform: Platform | None = None) -> PullResult:
        """`POST /images/create`: `ref` carries a tag or a digest (the CLI adds `latest`)."""
        store = self.engine.local_registry(ref.domain)
        if store is not None:
            return self.engine.registry_pull(store, ref, platform)
        if ref.tag is None and ref.digest is None:
            ref = ref.with_default_tag()
        if ref.familiar_name == "scratch":
            raise errors.reserved_scratch()
        wanted = platform or HOST_PLATFORM
        first = Progress(
            f"Pulling from {ref.familiar_name if ref.domain != HUB else ref.path}",
            ref.normalized if ref.digest else (ref.tag or ""),
        )
        try:
            resolved = self._resolve(ref, wanted)
        except errors.StreamError as exc:
            return PullResult((first,), "", str(exc))
        built = resolved.built
        image_id = str(built.config.id)
        messages = [first]
        existing = self.world.images.get(image_id)
        if existing is None:
            messages.extend(self._layer_progress(built.layers))
        messages.append(Progress(f"Digest: {resolved.digest}"))
        # commit: everything below succeeds
        if existing is None:
            self.engine.layer_register(built.layers, source=f"hub:{built.key}|{built.platform}")
            self.engine.image_add(ImageRecord(id=image_id, config=built.config))
        image = self.world.images[image_id]
        repo_digest = f"{ref.name}@{resolved.digest}"
        changed = False
        elsewhere = any(
            repo_digest in other.repo_digests
            for other in self.world.images.values()
            if other.id != image_id
        )
        if repo_digest not in image.repo_digests and not elsewhere:
            image.repo_digests.append(repo_digest)
            changed = ref.digest is not None
        if ref.tag is not None:
            changed = self.engine.reference_set(ref, image_id, touch=False) or changed
        self.engine.image_event("pull", image_id, ref.familiar, ref.familiar_name)
        verb = "Downloaded newer image" if changed or existing is None else "Image is up to date"
        messages.append(Progress(f"Status: {verb} for {ref.familiar}"))
        return PullResult(tuple(messages), image_id)

    def image_pull_all_tags(self, ref: Reference, platform: Platform | None = None) -> PullResult:
        """`docker pull -a`: every tag of the repository, in tag order."""
        repo = self._hub_repository(ref)
        messages: list[Progress] = []
        changed = False
        last = ""
        for tag in sorted(dict(repo.tags)):
            result = self.image_pull(ref.with_tag(tag), platform)
            if result.error:
                return PullResult(tuple(messages) + result.messages, last, result.error)
            changed = changed or result.messages[-1].status.startswith("Status: Downloaded")
            messages.extend(result.messages[:-1])
            last = result.image_id
        verb = "Downloaded newer image" if changed else "Image is up to date"
        messages.append(Progress(f"Status: {verb} for {ref.familiar_name}"))
        return PullResult(tuple(messages), last)

    def _hub_repository(self, ref: Reference):  # type: ignore[no-untyped-def]
        if ref.domain != HUB:
            raise errors.registry_unreachable(ref.domain)
        repo = self.catalog.repository(ref.path)
        if repo is None:
            if self.catalog.on_hub_only(ref.path):
                raise errors.not_in_catalog(ref.familiar_name)
            raise errors.pull_access_denied(ref.familiar_name)
        return repo

    def _resolve(self, ref: Reference, platform: Platform) -> Resolved:
        repo = self._hub_repository(ref)
        if ref.digest is not None:
            for key in sorted({k for _, k in repo.tags}):
                index = self.catalog.index(key)
                if str(index.digest) == ref.digest:
                    return self._select(key, index, str(index.digest), platform)
                for desc in index.manifests:
                    if str(desc.digest) == ref.digest and desc.platform is not None:
                        return Resolved(
                            self.catalog.build(key, desc.platform), ref.digest, desc.platform
                        )
            raise errors.manifest_unknown(ref.familiar)
        key = repo.image_key(ref.tag or "latest")
        if key is None:
            if self.catalog.on_hub_only(ref.path, ref.tag or "latest"):
                raise errors.not_in_catalog(ref.familiar, tag=True)
            raise errors.manifest_unknown(ref.familiar)
        index = self.catalog.index(key)
        return self._select(key, index, str(index.digest), platform)

    def _select(self, key: str, index: Index, digest: str, platform: Platform) -> Resolved:
        desc = index.select(platform)
        if desc is None or desc.platform is None:
            raise errors.no_matching_manifest(platform.normalized)
        return Resolved(self.catalog.build(key, desc.platform), digest, desc.platform)

    def _layer_progress(self, layers: Sequence[Layer]) -> list[Progress]:
        chains = [str(c) for c in chain_ids([lay.diff_id for lay in layers])]
        out: list[Progress] = []
        todo: list[int] = []
        leading = True
        for i, layer in enumerate(layers):
            short = layer.blob_digest.short
            leading = leading and chains[i] in self.world.layers
            if leading:
                out.append(Progress("Already exists", short))
            else:
                out.append(Progress("Pulling fs layer", short))
                todo.append(i)
        for i in todo[MAX_CONCURRENT_DOWNLOADS:]:
            out.append(Progress("Waiting", layers[i].blob_digest.short))
        out.extend(_simulate(layers, todo))
        return out

    # --- manifest inspect and search ---------------------------------------------------------
    def distribution_index(self, ref: Reference) -> tuple[Index, dict[str, BuiltImage]]:
        """The index a registry serves for `ref` and the image of each platform."""
        repo = self._hub_repository(ref)
        key = repo.image_key(ref.tag or "latest")
        if ref.digest is not None:
            key = next(
                (k for _, k in repo.tags if str(self.catalog.index(k).digest) == ref.digest), None
            )
        if key is None:
            raise errors.manifest_not_found(ref.normalized)
        index = self.catalog.index(key)
        built = {
            str(desc.digest): self.catalog.build(key, desc.platform)
            for desc in index.manifests
            if desc.platform is not None
        }
        return index, built

    def distribution_manifest(self, ref: Reference) -> bytes | None:
        """The raw bytes of a single-platform manifest addressed by digest, if the registry
        has one (None: not a platform manifest digest)."""
        if ref.digest is None:
            return None
        repo = self._hub_repository(ref)
        for key in sorted({k for _, k in repo.tags}):
            for desc in self.catalog.index(key).manifests:
                if str(desc.digest) == ref.digest and desc.platform is not None:
                    return self.catalog.build(key, desc.platform).manifest_bytes
        return None

    def image_search(self, term: str) -> list[dict[str, object]]:
        """`GET /images/search`: the catalog's repositories and Hub's popular others (the offline
        index, catalog/search.py) whose name or description matches."""
        from dockersim.catalog.search import popular

        needle = term.lower()
        hits = []
        entries = [(r.name, r.description, r.stars, r.official)
                   for r in self.catalog.repositories.values()]  # fmt: skip
        known = {name for name, *_ in entries}
        entries += [entry for entry in popular() if entry[0] not in known]
        for name, description, stars, official in entries:
            if needle in name or needle in description.lower():
                hits.append(
                    {
                        "name": name,
                        "description": description,
                        "star_count": stars,
                        "is_official": official,
                        "is_automated": False,
                    }
                )
        hits.sort(key=lambda h: (-int(h["star_count"]), str(h["name"])))  # type: ignore[call-overload]
        return hits

    # --- auth --------------------------------------------------------------------------------
    def auth_login(self, server: str, username: str, password: str) -> bool:
        """`POST /auth`; True when the stored credentials changed (the CLI then warns)."""
        self.auth_check(server)
        secret = sha256_of(password.encode()).hex[:16]
        entry = f"{username}:{secret}"
        changed = self.world.auths.get(server) != entry
        self.world.auths[server] = entry
        return changed

    def auth_check(self, server: str) -> None:
        if server != "https://index.docker.io/v1/":
            raise errors.registry_unreachable(server)

    def auth_user(self, server: str) -> str | None:
        entry = self.world.auths.get(server)
        return entry.rsplit(":", 1)[0] if entry else None

    def auth_logout(self, server: str) -> None:
        self.world.auths.pop(server, None)


def _simulate(layers: Sequence[Layer], todo: list[int]) -> list[Progress]:
    """Download with three slots, extract in order: the per-layer lines in time order."""
    events: list[tuple[float, int, str, str]] = []
    slots: list[float] = [0.0] * MAX_CONCURRENT_DOWNLOADS
    done_at: dict[int, float] = {}
    seq = 0
    for i in todo:
        start = heapq.heappop(slots) if len(slots) == MAX_CONCURRENT_DOWNLOADS else 0.0
        finish = start + max(layers[i].compressed_size, 1) / DOWNLOAD_BYTES_PER_SECOND
        heapq.heappush(slots, finish)
        done_at[i] = finish
        short = layers[i].blob_digest.short
        events.append((finish, seq, "Verifying Checksum", short))
        seq += 1
        events.append((finish, seq, "Download complete", short))
        seq += 1
    extracted = 0.0
    for i in todo:
        extracted = max(extracted, done_at[i]) + max(layers[i].size, 1) / EXTRACT_BYTES_PER_SECOND
        events.append((extracted, seq, "Pull complete", layers[i].blob_digest.short))
        seq += 1
    events.sort()
    return [Progress(status, short) for _, _, status, short in events]
