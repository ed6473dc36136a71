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


def _duplicate_keys(node: object, where: str = "") -> list[str]:
    """Keys a YAML mapping repeats (PyYAML keeps the last one silently)."""
    import yaml

    found: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                found.append(f"{where}/{name}")
            seen.add(name)
            found += _duplicate_keys(value, f"{where}/{name}")
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            found += _duplicate_keys(item, f"{where}[{n}]")
    return found


def test_no_snapshot_file_repeats_a_key() -> None:
    import yaml

    for path in snapshot_files():
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        assert _duplicate_keys(node) == [], path.name
