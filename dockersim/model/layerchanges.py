"""What a container's writable layer changed: `docker diff` and the changeset `docker commit`
turns into a layer, worked out from the upper layer over the lower view (a part of CowFS)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from dockersim.model.fs import FileEntry


class LayerChanges:
    """Mixed into CowFS (cowfs.py), which holds the layers."""

    lower: Mapping[str, FileEntry]
    upper: dict[str, FileEntry]
    #: directories whose lower contents are hidden (recreated after a delete)
    opaque: set[str]

    def diff(self) -> list[tuple[str, str]]:
        """`docker diff`: (kind, path) with kind A, C or D; parents before children."""
        changes: dict[str, str] = {}
        for path, entry in self.upper.items():
            below = None if self._hidden_below(path) else self.lower.get(path)
            if entry.kind == "whiteout":
                if below is not None and not self._ancestor_deleted(path):
                    changes[path] = "D"
            elif below is None:
                if not self._ancestor_added(path, changes):
                    changes[path] = "A"
            elif (
                entry.kind != "dir"
                or below.kind != "dir"
                or _meta(entry) != _meta(below)
                or path in self.opaque
            ):
                changes[path] = "C"
        for path in list(changes):
            parent = posixpath.dirname(path)
            while parent != "/" and parent not in changes:
                changes[parent] = "C"
                parent = posixpath.dirname(parent)
        # everything under an added directory is reported as added (moby ChangesDirs)
        return sorted(
            ((kind, path) for path, kind in changes.items()), key=lambda c: c[1].split("/")
        )

    def _hidden_below(self, path: str) -> bool:
        parent = posixpath.dirname(path)
        while parent != "/":
            if parent in self.opaque:
                return True
            parent = posixpath.dirname(parent)
        return False

    def _ancestor_deleted(self, path: str) -> bool:
        parent = posixpath.dirname(path)
        while parent != "/":
            up = self.upper.get(parent)
            if up is not None and up.kind == "whiteout":
                return True
            parent = posixpath.dirname(parent)
        return False

    def _ancestor_added(self, path: str, changes: dict[str, str]) -> bool:
        return False

    def changes(self) -> list[FileEntry]:
        """The upper layer as a changeset (whiteouts and opaque markers included)."""
        out = [e for e in self.upper.values()]
        out.extend(FileEntry(p, "opaque", 0o600) for p in sorted(self.opaque))
        return out

    def size(self) -> int:
        """Bytes in the writable layer (`docker ps -s` SIZE)."""
        return sum(e.size for e in self.upper.values())


def _meta(entry: FileEntry) -> tuple[int, int, int]:
    return (entry.mode, entry.uid, entry.gid)
