"""Pyodide, the CPython for the browser that the static export runs on, from the npm registry.

The export needs the `pyodide` npm package at one pinned version (the files it copies are the
interpreter, its standard library and its lock file). It is found, in this order:

1. `--pyodide PATH`: an unpacked package (the folder holding `package.json`, such as the
   `package/` folder of the tarball) or the `pyodide-VERSION.tgz` tarball itself;
2. the cache: `$XDG_CACHE_HOME/dockersim/pyodide-VERSION/package`, unpacked before from
   `pyodide-VERSION.tgz` in that folder (which `npm pack pyodide@VERSION` writes there);
3. a download of the tarball from the npm registry into the cache (only when allowed).

A tarball is unpacked only after its sha512 matches the registry's `integrity` recorded here,
so a cached or downloaded file that differs is refused, never used.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from dockersim.errors import Error

VERSION = "0.29.3"
#: `npm view pyodide@0.29.3 dist.integrity`
INTEGRITY = (
    "sha512-22UBuhOJawj7vKUnS7/F3xK+515LJdjiMAHoCfuS6/PbHiOrSQVnYwDe+2sbVwiOZ3sMMexdXICew6NqOMQGgA"
    "=="
)
TARBALL_URL = f"https://registry.npmjs.org/pyodide/-/pyodide-{VERSION}.tgz"
LICENSE = "MPL-2.0"
#: the files of the package the page loads (pyodide.js boots, the rest it fetches)
FILES = (
    "pyodide.js",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)


class PyodideMissing(Error):
    """Pyodide could not be found or fetched; `str()` says where it was looked for."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dockersim"


def tarball_name() -> str:
    return f"pyodide-{VERSION}.tgz"


def locate(explicit: Path | None = None, download: bool = False) -> Path:
    """The folder of the unpacked pinned package (see the module docstring)."""
    if explicit is not None:
        if explicit.is_dir():
            return _checked_package(explicit)
        if explicit.is_file():
            return _unpack(explicit, cache_dir() / f"pyodide-{VERSION}")
        raise PyodideMissing(f"dockersim web: --pyodide {explicit}: no such file or folder")
    home = cache_dir() / f"pyodide-{VERSION}"
    if (home / "package" / "package.json").is_file():
        return _checked_package(home / "package")
    for tarball in (home / tarball_name(), cache_dir() / tarball_name()):
        if tarball.is_file():
            return _unpack(tarball, home)
    if not download:
        raise PyodideMissing(
            f"dockersim web: Pyodide {VERSION} is not in {home}; give --pyodide PATH (the npm "
            f"package, `npm pack pyodide@{VERSION}`) or let the export download it"
        )
    return _unpack(_download(home), home)


def _checked_package(folder: Path) -> Path:
    try:
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PyodideMissing(
            f"dockersim web: {folder} is not the pyodide npm package (no package.json)"
        ) from None
    if not isinstance(meta, dict) or meta.get("name") != "pyodide":
        raise PyodideMissing(f"dockersim web: {folder} is not the pyodide npm package")
    if meta.get("version") != VERSION:
        raise PyodideMissing(
            f"dockersim web: {folder} is pyodide {meta.get('version')}; the export is made "
            f"and tested with {VERSION}"
        )
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise PyodideMissing(f"dockersim web: {folder} lacks {', '.join(missing)}")
    return folder


def integrity_of(path: Path) -> str:
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def _unpack(tarball: Path, home: Path) -> Path:
    found = integrity_of(tarball)
    if found != INTEGRITY:
        raise PyodideMissing(
            f"dockersim web: {tarball} is not pyodide {VERSION} from the npm registry "
            f"(sha512 {found}, expected {INTEGRITY})"
        )
    home.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".unpack-", dir=home))
    with tarfile.open(tarball, "r:gz") as archive:
        members = archive.getmembers()
        for member in members:  # the registry's tarball holds package/ files and folders only
            name = member.name
            if not (member.isfile() or member.isdir()) or name.startswith("/") or ".." in name:
                raise PyodideMissing(f"dockersim web: {tarball}: unexpected entry {name!r}")
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(work, members=members, **safe)  # type: ignore[arg-type]
    target = home / "package"
    if not (target / "package.json").is_file():
        if target.exists():
            shutil.rmtree(target)
        os.replace(work / "package", target)
    shutil.rmtree(work, ignore_errors=True)
    return _checked_package(target)


def _download(home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    target = home / tarball_name()
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(TARBALL_URL, timeout=60) as response, partial.open("wb") as out:
            while block := response.read(1 << 20):
                out.write(block)
    except OSError as exc:
        raise PyodideMissing(
            f"dockersim web: cannot download Pyodide {VERSION} from the npm registry ({exc}); "
            f"run `npm pack pyodide@{VERSION}` in {home} or give --pyodide PATH"
        ) from None
    os.replace(partial, target)
    return target
