"""`docker cp`: HEAD, GET and PUT /containers/{id}/archive (moby daemon/archive.go and
daemon/server/router/container/copy.go).

HEAD and GET say what is at `path` in the `X-Docker-Container-Path-Stat` header: the base64
of `{"name","size","mode","mtime","linkTarget"}` (container.PathStat; `mode` is Go's
os.FileMode, whose type bits are not Unix's). GET sends a tar of the resource, its entries
named from the base name asked for (`/etc/` gives `etc/...`, a link's target comes under the
link's name). PUT extracts a tar, sent by the client already named for its place, into the
directory `path`. The client side (its files, `Successfully copied ...`) is the client's.
"""

from __future__ import annotations

import base64
import json
import posixpath
from typing import TYPE_CHECKING, Any

from dockersim.api.routes import ApiError, Call, Reply, route
from dockersim.engine import errors

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS
    from dockersim.model.fs import FileEntry

STAT_HEADER = "X-Docker-Container-Path-Stat"
#: Go's os.FileMode type and special bits (io/fs)
GO_DIR, GO_SYMLINK = 1 << 31, 1 << 27
GO_SETUID, GO_SETGID, GO_STICKY = 1 << 23, 1 << 22, 1 << 20
#: what lstat gives for a directory on overlay2 (est.: ext4's block size)
DIR_SIZE = 4096


def _path(call: Call) -> str:
    path = call.arg("path")
    if not path:  # copy.go archiveFormValues
        raise ApiError(400, "Path cannot be empty")
    return path


def go_mode(entry: FileEntry) -> int:
    mode = entry.mode & 0o777
    if entry.mode & 0o4000:
        mode |= GO_SETUID
    if entry.mode & 0o2000:
        mode |= GO_SETGID
    if entry.mode & 0o1000:
        mode |= GO_STICKY
    if entry.kind == "dir":
        mode |= GO_DIR
    elif entry.kind == "symlink":
        mode |= GO_SYMLINK
    return mode


def _stat(engine: Engine, container: Container, path: str) -> tuple[dict[str, Any], str]:
    """container.PathStat of `path` (the last link not followed) and the resolved path."""
    from dockersim.model.cowfs import FsError
    from dockersim.model.fs import FileEntry

    fs = engine.container_fs(container)
    absolute = posixpath.join("/", path)
    try:
        entry = fs.stat(absolute, follow=False)
        resolved = fs.resolve(absolute.removesuffix("/.") or "/")
    except FsError:
        raise errors.copy_not_found(path, container.display_name) from None
    if absolute.rstrip("/") == "":
        entry = FileEntry.directory("/")
    link = ""
    if entry.kind == "symlink":
        link = resolved
    size = len(entry.content) if entry.kind == "file" else 0
    if entry.kind == "dir":
        size = DIR_SIZE
    elif entry.kind == "symlink":
        size = len(entry.target)
    name = posixpath.basename(absolute.rstrip("/")) or "/"
    stat = {
        "name": name,
        "size": size,
        "mode": go_mode(entry),
        "mtime": engine.rfc3339(
            engine.container_file_time(container.id, fs.resolve(absolute, follow_last=False))
        ),
        "linkTarget": link,
    }
    return stat, resolved


def _stat_header(stat: dict[str, Any]) -> tuple[str, str]:
    text = json.dumps(stat, separators=(",", ":"))
    return STAT_HEADER, base64.b64encode(text.encode()).decode()


@route("HEAD", "/containers/{name}/archive")
def head(call: Call) -> Reply:
    path = _path(call)
    with call.world.reading() as engine:
        container = engine.container_get(call.params["name"])
        stat, _ = _stat(engine, container, path)
    return Reply(200, raw=b"", content_type="", headers=[_stat_header(stat)])


@route("GET", "/containers/{name}/archive")
def get(call: Call) -> Reply:
    """The tar of what is at `path`, renamed from the resolved base to the asked one."""
    path = _path(call)
    with call.world.reading() as engine:
        container = engine.container_get(call.params["name"])
        stat, _ = _stat(engine, container, path)
        body = engine.container_archive_tar(container.id, path)
    return Reply(200, raw=body, content_type="application/x-tar", headers=[_stat_header(stat)])


@route("PUT", "/containers/{name}/archive")
def put(call: Call) -> Reply:
    """Extract the tar into the directory `path` (it must be one)."""
    import tarfile

    from dockersim.model.cowfs import FsError
    from dockersim.model.tarball import entries_from_tar

    path = _path(call)
    try:  # an empty stream is an empty archive, as Go's tar reader ends at EOF
        entries = entries_from_tar(call.request.body) if call.request.body else []
    except (tarfile.TarError, EOFError, ValueError):
        raise ApiError(500, "archive/tar: invalid tar header") from None  # est. wording
    with call.world.writing() as engine:
        container = engine.container_get(call.params["name"])
        fs = engine.container_fs(container)
        absolute = posixpath.join("/", path)
        try:
            where = fs.stat(absolute)
        except FsError:
            raise errors.copy_not_found(path, container.display_name) from None
        if where.kind != "dir":  # daemon/archive.go containerExtractToDir
            raise ApiError(400, "extraction point is not a directory")
        dest = fs.resolve(absolute)
        _extract(fs, dest, entries)
    return Reply(200, raw=b"", content_type="")


def _extract(fs: CowFS, dest: str, entries: list[FileEntry]) -> None:
    import attrs

    from dockersim.model.cowfs import FsError

    for entry in entries:
        rel = entry.path.lstrip("/")
        if not rel or rel == ".":
            continue
        target = posixpath.normpath(posixpath.join(dest, rel))
        found = fs.get(target)
        if found is not None and found.kind == "dir":
            if entry.kind == "dir":
                continue
            raise ApiError(500, f'cannot overwrite directory "{target}" with non-directory "{rel}"')
        if found is not None and entry.kind == "dir":
            raise ApiError(500, f'cannot overwrite non-directory "{target}" with directory "{rel}"')
        try:
            fs.put(attrs.evolve(entry, path=target))
        except FsError as exc:
            raise ApiError(500, f"{exc}") from None
