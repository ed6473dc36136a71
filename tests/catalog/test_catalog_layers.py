"""How the catalog turns an image's data into layer entries (dockersim.catalog), and
`fs.changeset`'s implicit parents (each ancestor looked at once)."""

from __future__ import annotations

import pytest

from dockersim.catalog import _normal, load
from dockersim.model.fs import FileEntry, changeset, normalize, parents


@pytest.mark.parametrize(
    "path", ["/usr/bin/env", "/", "usr/bin", "//etc//x/", "/a/./b", "/a/../b", "/.hidden/x"]
)
def test_paths_are_normalised_as_fs_normalizes(path: str) -> None:
    assert _normal(path) == normalize(path)


def _one_by_one(entries: list[FileEntry]) -> tuple[FileEntry, ...]:
    """The changeset as it was made before: every path's ancestors, each looked at again."""
    by_path = {entry.path: entry for entry in entries}
    for path in list(by_path):
        for parent in parents(path):
            by_path.setdefault(parent, FileEntry.directory(parent))
    return tuple(by_path[p] for p in sorted(by_path, key=lambda p: tuple(p.split("/"))))


def test_parents_are_added_once_each_and_listed_ones_kept() -> None:
    # given entries with listed and unlisted ancestors, and a path given twice
    entries = [
        FileEntry.file("/usr/local/bin/tool", "a"),
        FileEntry.directory("/usr/local", 0o700),
        FileEntry.file("/usr/local/lib/x/y", "b"),
        FileEntry.file("/etc/app.conf", "c"),
        FileEntry.file("/usr/local/bin/tool", "d"),
    ]
    made = changeset(entries)
    assert made == _one_by_one(entries)
    by_path = {e.path: e for e in made}
    assert by_path["/usr/local"].mode == 0o700  # the listed one, not a made 0755
    assert by_path["/usr/local/bin/tool"].content == b"d"  # the last one wins
    assert by_path["/usr/local/lib/x"].kind == "dir"


def test_every_layer_of_an_image_is_the_changeset_of_its_data() -> None:
    # given the catalog's node image, a family with many files and programs
    catalog = load()
    key = next(k for k in catalog.images if k.startswith("node:"))
    for member in catalog.chain(key):
        history = catalog.images[member].get("history") or []
        for item in (i for i in history if not i.get("empty_layer")):
            # when its entries are made
            entries = catalog._entries(item, "x86_64")
            # then their paths are normal, and the layer is what the old way made
            for entry in entries:
                assert entry.path == normalize(entry.path)
            assert changeset(entries) == _one_by_one(entries)
