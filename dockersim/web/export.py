"""`dockersim web --export DIR LESSON.yaml ...`: the lesson page as a folder of static files.

The folder runs the simulator in the learner's browser on Pyodide (pyodide_dist.py), so any
static web host serves it and learners install nothing. What the browser gets:

- `pyodide/`: the pinned Pyodide files from the npm registry;
- `py/dockersim.zip`: this package's Python files and data; `py/deps.zip`: attrs and
  networkx, pure Python, copied from the installed distributions (the exporter's own);
- `py/data/*.json`: the YAML data files (the catalog and its fragments, the docker command
  table) parsed here, stored under the names `datacache` looks for, so the browser, which has
  no PyYAML, never parses YAML;
- `lessons/N.json`: each lesson's loaded document (`scenario.document.to_json`), checked here
  with the scenario loader; lessons are data: nothing in them names a file that is read or
  written, and the export writes only the fixed names listed here, under DIR;
- `pyodide-backend.js`, which answers the page's `/api/*` requests in the browser, the page
  itself when the package has it (dockersim/web/static) and `export-test.html`.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Iterator, Sequence
from importlib import metadata, resources
from pathlib import Path

from dockersim.errors import Error

#: the pure-Python distributions the browser needs, and the top-level names they install
DEPENDENCIES = {"attrs": ("attr", "attrs"), "networkx": ("networkx",)}
#: the page's token placeholder (index.html) and what the export puts there
TOKEN_PLACEHOLDER = "{{TOKEN}}"
SHIM = "pyodide-backend.js"


class ExportError(Error):
    """The export cannot be made; `str()` says why (nothing outside DIR was touched)."""


def export_site(
    dest: Path,
    lessons: Sequence[Path],
    *,
    pyodide: Path | None = None,
    force: bool = False,
    download: bool = True,
) -> None:
    """Write the static site for `lessons` into `dest` (see the module docstring).

    `dest` must not exist or be empty, unless `force`: then the export's own files are
    written over and anything else in it is left as it is. `pyodide` is the npm package
    (folder or tarball); without it the cache is used, downloading when `download`."""
    from dockersim.web import pyodide_dist

    documents = [_lesson_json(Path(path)) for path in lessons]  # every lesson checked first
    package = pyodide_dist.locate(pyodide, download=download)
    _prepare(dest, force)
    out = _Writer(dest)
    for name in pyodide_dist.FILES:
        out.write(f"pyodide/{name}", (package / name).read_bytes())
    out.write("py/dockersim.zip", _package_zip())
    deps, versions = _dependencies_zip()
    out.write("py/deps.zip", deps)
    data_names = []
    for name, text in frozen_data():
        out.write(f"py/data/{name}.json", text.encode("utf-8"))
        data_names.append(name)
    for number, text in enumerate(documents):
        out.write(f"lessons/{number}.json", text.encode("utf-8"))
    static = resources.files("dockersim.web") / "static_export"
    for name in (SHIM, "export-test.html", "export-test.js"):
        out.write(name, static.joinpath(name).read_bytes())
    page = resources.files("dockersim.web") / "static"
    if page.joinpath("index.html").is_file():
        for rel, data in _page_files(page):
            out.write(rel, data)
    else:  # the page is not in this package yet: the test page is the index
        out.write("index.html", static.joinpath("export-test.html").read_bytes())
    out.write("THIRD-PARTY.md", _third_party(versions).encode("utf-8"))
    out.write("favicon.ico", b"")  # none, as the local server answers: no 404 in the console
    manifest = {
        "pyodide": pyodide_dist.VERSION,
        "python_packages": versions,
        "data": data_names,
        "lessons": len(documents),
        "files": sorted(out.written),
    }
    out.write("manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))


def _lesson_json(path: Path) -> str:
    """The lesson's document as JSON, after the scenario loader found no errors in it."""
    from dockersim.scenario import ScenarioError, load
    from dockersim.scenario.document import to_json
    from dockersim.scenario.yamlsafe import load_text

    try:
        load(path)  # the same checks as `dockersim play` and `dockersim web`
        text = path.read_text(encoding="utf-8")
        return to_json(load_text(text, path.name))  # its name, not where it was on disk
    except ScenarioError as exc:
        raise ExportError(str(exc).rstrip("\n")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"dockersim web: {path}: cannot read the lesson ({exc})") from None


def _prepare(dest: Path, force: bool) -> None:
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise ExportError(f"dockersim web: {dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise ExportError(
            f"dockersim web: {dest} is not empty; give an empty or new folder, or --force "
            "to write the export's files over it"
        )
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"dockersim web: cannot make {dest}: {exc.strerror}") from None


class _Writer:
    """Writes files under one folder, by relative names the export chose, never through a
    link (a folder given with --force may hold links made to lead elsewhere)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[str] = set()

    def write(self, rel: str, data: bytes) -> None:
        parts = rel.split("/")
        if not rel or any(p in ("", ".", "..") for p in parts):
            raise ExportError(f"dockersim web: refusing to write {rel!r}")  # pragma: no cover
        here = self.root
        for part in parts:
            here = here / part
            if here.is_symlink():
                raise ExportError(f"dockersim web: {here} is a link; the export does not follow it")
        try:
            here.parent.mkdir(parents=True, exist_ok=True)
            here.write_bytes(data)
        except OSError as exc:
            raise ExportError(f"dockersim web: cannot write {here}: {exc.strerror}") from None
        self.written.add(rel)


def _zip(entries: Iterator[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _package_zip() -> bytes:
    """dockersim's Python files and data (the YAML files too: datacache hashes them to find
    their JSON), without the page's own static files and compiled caches."""
    root = Path(__file__).resolve().parent.parent

    def entries() -> Iterator[tuple[str, bytes]]:
        for path in root.rglob("*"):
            rel = path.relative_to(root.parent).as_posix()
            if path.is_dir() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
                continue
            if rel.startswith(("dockersim/web/static/", "dockersim/web/static_export/")):
                continue
            yield rel, path.read_bytes()

    return _zip(entries())


def _dependencies_zip() -> tuple[bytes, dict[str, str]]:
    """attrs and networkx as installed here (pure Python), with their licences; their test
    suites are left out."""
    versions: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for name, tops in DEPENDENCIES.items():
        dist = metadata.distribution(name)
        versions[name] = dist.version
        for file in dist.files or ():
            parts = file.parts
            keep = parts[0] in tops or parts[0].endswith(".dist-info")
            if not keep or "__pycache__" in parts or "tests" in parts or file.suffix == ".pyc":
                continue
            files.append((file.as_posix(), Path(str(dist.locate_file(file))).read_bytes()))
    return _zip(iter(files)), versions


def frozen_data() -> list[tuple[str, str]]:
    """(datacache name, JSON text) of every YAML data file the engine reads at run time."""
    from dockersim import catalog, datacache
    from dockersim.docker import spec

    sources = [(path, catalog.parse_yaml) for path in catalog.snapshot_files()]
    sources.append((spec.TABLE_FILE, spec.parse_yaml))
    out = []
    for path, parse in sources:
        raw = path.read_bytes()
        name, _ = datacache.cache_key(path, raw)
        out.append((name, datacache.dumps(parse(raw.decode("utf-8")))))
    return out


def _page_files(page: object) -> Iterator[tuple[str, bytes]]:
    """The page's static files, with index.html made to load the shim first and to use
    relative URLs (a course may be served from a sub-folder)."""
    from importlib.abc import Traversable

    assert isinstance(page, Traversable)

    def walk(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
        for item in folder.iterdir():
            if item.is_dir():
                yield from walk(item, f"{prefix}{item.name}/")
            elif item.name != "index.html" and not item.name.endswith(".sh"):
                yield f"static/{prefix}{item.name}", item.read_bytes()

    yield from walk(page, "")
    yield "index.html", rewrite_index(page.joinpath("index.html").read_text("utf-8")).encode()


def _third_party(versions: dict[str, str]) -> str:
    from dockersim.web import pyodide_dist

    return (
        "# Software in this folder besides dockersim (MIT)\n\n"
        f"- `pyodide/`: Pyodide {pyodide_dist.VERSION} from the npm registry, "
        f"{pyodide_dist.LICENSE}"
        " (source: github.com/pyodide/pyodide); it holds CPython and its standard library"
        " (PSF License).\n"
        f"- `py/deps.zip`: attrs {versions['attrs']} (MIT) and networkx {versions['networkx']}"
        " (BSD-3-Clause), from PyPI; their licence files are in their `.dist-info` folders.\n"
    )


def rewrite_index(html: str) -> str:
    """The server's index.html for the export: no token, relative URLs, the shim first."""
    html = html.replace(TOKEN_PLACEHOLDER, "static-export")
    html = html.replace('"/static/', '"static/')
    shim = f'<script src="{SHIM}"></script>\n'
    head = html.find("<script")
    return (
        html[:head] + shim + html[head:] if head >= 0 else html.replace("</head>", shim + "</head>")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m dockersim.web.export DIR LESSON.yaml ... [--force] [--pyodide PATH]`."""
    import argparse

    parser = argparse.ArgumentParser(prog="dockersim web --export")
    parser.add_argument("dest", type=Path)
    parser.add_argument("lessons", nargs="*", type=Path)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--pyodide", type=Path)
    parser.add_argument("--no-download", action="store_true")
    args = parser.parse_args(argv)
    try:
        export_site(
            args.dest,
            args.lessons,
            pyodide=args.pyodide,
            force=args.force,
            download=not args.no_download,
        )
    except Error as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    print(f"dockersim web: exported {len(args.lessons)} lesson(s) to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
