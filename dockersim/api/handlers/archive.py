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
from typing import TYPE_CHECKING

from dockersim.api.routes import ApiError, Call, Reply, route

if TYPE_CHECKING:
    from collections.abc import Callable

    from dockersim.engine.copy import PathStat
    from dockersim.model.fs import FileEntry

STAT_HEADER = "X-Docker-Container-Path-Stat"
#: Go's os.FileMode type and special bits (io/fs)
GO_DIR, GO_SYMLINK = 1 << 31, 1 << 27
GO_SETUID, GO_SETGID, GO_STICKY = 1 << 23, 1 << 22, 1 << 20


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


def _stat_header(stat: PathStat, rfc3339: Callable[[float], str]) -> tuple[str, str]:
    """container.PathStat as the header carries it: JSON (`mode` in Go's os.FileMode), in
    base64."""
    document = {
        "name": stat.name,
        "size": stat.size,
        "mode": go_mode(stat.entry),
        "mtime": rfc3339(stat.mtime),
        "linkTarget": stat.link_target,
    }
    text = json.dumps(document, separators=(",", ":"))
    return STAT_HEADER, base64.b64encode(text.encode()).decode()


@route("HEAD", "/containers/{name}/archive")
def head(call: Call) -> Reply:
    path = _path(call)
    with call.world.writing() as engine:  # (the volumes' mount and unmount events)
        stat = engine.container_stat_path(call.params["name"], path)
        header = _stat_header(stat, engine.rfc3339)
    return Reply(200, raw=b"", content_type="", headers=[header])


@route("GET", "/containers/{name}/archive")
def get(call: Call) -> Reply:
    """The tar of what is at `path`, renamed from the resolved base to the asked one; the
    header says what is there."""
    path = _path(call)
    with call.world.writing() as engine:
        body, stat = engine.container_archive_tar(call.params["name"], path)
        header = _stat_header(stat, engine.rfc3339)
    return Reply(200, raw=body, content_type="application/x-tar", headers=[header])


@route("PUT", "/containers/{name}/archive")
def put(call: Call) -> Reply:
    """Extract the tar into the directory `path` (it must be one)."""
    import tarfile

    from dockersim.model.tarball import entries_from_tar

    path = _path(call)
    mtimes: dict[str, float] = {}
    try:  # an empty stream is an empty archive, as Go's tar reader ends at EOF
        entries = entries_from_tar(call.request.body, mtimes) if call.request.body else []
    except (tarfile.TarError, EOFError, ValueError):
        raise ApiError(500, "archive/tar: invalid tar header") from None  # est. wording
    with call.world.writing() as engine:
        engine.container_extract_tar(
            call.params["name"], path, entries, mtimes, archive=call.flag("copyUIDGID")
        )
    return Reply(200, raw=b"", content_type="")
