"""Image archives: `docker save`, `docker load`, `docker export`, `docker import`.

`image_save` writes the Docker 25+ archive (moby daemon/internal/image/tarexport/save.go;
images-oci.md §3.1): an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/`) with
uncompressed layers, plus Docker's `manifest.json` and `repositories`. Layers carry the real
tar bytes of dockersim's (stand-in) contents, so their sizes are real and podman accepts them.
`image_load` reads such archives and the legacy ones (a `manifest.json` is required, as with
the overlay2 store); a loaded image keeps its ID because its config bytes are kept as they came,
and foreign layers keep their diffIDs because their tars are kept as they came.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import ImageRecord, config_from_json
from dockersim.errors import DockerError
from dockersim.model.digest import chain_ids, sha256_of
from dockersim.model.fs import FileEntry, changeset
from dockersim.model.image import ImageConfig, Platform
from dockersim.model.reference import InvalidReference, Reference, parse_reference

if TYPE_CHECKING:  # imported when an archive is first made or read (model/lazy.py)
    from dockersim.build import backend
    from dockersim.build import saveformat as fmt
    from dockersim.model import tarball
else:
    from dockersim.model.lazy import LazyModule

    backend = LazyModule("dockersim.build.backend")
    fmt = LazyModule("dockersim.build.saveformat")
    tarball = LazyModule("dockersim.model.tarball")


@attrs.frozen
class LoadResult:
    """What `docker load` prints: one line per loaded tag, or the image IDs."""

    lines: tuple[str, ...]
    progress: tuple[tuple[str, int], ...] = ()


class ArchiveOps(EngineBase):
    # --- save ----------------------------------------------------------------------------------
    def image_save(self, names: Sequence[str]) -> bytes:
        """`GET /images/get`: the tar, or a daemon error before anything is written."""
        self.engine.settle()
        chosen: dict[str, list[Reference]] = {}
        for name in names:
            for image_id, ref in self._save_targets(name):
                refs = chosen.setdefault(image_id, [])
                if ref is not None and ref.normalized not in [r.normalized for r in refs]:
                    refs.append(ref)
        blobs: dict[str, tuple[bytes, int]] = {}
        manifest: list[dict[str, Any]] = []
        descriptors: list[dict[str, Any]] = []
        repositories: dict[str, dict[str, str]] = {}
        for image_id, refs in chosen.items():
            image = self.world.images[image_id]
            config_bytes = self._config_bytes(image)
            if not image.config.diff_ids:
                raise errors.empty_export()
            created = fmt.epoch(image.config.created)
            layers = self._save_layers(image, blobs, created)
            blobs[image_id.split(":", 1)[1]] = (config_bytes, created)
            data = fmt.manifest_blob(image_id, len(config_bytes), layers)
            digest = fmt.sha256_hex(data)
            blobs[digest] = (data, 0)
            untagged = {
                "mediaType": fmt.OCI_MANIFEST,
                "digest": f"sha256:{digest}",
                "size": len(data),
            }
            top = str(image.config.diff_ids[-1]).split(":", 1)[1]
            for ref in refs:
                repositories.setdefault(ref.familiar_name, {})[ref.tag or "latest"] = top
                annotations = {
                    "io.containerd.image.name": ref.normalized,
                    "org.opencontainers.image.ref.name": ref.tag or "latest",
                }
                descriptors.append({**untagged, "annotations": annotations})
            if not descriptors:
                descriptors.append(untagged)
            item: dict[str, Any] = {
                "Config": f"blobs/sha256/{image_id.split(':', 1)[1]}",
                "RepoTags": [r.familiar for r in refs] or None,
                "Layers": [f"blobs/sha256/{d.split(':', 1)[1]}" for d, _ in layers],
            }
            if image.parent and image.parent in chosen:
                item["Parent"] = image.parent
            manifest.append(item)
            self.engine.image_event("save", image_id)
        members = [fmt.TarMember("blobs", is_dir=True), fmt.TarMember("blobs/sha256", is_dir=True)]
        for digest in sorted(blobs):
            content, mtime = blobs[digest]
            members.append(fmt.TarMember(f"blobs/sha256/{digest}", content, mtime))
        members.append(fmt.TarMember("index.json", fmt.index_json(descriptors)))
        members.append(fmt.TarMember("manifest.json", fmt.go_encode(manifest).encode()))
        members.append(fmt.TarMember("oci-layout", fmt.OCI_LAYOUT.encode()))
        if repositories:
            members.append(fmt.TarMember("repositories", fmt.go_encode(repositories).encode()))
        return fmt.write_tar(members)

    def _save_targets(self, name: str) -> list[tuple[str, Reference | None]]:
        """moby parseNames: an ID, every tag of a bare name, or one tagged reference."""
        found = self._image_by_full_id(name)
        if found is not None:
            return [(found.id, None)]
        try:
            ref = parse_reference(name)
        except InvalidReference:
            found = self._image_by_prefix(name)
            if found is None:
                raise errors.no_such_image(name) from None
            return [(found.id, None)]
        if ref.digest is not None:
            image = self.image_by_reference(ref)
            if image is None:
                raise errors.reference_missing()
            return [(image.id, None)]
        if ref.tag is None:
            tags = [
                (image_id, parse_reference(r))
                for r, image_id in sorted(self.world.references.items())
                if parse_reference(r).name == ref.name
            ]
            if tags:
                return [(i, r) for i, r in tags]
            found = self._image_by_prefix(name)
            if found is None:
                raise errors.no_such_image(name)
            return [(found.id, None)]
        image_id = self.world.references.get(ref.normalized)
        if image_id is None:
            raise errors.reference_missing()
        return [(image_id, ref)]

    def _config_bytes(self, image: ImageRecord) -> bytes:
        raw = self.world.raw_configs.get(image.id)
        return raw.encode() if raw is not None else image.config.to_bytes()

    def _save_layers(
        self, image: ImageRecord, blobs: dict[str, tuple[bytes, int]], created: int
    ) -> list[tuple[str, int]]:
        config = image.config
        chains = chain_ids(config.diff_ids)
        parent = ""
        out: list[tuple[str, int]] = []
        for index, (diff_id, chain) in enumerate(zip(config.diff_ids, chains, strict=True)):
            last = index == len(config.diff_ids) - 1
            v1 = fmt.v1_image(config if last else None, "", "", config.created)
            if not last:
                v1.pop("os", None)
            identifier = fmt.v1_id(v1, str(chain), parent)
            v1 = fmt.v1_image(config if last else None, identifier, parent, config.created)
            v1_bytes = _go(v1)
            blobs.setdefault(fmt.sha256_hex(v1_bytes), (v1_bytes, created))
            data = self._layer_tar(str(diff_id), str(chain))
            hex_id = str(diff_id).split(":", 1)[1]
            blobs.setdefault(hex_id, (data, created))
            out.append((str(diff_id), len(data)))
            parent = identifier
        return out

    def _layer_tar(self, diff_id: str, chain: str) -> bytes:
        raw = self.world.raw_layers.get(diff_id)
        if raw is not None:
            return raw
        hub = self.catalog.layer_by_diff_id(diff_id)
        if hub is not None:
            return hub.tar()
        record = self.world.layers.get(chain)
        entries = self.engine._layer_content(diff_id) or ()
        mtime = record.mtime if record is not None else 0
        data = tarball.tar_bytes(entries, mtime)
        if str(sha256_of(data)) != diff_id:
            data = tarball.tar_bytes(entries, self.world.build_cache.mtimes.get(diff_id, mtime))
        return data

    # --- load ----------------------------------------------------------------------------------
    def image_load(self, data: bytes, quiet: bool = True) -> LoadResult:
        """`POST /images/load` (tarexport/load.go)."""
        self.engine.settle()
        try:
            files = fmt.read_tar(_inflate(data))
        except Exception:
            raise errors.load_failed("unexpected EOF") from None
        if "manifest.json" not in files:
            raise errors.load_failed("invalid archive: does not contain a manifest.json")
        try:
            manifest = json.loads(files["manifest.json"])
        except ValueError as exc:
            raise errors.load_failed(
                f"invalid archive: failed to decode manifest.json: {exc}"
            ) from None
        if manifest is None:
            raise errors.load_failed("invalid manifest, manifest cannot be null (but can be [])")
        lines: list[str] = []
        ids: list[str] = []
        progress: list[tuple[str, int]] = []
        tagged = 0
        for item in manifest:
            config_path = posixpath.normpath(str(item.get("Config", "")))
            raw = files.get(config_path)
            if raw is None:
                raise errors.load_failed(f"open {config_path}: no such file or directory")
            config = config_from_json(json.loads(raw))
            layer_paths = [posixpath.normpath(p) for p in item.get("Layers") or []]
            if len(layer_paths) != len(config.diff_ids):
                raise errors.load_failed(
                    "invalid manifest, layers length mismatch: expected "
                    f"{len(layer_paths)}, got {len(config.diff_ids)}"
                )
            progress += self._load_layers(config, layer_paths, files)
            image_id = str(sha256_of(raw))
            if image_id not in self.world.images:
                if raw != config.to_bytes():
                    self.world.raw_configs[image_id] = raw.decode()
                self.engine.image_add(ImageRecord(id=image_id, config=config))
            ids.append(f"Loaded image ID: {image_id}")
            tagged = 0
            for tag in item.get("RepoTags") or []:
                ref = parse_reference(tag).with_default_tag()
                previous = self.world.references.get(ref.normalized)
                if previous is not None and previous != image_id:
                    lines.append(
                        f"The image {ref.familiar} already exists, renaming the old one with ID "
                        f"{previous} to empty string"
                    )
                self.engine.reference_set(ref, image_id)
                lines.append(f"Loaded image: {ref.familiar}")
                tagged += 1
            self.engine.image_event("load", image_id)
        if tagged == 0:
            lines.extend(ids)
        return LoadResult(tuple(lines), tuple(progress))

    def _load_layers(
        self, config: ImageConfig, paths: Sequence[str], files: dict[str, bytes]
    ) -> list[tuple[str, int]]:
        made: list[backend.LayerOut] = []
        progress: list[tuple[str, int]] = []
        chains = [str(c) for c in chain_ids(config.diff_ids)]
        for index, (diff_id, path) in enumerate(zip(config.diff_ids, paths, strict=True)):
            if chains[index] in self.world.layers:
                continue
            blob = files.get(path)
            if blob is None:
                raise errors.load_failed(f"open {path}: no such file or directory")
            tar = _inflate(blob)
            actual = str(sha256_of(tar))
            if actual != str(diff_id):
                raise errors.load_failed(
                    f'invalid diffID for layer {index}: expected "{diff_id}", got "{actual}"'
                )
            progress.append((str(diff_id), len(blob)))
            if self.catalog.layer_by_diff_id(actual) is not None:
                continue
            entries = changeset(tarball.entries_from_tar(tar), implicit_parents=False)
            made.append(backend.LayerOut(actual, entries, 0))
            if tarball.tar_bytes(entries, 0) != tar:
                self.world.raw_layers[actual] = tar
        self._register_loaded(config, made)
        return progress

    def _register_loaded(self, config: ImageConfig, made: Sequence[backend.LayerOut]) -> None:
        """Like register_chain, but a loaded layer's diffID is what the archive said."""
        from dockersim.model.digest import parse_digest
        from dockersim.model.layer import Layer

        by_id = {m.diff_id: m for m in made}
        stack: list[Layer] = []
        for diff_id, chain in zip(config.diff_ids, chain_ids(config.diff_ids), strict=True):
            hub = self.catalog.layer_by_diff_id(str(diff_id))
            record = self.world.layers.get(str(chain))
            if record is not None or hub is not None:
                stack.append(hub if hub is not None else _stored(record))
                continue
            out = by_id[str(diff_id)]
            raw = self.world.raw_layers.get(out.diff_id)
            size = sum(e.size for e in out.entries)
            stack.append(
                Layer(parse_digest(out.diff_id), parse_digest(out.diff_id), size,
                      len(raw) if raw else len(tarball.tar_bytes(out.entries)), out.entries)
            )  # fmt: skip
        hub_prefix = 0
        for layer in stack:
            if self.catalog.layer_by_diff_id(str(layer.diff_id)) is None:
                break
            hub_prefix += 1
        if hub_prefix:
            self.engine.layer_register(stack[:hub_prefix], source="hub")
        self.engine.layer_register(stack, source="local")

    # --- export / import -----------------------------------------------------------------------
    def container_export(self, ref: str) -> bytes:
        """`GET /containers/{id}/export`: the container's whole filesystem as one tar."""
        self.engine.settle()
        container = self.engine.container_get(ref)
        fs = self.engine.container_fs(container)
        entries: dict[str, FileEntry] = {}
        for path in fs.walk("/"):
            if path == "/":
                continue
            entry = fs.get(path)
            if entry is not None:
                entries[path] = entry
        for path, kind in fmt.INIT_LAYER:
            if path not in entries:
                entries[path] = (
                    FileEntry.directory(path)
                    if kind == "dir"
                    else FileEntry.file(path, b"", 0o755 if path == "/.dockerenv" else 0o644)
                )
        self.emit("container", "export", container.id)
        return tarball.tar_bytes(changeset(entries.values(), implicit_parents=True), int(self.now))

    def image_import(
        self,
        data: bytes,
        reference: str = "",
        message: str = "",
        changes: Sequence[str] = (),
        platform: Platform | None = None,
        source: str = "-",
    ) -> str:
        """`POST /images/create?fromSrc=`: one layer from a tar; the new image ID."""
        from dockersim.build.backend import rfc3339
        from dockersim.build.meta import config_from_changes
        from dockersim.model.image import HistoryEntry

        self.engine.settle()
        tag = parse_reference(reference).with_default_tag() if reference else None
        try:
            entries = changeset(tarball.entries_from_tar(_inflate(data)), implicit_parents=False)
        except Exception:
            raise errors.import_failed() from None
        plat = platform or Platform("linux", "amd64")
        container_config = config_from_changes(changes)
        when = rfc3339(self.now)
        comment = message or f"Imported from {source}"
        layer = backend.LayerOut(
            str(sha256_of(tarball.tar_bytes(entries, int(self.now)))), entries, int(self.now)
        )
        config = ImageConfig(
            architecture=plat.architecture,
            os=plat.os,
            created=when,
            config=container_config,
            diff_ids=(sha256_of(tarball.tar_bytes(entries, int(self.now))),),
            history=(HistoryEntry(when, "", comment),),
            variant=plat.variant,
        )
        image_id = str(config.id)
        if image_id not in self.world.images:
            self.engine.register_chain(config, [layer])
            self.engine.image_add(ImageRecord(id=image_id, config=config, comment=comment))
        if tag is not None:
            self.engine.reference_set(tag, image_id)
        self.engine.image_event("import", image_id)
        return image_id


def _stored(record: Any) -> Any:
    from dockersim.engine.build import _placeholder

    return _placeholder(record)


def _go(value: Any) -> bytes:
    from dockersim.model.image import go_json

    return go_json(value).encode()


def _inflate(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        import gzip  # (only `docker load` of a compressed archive needs it)

        return gzip.decompress(data)
    return data


__all__ = ["ArchiveOps", "DockerError", "LoadResult"]
