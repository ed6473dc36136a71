"""A registry running in a container on this host (`docker run -d -p 5000:5000 registry:2`).

`docker push localhost:5000/NAME` and `docker pull localhost:5000/NAME` talk to it through its
published port. It keeps what is pushed in its volume (/var/lib/registry), laid out as the
registry lays it out, so the data lives and dies with that volume:

    docker/registry/v2/repositories/NAME/_manifests/tags/TAG/current/link   -> manifest digest
    docker/registry/v2/repositories/NAME/_layers/sha256/HEX/link           (one per layer)
    docker/registry/v2/blobs/sha256/HE/HEX/data                            manifest, config, layers

Simplification: layer blobs hold the layer's tar uncompressed (Docker pushes gzip); their
paths and the manifest still use the compressed digests, so `docker pull` prints the same ids.
"""

from __future__ import annotations

import json

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.distribution import Progress, PullResult
from dockersim.engine.push import PushResult
from dockersim.engine.world import ImageRecord, config_from_json
from dockersim.model.container import Container
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.digest import chain_ids, sha256_of
from dockersim.model.image import Platform
from dockersim.model.reference import Reference

ROOT = "/docker/registry/v2"
STORAGE = "/var/lib/registry"
LOCAL_HOSTS = ("localhost", "127.0.0.1")


class LocalRegistryOps(EngineBase):
    def local_registry(self, domain: str) -> CowFS | None:
        """The storage of the registry container that `domain` (`localhost:PORT`) reaches."""
        host, _, port = domain.partition(":")
        if host not in LOCAL_HOSTS or not port.isdigit():
            return None
        for container in self.world.containers.values():
            if self._serves_registry(container, int(port)):
                return self._registry_storage(container)
        return None

    def _registry_storage(self, container: Container) -> CowFS:
        """Where a registry container keeps its data: the volume at /var/lib/registry."""
        for mount in container.mounts:
            if mount.get("Destination") == STORAGE and mount.get("Type") == "volume":
                return self.engine.volume_fs(str(mount["Name"]))
        return self.engine.container_fs(container)

    def registry_api(self, container: Container, path: str) -> tuple[int, dict[str, object]]:
        """The registry's HTTP API (GET): `/v2/`, `/v2/_catalog`, `/v2/NAME/tags/list`."""
        store = self._registry_storage(container)
        base = f"{ROOT}/repositories"
        clean = path.split("?", 1)[0]
        if clean in ("/v2", "/v2/"):
            return 200, {}
        if clean == "/v2/_catalog":
            return 200, {"repositories": _repositories(store, base)}
        if clean.startswith("/v2/") and clean.endswith("/tags/list"):
            name = clean[len("/v2/") : -len("/tags/list")]
            try:
                tags = sorted(store.listdir(f"{base}/{name}/_manifests/tags"))
            except FsError:
                return 404, {
                    "errors": [
                        {
                            "code": "NAME_UNKNOWN",
                            "message": "repository name not known to registry",
                            "detail": {"name": name},
                        }
                    ]
                }
            return 200, {"name": name, "tags": tags}
        return 404, {}

    def _serves_registry(self, container: Container, port: int) -> bool:
        state = container.state
        return (
            state.running
            and not state.paused
            and _is_registry(container.blocked_in)
            and any(hp == port and proto == "tcp" for _, hp, cp, proto in container.ports)
        )

    # --- push --------------------------------------------------------------------------------
    def registry_push(self, store: CowFS, ref: Reference) -> PushResult:
        """`image_push` to a registry container (`store` is its storage)."""
        messages = [Progress(f"The push refers to repository [{ref.name}]")]
        image = self.image_by_reference(ref)
        if image is None:
            tagged = any(r.startswith(ref.name + ":") for r in self.world.references)
            if not tagged:
                return PushResult(
                    tuple(messages), errors.push_no_such_image(ref.familiar_name).message
                )
            return PushResult(tuple(messages), f"tag does not exist: {ref.familiar}")
        config = image.config
        chains = [str(c) for c in chain_ids(config.diff_ids)]
        order = list(reversed(range(len(chains))))
        messages.extend(Progress("Preparing", config.diff_ids[i].short) for i in order)
        repo = f"{ROOT}/repositories/{ref.path}"
        for i in order:
            record = self.world.layers[chains[i]]
            hex_digest = record.blob_digest.split(":", 1)[1]
            blob = _blob_path(record.blob_digest)
            short = config.diff_ids[i].short
            if store.exists(f"{repo}/_layers/sha256/{hex_digest}/link"):
                messages.append(Progress("Layer already exists", short))
            elif store.exists(blob):
                source = self._repository_with(store, hex_digest)
                messages.append(Progress(f"Mounted from {source}", short))
            else:
                messages.append(Progress("Pushed", short))
            if not store.exists(blob):
                _put(store, blob, self.engine._layer_tar(str(config.diff_ids[i]), chains[i]))
            _put(store, f"{repo}/_layers/sha256/{hex_digest}/link", record.blob_digest.encode())
        raw_config = self.world.raw_configs.get(image.id)
        config_bytes = raw_config.encode() if raw_config is not None else config.to_bytes()
        _put(store, _blob_path(str(config.id)), config_bytes)
        manifest = self.engine._push_manifest(image)
        digest = str(sha256_of(manifest))
        _put(store, _blob_path(digest), manifest)
        tag = ref.tag or "latest"
        _put(store, f"{repo}/_manifests/tags/{tag}/current/link", digest.encode())
        _put(store, f"{repo}/_manifests/revisions/sha256/{digest[7:]}/link", digest.encode())
        repo_digest = f"{ref.name}@{digest}"
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        self.engine.image_event("push", image.id, ref.familiar, ref.familiar_name)
        messages.append(Progress(f"{tag}: digest: {digest} size: {len(manifest)}"))
        return PushResult(tuple(messages))

    def _repository_with(self, store: CowFS, hex_digest: str) -> str:
        base = f"{ROOT}/repositories"
        for name in _repositories(store, base):
            if store.exists(f"{base}/{name}/_layers/sha256/{hex_digest}/link"):
                return name
        return ""

    # --- pull --------------------------------------------------------------------------------
    def registry_pull(
        self, store: CowFS, ref: Reference, platform: Platform | None = None
    ) -> PullResult:
        """`image_pull` from a registry container (`store` is its storage)."""
        if ref.tag is None and ref.digest is None:
            ref = ref.with_default_tag()
        first = Progress(
            f"Pulling from {ref.path}", ref.normalized if ref.digest else ref.tag or ""
        )
        repo = f"{ROOT}/repositories/{ref.path}"
        try:
            if ref.digest is not None:
                digest = str(ref.digest)
                store.read(f"{repo}/_manifests/revisions/sha256/{digest[7:]}/link")
            else:
                digest = store.read(f"{repo}/_manifests/tags/{ref.tag}/current/link").decode()
            manifest = json.loads(store.read(_blob_path(digest)))
            raw = store.read(_blob_path(manifest["config"]["digest"]))
        except (FsError, ValueError, KeyError):
            raise errors.manifest_unknown(ref.familiar) from None
        image_id = str(sha256_of(raw))
        messages = [first]
        existing = self.world.images.get(image_id)
        if existing is None:
            config = config_from_json(json.loads(raw))
            chains = [str(c) for c in chain_ids(config.diff_ids)]
            files: dict[str, bytes] = {}
            paths: list[str] = []
            for index, layer in enumerate(manifest["layers"]):
                path = f"layer{index}"
                paths.append(path)
                if chains[index] in self.world.layers:
                    messages.append(Progress("Already exists", layer["digest"][7:19]))
                    continue
                files[path] = store.read(_blob_path(layer["digest"]))
                short = layer["digest"][7:19]
                messages.append(Progress("Pulling fs layer", short))
            for index, layer in enumerate(manifest["layers"]):
                if f"layer{index}" in files:
                    short = layer["digest"][7:19]
                    messages.extend(
                        Progress(status, short)
                        for status in ("Verifying Checksum", "Download complete", "Pull complete")
                    )
            self.engine._load_layers(config, paths, files)
            if raw != config.to_bytes():
                self.world.raw_configs[image_id] = raw.decode()
            self.engine.image_add(ImageRecord(id=image_id, config=config))
        messages.append(Progress(f"Digest: {digest}"))
        image = self.world.images[image_id]
        repo_digest = f"{ref.name}@{digest}"
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        changed = existing is None
        if ref.tag is not None:
            changed = self.engine.reference_set(ref, image_id, touch=False) or changed
        self.engine.image_event("pull", image_id, ref.familiar, ref.familiar_name)
        verb = "Downloaded newer image" if changed else "Image is up to date"
        messages.append(Progress(f"Status: {verb} for {ref.familiar}"))
        return PullResult(tuple(messages), image_id)


def _blob_path(digest: str) -> str:
    hex_digest = digest.split(":", 1)[1]
    return f"{ROOT}/blobs/sha256/{hex_digest[:2]}/{hex_digest}/data"


def _put(store: CowFS, path: str, data: bytes) -> None:
    parent = path.rsplit("/", 1)[0]
    if not store.exists(parent):
        store.mkdir(parent, parents=True)
    store.write(path, data)


def _repositories(store: CowFS, base: str) -> list[str]:
    """Repository names (with slashes) under `base`: directories holding `_layers`."""
    found: list[str] = []
    pending = [""]
    while pending:
        name = pending.pop()
        here = f"{base}/{name}" if name else base
        try:
            children = store.listdir(here)
        except FsError:
            continue
        if "_layers" in children:
            found.append(name)
            continue
        pending.extend(f"{name}/{c}" if name else c for c in children)
    return sorted(found)


def _is_registry(program: str | None) -> bool:
    from dockersim.engine.programs import program_of

    found = program_of(program)
    return found is not None and found.registry
