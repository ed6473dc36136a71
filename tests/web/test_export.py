"""The static export (dockersim/web/export.py): its folder, its JSON data, its safety."""

from __future__ import annotations

import io
import json
import math
import tarfile
import zipfile
from pathlib import Path

import pytest

from dockersim.web import export, pyodide_dist
from dockersim.web.export import ExportError, export_site

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "scenarios" / "03-containers.yaml"


@pytest.fixture
def fake_pyodide(tmp_path: Path) -> Path:
    """A folder shaped like the pinned npm package (the unit tests never boot it)."""
    folder = tmp_path / "pyodide-package"
    folder.mkdir()
    for name in pyodide_dist.FILES:
        (folder / name).write_text(f"stand-in {name}")
    meta = {"name": "pyodide", "version": pyodide_dist.VERSION, "license": "MPL-2.0"}
    (folder / "package.json").write_text(json.dumps(meta))
    return folder


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_export_writes_the_folder(tmp_path: Path, fake_pyodide: Path) -> None:
    dest = tmp_path / "site"
    export_site(dest, [LESSON, ROOT / "scenarios" / "01-images.yaml"], pyodide=fake_pyodide)
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["pyodide"] == "0.29.3"
    assert manifest["lessons"] == 2
    assert set(manifest["python_packages"]) == {"attrs", "networkx"}
    files = set(manifest["files"])
    for name in pyodide_dist.FILES:
        assert f"pyodide/{name}" in files
    assert {"index.html", "pyodide-backend.js", "export-test.html", "export-test.js"} <= files
    assert "THIRD-PARTY.md" in files
    assert {"lessons/0.json", "lessons/1.json", "py/dockersim.zip", "py/deps.zip"} <= files
    assert {f"py/data/{name}.json" for name in manifest["data"]} <= files
    assert {"static/app.js", "static/app.css", "static/vendor/xterm.mjs"} <= files  # the page
    folders = {"py", "py/data", "pyodide", "lessons", "static", "static/vendor"}
    assert tree(dest) - folders == files | {"manifest.json"}
    with zipfile.ZipFile(dest / "py" / "dockersim.zip") as archive:
        names = set(archive.namelist())
    assert "dockersim/engine/__init__.py" in names
    assert "dockersim/web/inbrowser.py" in names
    assert "dockersim/catalog/hub-2025-06.yaml" in names  # hashed to find its JSON
    assert not any("__pycache__" in n or n.startswith("dockersim/web/static") for n in names)
    with zipfile.ZipFile(dest / "py" / "deps.zip") as archive:
        deps = archive.namelist()
    assert "attr/__init__.py" in deps and "attrs/__init__.py" in deps
    assert "networkx/__init__.py" in deps
    assert not [n for n in deps if "/tests/" in n]
    assert any(n.endswith(".dist-info/METADATA") for n in deps)


def test_frozen_data_is_what_the_yaml_loaders_give(tmp_path: Path) -> None:
    from dockersim import catalog
    from dockersim.docker import spec

    frozen = dict(export.frozen_data())
    files = [*catalog.snapshot_files(), spec.TABLE_FILE]
    assert len(frozen) == len(files)
    by_stem = {name.rsplit("-", 1)[0]: json.loads(text) for name, text in frozen.items()}
    for path in files:
        parse = spec.parse_yaml if path == spec.TABLE_FILE else catalog.parse_yaml
        assert by_stem[path.stem] == parse(path.read_text(encoding="utf-8")), path.name
    yaml_doc = catalog.merge([catalog.parse_yaml(p.read_text()) for p in catalog.snapshot_files()])
    json_doc = catalog.merge([by_stem[p.stem] for p in catalog.snapshot_files()])
    assert json_doc == yaml_doc


BROWSER_LIKE = r"""
import importlib.abc, json, sys
from pathlib import Path

class NoYaml(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("yaml", "typer", "click", "rich", "fcntl"):
            raise ImportError(f"{name} is not in the browser")
        return None

sys.meta_path.insert(0, NoYaml())
site, cache = Path(sys.argv[1]), Path(sys.argv[2])
(cache / "dockersim").mkdir(parents=True)
for data in (site / "py" / "data").iterdir():
    (cache / "dockersim" / data.name).write_bytes(data.read_bytes())
from dockersim.web import inbrowser
inbrowser.use_frozen_data(cache)
from dockersim import catalog
lessons = [p.read_text() for p in sorted((site / "lessons").iterdir())]
backend = inbrowser.Backend(lessons)
out = {
    "catalog": json.dumps(catalog.load().data, sort_keys=True),
    "fingerprint": catalog.load().fingerprint,
    "run": json.loads(backend.handle("/api/run", json.dumps({"line": "docker run hello-world"}))),
    "ps": json.loads(backend.handle("/api/run", '{"line": "docker ps -a --format {{.Image}}"}')),
    "host": json.loads(backend.handle("/api/run", '{"line": "echo hi; pwd"}')),
    "state": json.loads(backend.handle("/api/state", "{}")),
    "check": json.loads(backend.handle("/api/check", '{"lesson": 0}')),
    "saved": backend.saved() is not None,
}
print(json.dumps(out))
"""


def test_the_browser_path_runs_without_yaml(tmp_path: Path, fake_pyodide: Path) -> None:
    """What pyodide-backend.js does, in CPython with PyYAML and typer made unimportable."""
    import os
    import subprocess
    import sys

    site = tmp_path / "site"
    export_site(site, [LESSON], pyodide=fake_pyodide)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DOCKERSIM_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", BROWSER_LIKE, str(site), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    from dockersim import catalog

    loaded = catalog.load()
    assert out["catalog"] == json.dumps(loaded.data, sort_keys=True)
    assert out["fingerprint"] == loaded.fingerprint
    run = out["run"]
    assert run["status"] == 200
    assert run["body"]["exit_code"] == 0
    assert "Hello from Docker!\n" in run["body"]["output"]
    assert run["body"]["output"].startswith("Unable to find image 'hello-world:latest' locally\n")
    assert [p["kind"] for p in run["body"]["pictures"]] == [
        "summary",
        "network",
        "container",
        "layers",
    ]
    assert out["ps"]["body"] == {
        "output": "hello-world\n",
        "exit_code": 0,
        "pictures": out["ps"]["body"]["pictures"],
        "changes": [],
    }
    assert out["host"]["body"]["output"] == "hi\n/home/student\n"
    assert out["state"]["body"]["lessons"][0]["title"] == "Lesson 3: Running containers"
    statuses = [r["status"] for step in out["check"]["body"]["steps"] for r in step["results"]]
    assert "failed" in statuses and "not checked" in statuses
    assert out["saved"] is True


def test_lesson_documents_come_back_exactly(tmp_path: Path) -> None:
    from dockersim.scenario.document import from_json, to_json
    from dockersim.scenario.yamlsafe import load_file, load_text

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        doc = load_file(path)
        assert from_json(to_json(doc)) == doc, path.name
    odd = load_text("a: .inf\nb: [1, -.inf, 0x1f, ~, true]\n'3': {x: 'é'}\n", "odd.yaml")
    back = from_json(to_json(odd))
    assert back == odd
    assert back.data["a"] == math.inf and back.keys[("3", "x")] == (3, 7)


def test_a_bad_lesson_is_refused_and_nothing_written(tmp_path: Path, fake_pyodide: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nsteps: [{run: 'docker ps', expct: {}}]\n")
    with pytest.raises(ExportError) as caught:
        export_site(tmp_path / "site", [bad], pyodide=fake_pyodide)
    assert "bad.yaml:" in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_a_lesson_is_data_its_path_stays_out_of_the_export(
    tmp_path: Path, fake_pyodide: Path
) -> None:
    secret = tmp_path / "private" / "course"
    secret.mkdir(parents=True)
    lesson = secret / "lesson.yaml"
    lesson.write_text(LESSON.read_text())
    export_site(tmp_path / "site", [lesson], pyodide=fake_pyodide)
    doc = json.loads((tmp_path / "site" / "lessons" / "0.json").read_text())
    assert doc["file"] == "lesson.yaml"
    assert "private" not in (tmp_path / "site" / "manifest.json").read_text()


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path, fake_pyodide: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    with pytest.raises(ExportError) as caught:
        export_site(dest, [], pyodide=fake_pyodide)
    assert str(caught.value) == (
        f"dockersim web: {dest} is not empty; give an empty or new folder, or --force to "
        "write the export's files over it"
    )
    assert tree(dest) == {"notes.txt"}
    export_site(dest, [], pyodide=fake_pyodide, force=True)
    assert (dest / "notes.txt").read_text() == "mine"
    assert (dest / "index.html").is_file()


def test_force_never_writes_through_a_link(tmp_path: Path, fake_pyodide: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "pyodide").symlink_to(outside)
    with pytest.raises(ExportError) as caught:
        export_site(dest, [], pyodide=fake_pyodide, force=True)
    assert "is a link; the export does not follow it" in str(caught.value)
    assert list(outside.iterdir()) == []


def test_a_file_as_dest_is_refused(tmp_path: Path, fake_pyodide: Path) -> None:
    dest = tmp_path / "site"
    dest.write_text("x")
    with pytest.raises(ExportError) as caught:
        export_site(dest, [], pyodide=fake_pyodide, force=True)
    assert str(caught.value) == f"dockersim web: {dest} exists and is not a folder"


def test_pyodide_of_another_version_or_tarball_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "package.json").write_text('{"name": "pyodide", "version": "0.27.7"}')
    with pytest.raises(pyodide_dist.PyodideMissing) as caught:
        pyodide_dist.locate(folder)
    assert str(caught.value) == (
        f"dockersim web: {folder} is pyodide 0.27.7; the export is made and tested with 0.29.3"
    )
    tarball = tmp_path / "pyodide-0.29.3.tgz"
    tarball.write_bytes(b"not the registry's tarball")
    with pytest.raises(pyodide_dist.PyodideMissing) as caught:
        pyodide_dist.locate(tarball)
    assert "is not pyodide 0.29.3 from the npm registry (sha512 sha512-" in str(caught.value)


def test_without_pyodide_and_no_download_it_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(pyodide_dist.PyodideMissing) as caught:
        pyodide_dist.locate(None, download=False)
    assert str(caught.value).startswith(
        f"dockersim web: Pyodide 0.29.3 is not in {tmp_path}/dockersim/pyodide-0.29.3; "
    )


def test_the_server_page_is_rewritten_for_a_static_host() -> None:
    page = (
        '<head>\n<meta name="dockersim-token" content="{{TOKEN}}">\n'
        '<link rel="stylesheet" href="/static/app.css">\n'
        '<script type="module" src="/static/app.js"></script>\n</head>'
    )
    assert export.rewrite_index(page) == (
        '<head>\n<meta name="dockersim-token" content="static-export">\n'
        '<link rel="stylesheet" href="static/app.css">\n'
        '<script src="pyodide-backend.js"></script>\n'
        '<script type="module" src="static/app.js"></script>\n</head>'
    )


def test_main_reports_errors_without_a_traceback(
    tmp_path: Path, fake_pyodide: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "x").write_text("")
    code = export.main([str(tmp_path / "site"), "--pyodide", str(fake_pyodide)])
    assert code == 1
    assert capsys.readouterr().err.startswith(f"dockersim web: {tmp_path / 'site'} is not empty;")


def _tarball(path: Path, extra: tarfile.TarInfo | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        names = {name: b"stand-in" for name in pyodide_dist.FILES}
        names["package.json"] = json.dumps({"name": "pyodide", "version": "0.29.3"}).encode()
        for name, data in names.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if extra is not None:
            archive.addfile(extra)
    return path


def test_a_tarball_with_the_pinned_integrity_is_unpacked_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tarball = _tarball(tmp_path / "pyodide-0.29.3.tgz")
    monkeypatch.setattr(pyodide_dist, "INTEGRITY", pyodide_dist.integrity_of(tarball))
    found = pyodide_dist.locate(tarball)
    assert found == tmp_path / "cache" / "dockersim" / "pyodide-0.29.3" / "package"
    assert sorted(p.name for p in found.parent.iterdir()) == ["package"]
    assert pyodide_dist.locate(None, download=False) == found  # from the cache next time


def test_a_tarball_with_a_link_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    link = tarfile.TarInfo("package/evil")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    tarball = _tarball(tmp_path / "pyodide-0.29.3.tgz", link)
    monkeypatch.setattr(pyodide_dist, "INTEGRITY", pyodide_dist.integrity_of(tarball))
    with pytest.raises(pyodide_dist.PyodideMissing) as caught:
        pyodide_dist.locate(tarball)
    assert str(caught.value) == f"dockersim web: {tarball}: unexpected entry 'package/evil'"
