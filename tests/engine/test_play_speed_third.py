"""What the third round of the lessons' speed work (issue 14) must not get wrong: a pulled
layer's content found through the layer digests without building every catalog image, and
JavaScript trees kept between processes (cli/parsecache.py). Each test fails if a new cache
answers with something stale, shared or for another key."""

from __future__ import annotations

import ast
import copy
import gc
import io
from pathlib import Path

import pytest
import yaml

from dockersim.catalog import Catalog
from dockersim.cli import parsecache
from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry
from dockersim.model.userland.programs import jsparse, jsparsed
from dockersim.model.userland.programs.jsvalues import JSSyntaxError
from dockersim.model.userland.programs.npmcode import DOTENV, EXPRESS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PROGRAMS = Path(jsparse.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent.parent


# --- layer_by_diff_id through the digests ----------------------------------------------------
def _catalogs() -> tuple[Catalog, Catalog]:
    """A catalog that built the full table, and one that starts from its digests (as a later
    process reads them from the cache)."""
    data = yaml.safe_load((FIXTURES / "mini-hub.yaml").read_text())
    full = Catalog(data)
    assert full.layer_by_diff_id("sha256:" + "0" * 64) is None  # (builds every layer)
    later = Catalog(copy.deepcopy(data))
    later._digests = copy.deepcopy(full._digest_cache())
    return full, later


def test_every_layer_found_through_the_digests_is_the_full_tables() -> None:
    # given
    full, later = _catalogs()
    table = full._by_diff_id
    assert table
    # when
    found = {diff_id: later.layer_by_diff_id(diff_id) for diff_id in table}
    # then: the same content, without the full table
    assert later._by_diff_id is None
    for diff_id, layer in table.items():
        got = found[diff_id]
        assert got is not None and str(got.diff_id) == diff_id
        assert (got.entries, got.mtime, got.size) == (layer.entries, layer.mtime, layer.size)
        assert got.tar() == layer.tar()


def test_a_diff_id_no_catalog_layer_has_is_not_found_through_the_digests() -> None:
    _, later = _catalogs()
    assert later.layer_by_diff_id("sha256:" + "1" * 64) is None
    assert later._by_diff_id is None


def test_digests_that_miss_a_layer_fall_back_to_the_full_table() -> None:
    # given: a digest of one layer is missing (another snapshot's cache, a new image)
    full, later = _catalogs()
    digests = later._digest_cache()
    digests.pop(sorted(digests)[0])
    # when
    found = {diff_id: later.layer_by_diff_id(diff_id) for diff_id in full._by_diff_id or {}}
    # then
    assert later._by_diff_id is not None
    assert all(
        layer is not None and layer.tar() == (full._by_diff_id or {})[d].tar()
        for d, layer in found.items()
    )


# --- parsed trees kept between processes ----------------------------------------------------
#: a text the store keeps: the package's own JavaScript (npmcode's dotenv)
APP = DOTENV


@pytest.fixture
def ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts these tests plant count as the package's own."""
    texts = ("var x = 1;\n", "var z = 3;\n")
    keys = {parsecache.key_of(t, f) for t in texts for f in (False, True)}
    monkeypatch.setattr(parsecache, "_OURS", parsecache._ours() | keys)


def test_only_the_packages_own_javascript_is_kept(tmp_path: Path) -> None:
    """What a lesson or a submission wrote never reaches the real machine's disk."""
    # given
    store = parsecache.Store(str(tmp_path / "trees"))
    theirs = "const fs = require('fs');\nfs.writeFileSync('x', 'y');\n"
    # when
    store.put(theirs, True, tuple(jsparse.parse(theirs, True)))
    store.put(EXPRESS, True, tuple(jsparse.parse(EXPRESS, True)))
    store.save()
    # then
    again = parsecache.Store(str(tmp_path / "trees"))
    assert again.get(theirs, True) is None
    assert again.get(EXPRESS, True) == tuple(jsparse.parse(EXPRESS, True))


def test_a_kept_tree_is_the_parsers_tree(tmp_path: Path) -> None:
    # given: one process parses and saves
    first = parsecache.Store(str(tmp_path / "trees"))
    tree = tuple(jsparse.parse(APP, True))
    first.put(APP, True, tree)
    first.save()
    # when: the next one reads it
    loaded = parsecache.Store(str(tmp_path / "trees")).get(APP, True)
    # then
    assert loaded == tree and loaded is not tree


def test_a_kept_tree_is_never_served_for_another_text_or_kind(tmp_path: Path) -> None:
    store = parsecache.Store(str(tmp_path / "trees"))
    store.put(APP, True, tuple(jsparse.parse(APP, True)))
    store.save()
    again = parsecache.Store(str(tmp_path / "trees"))
    assert again.get(APP, False) is None
    assert again.get(APP + " ", True) is None
    assert again.get(APP.replace("1", "2"), True) is None


def test_a_damaged_file_parses_again(tmp_path: Path) -> None:
    path = tmp_path / "trees"
    path.write_bytes(b"\x00not marshal")
    assert parsecache.Store(str(path)).get(APP, True) is None


def test_jsparsed_serves_the_stores_tree_and_keeps_what_it_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ours: None
) -> None:
    # given: a store that holds a tree for one text
    store = parsecache.Store(str(tmp_path / "trees"))
    text = "var x = 1;\n"
    other = "var y = 2;\n"
    store.put(text, False, tuple(jsparse.parse(other, False)))  # (planted: another text's)
    monkeypatch.setattr(jsparsed, "STORE", store)
    monkeypatch.setattr(jsparsed, "_parsed", {})
    # when
    served = jsparsed.parse(text)
    parsed = jsparsed.parse("var z = 3;\n")
    # then: the store's tree is what parse gives (so it must be keyed right), and a new
    # text is parsed and kept
    assert served == jsparse.parse(other, False)
    assert parsed == jsparse.parse("var z = 3;\n", False)
    assert store.get("var z = 3;\n", False) == tuple(parsed)


def test_a_text_that_fails_to_parse_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = parsecache.Store(str(tmp_path / "trees"))
    monkeypatch.setattr(jsparsed, "STORE", store)
    monkeypatch.setattr(jsparsed, "_parsed", {})
    with pytest.raises(JSSyntaxError):
        jsparsed.parse("let = = ;")
    assert store._new == {}


def test_the_file_name_follows_every_module_the_parser_imports() -> None:
    # given: the modules the parser reaches among the evaluator's (every import of the
    # parser's own modules, in functions too; the module-level imports of the others)
    proper = {"jsparsed", "jsparse", "jsgrammar", "jssyntax", "jslex"}
    prefix = "dockersim.model.userland.programs."
    seen: set[str] = set()
    todo = ["jsparsed"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((PROGRAMS / f"{name}.py").read_text())
        for node in ast.walk(tree) if name in proper else tree.body:
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith(prefix):
                    todo.append(node.module[len(prefix) :])
                elif node.module == prefix[:-1]:
                    todo.extend(alias.name for alias in node.names)
    # then: each is in the fingerprint of the file's name
    assert {f"{name}.py" for name in seen} <= set(parsecache.PARSER_FILES)


def test_arm_gives_jsparsed_a_store_and_no_cache_gives_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(jsparsed, "STORE", None)
    monkeypatch.setenv("DOCKERSIM_NO_CACHE", "1")
    parsecache.arm()
    assert jsparsed.STORE is None
    monkeypatch.delenv("DOCKERSIM_NO_CACHE")
    parsecache.arm()
    store = jsparsed.STORE
    assert isinstance(store, parsecache.Store)
    assert store.path().startswith(str(tmp_path / "dockersim" / "js-parsed-"))


# --- a layer's walk lists each directory from one table of its names -------------------------
def _reference_walk(fs: CowFS, top: str) -> list[str]:
    """The walk as listdir gives it, directory by directory."""
    out, stack = [], [top]
    while stack:
        path = stack.pop()
        out.append(path)
        entry = fs.get(path) if path != "/" else FileEntry.directory("/")
        if entry is not None and entry.kind == "dir":
            stack.extend(f"{path.rstrip('/')}/{n}" for n in reversed(fs.listdir(path)))
    return out


def _layered() -> CowFS:
    lower = {
        "/": FileEntry.directory("/"),
        "/a": FileEntry.directory("/a"),
        "/a/one": FileEntry.file("/a/one", "1"),
        "/a/two": FileEntry.file("/a/two", "2"),
        "/b": FileEntry.directory("/b"),
        "/b/old": FileEntry.file("/b/old", "o"),
        "/link": FileEntry.symlink("/link", "a"),
    }
    fs = CowFS(lower)
    fs.write("/a/three", b"3")
    fs.remove("/a/one")
    fs.remove("/b", recursive=True)
    fs.mkdir("/b")  # (opaque: the old one's files are gone)
    fs.write("/b/new", b"n")
    fs.mkdir("/c/d/e", parents=True)
    fs.write("/c/d/e/f", b"f")
    return fs


def test_a_layers_walk_lists_as_listdir_does() -> None:
    fs = _layered()
    for top in ("/", "/a", "/b", "/c", "/link"):
        assert list(fs.walk(top)) == _reference_walk(fs, top)
    assert "/a/one" not in list(fs.walk("/")) and "/b/old" not in list(fs.walk("/"))


def test_a_change_during_a_walk_is_seen_by_the_rest_of_it() -> None:
    # given: a walk that makes a file in a directory it has not listed yet
    fs, other = _layered(), _layered()
    seen = []
    for path in fs.walk("/"):
        seen.append(path)
        if path == "/a":
            fs.write("/c/added", b"x")
            fs.remove("/b/new")
    # then: as the walk that lists each directory when it gets there
    other.write("/c/added", b"x")
    other.remove("/b/new")
    assert "/c/added" in seen and "/b/new" not in seen
    assert seen == [p for p in _reference_walk(other, "/")]


# --- several lessons in one process: what is alive before each is set aside -----------------
LESSONS = [str(ROOT / "scenarios" / name) for name in ("04-container-manipulation.yaml",
                                                        "11-interactive.yaml")]  # fmt: skip


def test_before_each_runs_once_before_each_lesson() -> None:
    from dockersim.scenario.session import play_files

    calls: list[int] = []
    out = io.StringIO()
    code, _ = play_files(LESSONS, out, io.StringIO(), before_each=lambda: calls.append(1))
    assert (code, len(calls)) == (0, 2)
    assert out.getvalue().endswith("\n2 lessons: 2 passed, 0 failed\n")


def test_the_command_line_leaves_the_collector_as_it_found_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from dockersim.cli.play import run_play

    threshold = gc.get_threshold()
    assert run_play(LESSONS) == 0
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, threshold)
    assert capsys.readouterr().out.endswith("\n2 lessons: 2 passed, 0 failed\n")
