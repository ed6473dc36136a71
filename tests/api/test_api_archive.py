"""`docker cp` through the API: HEAD/GET/PUT /containers/{id}/archive (moby copy.go)."""

from __future__ import annotations

import base64
import io
import json
import tarfile

from apiclient import Served


def _web(api: Served) -> None:
    assert api.request("POST", "/images/create?fromImage=nginx&tag=latest").status == 200
    assert api.request("POST", "/containers/create?name=web", body={"Image": "nginx"}).status == 201
    assert api.request("POST", "/containers/web/start").status == 204


def _stat(headers: dict[str, str]) -> dict[str, object]:
    return dict(json.loads(base64.b64decode(headers["x-docker-container-path-stat"])))


def _names(body: bytes) -> list[tuple[str, str, str]]:
    with tarfile.open(fileobj=io.BytesIO(body)) as tar:
        return [(m.name, "d" if m.isdir() else "l" if m.issym() else "-", m.linkname) for m in tar]


def test_head_says_what_is_at_the_path_in_the_stat_header(api: Served) -> None:
    _web(api)
    file = api.request("HEAD", "/v1.50/containers/web/archive?path=%2Fetc%2Fhostname")
    directory = api.request("HEAD", "/containers/web/archive?path=/etc/nginx")
    link = api.request("HEAD", "/containers/web/archive?path=/etc/os-release")
    assert (file.status, file.body) == (200, b"")
    assert _stat(file.headers) == {
        "name": "hostname", "size": 13, "mode": 0o644,
        "mtime": _stat(file.headers)["mtime"], "linkTarget": "",
    }  # fmt: skip
    assert _stat(directory.headers)["mode"] == (1 << 31) | 0o755
    assert _stat(link.headers)["mode"] == (1 << 27) | 0o777
    assert _stat(link.headers)["linkTarget"] == "/usr/lib/os-release"


def test_get_is_a_tar_named_from_the_path_asked_for(api: Served) -> None:
    _web(api)
    directory = api.request("GET", "/containers/web/archive?path=/etc/nginx/conf.d")
    contents = api.request("GET", "/containers/web/archive?path=/etc/nginx/conf.d/.")
    link = api.request("GET", "/containers/web/archive?path=/etc/os-release")
    assert directory.headers["content-type"] == "application/x-tar"
    assert _names(directory.body) == [("conf.d", "d", ""), ("conf.d/default.conf", "-", "")]
    assert _names(contents.body) == [(".", "d", ""), ("./default.conf", "-", "")]
    assert _names(link.body) == [("os-release", "l", "../usr/lib/os-release")]
    assert _stat(directory.headers)["name"] == "conf.d"


def test_put_extracts_into_the_directory(api: Served) -> None:
    # given
    _web(api)
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 6
        tar.addfile(info, io.BytesIO(b"hello\n"))
    # when
    reply = api.request(
        "PUT", "/containers/web/archive?path=/tmp&noOverwriteDirNonDir=true",
        body=data.getvalue(), headers={"Content-Type": "application/x-tar"},
    )  # fmt: skip
    # then
    assert (reply.status, reply.body) == (200, b"")
    back = api.request("GET", "/containers/web/archive?path=/tmp/notes.txt")
    with tarfile.open(fileobj=io.BytesIO(back.body)) as tar:
        handle = tar.extractfile("notes.txt")
        assert handle is not None and handle.read() == b"hello\n"


def test_error_archive_sentences(api: Served) -> None:
    _web(api)
    missing = api.request("GET", "/containers/web/archive?path=/nosuch")
    empty = api.request("GET", "/containers/web/archive")
    not_dir = api.request("PUT", "/containers/web/archive?path=/etc/hostname", body=b"")
    no_container = api.request("HEAD", "/containers/nope/archive?path=/")
    assert (missing.status, missing.json()) == (
        404,
        {"message": "Could not find the file /nosuch in container web"},
    )
    assert (empty.status, empty.json()) == (400, {"message": "Path cannot be empty"})
    assert (not_dir.status, not_dir.json()) == (
        400,
        {"message": "extraction point is not a directory"},
    )
    assert (no_container.status, no_container.body) == (404, b"")


def test_each_request_logs_its_copy_events_once(api: Served) -> None:
    # given: a container with a volume
    assert api.request("POST", "/images/create?fromImage=busybox&tag=latest").status == 200
    body = {"Image": "busybox", "Cmd": ["sleep", "1000"], "HostConfig": {"Binds": ["data:/d"]}}
    assert api.request("POST", "/containers/create?name=box", body=body).status == 201
    assert api.request("POST", "/containers/box/start").status == 204
    before = len(_events(api))
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        tar.addfile(tarfile.TarInfo("empty.txt"), io.BytesIO(b""))
    # when: a stat, an archive and an extract, then one that fails
    api.request("HEAD", "/containers/box/archive?path=/etc")
    api.request("GET", "/containers/box/archive?path=/etc/hostname")
    api.request("PUT", "/containers/box/archive?path=/tmp", body=data.getvalue())
    assert api.request("GET", "/containers/box/archive?path=/nosuch").status == 404
    # then: the volume mounted for each copy and unmounted after it, around the container's
    # event (containerfs_linux.go, archive_unix.go), once per request; nothing for the failure
    got = [f"{e['Type']} {e['Action']}" for e in _events(api)[before:]]
    assert got == [
        "volume mount", "volume unmount",
        "volume mount", "container archive-path", "volume unmount",
        "volume mount", "container extract-to-dir", "volume unmount",
    ]  # fmt: skip


def _events(api: Served) -> list[dict[str, object]]:
    import time

    reply = api.request("GET", f"/events?since=0&until={int(time.time()) + 1}")
    return [json.loads(line) for line in reply.body.splitlines() if line]


def test_put_keeps_owners_and_times_and_copyuidgid_gives_the_containers_user(
    api: Served,
) -> None:
    # given: a container running as www-data, and a tar of a file owned by 42:43
    assert api.request("POST", "/images/create?fromImage=busybox&tag=latest").status == 200
    body = {"Image": "busybox", "Cmd": ["sleep", "1000"], "User": "www-data"}
    assert api.request("POST", "/containers/create?name=www", body=body).status == 201
    assert api.request("POST", "/containers/www/start").status == 204
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        info = tarfile.TarInfo("kept.txt")
        info.size, info.uid, info.gid, info.mtime = 2, 42, 43, 1_600_000_000
        tar.addfile(info, io.BytesIO(b"k\n"))
    # when: once as it is, once with copyUIDGID
    api.request("PUT", "/containers/www/archive?path=/tmp", body=data.getvalue())
    api.request("PUT", "/containers/www/archive?path=/var&copyUIDGID=1", body=data.getvalue())
    # then
    kept = api.request("GET", "/containers/www/archive?path=/tmp/kept.txt")
    owned = api.request("GET", "/containers/www/archive?path=/var/kept.txt")
    with tarfile.open(fileobj=io.BytesIO(kept.body)) as tar:
        member = tar.getmember("kept.txt")
        assert (member.uid, member.gid, member.mtime) == (42, 43, 1_600_000_000)
    with tarfile.open(fileobj=io.BytesIO(owned.body)) as tar:
        assert (tar.getmember("kept.txt").uid, tar.getmember("kept.txt").gid) == (33, 33)
    assert _stat(kept.headers)["mtime"] == "2020-09-13T12:26:40Z"
