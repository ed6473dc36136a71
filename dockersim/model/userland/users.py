"""`--user`: `name`, `uid`, `name:group`, `uid:gid` resolved against the container's
/etc/passwd and /etc/group, as the daemon does before it starts a process."""

from __future__ import annotations

import functools

import attrs

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry


@attrs.frozen
class User:
    uid: int
    gid: int
    name: str
    home: str


class UnknownUser(Exception):
    """No passwd or group entry for a name (the daemon's message is the text)."""


def _table(fs: CowFS, path: str) -> tuple[tuple[str, ...], ...]:
    try:
        return _fields(fs.read(path))
    except FsError:
        return ()


@functools.lru_cache(maxsize=64)  # every container of an image reads the same few files
def _fields(data: bytes) -> tuple[tuple[str, ...], ...]:
    text = data.decode(errors="replace")
    lines = text.splitlines()
    return tuple(tuple(line.split(":")) for line in lines if line and not line.startswith("#"))


def resolve_user(fs: CowFS, spec: str) -> User:
    """The user a process runs as; `spec` empty means root."""
    if ":" not in spec:  # the passwd file alone decides
        try:
            data = fs.read("/etc/passwd")
        except FsError:
            data = b""
        found = _user_of(data, spec)
        if isinstance(found, str):
            raise UnknownUser(found)
        return found
    return _resolve_user(fs, spec)


@functools.lru_cache(maxsize=256)  # every container of an image reads the same file
def _user_of(passwd: bytes, spec: str) -> User | str:
    """The user `spec` (no group) names in this passwd file, or the daemon's error."""
    fs = CowFS({"/": FileEntry("/", "dir", 0o755)})
    if passwd:
        fs.upper["/etc"] = FileEntry("/etc", "dir", 0o755)
        fs.upper["/etc/passwd"] = FileEntry("/etc/passwd", "file", 0o644, 0, 0, passwd)
    try:
        return _resolve_user(fs, spec)
    except UnknownUser as exc:
        return str(exc)


def _resolve_user(fs: CowFS, spec: str) -> User:
    if not spec:
        spec = "0"
    who, _, group = spec.partition(":")
    passwd = [f for f in _table(fs, "/etc/passwd") if len(f) >= 6 and f[2].isdigit()]
    entry: tuple[str, ...] | None = None
    if who.isdigit():
        entry = next((f for f in passwd if int(f[2]) == int(who)), None)
        uid = int(who)
        gid = int(entry[3]) if entry is not None and entry[3].isdigit() else 0
        name = entry[0] if entry is not None else ""
        home = entry[5] if entry is not None else "/"
    else:
        entry = next((f for f in passwd if f[0] == who), None)
        if entry is None:
            raise UnknownUser(f"unable to find user {who}: no matching entries in passwd file")
        uid, gid, name, home = int(entry[2]), int(entry[3] or 0), entry[0], entry[5]
    if group:
        if group.isdigit():
            gid = int(group)
        else:
            groups = [f for f in _table(fs, "/etc/group") if len(f) >= 3 and f[2].isdigit()]
            found = next((f for f in groups if f[0] == group), None)
            if found is None:
                raise UnknownUser(
                    f"unable to find group {group}: no matching entries in group file"
                )
            gid = int(found[2])
    return User(uid, gid, name, home or "/")
