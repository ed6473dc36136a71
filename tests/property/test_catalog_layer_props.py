"""Layer-store properties over the REAL June 2025 catalog, driven through the docker CLI.

moby daemon/internal/layer/layer_store.go: registering an existing chainID returns the existing
layer (one record, one more reference); an image holds its top layer, each layer its parent, and
a layer is released exactly when its last reference goes. `docker rmi` prints the image ID and
then every released chainID, top-most first (daemon/images/image_delete.go:344-353).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockersim.catalog import Catalog, load
from dockersim.engine import Engine
from dockersim.testing.invariants import check_layer_store, check_references

#: Tags whose images share base layers in several ways (official-images.md §2): bookworm-slim
#: children, the buildpack-deps chain, postgres 16/17 sharing 8 layers, alpine chains, and
#: an arm64 pull of a tag that is also pulled for amd64 (the tag moves, the old image stays).
PULLS = [
    "debian:bookworm-slim",
    "nginx",
    "redis",
    "httpd",
    "python:3.12-slim",
    "postgres:16",
    "postgres:17",
    "debian",
    "buildpack-deps:curl",
    "buildpack-deps:scm",
    "python:3.12",
    "node:20",
    "alpine",
    "alpine:3.21",
    "nginx:alpine-slim",
    "nginx:alpine",
    "registry:2",
    "ubuntu",
    "hello-world",
    "busybox",
    "--platform linux/arm64 alpine",
    "--platform linux/arm64 nginx",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load()


def pulled(catalog: Catalog, pulls: list[str]) -> Engine:
    e = Engine(catalog=catalog)
    for spec in pulls:
        r = e.docker(f"pull -q {spec}")
        assert r.exit_code == 0, (spec, r.stderr)
        check_layer_store(e)
        check_references(e)
    return e


def layer_refs(e: Engine) -> dict[str, int]:
    return {chain: layer.refs for chain, layer in e.world.layers.items()}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pulls=st.lists(st.sampled_from(PULLS), min_size=1, max_size=7), data=st.data())
def test_pull_in_any_order_stores_each_chain_once_and_ids_do_not_depend_on_order(
    catalog: Catalog, pulls: list[str], data: st.DataObject
) -> None:
    e = pulled(catalog, pulls)
    other = pulled(catalog, data.draw(st.permutations(pulls)))
    # The same images and the same layer records with the same reference counts, whatever the
    # order (an image whose tag moved to another platform stays, held by its digest).
    assert set(e.world.images) == set(other.world.images)
    assert layer_refs(e) == layer_refs(other)
    names = [spec.split()[-1] for spec in pulls]
    if all(len({s for s in pulls if s.split()[-1] == n}) == 1 for n in names):
        assert e.world.references == other.world.references
    # every image ID is the one a fresh engine gets for that pull alone
    for spec in set(pulls):
        alone = pulled(catalog, [spec])
        (image_id,) = alone.world.images
        assert image_id in e.world.images
    chains = {str(c) for image in e.world.images.values() for c in image.config.chain_ids}
    assert set(e.world.layers) == chains


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pulls=st.lists(st.sampled_from(PULLS), min_size=1, max_size=6), data=st.data())
def test_rmi_in_any_order_frees_exactly_the_unreferenced_layers(
    catalog: Catalog, pulls: list[str], data: st.DataObject
) -> None:
    e = pulled(catalog, pulls)
    tags = sorted(ref.removeprefix("docker.io/library/") for ref in e.world.references)
    for tag in data.draw(st.permutations(tags)):
        target = e.image_get(tag)
        chains = [str(c) for c in target.config.chain_ids]
        layers_before = set(e.world.layers)
        r = e.docker(f"rmi {tag}")
        assert r.exit_code == 0, (tag, r.stderr)
        check_layer_store(e)
        check_references(e)
        freed = layers_before - set(e.world.layers)
        deleted = [
            line.removeprefix("Deleted: ")
            for line in r.stdout.splitlines()
            if line.startswith("Deleted: ")
        ]
        if target.id in e.world.images:
            assert deleted == [] and freed == set()
        else:
            # the freed layers are the image's top-most ones, up to the first shared layer
            assert deleted == [target.id, *reversed(chains[len(chains) - len(freed) :])]
            assert set(chains[len(chains) - len(freed) :]) == freed
        still_used = {str(c) for i in e.world.images.values() for c in i.config.chain_ids}
        assert set(e.world.layers) == still_used
    # images left with only a digest reference (their tag moved to another platform)
    for image_id in list(e.world.images):
        r = e.docker(f"rmi {image_id}")
        assert r.exit_code == 0, r.stderr
        check_layer_store(e)
    assert e.world.images == {}
    assert e.world.layers == {}
    assert e.world.references == {}
