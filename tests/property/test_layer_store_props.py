"""Pulling and removing images in any order keeps the layer store exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim.engine import Engine
from dockersim.model.reference import parse_reference
from dockersim.testing.invariants import check_layer_store, check_references

MINI_TAGS = ["base:1", "app:1", "app:2", "app:latest", "other:latest"]


@settings(max_examples=60, deadline=None)
@given(
    pulls=st.lists(st.sampled_from(MINI_TAGS), min_size=1, max_size=8),
    removal_order=st.randoms(use_true_random=False),
)
def test_pull_then_rmi_any_order_keeps_refcounts(mini_catalog, pulls, removal_order):
    """moby: "registering an existing chainID returns the existing layer"; a layer is released
    when its last reference goes, so after removing every image nothing is left."""
    engine = Engine(catalog=mini_catalog)
    for tag in pulls:
        engine.image_pull(parse_reference(tag))
        check_layer_store(engine)
    tags = sorted({parse_reference(t).familiar for t in engine.world.references} | set())
    removal_order.shuffle(tags)
    for tag in tags:
        engine.image_delete(parse_reference(tag).familiar)
        check_layer_store(engine)
        check_references(engine)
    for image_id in list(engine.world.images):
        engine.image_delete(image_id, force=True)
    assert engine.world.layers == {}
    assert engine.world.images == {}
