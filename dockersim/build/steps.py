"""What RUN, COPY, ADD and WORKDIR do to a stage's filesystem, for both builders.

Each works on a copy-on-write view of the current tree (the stage's union view) and returns
the changeset that becomes the step's layer: what RUN's processes wrote (the simulated
userland really runs: `apt-get install`, `pip install`, `echo > file` change files), or the
files COPY/ADD put in place. Parent directories of changed paths are added as real layer tars
carry them, with the attributes they have below (so `/tmp` keeps its 1777).
"""

from __future__ import annotations

import contextlib
import fnmatch
import posixpath
from collections.abc import Mapping, Sequence

import attrs

from dockersim.build.checksum import source_hash
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import Changeset, FileEntry, Tree, changeset, parents
from dockersim.model.tarball import entries_from_tar

WILDCARDS = frozenset("*?[")
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


class StepError(Exception):
    """A step that cannot run; `message` is the builder's text for it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@attrs.frozen
class Owner:
    uid: int
    gid: int


def layer_changes(fs: CowFS, lower: Mapping[str, FileEntry]) -> Changeset:
    """The upper layer as a changeset, with every parent directory (as it is below)."""
    entries = {e.path: e for e in fs.changes()}
    for path in list(entries):
        for parent in parents(path):
            if parent not in entries:
                below = lower.get(parent)
                if below is not None and below.kind == "dir":
                    entries[parent] = below
                else:
                    entries[parent] = FileEntry.directory(parent)
    return changeset(entries.values(), implicit_parents=False)


# --- users ---------------------------------------------------------------------------------------
def _table(tree: Mapping[str, FileEntry], path: str) -> list[list[str]]:
    entry = tree.get(path)
    if entry is None or entry.kind != "file":
        return []
    return [line.split(":") for line in entry.content.decode(errors="replace").splitlines()]


def resolve_owner(tree: Mapping[str, FileEntry], spec: str) -> Owner:
    """`user[:group]`, names looked up in the image's /etc/passwd and /etc/group."""
    user, _, group = spec.partition(":")
    uid, primary = _lookup_user(tree, user)
    gid = primary if not group else _lookup_group(tree, group)
    return Owner(uid, gid)


def _lookup_user(tree: Mapping[str, FileEntry], user: str) -> tuple[int, int]:
    if user.isdigit():
        uid = int(user)
        for fields in _table(tree, "/etc/passwd"):
            if len(fields) > 3 and fields[2] == user:
                return uid, int(fields[3] or 0)
        return uid, uid
    for fields in _table(tree, "/etc/passwd"):
        if len(fields) > 3 and fields[0] == user:
            return int(fields[2] or 0), int(fields[3] or 0)
    raise StepError(f"unable to find user {user}: no matching entries in passwd file")


def _lookup_group(tree: Mapping[str, FileEntry], group: str) -> int:
    if group.isdigit():
        return int(group)
    for fields in _table(tree, "/etc/group"):
        if len(fields) > 2 and fields[0] == group:
            return int(fields[2] or 0)
    raise StepError(f"unable to find group {group}: no matching entries in group file")


def user_name(tree: Mapping[str, FileEntry], uid: int) -> str:
    for fields in _table(tree, "/etc/passwd"):
        if len(fields) > 2 and fields[2] == str(uid):
            return fields[0]
    return str(uid)


# --- COPY / ADD sources -----------------------------------------------------------------------
def has_wildcards(text: str) -> bool:
    return any(c in WILDCARDS for c in text)


def match_sources(tree: Mapping[str, FileEntry], pattern: str) -> list[str]:
    """The paths a source names: itself, or every path its wildcards match (sorted)."""
    path = posixpath.normpath("/" + pattern.lstrip("/"))
    if not has_wildcards(path):
        return [path] if path in tree or path == "/" else []
    parts = [p for p in path.split("/") if p]
    found = ["/"]
    for part in parts:
        following: list[str] = []
        for base in found:
            prefix = base.rstrip("/") + "/"
            children = sorted(
                p for p in tree if p.startswith(prefix) and "/" not in p[len(prefix) :]
            )
            for child in children:
                name = child[len(prefix) :]
                if (has_wildcards(part) and fnmatch.fnmatchcase(name, part)) or name == part:
                    following.append(child)
        found = following
    return found


def sources_checksum(tree: Mapping[str, FileEntry], paths: Sequence[str]) -> dict[str, str]:
    """For cache keys and explain: each matched source path and its hash."""
    out: dict[str, str] = {}
    for path in paths:
        if path == "/":
            for child in sorted(p for p in tree if p != "/" and "/" not in p[1:]):
                out[child] = source_hash(tree, child)
        else:
            out[path] = source_hash(tree, path)
    return out


def dest_path(dest: str, workdir: str) -> str:
    """pathRelativeToWorkingDir: absolute as is, else from WORKDIR; a trailing / is kept."""
    slash = dest.endswith("/") or dest in (".", "")
    base = dest if dest.startswith("/") else posixpath.join(workdir or "/", dest or ".")
    cleaned = posixpath.normpath(base)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned.rstrip("/") + "/" if slash and cleaned != "/" else cleaned


def _mkdirs(fs: CowFS, path: str, owner: Owner | None) -> None:
    current = "/"
    for part in [p for p in path.split("/") if p]:
        current = posixpath.join(current, part)
        entry = fs.get(current)
        if entry is None:
            uid, gid = (owner.uid, owner.gid) if owner else (0, 0)
            fs.put(FileEntry.directory(current, 0o755, uid, gid))
        elif entry.kind != "dir":
            raise StepError(f"cannot copy to non-directory: {current}")


def copy_sources(
    fs: CowFS,
    src: Mapping[str, FileEntry],
    paths: Sequence[str],
    dest: str,
    owner: Owner | None,
    chmod: int | None,
    unpack: bool,
) -> None:
    """Place the matched sources at `dest` (CopyDirContentsOnly, CreateDestPath)."""
    many = len(paths) > 1
    into_dir = dest.endswith("/") or many
    target = dest.rstrip("/") or "/"
    if not into_dir:
        existing = fs.get(target)
        into_dir = existing is not None and existing.kind == "dir"
    for path in paths:
        entry = src.get(path, FileEntry.directory("/")) if path != "/" else FileEntry.directory("/")
        if entry.kind == "dir":
            _mkdirs(fs, target, owner)
            prefix = path.rstrip("/") + "/"
            for child in sorted(p for p in src if p.startswith(prefix) and p != path):
                rel = child[len(prefix) :]
                _place(fs, src[child], posixpath.join(target, rel), owner, chmod)
            continue
        if unpack and path.endswith(ARCHIVE_SUFFIXES) and entry.kind == "file":
            try:
                members = entries_from_tar(entry.content)
            except Exception:
                members = None
            if members is not None:
                _mkdirs(fs, target, owner)
                for member in members:
                    rel = member.path.lstrip("/")
                    _place(fs, member, posixpath.join(target, rel), owner, None)
                continue
        final = posixpath.join(target, posixpath.basename(path)) if into_dir else target
        _mkdirs(fs, posixpath.dirname(final), owner)
        _place(fs, entry, final, owner, chmod)


def _place(fs: CowFS, entry: FileEntry, path: str, owner: Owner | None, chmod: int | None) -> None:
    uid, gid = (owner.uid, owner.gid) if owner else (entry.uid, entry.gid)
    mode = entry.mode if chmod is None or entry.kind == "symlink" else chmod
    parent = posixpath.dirname(path)
    if parent != "/" and fs.get(parent) is None:
        _mkdirs(fs, parent, owner)
    existing = fs.get(path)
    if existing is not None and existing.kind == "dir" and entry.kind == "dir":
        fs.put(FileEntry(path, "dir", mode, uid, gid))
        return
    if existing is not None and (existing.kind == "dir") != (entry.kind == "dir"):
        with contextlib.suppress(FsError):
            fs.remove(path, recursive=True)
    fs.put(FileEntry(path, entry.kind, mode, uid, gid, entry.content, entry.target))


def parse_chmod(text: str) -> int:
    try:
        value = int(text, 8)
    except ValueError:
        raise StepError(
            f"invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777"
        ) from None
    if value > 0o7777:
        raise StepError(
            f"invalid chmod parameter: '{text}'. it should be octal string and between 0 and 07777"
        )
    return value


def workdir_layer(tree: Tree, path: str, owner: Owner | None) -> Changeset:
    """WORKDIR's mkdir -p (empty when the directory is already there)."""
    fs = CowFS(tree)
    _mkdirs(fs, path, owner)
    return layer_changes(fs, tree)
