"""Layer digests computed once are kept on disk, keyed by the snapshot and the tar code."""

from __future__ import annotations

import json

import pytest

from dockersim.catalog import Catalog
from dockersim.model.image import Platform

AMD64 = Platform("linux", "amd64")


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("DOCKERSIM_NO_CACHE", raising=False)
    return tmp_path / "dockersim"


def digests(catalog: Catalog, key: str) -> list[tuple[str, str, int, int]]:
    return [
        (str(x.diff_id), str(x.blob_digest), x.size, x.compressed_size)
        for x in catalog.build(key, AMD64).layers
    ]


def test_a_second_catalog_reads_the_digests_the_first_computed(mini_catalog, cache_home):
    key = next(iter(mini_catalog.images))
    first = Catalog(mini_catalog.data, fingerprint="f" * 32)
    expected = digests(first, key)
    (stored,) = cache_home.glob("layer-digests-*.json")
    assert len(json.loads(stored.read_text())) == len(expected)
    second = Catalog(mini_catalog.data, fingerprint="f" * 32)
    assert second._digest_cache()  # loaded from disk, not recomputed
    assert digests(second, key) == expected == digests(Catalog(mini_catalog.data), key)


def test_a_damaged_cache_is_ignored(mini_catalog, cache_home):
    key = next(iter(mini_catalog.images))
    expected = digests(Catalog(mini_catalog.data), key)
    Catalog(mini_catalog.data, fingerprint="f" * 32).build(key, AMD64)
    (stored,) = cache_home.glob("layer-digests-*.json")
    stored.write_text("{not json")
    assert digests(Catalog(mini_catalog.data, fingerprint="f" * 32), key) == expected


def test_without_a_fingerprint_nothing_is_written(mini_catalog, cache_home):
    key = next(iter(mini_catalog.images))
    Catalog(mini_catalog.data).build(key, AMD64)
    assert not list(cache_home.glob("layer-digests-*.json"))
