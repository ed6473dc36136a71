"""A snapshot is a main file plus fragments; merging them keeps every key defined once."""

from __future__ import annotations

import pytest

from dockersim.catalog import merge, snapshot_files


def test_fragments_add_images_and_extend_repositories() -> None:
    main = {
        "snapshot": "E25",
        "texts": {"a": "1"},
        "images": {"x:1": {}},
        "repositories": {"x": {"description": "X", "tags": {"1": "x:1"}}},
    }
    fragment = {
        "images": {"x:2": {}},
        "repositories": {"x": {"tags": {"2": "x:2"}}, "y": {"tags": {"latest": "x:2"}}},
    }
    merged = merge([main, fragment])
    assert set(merged["images"]) == {"x:1", "x:2"}
    assert merged["repositories"]["x"] == {"description": "X", "tags": {"1": "x:1", "2": "x:2"}}
    assert merged["repositories"]["y"]["tags"] == {"latest": "x:2"}
    assert merged["snapshot"] == "E25"


@pytest.mark.parametrize(
    "fragment",
    [
        {"images": {"x:1": {}}},
        {"texts": {"a": "2"}},
        {"repositories": {"x": {"tags": {"1": "x:2"}}}},
    ],
)
def test_a_key_defined_twice_is_an_error(fragment: dict[str, object]) -> None:
    main = {
        "texts": {"a": "1"},
        "images": {"x:1": {}},
        "repositories": {"x": {"tags": {"1": "x:1"}}},
    }
    with pytest.raises(ValueError, match=r"twice|two images"):
        merge([main, fragment])


def test_the_shipped_snapshot_merges_cleanly() -> None:
    files = snapshot_files()
    assert files[0].name == "hub-2025-06.yaml"
    assert all(path.suffix == ".yaml" for path in files)
