"""Checksums of the files COPY and ADD read: what decides whether those steps hit the cache.

Classic builder (moby remotecontext/filehash.go, tarsum "v1" header set; images-oci.md §6.5):
a file's hash is the sha256 of its tar header fields (name, mode, uid, gid, size, typeflag,
linkname; never the mtime) followed by its bytes, written `file:<hex>`; a directory is
`dir:<sha256 of its children's hashes joined by ",">`; several sources `multi:<...>`.
These are the hashes classic `docker history` shows (`COPY file:<hex> in /app/`).

BuildKit (cache/contenthash): the same idea, content and metadata without mtime; the value
only ever feeds cache keys, so dockersim uses the same digests.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable, Mapping

from dockersim.model.fs import FileEntry

_TYPEFLAG = {"file": "0", "dir": "5", "symlink": "2"}


def file_hash(name: str, entry: FileEntry) -> str:
    """The hex sha256 of one entry: header fields then content."""
    fields = (
        ("name", name),
        ("mode", str(entry.mode)),
        ("uid", str(entry.uid)),
        ("gid", str(entry.gid)),
        ("size", str(entry.size)),
        ("typeflag", _TYPEFLAG.get(entry.kind, "0")),
        ("linkname", entry.target),
        ("uname", ""),
        ("gname", ""),
        ("devmajor", "0"),
        ("devminor", "0"),
    )
    digest = hashlib.sha256()
    for key, value in fields:
        digest.update((key + value).encode())
    digest.update(entry.content)
    return digest.hexdigest()


def source_hash(tree: Mapping[str, FileEntry], path: str) -> str:
    """`file:<hex>` for a file or symlink, `dir:<hex>` for a directory and all it holds."""
    entry = tree[path]
    if entry.kind != "dir":
        return "file:" + file_hash(posixpath.basename(path), entry)
    prefix = path.rstrip("/") + "/"
    children = sorted(p for p in tree if p.startswith(prefix))
    hashes = [file_hash(p[len(prefix) :], tree[p]) for p in children]
    return "dir:" + _join_hash(hashes)


def combined_hash(hashes: Iterable[str]) -> str:
    """getSourceHashFromInfos: one source as is, several as `multi:<hex>`."""
    items = list(hashes)
    if len(items) == 1:
        return items[0]
    return "multi:" + _join_hash(items)


def _join_hash(items: list[str]) -> str:
    return hashlib.sha256(",".join(items).encode()).hexdigest()
