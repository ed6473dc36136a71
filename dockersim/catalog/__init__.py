"""The offline Docker Hub: official images as data (`hub-2025-06.yaml`), built into real layers.

A snapshot is its main file plus the fragments in the folder beside it (`hub-2025-06.d/*.yaml`,
one per family of images), merged by `merge`: texts, images and outputs are unions (a key defined
twice is an error), and a repository named in several files gets the union of their tags.

Loading is lazy: the YAML is parsed on first use, and an image's layers, config and manifests are
built (tarred and hashed) the first time something asks for that image, then cached. Each
catalog image is offered for linux/amd64 and linux/arm64/v8 (when the data lists it); the
variants differ in their stand-in executables, so their layers and IDs differ as on Docker Hub.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from dockersim.model.digest import parse_digest
from dockersim.model.fs import FileEntry, changeset, normalize, program_stub
from dockersim.model.image import ContainerConfig, HistoryEntry, ImageConfig, Platform
from dockersim.model.layer import Layer
from dockersim.model.manifest import (
    OCI_CONFIG,
    OCI_LAYER_GZIP,
    OCI_MANIFEST,
    Descriptor,
    Index,
    Manifest,
)

DEFAULT_SNAPSHOT = "hub-2025-06.yaml"
ARCH_NAMES = {"amd64": "x86_64", "arm64": "aarch64", "arm": "armv7l", "386": "i686"}


@attrs.frozen
class RepoInfo:
    name: str
    description: str
    stars: int
    official: bool
    tags: tuple[tuple[str, str], ...]

    def image_key(self, tag: str) -> str | None:
        return dict(self.tags).get(tag)


@attrs.frozen
class BuiltImage:
    """One catalog image for one platform: its layers (base first), config and manifest."""

    key: str
    platform: Platform
    layers: tuple[Layer, ...]
    config: ImageConfig
    config_bytes: bytes
    manifest: Manifest
    manifest_bytes: bytes


class Catalog:
    """The parsed catalog data plus caches of built images."""

    def __init__(self, data: Mapping[str, Any], fingerprint: str = "") -> None:
        """`fingerprint` (the hash of the snapshot file) lets computed layer digests be cached
        on disk between runs; without one they are computed every time."""
        self.data = data
        self.fingerprint = fingerprint
        self._digests: dict[str, list[Any]] | None = None
        self.texts: Mapping[str, str] = data.get("texts") or {}
        self.images: Mapping[str, Any] = data.get("images") or {}
        self.outputs: Mapping[str, str] = data.get("outputs") or {}
        self.repositories: dict[str, RepoInfo] = {}
        for name, repo in (data.get("repositories") or {}).items():
            tags = tuple((str(t), str(k)) for t, k in (repo.get("tags") or {}).items())
            self.repositories[name] = RepoInfo(
                name=name,
                description=repo.get("description", ""),
                stars=int(repo.get("stars", 0)),
                official=bool(repo.get("official", True)),
                tags=tags,
            )
        elsewhere = data.get("elsewhere") or {}
        #: repositories (familiar names) and tags that are on Docker Hub but not modelled here
        self.elsewhere_repositories: frozenset[str] = frozenset(
            str(name) for name in elsewhere.get("repositories") or ()
        )
        self.elsewhere_tags: Mapping[str, tuple[str, ...]] = {
            str(name): tuple(str(v) for v in versions)
            for name, versions in (elsewhere.get("tags") or {}).items()
        }
        self._built: dict[tuple[str, str], BuiltImage] = {}
        self._layers: dict[tuple[str, str], tuple[Layer, ...]] = {}
        self._by_diff_id: dict[str, Layer] | None = None
        self._where: dict[str, tuple[str, Platform]] | None = None

    # --- queries ---------------------------------------------------------------------------
    def repository(self, path: str) -> RepoInfo | None:
        """`library/nginx` -> the official `nginx` repository."""
        if path.startswith("library/") and path.count("/") == 1:
            return self.repositories.get(path.split("/", 1)[1])
        return None

    def on_hub_only(self, path: str, tag: str | None = None) -> bool:
        """Whether Docker Hub had this repository (`library/mysql`, `jenkins/jenkins`), or this
        tag of a repository the catalog has, in June 2025 while the catalog does not model it.
        A tag matches a listed version exactly or followed by `.` or `-` (`3.8` covers
        `3.8.20-slim`)."""
        familiar = path.split("/", 1)[1] if path.startswith("library/") else path
        if tag is None:
            return familiar in self.elsewhere_repositories
        return any(
            tag == version or tag.startswith((f"{version}.", f"{version}-"))
            for version in self.elsewhere_tags.get(familiar, ())
        )

    def platforms(self, key: str) -> list[Platform]:
        listed = self.images[key].get("platforms") or ["linux/amd64"]
        return [Platform.parse(p) for p in listed]

    def index(self, key: str) -> Index:
        descs = []
        for platform in self.platforms(key):
            built = self.build(key, platform)
            descs.append(
                Descriptor(
                    OCI_MANIFEST,
                    built.manifest.digest,
                    len(built.manifest_bytes),
                    platform,
                )
            )
        return Index(tuple(descs))

    def build(self, key: str, platform: Platform) -> BuiltImage:
        cache_key = (key, str(platform))
        built = self._built.get(cache_key)
        if built is None:
            built = self._build(key, platform)
            self._built[cache_key] = built
        return built

    def layer_by_diff_id(self, diff_id: str) -> Layer | None:
        """The content of a layer a pull stored (built on demand from every catalog image)."""
        if self._by_diff_id is None:
            where = self._diff_id_index()
            if where is not None:  # (only the layers of the image that has it are built)
                found = where.get(diff_id)
                if found is None:
                    return None
                member, platform = found
                return next(
                    layer
                    for layer in reversed(self._own_layers(member, platform))
                    if str(layer.diff_id) == diff_id
                )
            table: dict[str, Layer] = {}
            for key in self.images:
                for platform in self.platforms(key):
                    for layer in self._chain_layers(key, platform):
                        table[str(layer.diff_id)] = layer
            self._by_diff_id = table
        return self._by_diff_id.get(diff_id)

    def _diff_id_index(self) -> dict[str, tuple[str, Platform]] | None:
        """diff ID -> (the catalog image whose own layer it is, the platform), from the layer
        digests computed before, without building any layer's files; None unless they cover
        every layer of the catalog. The same walk as the full table (its last one wins)."""
        if self._where is None:
            digests = self._digest_cache()
            where: dict[str, tuple[str, Platform]] = {}
            counts: dict[str, int] = {}
            for key in self.images:
                for platform in self.platforms(key):
                    arch = ARCH_NAMES.get(platform.architecture, platform.architecture)
                    for member in self.chain(key):
                        count = counts.get(member)
                        if count is None:
                            history = self.images[member].get("history") or []
                            count = counts[member] = sum(
                                1 for item in history if not item.get("empty_layer")
                            )
                        for index in range(count):
                            known = digests.get(f"{member}|{arch}|{index}")
                            if known is None:
                                return None
                            where[str(known[0])] = (member, platform)
            self._where = where
        return self._where

    def output(self, name: str) -> str:
        return self.outputs.get(name, "")

    # --- building ----------------------------------------------------------------------------
    def _build(self, key: str, platform: Platform) -> BuiltImage:
        spec = self.images[key]
        layers = self._chain_layers(key, platform)
        history = tuple(self._chain_history(key))
        config = ImageConfig(
            architecture=platform.architecture,
            os=platform.os,
            variant=platform.variant,
            created=spec.get("created") or (history[-1].created if history else ""),
            config=ContainerConfig.from_json(spec.get("config")),
            diff_ids=tuple(layer.diff_id for layer in layers),
            history=history,
        )
        config_bytes = config.to_bytes()
        manifest = Manifest(
            config=Descriptor(OCI_CONFIG, config.id, len(config_bytes)),
            layers=tuple(
                Descriptor(OCI_LAYER_GZIP, layer.blob_digest, layer.compressed_size)
                for layer in layers
            ),
        )
        return BuiltImage(
            key, platform, layers, config, config_bytes, manifest, manifest.to_bytes()
        )

    def chain(self, key: str) -> list[str]:
        """The image's parents, base first, then the image itself."""
        chain: list[str] = []
        current: str | None = key
        while current is not None:
            if current in chain:
                raise ValueError(f"catalog: parent cycle at {current}")
            chain.append(current)
            current = self.images[current].get("parent")
        chain.reverse()
        return chain

    def _chain_history(self, key: str) -> list[HistoryEntry]:
        """Parents' entries then the image's own; with SOURCE_DATE_EPOCH set (BuildKit), every
        entry later than it is shown at that time, inherited ones included."""
        epoch = self.images[key].get("source_date_epoch")
        limit = _epoch(str(epoch)) if epoch else None
        out: list[HistoryEntry] = []
        for member in self.chain(key):
            for item in self.images[member].get("history") or []:
                created = str(item.get("created", ""))
                if limit is not None and created and _epoch(created) > limit:
                    created = str(epoch)
                out.append(
                    HistoryEntry(
                        created=created,
                        created_by=item.get("created_by", ""),
                        comment=item.get("comment", ""),
                        empty_layer=bool(item.get("empty_layer", False)),
                    )
                )
        return out

    def _chain_layers(self, key: str, platform: Platform) -> tuple[Layer, ...]:
        out: list[Layer] = []
        for member in self.chain(key):
            out.extend(self._own_layers(member, platform))
        return tuple(out)

    def _own_layers(self, key: str, platform: Platform) -> tuple[Layer, ...]:
        cache_key = (key, platform.architecture)
        cached = self._layers.get(cache_key)
        if cached is not None:
            return cached
        arch = ARCH_NAMES.get(platform.architecture, platform.architecture)
        digests = self._digest_cache()
        computed = False
        layers = []
        items = [i for i in self.images[key].get("history") or [] if not i.get("empty_layer")]
        for index, item in enumerate(items):
            entries = changeset(self._entries(item, arch))
            mtime = _epoch(str(item.get("created", "")))
            known = digests.get(f"{key}|{arch}|{index}")
            if known is not None:
                diff_id, blob, size, compressed = known
                layers.append(
                    Layer(
                        parse_digest(diff_id), parse_digest(blob), size, compressed, entries, mtime
                    )
                )
                continue
            layer = Layer.build(
                entries,
                mtime=mtime,
                size=int(item.get("size", 0)),
                compressed_size=int(item.get("compressed", 0)) or None,
            )
            digests[f"{key}|{arch}|{index}"] = [
                str(layer.diff_id),
                str(layer.blob_digest),
                layer.size,
                layer.compressed_size,
            ]
            computed = True
            layers.append(layer)
        if computed and self.fingerprint:
            from dockersim.datacache import write_json

            write_json(self._digest_file(), digests)
        result = tuple(layers)
        self._layers[cache_key] = result
        return result

    def _digest_cache(self) -> dict[str, list[Any]]:
        """Layer digests computed before (tar + sha256 is most of a pull's cost): by
        `image|arch|layer index`, valid for this snapshot and this tar-writing code."""
        if self._digests is None:
            self._digests = {}
            if self.fingerprint:
                from dockersim.datacache import read_json

                found = read_json(self._digest_file())
                self._digests = found if isinstance(found, dict) else {}
        return self._digests

    def _digest_file(self) -> str:
        from dockersim import model
        from dockersim.datacache import code_fingerprint

        base = Path(model.__file__).parent
        code = code_fingerprint(
            Path(__file__), base / "tarball.py", base / "fs.py", base / "layer.py"
        )
        return f"layer-digests-{self.fingerprint[:16]}-{code}"

    def _entries(self, item: Mapping[str, Any], arch: str) -> list[FileEntry]:
        """A layer's entries, as `FileEntry.file`, `.program` and `.symlink` make them (their
        paths normalised only when they need it: thousands per image)."""
        entries: list[FileEntry] = []
        for path, value in (item.get("files") or {}).items():
            entries.append(self._entry(str(path), value))
        for directory, names in (item.get("programs") or {}).items():
            for name in names:
                path = _normal(posixpath.join(directory, name))
                entries.append(FileEntry(path, "file", 0o755, 0, 0, program_stub(name, arch)))
        applets = item.get("applets")
        if applets:
            target = applets["target"]
            for name in applets.get("names") or []:
                path = _normal(posixpath.join(applets["dir"], name))
                entries.append(FileEntry(path, "symlink", 0o777, 0, 0, b"", target))
        return entries

    def _entry(self, path: str, value: Any) -> FileEntry:
        if value is None or isinstance(value, str):
            return FileEntry(_normal(path), "file", 0o644, 0, 0, (value or "").encode())
        mode = value.get("mode")
        uid, gid = int(value.get("uid", 0)), int(value.get("gid", 0))
        if value.get("whiteout"):
            return FileEntry.whiteout(path)
        if value.get("dir"):
            return FileEntry.directory(path, _mode(mode, 0o755), uid, gid)
        if "symlink" in value:
            return FileEntry.symlink(path, str(value["symlink"]), uid, gid)
        text = self.texts[value["ref"]] if "ref" in value else value.get("text", "")
        return FileEntry(_normal(path), "file", _mode(mode, 0o644), uid, gid, str(text).encode())


def _normal(path: str) -> str:
    """`fs.normalize(path)`, skipped for a path that is already normal (one leading `/`, no
    empty, `.` or `..` part, no trailing `/`): the catalog's paths are."""
    wrapped = path + "/"
    if path[:1] == "/" and "//" not in wrapped and "/./" not in wrapped and "/../" not in wrapped:
        return path
    return normalize(path)


def _mode(value: Any, default: int) -> int:
    if value is None:
        return default
    return int(str(value), 8)


def _epoch(created: str) -> int:
    if not created:
        return 0
    return int(datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp())


SECTIONS = ("texts", "images", "outputs")


def snapshot_files(name: str = DEFAULT_SNAPSHOT) -> list[Path]:
    """The main file of a shipped snapshot and its fragments, in merge order."""
    main = Path(__file__).with_name(name)
    folder = main.with_suffix(".d")
    fragments = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return [main, *fragments]


def merge(documents: list[Mapping[str, Any]]) -> dict[str, Any]:
    """One snapshot document from its main file and fragments (see the module docstring)."""
    out: dict[str, Any] = {}
    for doc in documents:
        for key, value in doc.items():
            if key in SECTIONS:
                section = out.setdefault(key, {})
                for name, item in (value or {}).items():
                    if name in section:
                        raise ValueError(f"catalog: {key}.{name} is defined twice")
                    section[name] = item
            elif key == "repositories":
                repos = out.setdefault(key, {})
                for name, repo in (value or {}).items():
                    _merge_repository(repos, name, repo or {})
            elif key not in out:
                out[key] = value
    return out


def _merge_repository(repos: dict[str, Any], name: str, repo: Mapping[str, Any]) -> None:
    current = repos.setdefault(name, {"tags": {}})
    for field, value in repo.items():
        if field != "tags":
            current.setdefault(field, value)
    for tag, key in (repo.get("tags") or {}).items():
        if current["tags"].get(tag, key) != key:
            raise ValueError(f"catalog: tag {name}:{tag} points at two images")
        current["tags"][tag] = key


def parse_yaml(text: str) -> Any:
    """One file of a snapshot as plain data (PyYAML's safe loader, libyaml when present)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.lru_cache(maxsize=4)
def load(name: str = DEFAULT_SNAPSHOT) -> Catalog:
    """Parse a catalog snapshot shipped with dockersim (cached per process, and on disk)."""
    import hashlib

    from dockersim.datacache import load_yaml_keyed

    documents, prints = [], []
    for path in snapshot_files(name):
        data, fingerprint = load_yaml_keyed(path, parse_yaml)
        documents.append(data)
        prints.append(fingerprint)
    combined = prints[0] if len(prints) == 1 else hashlib.sha256("".join(prints).encode())
    fingerprint = combined if isinstance(combined, str) else combined.hexdigest()[:32]
    return Catalog(merge(documents), fingerprint)
