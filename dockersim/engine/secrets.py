"""Swarm secrets and configs (swarmkit manager/controlapi/secret.go, config.go; moby
daemon/cluster/secrets.go, configs.go, helpers.go getSecret/getConfig).

Both live in the swarm's saved state (`swarm.secrets`, `swarm.configs`, keyed by ID) with their
data base64-encoded. A task's container sees each secret or config its service references as a
read-only file (moby container_operations_unix.go: a tmpfs file bind-mounted at the target,
`/run/secrets/<target>` for a relative secret target, the target itself for a config).
"""

from __future__ import annotations

import binascii
import posixpath
import re
from typing import TYPE_CHECKING, Any

from dockersim.engine import errors
from dockersim.engine._base import EngineBase

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.mountfs import MountPoint
    from dockersim.model.service import Service

#: controlapi/common.go isValidConfigOrSecretName
_VALID_NAME = re.compile(r"[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?")
#: swarmkit api/validation MaxSecretSize; controlapi/config.go MaxConfigSize
MAX_SIZE = {"secret": 500 * 1024, "config": 1000 * 1024}
SECRETS_DIR = "/run/secrets"


def file_target(kind: str, target: str) -> str:
    """Where a reference's file appears in the container (moby secrets/configs mounts)."""
    if kind == "secret" and not target.startswith("/"):
        return posixpath.join(SECRETS_DIR, target)
    if not target.startswith("/"):
        return "/" + target
    return target


class SecretOps(EngineBase):
    """`secret create/ls/inspect/rm` and `config create/ls/inspect/rm` (kind "secret" or
    "config"): each object is a dict with id, name, data (base64), labels, created, updated."""

    def _objects(self, kind: str) -> dict[str, Any]:
        state: dict[str, Any] = self.engine.service_state()
        objects: dict[str, Any] = state.setdefault(kind + "s", {})
        return objects

    def swarm_object_create(
        self, kind: str, name: str, data: bytes, labels: tuple[tuple[str, str], ...] = ()
    ) -> str:
        objects = self._objects(kind)
        if not name:
            raise errors.swarm_object_no_name()
        if len(name) > 64 or not _VALID_NAME.fullmatch(name):
            raise errors.swarm_object_bad_name()
        limit = MAX_SIZE[kind]
        if not data or len(data) > limit:
            raise errors.swarm_object_bad_size(kind, limit)
        if any(o["name"] == name for o in objects.values()):
            raise errors.swarm_object_exists(kind, name)
        object_id = self.engine.swarm_next_id(kind)
        objects[object_id] = {
            "id": object_id,
            "name": name,
            "data": binascii.b2a_base64(data, newline=False).decode(),
            "labels": dict(labels),
            "created": self.now,
            "updated": self.now,
            "version": int(self.engine.swarm_state.get("serial", 0)),
        }
        return object_id

    def swarm_object_list(self, kind: str) -> list[dict[str, Any]]:
        return list(self._objects(kind).values())

    def swarm_object_get(self, kind: str, ref: str) -> dict[str, Any]:
        """helpers.go getSecret/getConfig: full ID, then full name, then an ID prefix."""
        objects = list(self._objects(kind).values())
        for match in (
            [o for o in objects if o["id"] == ref],
            [o for o in objects if o["name"] == ref],
            [o for o in objects if ref and str(o["id"]).startswith(ref)],
        ):
            if len(match) > 1:
                raise errors.swarm_object_ambiguous(kind, ref, len(match))
            if match:
                found: dict[str, Any] = match[0]
                return found
        raise errors.swarm_object_not_found(kind, ref)

    def swarm_object_remove(self, kind: str, ref: str) -> None:
        """RemoveSecret/RemoveConfig: refused while a service references it."""
        found = self.swarm_object_get(kind, ref)
        users = sorted(
            str(s["name"])
            for s in self.engine.swarm_state.get("services", {}).values()
            if any(r[0] == found["name"] for r in s.get(kind + "s", ()))
        )
        if users:
            raise errors.swarm_object_in_use(kind, str(found["name"]), users)
        del self._objects(kind)[found["id"]]

    def swarm_object_data(self, kind: str, name: str) -> bytes:
        for data in self._objects(kind).values():
            if data["name"] == name:
                return binascii.a2b_base64(str(data["data"]))
        return b""

    def task_file_mounts(self, container: Container) -> list[MountPoint]:
        """The secrets and configs of the service a task container belongs to, as read-only
        files owned by the reference's uid/gid with its mode (0444 unless given)."""
        labels = container.config.labels
        service_id = labels.get("com.docker.swarm.service.id") if labels else None
        if not service_id:
            return []
        service = self.engine.swarm_state.get("services", {}).get(service_id)
        if not service or not (service.get("secrets") or service.get("configs")):
            return []
        from dockersim.model.cowfs import CowFS
        from dockersim.model.fs import FileEntry
        from dockersim.model.mountfs import MountPoint

        points: list[MountPoint] = []
        for kind in ("secret", "config"):
            for name, target, uid, gid, mode in service.get(kind + "s", ()):
                data = self.swarm_object_data(kind, str(name))
                store = CowFS({"/": FileEntry.directory("/")})
                store.upper["/data"] = FileEntry(
                    "/data", "file", int(mode), int(uid), int(gid), data
                )
                points.append(
                    MountPoint(file_target(kind, str(target)), store, "/data", True, "tmpfs")
                )
        return points

    def task_mountpoints(self, node: Engine, container: Container, service: Service) -> None:
        """runc makes each secret's and config's mount point in the container's writable layer
        (an empty file, its directories as needed), as for any bind-mounted file."""
        targets = [file_target("secret", r[1]) for r in service.secrets]
        targets += [file_target("config", r[1]) for r in service.configs]
        if not targets:
            return
        from dockersim.model.cowfs import CowFS, FsError

        rootfs = CowFS(node.rootfs_tree(container))
        rootfs.upper = node.world.uppers.setdefault(container.id, {})
        rootfs.opaque = node.world.opaques.setdefault(container.id, set())
        for target in targets:
            if rootfs.exists(target):
                continue
            try:
                rootfs.mkdir(posixpath.dirname(target), parents=True)
                rootfs.write(target, b"")
            except FsError:  # under a file: runc refuses (not modelled)
                continue
