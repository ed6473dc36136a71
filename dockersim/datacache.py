"""Parsed YAML data files, cached as JSON beside the user's other caches.

dockersim ships its data (the catalog, the docker command table) as YAML for people to read and
review; parsing it costs tens of milliseconds on every start. The first run stores the parsed
document as JSON under `$XDG_CACHE_HOME/dockersim` (or `~/.cache/dockersim`), keyed by the
sha256 of the YAML bytes, so an edited file is never served stale. Any failure to read or write
the cache just falls back to parsing; `DOCKERSIM_NO_CACHE=1` turns it off.

The catalog also keeps the layer digests it computes there (`read_json`/`write_json`), keyed by
the snapshot's hash and by the source of the code that writes layer tars, so a change to either
never serves a stale digest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dockersim"


def load_yaml(path: Path, parse: Callable[[str], Any]) -> Any:
    """The document in `path`, via the JSON cache when it has this exact file's content."""
    return load_yaml_keyed(path, parse)[0]


def load_yaml_keyed(path: Path, parse: Callable[[str], Any]) -> tuple[Any, str]:
    """The document in `path` and the hash of its bytes (a key for results derived from it)."""
    raw = path.read_bytes()
    name, digest = cache_key(path, raw)
    if os.environ.get("DOCKERSIM_NO_CACHE"):
        return parse(raw.decode("utf-8")), digest
    data = read_json(name)
    if data is None:
        data = parse(raw.decode("utf-8"))
        write_json(name, data)
    return data, digest


def cache_key(path: Path, raw: bytes) -> tuple[str, str]:
    """The name the parsed document of `path` (whose bytes are `raw`) is stored under, and
    the hash of those bytes. The static web export stores the documents under these names
    ahead of time (dockersim/web/export.py), so the browser never parses YAML."""
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return f"{path.stem}-{digest}", digest


def dumps(data: Any) -> str:
    """A document as this cache stores it."""
    return json.dumps(data, separators=(",", ":"))


def read_json(name: str) -> Any:
    """A JSON document this cache stored under `name`, or None (missing, unreadable, off)."""
    if os.environ.get("DOCKERSIM_NO_CACHE"):
        return None
    try:
        with (_cache_dir() / f"{name}.json").open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    """Store `data` under `name` (atomically; failures are ignored: the cache is optional)."""
    if os.environ.get("DOCKERSIM_NO_CACHE"):
        return
    target = _cache_dir() / f"{name}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(dumps(data), encoding="utf-8")
        os.replace(tmp, target)
    except (OSError, TypeError, ValueError):
        pass


def read_table(path: str) -> dict[bytes, bytes]:
    """A table of byte strings kept with `write_table` (empty when missing or damaged; read
    whole: `marshal.load` on a file reads it in small pieces)."""
    import marshal

    try:
        with open(path, "rb") as handle:
            data = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, bytes) and isinstance(v, bytes)}


def write_table(
    path: str, new: dict[bytes, bytes], max_entries: int, max_bytes: int | None = None
) -> None:
    """Add `new` to the table in `path`; a table that would pass either bound starts over
    (atomically; failures are ignored: the cache is optional)."""
    import contextlib
    import marshal

    merged = read_table(path)
    too_many = len(merged) + len(new) > max_entries
    size = sum(map(len, merged.values())) + sum(map(len, new.values()))
    if too_many or (max_bytes is not None and size > max_bytes):
        merged = {}
    merged.update(new)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(marshal.dumps(merged))
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def code_fingerprint(*files: Path) -> str:
    """A short hash of source files whose behaviour a cached result depends on."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
