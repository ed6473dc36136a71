"""Volumes and mounts: named and anonymous volumes, bind mounts from the simulated host, tmpfs.

A volume is its own small filesystem in the world. A new volume mounted where the image has
files is first filled with them (Docker's copy-up on first mount). `docker rm -v` and `--rm`
remove a container's anonymous volumes only, and only when no other container uses them;
`docker volume rm` of a volume any container references fails (lifecycle-moby.md §9).
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Mapping, Sequence
from typing import Any

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.errors import DockerError
from dockersim.model.container import Container
from dockersim.model.cowfs import CowFS, layer_cost
from dockersim.model.fs import FileEntry
from dockersim.model.mountfs import MountedFS, MountPoint
from dockersim.model.volume import Volume, name_problem

#: container filesystem views kept between uses (each holds its mounts and path memo; the
#: state itself is the world's: uppers, opaques)
FS_VIEWS = 256
#: the lower layers of the daemon's own mounts: one root directory each, shared by every
#: container (a layer's lower side is never written; what a container writes goes above it)
_KERNEL_ROOT: Mapping[str, FileEntry] = {"/": FileEntry("/", "dir", 0o555)}
_ETC_ROOT: Mapping[str, FileEntry] = {"/": FileEntry("/", "dir", 0o755)}


@functools.lru_cache(maxsize=8)  # one of two texts; entries are values, shared by all
def _resolv_entry(text: str) -> FileEntry:
    return FileEntry("/resolv.conf", "file", 0o644, 0, 0, text.encode())


class VolumeOps(EngineBase):
    # --- volumes --------------------------------------------------------------------------
    def volume_create(
        self,
        name: str = "",
        driver: str = "local",
        labels: Mapping[str, str] | None = None,
        options: Mapping[str, str] | None = None,
        anonymous: bool = False,
    ) -> Volume:
        if name:
            problem = name_problem(name)
            if problem == "short":
                raise errors.volume_name_too_short()
            if problem == "invalid":
                raise errors.volume_name_invalid(name)
            existing = self.world.volumes.get(name)
            if existing is not None:
                return existing
        volume = Volume(
            name=name or self.engine.new_id(),
            created=self.now,
            driver=driver,
            labels=dict(labels or {}),
            options=dict(options or {}),
            anonymous=anonymous or not name,
        )
        self.world.volumes[volume.name] = volume
        self.world.volume_data.setdefault(volume.name, {})
        self.emit("volume", "create", volume.name, driver=driver)
        return volume

    def volume_list(self) -> list[Volume]:
        """`GET /volumes`: every volume, by name."""
        return [self.world.volumes[name] for name in sorted(self.world.volumes)]

    def volume_get(self, name: str) -> Volume:
        volume = self.world.volumes.get(name)
        if volume is None:
            raise errors.no_such_volume(name)
        return volume

    def volume_users(self, name: str) -> list[str]:
        return [
            c.id
            for c in self.world.containers.values()
            if any(m.get("Type") == "volume" and m.get("Name") == name for m in c.mounts)
        ]

    def volume_remove(self, name: str, force: bool = False) -> None:
        if name not in self.world.volumes:
            if force:
                return
            raise errors.no_such_volume(name)
        users = self.volume_users(name)
        if users:
            raise errors.volume_in_use(name, users)
        self._drop_volume(name)

    def _drop_volume(self, name: str) -> None:
        del self.world.volumes[name]
        self.quota.used -= layer_cost(self.world.volume_data.pop(name, {}))
        self.__dict__.setdefault("_volume_fs", {}).pop(name, None)
        self.emit("volume", "destroy", name, driver="local")

    def volume_prune(
        self, all_volumes: bool = False, filters: Mapping[str, Sequence[str]] | None = None
    ) -> tuple[list[str], int]:
        """`POST /volumes/prune` (API 1.42+): unused anonymous volumes, or every unused one
        with `all` (the `all` filter), that the label filters select."""
        from dockersim.engine.prunefilter import PruneFilter

        wanted = PruneFilter.parse("volume", filters, self.now)
        all_volumes = all_volumes or any(
            v.lower() in ("1", "true") for v in (filters or {}).get("all", ())
        )
        removed, reclaimed = [], 0
        for name, volume in sorted(self.world.volumes.items()):
            if self.volume_users(name) or wanted.keeps(volume.created, volume.labels):
                continue
            if not all_volumes and not volume.anonymous:
                continue
            reclaimed += self.volume_size(name)
            removed.append(name)
            self._drop_volume(name)
        return removed, reclaimed

    def volume_size(self, name: str) -> int:
        return sum(e.size for e in self.world.volume_data.get(name, {}).values())

    def volume_fs(self, name: str) -> CowFS:
        cache: dict[str, CowFS] = self.__dict__.setdefault("_volume_fs", {})
        fs = cache.get(name)
        if fs is None:
            fs = CowFS({"/": FileEntry.directory("/")})
            fs.upper = self.world.volume_data.setdefault(name, {})
            fs.quota = self.quota
            cache[name] = fs
        return fs

    def volume_inspect_json(self, name: str) -> dict[str, Any]:
        volume = self.volume_get(name)
        return {
            "CreatedAt": self.rfc3339(volume.created),
            "Driver": volume.driver,
            "Labels": dict(volume.labels) if volume.labels else None,
            "Mountpoint": volume.mountpoint,
            "Name": volume.name,
            "Options": dict(volume.options) if volume.options else None,
            "Scope": "local",
        }

    # --- mounts ------------------------------------------------------------------------------
    def check_mounts(self, mounts: tuple[tuple[str, str, str, bool], ...]) -> None:
        """Named volumes' names and bind sources, checked before the container exists (moby
        removes a container whose mounts fail at create; here it is never registered)."""
        for kind, source, _, _ in mounts:
            if kind == "bind" and not source.startswith("/"):
                raise errors.bind_not_absolute(source)
            if kind in ("bind", "tmpfs") or not source:
                continue
            problem = name_problem(source)
            if problem == "short":
                raise errors.volume_name_too_short()
            if problem == "invalid":
                raise errors.volume_name_invalid(source)

    def create_mounts(
        self, container: Container, mounts: tuple[tuple[str, str, str, bool], ...]
    ) -> None:
        """At create: resolve `-v`/`--mount`/`--tmpfs` and the image's VOLUMEs into mounts."""
        taken = set()
        records: list[dict[str, object]] = []
        for kind, source, destination, read_only in mounts:
            destination = posixpath.normpath(destination)
            taken.add(destination)
            if kind == "bind":
                records.append(
                    {
                        "Type": "bind",
                        "Source": source,
                        "Destination": destination,
                        "Mode": "ro" if read_only else "",
                        "RW": not read_only,
                        "Propagation": "rprivate",
                    }
                )
                self._ensure_host_dir(source)
                continue
            if kind == "tmpfs":
                records.append(
                    {
                        "Type": "tmpfs",
                        "Source": "",
                        "Destination": destination,
                        "Mode": "",
                        "RW": True,
                        "Propagation": "",
                    }
                )
                continue
            volume = self.volume_create(source, anonymous=not source)
            records.append(self._volume_mount(volume, destination, read_only))
        for destination in container.config.volumes:
            if destination in taken:
                continue
            volume = self.volume_create(anonymous=True)
            records.append(self._volume_mount(volume, destination, False))
        container.mounts = records
        for record in records:
            if record["Type"] == "volume":
                self._populate(container, str(record["Name"]), str(record["Destination"]))
        if not records:  # nothing to make: the layer's tables alone, as below
            self.world.uppers.setdefault(container.id, {})
            self.world.opaques.setdefault(container.id, set())
            return
        self._make_mountpoints(container, records)

    def _make_mountpoints(self, container: Container, records: list[dict[str, object]]) -> None:
        """A mount point the image lacks is created in the container's writable layer (so
        `docker diff` lists it, as with runc on overlay2): a directory, or an empty file for a
        bind-mounted file."""
        from dockersim.model.cowfs import FsError

        rootfs = CowFS(self.engine.rootfs_tree(container))
        rootfs.upper = self.world.uppers.setdefault(container.id, {})
        rootfs.opaque = self.world.opaques.setdefault(container.id, set())
        host = self.engine.host_fs()
        for record in records:
            destination = str(record["Destination"])
            if rootfs.exists(destination):
                continue
            try:
                source = str(record.get("Source") or "")
                bind_file = (
                    record["Type"] == "bind"
                    and host.exists(source)
                    and host.stat(source).kind != "dir"
                )
                if bind_file:
                    rootfs.mkdir(posixpath.dirname(destination), parents=True)
                    rootfs.write(destination, b"")
                    continue
                rootfs.mkdir(destination, parents=True)
            except FsError:  # a mount point under a file: runc refuses too (not modelled)
                continue

    def _volume_mount(self, volume: Volume, destination: str, read_only: bool) -> dict[str, object]:
        return {
            "Type": "volume",
            "Name": volume.name,
            "Source": volume.mountpoint,
            "Destination": destination,
            "Driver": "local",
            "Mode": "z" if not read_only else "ro",
            "RW": not read_only,
            "Propagation": "",
        }

    def _ensure_host_dir(self, source: str) -> None:
        host = self.engine.host_fs()
        if not host.exists(source):
            host.mkdir(source, parents=True)

    def _populate(self, container: Container, name: str, destination: str) -> None:
        """A new, empty volume is filled with what the image has at the mount point."""
        store = self.world.volume_data.setdefault(name, {})
        if store:
            return
        tree = self.engine.rootfs_tree(container)
        prefix = destination.rstrip("/") + "/"
        for path, entry in tree.items():
            if path.startswith(prefix):
                inner = "/" + path[len(prefix) :]
                store[inner] = FileEntry(
                    inner, entry.kind, entry.mode, entry.uid, entry.gid, entry.content, entry.target
                )

    def container_fs(self, container: Container) -> CowFS:
        cache = self._fs
        fs = cache.get(container.id)
        if fs is not None:
            return fs
        points = self._etc_mounts(container)
        for kernel in ("/proc", "/sys"):  # Docker mounts procfs and sysfs in every container
            points.append(MountPoint(kernel, CowFS(_KERNEL_ROOT), "/", False, "kernel"))
        for record in container.mounts:
            kind = record["Type"]
            read_only = not record.get("RW", True)
            destination = str(record["Destination"])
            if kind == "volume":
                points.append(
                    MountPoint(destination, self.volume_fs(str(record["Name"])), "/", read_only)
                )
            elif kind == "bind":
                points.append(
                    MountPoint(
                        destination,
                        self.engine.host_fs(),
                        str(record["Source"]),
                        read_only,
                        "bind",
                    )
                )
            else:
                empty = CowFS({"/": FileEntry.directory("/")})
                points.append(MountPoint(destination, empty, "/", False, "tmpfs"))
        if container.config.labels.get("com.docker.swarm.service.id"):
            points += self.engine.task_file_mounts(container)  # secrets and configs
        fs = MountedFS(self.engine.rootfs_tree(container), points, container.host_config.read_only)
        fs.upper = self.world.uppers.setdefault(container.id, {})
        fs.opaque = self.world.opaques.setdefault(container.id, set())
        quota = self.quota
        fs.quota = quota  # what the container writes counts against the host's disk
        for point in points:
            point.fs.quota = quota
        if len(cache) >= FS_VIEWS:  # views are rebuilt on demand: keep only recent ones
            del cache[next(iter(cache))]
        cache[container.id] = fs
        return fs

    def _etc_mounts(self, container: Container) -> list[MountPoint]:
        """/etc/hosts, /etc/hostname and /etc/resolv.conf: Docker bind-mounts its own."""
        store = CowFS(_ETC_ROOT)
        hosts = self._etc_hosts(container).encode()
        hostname = (container.config.hostname + "\n").encode()
        upper = store.upper  # FileEntry.file's, with the paths already normal
        upper["/hosts"] = FileEntry("/hosts", "file", 0o644, 0, 0, hosts)
        upper["/hostname"] = FileEntry("/hostname", "file", 0o644, 0, 0, hostname)
        upper["/resolv.conf"] = _resolv_entry(self._resolv_conf(container))
        return [
            MountPoint("/etc/hosts", store, "/hosts", kind="etc"),
            MountPoint("/etc/hostname", store, "/hostname", kind="etc"),
            MountPoint("/etc/resolv.conf", store, "/resolv.conf", kind="etc"),
        ]

    def _etc_hosts(self, container: Container) -> str:
        text = (
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
            "ff02::2\tip6-allrouters\n"
        )
        for link in container.host_config.links:
            name, _, alias = link.partition(":")
            try:
                other = self.engine.container_get(name)
            except DockerError:
                continue
            ip = self.engine.container_ip(other)
            if ip:
                text += f"{ip}\t{alias or name} {other.id[:12]} {other.display_name}\n"
        ip = self.engine.container_ip(container)
        if ip:
            text += f"{ip}\t{container.config.hostname}\n"
        return text

    def _resolv_conf(self, container: Container) -> str:
        head = (
            "# Generated by Docker Engine.\n"
            "# This file can be edited; Docker Engine will not make further changes once it\n"
            "# has been modified.\n\n"
        )
        user_defined = any(
            name not in ("bridge", "host", "none") for name in container.networks
        ) and not container.host_config.network_mode.startswith("container:")
        if user_defined:
            return head + (
                "nameserver 127.0.0.11\nsearch .\noptions ndots:0\n\n"
                "# Based on host file: '/etc/resolv.conf' (internal resolver)\n"
                "# ExtServers: [host(127.0.0.53)]\n# Overrides: []\n"
                "# Option ndots from: internal\n"
            )
        return head + (
            "nameserver 10.0.2.3\nsearch .\n\n"
            "# Based on host file: '/run/systemd/resolve/resolv.conf' (legacy)\n"
            "# Overrides: []\n"
        )

    def remove_anonymous_volumes(self, container: Container) -> None:
        """`rm -v`, `--rm`: anonymous volumes only, skipped if another container uses one."""
        for record in container.mounts:
            if record.get("Type") != "volume":
                continue
            name = str(record["Name"])
            volume = self.world.volumes.get(name)
            if volume is None or not volume.anonymous:
                continue
            if any(u != container.id for u in self.volume_users(name)):
                continue
            self._drop_volume(name)
