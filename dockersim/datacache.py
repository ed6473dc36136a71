"""Parsed YAML data files, cached as JSON beside the user's other caches.

dockersim ships its data (the catalog, the docker command table) as YAML for people to read and
review; parsing it costs tens of milliseconds on every start. The first run stores the parsed
document as JSON under `$XDG_CACHE_HOME/dockersim` (or `~/.cache/dockersim`), keyed by the
sha256 of the YAML bytes, so an edited file is never served stale. Any failure to read or write
the cache just falls back to parsing; `DOCKERSIM_NO_CACHE=1` turns it off.
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
    raw = path.read_bytes()
    if os.environ.get("DOCKERSIM_NO_CACHE"):
        return parse(raw.decode("utf-8"))
    digest = hashlib.sha256(raw).hexdigest()[:32]
    cached = _cache_dir() / f"{path.stem}-{digest}.json"
    try:
        with cached.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        pass
    data = parse(raw.decode("utf-8"))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):
        pass
    return data
