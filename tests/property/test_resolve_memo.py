"""Path resolution through the image's shared memo gives what a fresh walk of the merged
view gives, whatever the writable layer did (issue 14: a container's lookups reuse the
image's when its own changes do not touch the paths walked)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import FileEntry
from dockersim.model.mountfs import MountedFS, MountPoint
from dockersim.model.pathwalk import walk

NAMES = ["a", "b", "bin", "usr", "x"]
PATHS = st.lists(st.sampled_from([*NAMES, ".."]), min_size=1, max_size=4).map(
    lambda parts: "/" + "/".join(parts)
)
TARGETS = st.one_of(PATHS, st.lists(st.sampled_from(NAMES), min_size=1, max_size=2).map("/".join))


def _lower(entries: list[tuple[str, str, str]]) -> dict[str, FileEntry]:
    tree = {"/": FileEntry.directory("/")}
    for path, kind, target in entries:
        if ".." in path.split("/"):
            continue
        parent = "/"
        for part in path.strip("/").split("/")[:-1]:  # parents as directories
            parent = parent.rstrip("/") + "/" + part
            tree.setdefault(parent, FileEntry.directory(parent))
        if kind == "dir":
            tree.setdefault(path, FileEntry.directory(path))
        elif kind == "link":
            tree.setdefault(path, FileEntry.symlink(path, target))
        else:
            tree.setdefault(path, FileEntry.file(path, "x", mode=0o755))
    return tree


ENTRIES = st.lists(st.tuples(PATHS, st.sampled_from(["dir", "link", "file"]), TARGETS), max_size=12)
# what the container does after it starts: write a file, make a link, remove a path
CHANGES = st.lists(
    st.tuples(st.sampled_from(["write", "link", "remove", "mkdir"]), PATHS, TARGETS), max_size=6
)


def _apply(fs: CowFS, changes: list[tuple[str, str, str]]) -> None:
    for op, path, target in changes:
        try:
            if op == "write":
                fs.write(path, b"new")
            elif op == "link":
                fs.symlink(target, path)
            elif op == "mkdir":
                fs.mkdir(path, parents=True)
            else:
                fs.remove(path, recursive=True)
        except FsError:
            pass


def _fresh_walk(fs: CowFS, path: str, follow: bool) -> str | None:
    try:
        return walk(path, "/", follow, fs.get)
    except FsError:
        return None


def _memo_walk(fs: CowFS, path: str, follow: bool) -> str | None:
    try:
        return fs.resolve(path, "/", follow)
    except FsError:
        return None


@settings(max_examples=300)
@given(ENTRIES, CHANGES, st.lists(PATHS, min_size=1, max_size=8), st.booleans(), st.booleans())
def test_memoised_resolution_is_a_fresh_walk_of_the_merged_view(
    entries, changes, queries, mounted, follow
):
    lower = _lower(entries)
    sibling = CowFS(lower)  # another container of the same image fills the shared memo
    for path in queries:
        _memo_walk(sibling, path, follow)
    if mounted:
        volume = CowFS({"/": FileEntry.directory("/")})
        fs: CowFS = MountedFS(lower, [MountPoint("/usr/x", volume, "/")])
    else:
        fs = CowFS(lower)
    _apply(fs, changes)
    for path in queries:
        assert _memo_walk(fs, path, follow) == _fresh_walk(fs, path, follow)


def test_a_link_into_a_mount_resolves_through_the_mount_not_the_image():
    lower = {
        "/": FileEntry.directory("/"),
        "/bin": FileEntry.directory("/bin"),
        "/usr": FileEntry.directory("/usr"),
        "/usr/x": FileEntry.symlink("/usr/x", "/bin"),  # the image's /usr/x: a link
        "/l": FileEntry.symlink("/l", "/usr/x"),
    }
    volume = CowFS({"/": FileEntry.directory("/"), "/a": FileEntry.file("/a", "v")})
    CowFS(lower).resolve("/l/a")  # the image's answer, in the shared memo: /bin/a
    fs = MountedFS(lower, [MountPoint("/usr/x", volume, "/")])
    assert fs.resolve("/l/a") == "/usr/x/a"
    assert fs.read("/l/a") == b"v"
