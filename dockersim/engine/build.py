"""`docker build`: the engine side of both builders (POST /build).

The builders themselves live in `dockersim.build` and reach the world only through the
`Backend` this module implements: base images come from the local image store, else from
the offline Docker Hub (BuildKit does not add them to `docker images`; the classic builder
pulls and tags them, as moby's does); layers made by a build are registered in the layer
store and the image is tagged. A failed build keeps what its finished steps put in the cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import ImageRecord
from dockersim.errors import DockerError
from dockersim.model.digest import chain_ids, parse_digest
from dockersim.model.fs import Changeset, Tree, union
from dockersim.model.image import ImageConfig, Platform
from dockersim.model.layer import Layer
from dockersim.model.reference import InvalidReference, parse_reference

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dockersim.build.backend import BaseImage, BuildOutput, BuildRequest, LayerOut
    from dockersim.build.report import BuildReport, PullMessage
    from dockersim.catalog import BuiltImage
    from dockersim.engine import Engine
    from dockersim.engine.programs import ProgramFn


class BuildOps(EngineBase):
    def image_build(self, request: BuildRequest) -> BuildReport:
        """Run one build; the report says what each step did and how the build ended."""
        from dockersim.build.buildkit import BuildkitBuild
        from dockersim.build.classic import ClassicBuild

        self.engine.settle()
        backend = _Backend(self.engine)
        cache = self.world.build_cache
        builder = ClassicBuild if request.builder == "classic" else BuildkitBuild
        build = builder(request, backend, cache, self.now)
        report, output = build.run()
        if request.history_key:
            cache.builds[request.history_key] = list(build.summaries)
        if output is not None and request.builder != "classic":
            self._store_build(output, request.tags, backend)
        elif output is not None:
            for tag in request.tags:
                self._tag_built(tag, report.image_id)
        if report.duration:
            self.engine.settle(self.now + report.duration)
        return report

    def _store_build(self, output: BuildOutput, tags: Sequence[str], backend: _Backend) -> None:
        config = output.config
        image_id = str(config.id)
        if image_id not in self.world.images:
            self.register_chain(config, output.new_layers, backend)
            self.engine.image_add(ImageRecord(id=image_id, config=config))
        self.engine.image_event("create", image_id)  # build.go ImageExportedByBuildkit
        for tag in tags:
            self._tag_built(tag, image_id)

    def _tag_built(self, tag: str, image_id: str) -> None:
        ref = parse_reference(tag).with_default_tag()
        self.engine.reference_set(ref, image_id)
        self.engine.image_event("tag", image_id, name=ref.familiar)

    def register_chain(
        self, config: ImageConfig, new_layers: Sequence[LayerOut], backend: _Backend | None = None
    ) -> None:
        """Put every layer of `config` in the layer store (hub layers marked as such)."""
        made = {layer.diff_id: layer for layer in new_layers}
        diff_ids = [str(d) for d in config.diff_ids]
        chains = [str(c) for c in chain_ids(config.diff_ids)]
        stack: list[Layer] = []
        hub_prefix = 0
        for index, (diff_id, chain) in enumerate(zip(diff_ids, chains, strict=True)):
            if chain in self.world.layers:
                stack.append(_placeholder(self.world.layers[chain]))
                continue
            # a layer this build made is its own; only another one may be a hub layer (and
            # finding one builds every catalog layer once, so it is not asked for needlessly)
            hub = None if diff_id in made else self.catalog.layer_by_diff_id(diff_id)
            if hub is not None:
                stack.append(hub)
                if hub_prefix == index:
                    hub_prefix = index + 1
                continue
            out = made.get(diff_id)
            if out is None:
                entries = self._layer_content(diff_id) or ()
                mtime = self.world.build_cache.mtimes.get(diff_id, 0)
                from dockersim.build.backend import LayerOut

                out = LayerOut(diff_id, entries, mtime)
            stack.append(Layer.build(out.entries, mtime=out.mtime, tar=out.tar))
        if hub_prefix:
            self.engine.layer_register(stack[:hub_prefix], source="hub")
        self.engine.layer_register(stack, source="local")

    def _layer_content(self, diff_id: str) -> Changeset | None:
        local = self.world.layer_content.get(diff_id)
        if local is not None:
            return local
        cached = self.world.build_cache.content.get(diff_id)
        if cached is not None:
            return cached
        layer = self.catalog.layer_by_diff_id(diff_id)
        return layer.entries if layer is not None else None

    def build_cache_prune(self) -> tuple[int, int]:
        """`docker builder prune`: (cache records removed, bytes freed)."""
        removed, freed = self.world.build_cache.prune()
        self.emit("builder", "prune", "", reclaimed=str(freed))  # builder/backend/backend.go
        return removed, freed

    def build_cache_ids(self) -> list[str]:
        """The build cache records' IDs as BuildKit lists them: 25 lower-case base-36 characters
        (derived here from each record's cache key; BuildKit draws them at random)."""
        import hashlib

        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        out = []
        for key in sorted(self.world.build_cache.records):
            number = int.from_bytes(hashlib.sha256(key.encode()).digest())
            text = ""
            for _ in range(25):
                number, rest = divmod(number, 36)
                text += digits[rest]
            out.append(text)
        return out


def _placeholder(record: object) -> Layer:
    diff_id = getattr(record, "diff_id", "")
    blob = getattr(record, "blob_digest", "") or diff_id
    return Layer(
        diff_id=parse_digest(diff_id),
        blob_digest=parse_digest(blob),
        size=int(getattr(record, "size", 0)),
        compressed_size=int(getattr(record, "compressed_size", 0)),
        entries=(),
        mtime=int(getattr(record, "mtime", 0)),
    )


class _Backend:
    """What the builders may ask of the engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.built: dict[str, BuiltImage] = {}

    def resolve_base(self, name: str, platform: Platform, pull: bool) -> BaseImage:
        from dockersim.build.backend import BaseError, BaseImage

        engine = self.engine
        try:
            ref = parse_reference(name).with_default_tag()
        except InvalidReference as exc:
            raise BaseError(errors.bad_stage_name(name, str(exc))) from None
        local = None if pull else engine.image_by_reference(ref)
        if local is not None:
            return BaseImage(ref.normalized, local.id, local.config, True)
        try:
            resolved = engine._resolve(ref, platform)
        except (DockerError, errors.StreamError) as exc:
            raise BaseError(errors.base_unresolved(name, ref.normalized, str(exc))) from None
        built = resolved.built
        image_id = str(built.config.id)
        self.built[image_id] = built
        blobs = (
            (str(resolved.digest), len(built.manifest_bytes)),
            (str(built.config.id), len(built.config_bytes)),
        )
        layers = tuple((str(layer.blob_digest), layer.compressed_size) for layer in built.layers)
        pinned = f"{ref.normalized}@{resolved.digest}"
        return BaseImage(ref.normalized, image_id, built.config, False, pinned, blobs, layers)

    def base_tree(self, base: BaseImage) -> Tree:
        engine = self.engine
        if base.image_id in engine.world.images:
            return engine.image_tree(base.image_id)
        built = self.built.get(base.image_id)
        if built is None:
            layers = [self.layer_entries(str(d)) or () for d in base.config.diff_ids]
            return union(layers)
        return union([layer.entries for layer in built.layers])

    def layer_entries(self, diff_id: str) -> Changeset | None:
        return self.engine._layer_content(diff_id)

    def new_hex(self) -> str:
        return self.engine.new_id()

    def programs(self) -> Mapping[str, ProgramFn]:
        from dockersim.engine.programs import userland_programs

        return userland_programs()

    def pull_base(self, name: str, platform: Platform) -> tuple[str, Sequence[PullMessage]]:
        """The classic builder's FROM: pull into the image store when missing."""
        from dockersim.build.backend import BaseError
        from dockersim.build.report import PullMessage

        engine = self.engine
        ref = parse_reference(name).with_default_tag()
        found = engine.image_by_reference(ref)
        if found is not None:
            return found.id, ()
        try:
            result = engine.image_pull(ref, platform)
        except DockerError as exc:
            raise BaseError(str(exc)) from None
        messages = tuple(PullMessage(m.status, m.id) for m in result.messages)
        if result.error:
            raise BaseError(result.error)
        return result.image_id, messages

    def commit_step(self, config: ImageConfig, layers: Sequence[LayerOut], parent: str) -> str:
        engine = self.engine
        image_id = str(config.id)
        if image_id not in engine.world.images:
            engine.register_chain(config, layers, self)
            engine.image_add(ImageRecord(id=image_id, config=config, parent=parent))
        return image_id

    def image_tree(self, image_id: str) -> Tree:
        return self.engine.image_tree(image_id)

    def image_exists(self, image_id: str) -> bool:
        return image_id in self.engine.world.images

    def image_config(self, image_id: str) -> ImageConfig:
        return self.engine.world.images[image_id].config
