"""Container lifecycle operations, each named after its Engine API call.

Every operation resolves its container and checks every guard in moby's order before it changes
anything (STYLE.md item 9); the transitions themselves live in `model/container.py`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

import attrs

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.world import Event
from dockersim.errors import DockerError
from dockersim.model import signals
from dockersim.model.container import Container, HostConfig, RestartPolicy, RunConfig
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.health import merge as merge_healthcheck
from dockersim.model.health import validate as validate_healthcheck
from dockersim.model.image import Healthcheck
from dockersim.model.names import random_name, valid_name

#: daemon/daemon_unix.go linuxMinMemory
MIN_MEMORY = 6 * 1024 * 1024
#: the wakes `wait` and `stop` follow a process through (runtime.py WAKE): a script that
#: waits a second at a time on a port, for hours of virtual time, is not followed for ever
MAX_WAKES = 100_000


@attrs.frozen
class CreateRequest:
    """What `docker create` / `docker run` send (the parts dockersim models)."""

    image: str
    name: str = ""
    cmd: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    env: tuple[str, ...] = ()
    working_dir: str = ""
    user: str = ""
    hostname: str = ""
    labels: tuple[tuple[str, str], ...] = ()
    restart: RestartPolicy = attrs.field(factory=RestartPolicy)
    auto_remove: bool = False
    stop_signal: str = ""
    stop_timeout: int | None = None
    tty: bool = False
    open_stdin: bool = False
    memory: int = 0
    nano_cpus: int = 0
    pids_limit: int | None = None
    read_only: bool = False
    network: str = ""
    aliases: tuple[str, ...] = ()
    ip: str = ""
    publish: tuple[tuple[str, int, int, str], ...] = ()
    publish_all: bool = False
    #: `--expose`: more ports the container exposes ("7000/tcp")
    expose: tuple[str, ...] = ()
    mounts: tuple[tuple[str, str, str, bool], ...] = ()
    links: tuple[str, ...] = ()
    #: the `--health-*` flags (`Test: ["NONE"]` for `--no-healthcheck`); None: none given
    healthcheck: Healthcheck | None = None


class ContainerOps(EngineBase):
    # --- lookup (moby daemon/container.go GetContainer) ----------------------------------------
    def container_inspect(self, ref: str) -> Container:
        """`GET /containers/{id}/json`: the container, with time played out to now."""
        self.engine.settle()
        return self.container_get(ref)

    def container_list(self) -> list[Container]:
        """`GET /containers/json?all=1`: every container, newest first, time played out."""
        self.engine.settle()
        return sorted(self.world.containers.values(), key=lambda c: (c.created, c.serial))[::-1]

    def system_events(self) -> list[Event]:
        """`GET /events` up to now: every event recorded, oldest first (time played out)."""
        self.engine.settle()
        return list(self.world.events)

    def container_by_id(self, container_id: str) -> Container | None:
        """The container with this full ID on this host, or None (gone, or on another host)."""
        return self.world.containers.get(container_id)

    def container_exists(self, container_id: str) -> bool:
        """Whether a container with this full ID is still there (a `--rm` one may be gone)."""
        return container_id in self.world.containers

    def container_get(self, ref: str) -> Container:
        """Full ID, then exact name, then a unique ID prefix."""
        if ref == "":
            raise errors.invalid_identifier()
        containers = self.world.containers
        if ref in containers:
            return containers[ref]
        named = containers.by_name("/" + ref.removeprefix("/"))
        if named is not None:
            return named
        matches = [c for c in containers.values() if c.id.startswith(ref)]
        if len(matches) > 1:
            raise errors.ambiguous_container(ref)
        if matches:
            return matches[0]
        raise errors.no_such_container(ref)

    def container_attach(self, ref: str) -> Container:
        """`POST /containers/{id}/attach` (attach.go): a client takes the container's streams;
        refused for a paused or restarting container; the `attach` event."""
        container = self.container_get(ref)
        if container.state.paused:
            raise errors.attach_paused(ref)
        if container.state.restarting:
            raise errors.attach_restarting(ref)
        self.emit("container", "attach", container.id)
        return container

    def container_top(self, ref: str) -> tuple[list[str], list[list[str]]]:
        """`GET /containers/{id}/top` (top_unix.go, `ps -ef`): the titles and a row for each
        process, with host PIDs; a container not running is refused; the `top` event."""
        self.engine.settle()
        container = self.container_get(ref)
        if not container.state.running or container.state.restarting:
            raise errors.not_running(container.id)
        from datetime import UTC, datetime  # (`docker top` alone needs it)

        started = datetime.fromtimestamp(container.state.started_at or self.now, UTC)
        host_pid = container.state.pid
        rows = []
        for proc in self.engine.container_processes(container):
            pid = host_pid + proc.pid - 1
            ppid = host_pid - 23 if proc.ppid == 0 else host_pid + proc.ppid - 1
            rows.append([proc.user, str(pid), str(ppid), "0", started.strftime("%H:%M"),
                         proc.tty, "00:00:00", proc.command])  # fmt: skip
        self.emit("container", "top", container.id)
        return ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], rows

    def containers_using(self, image_id: str) -> list[tuple[str, bool]]:
        return [
            (c.id, c.state.running)
            for c in self.world.containers.values()
            if c.image_id == image_id
        ]

    # --- create ----------------------------------------------------------------------------
    def container_create(self, request: CreateRequest) -> Container:
        """`POST /containers/create`: validate everything, then register the container."""
        self.engine.settle()
        image = self.image_get(request.image)
        if request.auto_remove and request.restart.name not in ("", "no"):
            raise errors.autoremove_restart()
        policy = request.restart
        if policy.name not in ("", "no", "always", "on-failure", "unless-stopped"):
            raise errors.invalid_restart_policy(policy.name)
        if policy.maximum_retry_count and policy.name != "on-failure":
            raise errors.restart_count_not_on_failure()
        if request.memory and request.memory < MIN_MEMORY:
            raise errors.memory_too_small()
        mode = request.network or "bridge"
        user_defined = mode not in ("bridge", "default", "host", "none") and not mode.startswith(
            "container:"
        )
        if request.ip and not user_defined:
            raise errors.ip_needs_user_network()
        if request.aliases and not user_defined:
            raise errors.alias_needs_user_network()
        if request.publish and mode.startswith("container:"):
            raise errors.publish_with_container_network()
        healthcheck = merge_healthcheck(image.config.config.healthcheck, request.healthcheck)
        problem = validate_healthcheck(healthcheck)
        if problem is not None:
            raise errors.invalid_healthcheck(problem)
        if request.name and not valid_name(request.name):
            raise errors.invalid_name(request.name)
        if request.name:
            self._check_name_free(request.name.removeprefix("/"))
        cfg = image.config.config
        entrypoint = list(request.entrypoint) if request.entrypoint is not None else None
        if entrypoint is None:
            entrypoint = list(cfg.entrypoint) if cfg.entrypoint else None
        cmd = list(request.cmd) if request.cmd else None
        if cmd is None and request.entrypoint is None:
            cmd = list(cfg.cmd) if cfg.cmd else None
        argv = [*(entrypoint or []), *(cmd or [])]
        if entrypoint == [""]:
            argv = list(cmd or [])
        if not argv:
            raise errors.no_command()
        self.engine.check_mounts(request.mounts)
        workdir = request.working_dir or cfg.working_dir
        if workdir:
            workdir = posixpath.normpath(workdir)  # filepath.Clean, as moby stores it
            self._check_workdir(image.id, workdir)
        # commit: nothing below fails
        container_id = self.engine.new_id()
        name = request.name.removeprefix("/") or self._generate_name(container_id)
        env = list(cfg.env or ())
        if request.env:
            env = _merge_env(env, list(request.env))
        labels = dict(cfg.labels or ())
        if request.labels:
            labels.update(dict(request.labels))
        exposed = list(cfg.exposed_ports or ())
        for _, _, port, proto in request.publish:
            if f"{port}/{proto}" not in exposed:
                exposed.append(f"{port}/{proto}")
        if request.expose:
            exposed.extend(port for port in dict.fromkeys(request.expose) if port not in exposed)
        default_host = "dockersim" if mode == "host" else container_id[:12]
        config = RunConfig(
            hostname=request.hostname or default_host,
            image=request.image,
            env=env,
            cmd=cmd,
            entrypoint=entrypoint if entrypoint != [""] else None,
            working_dir=workdir,
            user=request.user or cfg.user,
            labels=labels,
            exposed_ports=sorted(exposed),
            volumes=list(cfg.volumes or ()),
            stop_signal=request.stop_signal or cfg.stop_signal,
            stop_timeout=request.stop_timeout,
            tty=request.tty,
            open_stdin=request.open_stdin,
            healthcheck=healthcheck,
        )
        host = HostConfig(
            network_mode="bridge" if mode == "default" else mode,
            publish=list(request.publish) if mode != "host" else [],
            publish_all=request.publish_all,
            links=list(request.links),
            restart_policy=RestartPolicy(policy.name or "no", policy.maximum_retry_count),
            auto_remove=request.auto_remove,
            memory=request.memory,
            nano_cpus=request.nano_cpus,
            pids_limit=request.pids_limit,
            read_only=request.read_only,
        )
        container = Container(
            id=container_id,
            name="/" + name,
            created=self.now,
            image_id=image.id,
            image_ref=request.image,
            path=argv[0],
            args=argv[1:],
            config=config,
            host_config=host,
            serial=self.world.counter,
        )
        if not mode.startswith("container:"):
            net_name = "bridge" if mode == "default" else mode
            container.networks[net_name] = {"aliases": list(request.aliases), "ip": request.ip}
        self.world.containers[container_id] = container
        self.engine.rootfs_create(
            container
        )  # moby daemon/create.go: the read-write layer, then mounts
        self.engine.create_mounts(container, request.mounts)
        if workdir:  # create_unix.go SetupWorkingDirectory: made in the writable layer, 0755
            fs = self.engine.container_fs(container)
            mtimes = self.world.mtimes.setdefault(container.id, {})
            for path in _ancestry(workdir):
                if not fs.exists(path):
                    fs.mkdir(path, mode=0o755)
                    mtimes[path] = self.now
        self.emit("container", "create", container_id, name=name, image=request.image)
        return container

    def _check_workdir(self, image_id: str, workdir: str) -> None:
        """The working directory, or a directory above it, is a file in the image: Docker
        refuses the create (the container's mounts are not there yet, so only the image
        counts)."""
        probe = CowFS(self.engine.image_tree(image_id))
        for path in _ancestry(workdir):
            try:
                entry = probe.stat(path)
            except FsError:
                return  # missing from here down: created at create
            if entry.kind != "dir":
                raise errors.workdir_not_a_directory(workdir)

    def _check_name_free(self, name: str) -> None:
        other = self.world.containers.by_name("/" + name)
        if other is not None:
            raise errors.name_conflict(name, other.id)

    def _generate_name(self, container_id: str) -> str:
        containers = self.world.containers
        for retry in range(6):
            name = random_name(self.engine._draw_now(), retry)
            if containers.by_name("/" + name) is None:
                return name
        return container_id[:12]

    # --- start / stop / kill ---------------------------------------------------------------
    def container_start(self, ref: str, stdin: str | None = None) -> Container:
        """`POST /containers/{id}/start`; a running or restarting container is a no-op (304).
        `stdin` is what an attached client types into it, then closes (None: no client is
        attached to its input, which stays open: engine/runtime.py `launch`)."""
        self.engine.settle()
        container = self.container_get(ref)
        state = container.state
        if state.paused:
            raise errors.start_paused()
        if state.running:
            return container
        if state.dead or state.removal_in_progress:
            raise errors.marked_for_removal()
        container.restart_count = 0
        container.manually_stopped = False
        container.restart_delay = 0.1
        try:
            self.engine.launch(container, self.now, stdin)
        except DockerError as exc:
            # 127/126 for a program that cannot run; else 128 only over an exit code of 0
            # (moby daemon/start.go)
            status = exc.exit_status or container.state.exit_code
            container.state.set_start_failed(status, str(exc))
            if container.host_config.auto_remove:
                self.engine.remove_now(container, volumes=True)
            raise
        self.emit("container", "start", container.id)
        self.engine.settle()
        return container

    # --- rm, wait, rename, update (stop, kill, pause, restart: stopping.py) ------------------
    def container_remove(self, ref: str, force: bool = False, volumes: bool = False) -> None:
        self.engine.settle()
        container = self.container_get(ref)
        state = container.state
        if state.removal_in_progress:
            raise errors.removal_in_progress(ref)
        if state.running and not force:
            if state.paused:
                raise errors.remove_paused(ref)
            raise errors.remove_running(ref, state.status)
        if state.running:
            container.manually_stopped = True
            container.restart_at = None
            state.paused = False
            if state.restarting:
                state.set_stopped(state.exit_code, self.now)
            else:
                self.engine.on_exit(container, signals.exit_code_for("SIGKILL"), self.now)
        if container.id in self.world.containers:
            self.engine.remove_now(container, volumes)

    def container_wait(self, ref: str) -> int | None:
        """The exit code once the container is not running; None if it never stops."""
        self.engine.settle()
        container = self.container_get(ref)
        if not container.state.running:
            return container.state.exit_code
        if container.state.restarting:
            return container.state.exit_code
        # (a process that waits to ask the world again at exit_at runs on then: follow it)
        for _ in range(MAX_WAKES):
            if container.exit_at is None or container.state.paused:
                return None
            self.engine.settle(container.exit_at)
            if not container.state.running or container.state.restarting:
                break
        return container.state.exit_code

    def container_rename(self, ref: str, new_name: str) -> None:
        container = self.container_get(ref)
        name = new_name.removeprefix("/")
        if not new_name:
            raise errors.rename_empty()
        if not valid_name(name):
            raise errors.invalid_name(new_name)
        if container.name == "/" + name:
            raise errors.rename_same(name)
        try:
            self._check_name_free(name)
        except DockerError as exc:  # daemon/rename.go wraps the name reservation's error
            raise errors.rename_allocation(exc) from None
        old_name = container.name
        self.world.containers.rename(container, "/" + name)
        self.engine.bump_network_revision()
        self.emit("container", "rename", container.id, name=name, oldName=old_name)

    def container_update(
        self,
        ref: str,
        restart: RestartPolicy | None = None,
        memory: int | None = None,
        nano_cpus: int | None = None,
        pids_limit: int | None = None,
    ) -> Container:
        """`POST /containers/{id}/update` (daemon/update.go): the restart policy and the
        resources dockersim models; every check before the first change."""
        container = self.container_get(ref)
        if restart is not None:
            if container.host_config.auto_remove and restart.name not in ("", "no"):
                raise errors.restart_autoremove()
            if restart.name not in ("", "no", "always", "on-failure", "unless-stopped"):
                raise errors.invalid_restart_policy(restart.name)
        if memory and memory < MIN_MEMORY:
            raise errors.memory_too_small()
        host = container.host_config
        if restart is not None:
            host.restart_policy = restart
        if memory is not None:
            host.memory = memory
        if nano_cpus is not None:
            host.nano_cpus = nano_cpus
        if pids_limit is not None:
            host.pids_limit = pids_limit if pids_limit > 0 else None
        self.emit("container", "update", container.id)
        return container

    def container_create_warnings(self, request: CreateRequest) -> list[str]:
        """The create response's Warnings for a request that was accepted (moby
        daemon/daemon_unix.go verifyPlatformContainerSettings)."""
        if request.network == "host" and request.publish:
            return [errors.PUBLISH_HOST_WARNING]
        return []

    def container_prune(
        self, filters: Mapping[str, Sequence[str]] | None = None
    ) -> tuple[list[str], int]:
        """`POST /containers/prune` (daemon/prune.go): every container not running that the
        filters (`until`, `label`, `label!`) select; (IDs removed, bytes reclaimed)."""
        from dockersim.engine.prunefilter import PruneFilter

        self.engine.settle()
        wanted = PruneFilter.parse("container", filters, self.now)
        removed = []
        reclaimed = 0
        for container in list(self.world.containers.values()):
            if wanted.keeps(container.created, container.config.labels):
                continue
            if not container.state.running:
                reclaimed += self.engine.container_fs(container).size()
                removed.append(container.id)
                self.engine.remove_now(container)
        self.emit("container", "prune", "", reclaimed=str(reclaimed))  # prune.go, no actor
        return removed, reclaimed


def _merge_env(base: list[str], extra: list[str]) -> list[str]:
    """Image env first; a `-e KEY=...` replaces the image's KEY in place."""
    out = list(base)
    for item in extra:
        key = item.split("=", 1)[0]
        for index, existing in enumerate(out):
            if existing.split("=", 1)[0] == key:
                out[index] = item
                break
        else:
            out.append(item)
    return out


def _ancestry(path: str) -> list[str]:
    """`/srv/x` -> [`/srv`, `/srv/x`]: each directory down to an absolute path."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]
