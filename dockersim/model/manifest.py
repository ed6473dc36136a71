"""Manifests and indexes as a registry serves them (image-spec `manifest.md`, `image-index.md`).

A registry stores each document as bytes and addresses it by the sha256 of those bytes; the
`Digest:` line of `docker pull` and `RepoDigests` name the index (or the manifest for a
single-platform image).
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.model.digest import Digest, sha256_of
from dockersim.model.image import Platform, go_json

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar"


@attrs.frozen
class Descriptor:
    media_type: str
    digest: Digest
    size: int
    platform: Platform | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mediaType": self.media_type,
            "digest": str(self.digest),
            "size": self.size,
        }
        if self.platform is not None:
            plat: dict[str, Any] = {
                "architecture": self.platform.architecture,
                "os": self.platform.os,
            }
            if self.platform.variant:
                plat["variant"] = self.platform.variant
            out["platform"] = plat
        return out


@attrs.frozen
class Manifest:
    config: Descriptor
    layers: tuple[Descriptor, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": self.config.to_json(),
            "layers": [layer.to_json() for layer in self.layers],
        }

    def to_bytes(self) -> bytes:
        return go_json(self.to_json()).encode()

    @property
    def digest(self) -> Digest:
        return sha256_of(self.to_bytes())


@attrs.frozen
class Index:
    manifests: tuple[Descriptor, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [m.to_json() for m in self.manifests],
        }

    def to_bytes(self) -> bytes:
        return go_json(self.to_json()).encode()

    @property
    def digest(self) -> Digest:
        return sha256_of(self.to_bytes())

    def select(self, platform: Platform) -> Descriptor | None:
        """The first manifest for `platform` (image-spec: the first match SHOULD be used)."""
        for desc in self.manifests:
            p = desc.platform
            if p is None:
                continue
            same = p.os == platform.os and p.architecture == platform.architecture
            if same and (not platform.variant or not p.variant or p.variant == platform.variant):
                return desc
        return None
