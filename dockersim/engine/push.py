"""Pushing: the stream `docker push` prints, to Docker Hub or a registry container."""

from __future__ import annotations

import json

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.distribution import HUB, Progress
from dockersim.engine.world import ImageRecord
from dockersim.model.digest import chain_ids, parse_digest, sha256_of
from dockersim.model.reference import Reference


def parse_digest_text(text: str) -> str:
    return str(parse_digest(text))


@attrs.frozen
class PushResult:
    messages: tuple[Progress, ...]
    error: str = ""


MAX_CONCURRENT_UPLOADS = 5
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"


class PushOps(EngineBase):
    def image_push(self, ref: Reference) -> PushResult:
        """`POST /images/{name}/push`: the stream `docker push` prints.

        Layers top-most first, shown by diffID. Docker Hub accepts a push only into the
        logged-in user's namespace; layers that came from an official image are cross-mounted
        (`Mounted from library/...`). Every error comes inside the stream (push.go).
        """
        store = self.engine.local_registry(ref.domain)
        if store is not None:
            return self.engine.registry_push(store, ref)
        messages = [Progress(f"The push refers to repository [{ref.name}]")]
        tagged = [r for r in self.world.references if r.startswith(ref.name + ":")]
        if not tagged:
            return PushResult(tuple(messages), errors.push_no_such_image(ref.familiar_name).message)
        image = self.image_by_reference(ref)
        if image is None:
            return PushResult(tuple(messages), f"tag does not exist: {ref.familiar}")
        if ref.domain != HUB:
            return PushResult(tuple(messages), errors.registry_unreachable(ref.domain).message)
        diff_ids = list(image.config.diff_ids)
        chains = [str(c) for c in chain_ids(diff_ids)]
        order = list(reversed(range(len(diff_ids))))
        messages.extend(Progress("Preparing", diff_ids[i].short) for i in order)
        messages.extend(
            Progress("Waiting", diff_ids[i].short) for i in order[MAX_CONCURRENT_UPLOADS:]
        )
        user = self.engine.auth_user("https://index.docker.io/v1/")
        namespace = ref.path.split("/", 1)[0]
        if user is None or namespace != user:
            return PushResult(tuple(messages), errors.push_access_denied().message)
        repo = self.world.pushed.setdefault(HUB, {}).setdefault(ref.path, {})
        pushed_layers = {
            c
            for image_id in repo.values()
            if image_id in self.world.images
            for c in map(str, self.world.images[image_id].config.chain_ids)
        }
        for i in order:
            short = diff_ids[i].short
            record = self.world.layers.get(chains[i])
            if chains[i] in pushed_layers:
                messages.append(Progress("Layer already exists", short))
            elif record is not None and record.source.startswith("hub"):
                messages.append(Progress(f"Mounted from {self._origin(chains[i])}", short))
            else:
                messages.append(Progress("Pushed", short))
        manifest_bytes = self._push_manifest(image)
        digest = sha256_of(manifest_bytes)
        tag = ref.tag or "latest"
        repo[tag] = image.id
        repo_digest = f"{ref.name}@{digest}"
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        self.engine.image_event("push", image.id, ref.familiar, ref.familiar_name)
        messages.append(Progress(f"{tag}: digest: {digest} size: {len(manifest_bytes)}"))
        return PushResult(tuple(messages))

    def _origin(self, chain: str) -> str:
        """The Docker Hub repository a layer was pulled from (for `Mounted from ...`)."""
        for image in self.world.images.values():
            if chain in map(str, image.config.chain_ids):
                for rd in sorted(image.repo_digests):
                    name = rd.split("@", 1)[0]
                    if name.startswith(HUB + "/"):
                        return name[len(HUB) + 1 :]
        return "library/unknown"

    def _push_manifest(self, image: ImageRecord) -> bytes:
        """The Docker schema2 manifest the graphdriver pushes, as Go's MarshalIndent(3 spaces)."""
        config_bytes = image.config.to_bytes()
        layers = []
        for chain in image.config.chain_ids:
            record = self.world.layers[str(chain)]
            layers.append(
                {
                    "mediaType": DOCKER_LAYER,
                    "size": record.compressed_size,
                    "digest": record.blob_digest,
                }
            )
        manifest = {
            "schemaVersion": 2,
            "mediaType": DOCKER_MANIFEST,
            "config": {
                "mediaType": DOCKER_CONFIG,
                "size": len(config_bytes),
                "digest": str(image.config.id),
            },
            "layers": layers,
        }
        return json.dumps(manifest, indent=3).encode()
