"""Invariants of the simulated world, shared by property and stateful tests."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.engine import Engine


def check_layer_store(engine: Engine) -> None:
    """Each chainID stored once; refs = images on top of it + containers' read-write layers
    on it + child layers; nothing orphaned; every container has its read-write layer.

    moby daemon/internal/layer/layer_store.go: an image references its top layer, a
    container's read-write layer the layer it sits on, and every layer its parent; a layer
    whose count drops to zero is deleted.
    """
    world = engine.world
    expected: Counter[str] = Counter()
    reachable: set[str] = set()
    for image in world.images.values():
        chains = [str(c) for c in image.config.chain_ids]
        if chains:
            expected[chains[-1]] += 1
        reachable.update(chains)
        for chain in chains:
            assert chain in world.layers, f"image {image.id} misses layer {chain}"
    assert set(world.rw_layers) == set(world.containers)
    for cid, parent in world.rw_layers.items():
        used = world.images.get(world.containers[cid].image_id)
        if used is not None:
            assert parent == used.top_chain_id, (cid, parent)
        if parent is not None:
            expected[parent] += 1
            reachable.add(parent)
    for layer in world.layers.values():
        if layer.parent is not None:
            expected[layer.parent] += 1
            assert layer.parent in world.layers
            reachable.add(layer.parent)
    for chain, layer in world.layers.items():
        assert layer.chain_id == chain
        assert layer.refs == expected[chain], (chain, layer.refs, expected[chain])
        assert layer.refs > 0
    assert set(world.layers) == reachable


def check_references(engine: Engine) -> None:
    """Every tag points at a stored image."""
    for ref, image_id in engine.world.references.items():
        assert image_id in engine.world.images, (ref, image_id)
