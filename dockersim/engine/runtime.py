"""Processes and virtual time: starting a container's PID 1, signals, exits, restart policies.

A process runs through the userland at once and yields a timeline: what it prints and when,
and either its exit (code and time) or the program it waits in forever. The engine keeps the
pending exit on the container (`exit_at`) and applies it when the virtual clock reaches it;
restart policies schedule the next start after moby's back-off. Effects on the filesystem
happen at the start time (a documented simplification); output appears in `docker logs` at
its own time.
"""

from __future__ import annotations

from _random import Random as _CRandom
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.networks import netview_class
from dockersim.errors import DockerError
from dockersim.model import signals
from dockersim.model.container import Container, restart_backoff
from dockersim.model.cowfs import DISK_FULL, CowFS, MiB, layer_cost
from dockersim.model.fs import IMAGE_FILE_AGE, FileEntry, Tree, union
from dockersim.model.mountfs import MountedFS
from dockersim.model.names import below

if TYPE_CHECKING:
    import random

    from dockersim.model.userland import Proc, ProcInfo, Timeline

#: Seconds the daemon waits after SIGKILL before giving up (moby stop.go); never reached here.
KILL_GRACE = 10.0
DEFAULT_STOP_TIMEOUT = 10
#: `exit_code_at` of a process that does not exit at `exit_at` but is run again then
WAKE = -1  # (node_wake.WAKING)
#: What `docker logs` keeps of one container (characters of output): past it the oldest
#: output is dropped, as a log driver with `max-size` rotates. The logs also count against
#: the host's disk (`Quota`); past it the output is still kept (an attached client reads it
#: from there; a run prints at most a megabyte) and the disk's hit is recorded.
MAX_LOG_BYTES = 16 * MiB
LOGS_ROTATED = f"a container's logs passed {MAX_LOG_BYTES // MiB} MiB (the oldest were dropped)"
#: the C generator's own seeding (what `Random.seed` does for an int, without its checks)
_reseed = _CRandom.seed


class RuntimeOps(EngineBase):
    #: called once for every runtime event time applies (an exit, an automatic restart); a
    #: grader counts them to bound a submission (a restart loop over years of virtual time)
    event_hook: Callable[[], None] | None = None
    #: containers inside `docker restart` right now: a `--rm` one is not removed by its stop
    #: (moby's HasBeenManuallyRestarted)
    manual_restarts: frozenset[str] = frozenset()

    # --- identities --------------------------------------------------------------------------
    def draw(self) -> random.Random:
        """A random source for the next ID or name, a pure function of (seed, counter)."""
        import random  # (imported on first use: a command that draws nothing never needs it)

        self.world.counter += 1
        return random.Random(self.world.seed * 1_000_003 + self.world.counter)

    def _draw_now(self) -> random.Random:
        """As `draw`, for a caller that uses it at once: this engine's one generator, seeded
        again (the same sequence without building a generator each time)."""
        world = self.world
        world.counter = counter = world.counter + 1
        rng: random.Random | None = self.__dict__.get("_rng")
        if rng is None:
            import random

            rng = self.__dict__["_rng"] = random.Random(0)
        _reseed(rng, world.seed * 1_000_003 + counter)
        return rng

    def new_id(self) -> str:
        """64 hex characters whose first 12 are never all digits (stringid.GenerateRandomID)."""
        while True:
            value = f"{self._draw_now().getrandbits(256):064x}"
            if not value[:12].isdigit():
                return value

    def new_pid(self) -> int:
        world = self.world
        # randrange(1, 40), drawn as CPython draws it (model/names.py `below`)
        world.next_pid += 1 + below(self._draw_now().getrandbits, 39)
        return world.next_pid

    # --- what the host holds -----------------------------------------------------------------
    def _attach_quota(self, fs: CowFS) -> None:
        """Count what a process writes through `fs` (and its mounts) against the host's disk."""
        quota = self.quota
        fs.quota = quota
        if isinstance(fs, MountedFS):
            for mount in fs.mounts:
                mount.charge(quota)

    def add_log(self, container: Container, at: float, stream: str, text: str) -> None:
        """Keep one piece of a container's output, within MAX_LOG_BYTES and the disk."""
        quota = self.quota
        sizes: dict[str, tuple[int, int]] = self.__dict__.setdefault("_log_sizes", {})
        logs = container.logs
        count, held = sizes.get(container.id, (0, 0))
        if count > len(logs):  # rewritten elsewhere: count again
            count, held = 0, 0
        held += sum(len(item[2]) for item in logs[count:])
        if len(text) > quota.room:
            quota.hit(DISK_FULL)
        logs.append((at, stream, text))
        held += len(text)
        quota.used += len(text)
        if held > MAX_LOG_BYTES:
            quota.hit(LOGS_ROTATED)
            drop = 0
            while held > MAX_LOG_BYTES and drop < len(logs):
                held -= len(logs[drop][2])
                quota.used -= len(logs[drop][2])
                drop += 1
            del logs[:drop]
        sizes[container.id] = (len(logs), held)

    def _forget_logs(self, container: Container) -> None:
        self.__dict__.setdefault("_log_sizes", {}).pop(container.id, None)
        quota = self.__dict__.get("_quota")
        if quota is not None:
            quota.used = max(quota.used - sum(len(item[2]) for item in container.logs), 0)

    # --- filesystems -------------------------------------------------------------------------
    def image_tree(self, image_id: str) -> Tree:
        """The union view of an image's layers (shared by every container of the image)."""
        return self._chain_tree(self.world.images[image_id].top_chain_id)

    def _chain_tree(self, top: str | None) -> Tree:
        """The union view of a layer and its parents, from the layer store alone (cached by
        chainID: a chain's content never changes)."""
        if top is None:
            return union([])
        cache = self._trees
        tree = cache.get(top)
        if tree is None:
            tree = union([self.layer_entries(chain) for chain in self._chain_of(top)])
            cache[top] = tree
        return tree

    def _chain_of(self, top: str | None) -> list[str]:
        """The chainIDs from the base layer up to `top`, following the parents."""
        chain: list[str] = []
        while top is not None:
            chain.append(top)
            top = self.world.layers[top].parent
        return chain[::-1]

    # --- a container's root filesystem ---------------------------------------------------------
    def rootfs_create(self, container: Container) -> None:
        """At create, just before the mounts (moby daemon/create.go setRWLayer): the
        container's read-write layer on its image's top layer, holding a reference on it, and
        the image's platform recorded on the container. Doing it twice changes nothing."""
        if container.id in self.world.rw_layers:
            return
        image = self.world.images[container.image_id]
        self.engine.layer_mount(container.id, image.top_chain_id)
        container.image_platform = image.platform

    def _rootfs_parent(self, container: Container) -> str | None:
        """The chainID the container's read-write layer sits on (its image's top layer, which
        it keeps when the image is deleted)."""
        if container.id in self.world.rw_layers:
            return self.world.rw_layers[container.id]
        image = self.world.images.get(container.image_id)  # a removed container: no layer
        return image.top_chain_id if image is not None else None

    def rootfs_tree(self, container: Container) -> Tree:
        """The image layers under the container's writable layer (no image record needed)."""
        return self._chain_tree(self._rootfs_parent(container))

    def container_layers(self, container: Container) -> list[str]:
        """The chainIDs under the container's writable layer, base first."""
        return self._chain_of(self._rootfs_parent(container))

    def container_image_size(self, container: Container) -> int:
        """What the layers under the container hold (SizeRootFs less SizeRw, moby
        GetContainerLayerSize): the image's size, still known when the image is gone."""
        return sum(self.world.layers[chain].size for chain in self.container_layers(container))

    def layer_entries(self, chain_id: str) -> tuple[FileEntry, ...]:
        record = self.world.layers[chain_id]
        local = self.world.layer_content.get(record.diff_id)
        if local is not None:
            return local
        if record.source.startswith("hub:"):
            from dockersim.model.image import Platform

            key, _, platform = record.source[4:].partition("|")
            if key in self.catalog.images:
                for layer in self.catalog.build(key, Platform.parse(platform)).layers:
                    if str(layer.diff_id) == record.diff_id:
                        return layer.entries
        found = self.catalog.layer_by_diff_id(record.diff_id)
        return found.entries if found is not None else ()

    def _forget_fs(self, container_id: str) -> None:
        self._fs.pop(container_id, None)
        upper = self.world.uppers.pop(container_id, None)
        quota = self.__dict__.get("_quota")
        if upper is not None and quota is not None:
            quota.used = max(quota.used - layer_cost(upper), 0)
        self.world.opaques.pop(container_id, None)
        self.world.mtimes.pop(container_id, None)

    # --- processes ---------------------------------------------------------------------------
    def proc_for(
        self, container: Container, env: list[str] | None = None, user: str | None = None
    ) -> Proc:
        """The process context of a new process in `container` (as `user`, default the
        container's `--user`); raises the daemon's error for an unknown user or group."""
        userland_programs, as_user, supplementary_groups, make_proc, UnknownUser, resolve_user = (
            _PROC_PARTS or _proc_parts()
        )
        config = container.config
        variables: dict[str, str] = {}
        for item in config.env if env is None else [*config.env, *env]:
            key, eq, value = item.partition("=")
            if eq:
                variables[key] = value
            else:  # moby ReplaceOrAppendEnvValues: a bare name (unset on the client) unsets
                variables.pop(key, None)
        fs = self.engine.container_fs(container)
        if fs.quota is not self.quota:  # (a view made here has it, and so have its mounts)
            self._attach_quota(fs)
        try:
            who = resolve_user(fs, config.user if user is None else user)
        except UnknownUser as exc:
            raise DockerError(str(exc)) from None
        variables.setdefault("HOSTNAME", config.hostname)
        variables.setdefault("HOME", who.home if who.name else "/")
        platform = container.image_platform
        if not platform:
            image = self.world.images.get(container.image_id)
            platform = image.platform if image is not None else ""
        arch = "aarch64" if platform.split("/")[1:2] == ["arm64"] else "x86_64"
        proc: Proc = make_proc(
            # root sees the files themselves: no groups to look up
            fs=as_user(fs, who.uid, who.gid, supplementary_groups(fs, who.name) if who.uid else ()),
            env=variables,
            uid=who.uid,
            gid=who.gid,
            user=who.name or str(who.uid),
            cwd=config.working_dir or "/",
            hostname=config.hostname,
            now=self.now,
            arch=arch,
            image_time=self.now - IMAGE_FILE_AGE,
            mtimes=self.world.mtimes.setdefault(container.id, {}),
            tty=config.tty,
            memory_limit=container.host_config.memory,
            net=self.engine.net_view(container),
            programs=userland_programs(),
        )
        return proc

    def container_processes(self, container: Container) -> list[ProcInfo]:
        """The processes a running container holds, with their in-container PIDs.

        PID 1 is the container's command; a program with several processes says which
        (nginx's master and workers).
        """
        from dockersim.engine.programs import program_of
        from dockersim.model.userland import ProcInfo

        started = container.state.started_at or self.now
        user = container.config.user or "root"
        tty = "pts/0" if container.config.tty else "?"
        program = program_of(container.blocked_in)
        if program is not None and program.processes is not None:
            main = program.processes(container, started, user, tty)
        else:
            argv = (container.path, *container.args)
            main = [ProcInfo(1, 0, user, container.command_line, started, tty=tty, argv=argv)]
        return main + self.engine.terminal_processes(container)

    def container_usage(self, container: Container) -> tuple[int, int]:
        """`docker stats`: (memory in bytes, processes) of a running container, else (0, 0);
        the memory is what its program declares (`Program.memory_mib`), 0.4 MiB otherwise."""
        from dockersim.engine.programs import program_of

        if not container.state.running or container.state.restarting:
            return 0, 0
        program = program_of(container.blocked_in)
        mib = program.memory_mib if program is not None else 0.4
        return int(mib * 1024 * 1024), len(self.container_processes(container))

    def launch(self, container: Container, at: float, stdin: str | None = None) -> None:
        """Run PID 1 and record its timeline; raises the runtime's exec error on failure.

        `stdin` is what an attached client types, then closes (None: no client is attached
        to its input). A program that reads lines at a terminal (`-it` bash, a REPL) is
        typed `stdin` line by line; with no client, it stays open, waiting for one to
        attach and type (a live terminal: engine/terminals.py), as does a shell with `-i`
        alone."""
        program_of, ExecIsDirectory, ExecNotFound, ExecPermission, execute = (
            _LAUNCH_PARTS or _launch_parts()
        )
        argv = [container.path, *container.args]
        self.engine.net_up(container)
        self.engine.volume_events(container, "mount")  # start.go: after the network
        proc = self.proc_for(container)
        proc.stdin = stdin or ""
        proc.now = at
        _present(proc, at)
        config = container.config
        try:
            program = (
                self.engine.line_program(argv, proc, config.tty)
                if (config.open_stdin or config.tty) and (config.tty or stdin is None)
                else None
            )
            timeline = None if program is not None else execute(argv, proc)
        except ExecNotFound as exc:
            self._release(container)
            raise errors.exec_not_found(exc.name, exc.path) from None
        except (ExecIsDirectory, ExecPermission) as exc:
            self._release(container)
            raise errors.exec_permission(exc.name) from None
        container.state.set_running(self.new_pid(), at)
        container.daemons = []
        container.served = []  # (a new process: what its server kept in memory is gone)
        if container.config.healthcheck is not None:
            self.engine.health_start(container, at)
        if program is not None:
            if stdin is None:
                self.engine.terminal_start(container, program, proc, at)
            else:
                self.record(container, self.engine.feed(program, stdin), at)
            return
        assert timeline is not None
        self.record(container, timeline, at)
        server = program_of(timeline.blocked_in)
        if server is not None and server.started is not None:
            server.started(self.engine, container, proc.fs)

    def record(
        self, container: Container, timeline: Timeline, at: float, since: float = 0.0
    ) -> None:
        """Log what the process printed from `since` (seconds into it) on, and keep how it
        ends: its exit, the program it blocks in, or the moment it waits to be run again
        (`Timeline.wake`: `exit_at` with the code WAKE)."""
        for item in timeline.outputs:
            if item.at >= since:
                self.add_log(container, at + item.at, item.stream, item.text)
        if timeline.wake is not None:
            container.served = [e for e in container.served if "wake" not in e]
            container.served.append({"wake": dict(timeline.wake)})
            container.exit_at = at + timeline.duration
            container.exit_code_at = WAKE
            container.blocked_in = timeline.blocked_in
            container.handles = tuple(sorted(timeline.handles))
            container.traps = {sig: dict(how) for sig, how in timeline.reactions.items()}
        elif timeline.exit_code is None:
            container.exit_at = None
            container.blocked_in = timeline.blocked_in
            container.handles = tuple(sorted(timeline.handles))
            container.traps = {sig: dict(how) for sig, how in timeline.reactions.items()}
        else:
            container.exit_at = at + timeline.duration
            container.exit_code_at = timeline.exit_code
            container.exit_oom = timeline.oom_killed
            container.blocked_in = ""
            container.handles = ()
            container.traps = {sig: dict(how) for sig, how in timeline.reactions.items()}

    # --- virtual time ------------------------------------------------------------------------
    def settle(self, until: float | None = None) -> None:
        """Apply every exit and automatic restart due by `until` (default: now), in order."""
        world = self.world
        now = world.now
        target = now if until is None else until
        containers = world.containers
        self.engine.health_epoch += 1  # commands may have changed what probes see
        if not containers.probes and containers.timers.first() > target:
            if target > now:  # the usual case: nothing is due (no timer by `target`)
                world.now = target
            return
        while True:
            due = containers.next_due(target)
            if containers.probes:  # a health monitor may act before the next runtime event
                bound = target if due is None else due[0]
                probe = containers.next_probe(bound)
                if probe is not None and (due is None or probe[0] < due[0]):
                    self.engine.health_act(probe[1], probe[0], bound)
                    continue
            if due is None:
                break
            when, container = due
            if self.event_hook is not None:
                self.event_hook()
            self.engine.health_epoch += 1
            if container.state.restarting and container.restart_at is not None:
                self._auto_restart(container, when)
            else:
                self.on_exit(container, container.exit_code_at, when, container.exit_oom)
        self.world.now = max(self.world.now, target)

    def _wake(self, container: Container, at: float) -> None:
        """PID 1 waited to ask the world again at `at` (`Timeline.wake`): its program runs
        the waiting part again, as it ran then, and what it prints from `at` on is logged."""
        from dockersim.engine.programs import program_of

        program = program_of(container.blocked_in)
        found = program.wake(self.engine, container, at) if program and program.wake else None
        if found is None:
            container.exit_at, container.exit_code_at = None, 0  # it waits on, for good
            return
        timeline, begun = found
        self.record(container, timeline, begun)

    def _release(self, container: Container) -> None:
        """start.go Cleanup, before `die`: the network (its disconnect events), then the
        volumes (their unmount events)."""
        self.engine.net_down(container)
        self.engine.volume_events(container, "unmount")

    def on_exit(self, container: Container, code: int, at: float, oom: bool = False) -> None:
        """PID 1 ended: restart per policy, remove (`--rm`), or stop."""
        if code == WAKE and container.state.running:
            self._wake(container, at)
            return
        self.world.memory.pop(container.id, None)  # the process's memory goes with it
        if self.world.terminals:
            self.engine.terminals_close(container.id)
        logs = container.logs
        if logs and any(entry[0] > at for entry in logs):  # what it would have printed later
            container.logs = [entry for entry in container.logs if entry[0] <= at]
        container.exit_at = None
        container.exit_oom = False
        self._release(container)
        if oom:
            self.emit("container", "oom", container.id)
        state = container.state
        policy = container.host_config.restart_policy
        ran = at - (state.started_at or at)
        # monitor.go: the exit code and how long the process ran, in whole seconds
        died = {"exitCode": str(code), "execDuration": str(int(ran))}
        if policy.should_restart(code, container.restart_count, container.manually_stopped):
            if ran >= 10:
                container.restart_delay = 0.1
            delay = container.restart_delay
            container.restart_delay = restart_backoff_next(delay)
            state.set_restarting(code, at)
            container.restart_at = at + delay
            container.restart_count += 1  # counted when scheduled (moby monitor.go)
            self.emit("container", "die", container.id, **died)
            return
        state.set_stopped(code, at, oom_killed=oom)
        self.emit("container", "die", container.id, **died)
        if container.host_config.auto_remove and container.id not in self.manual_restarts:
            self.remove_now(container, volumes=True)

    def _auto_restart(self, container: Container, at: float) -> None:
        container.restart_at = None
        died_with = container.state.exit_code
        try:
            self.launch(container, at)
        except DockerError as exc:
            container.state.set_start_failed(died_with, str(exc))
            # moby's monitor puts back the exit code of the process that died, even 0
            container.state.exit_code = died_with
            container.state.restarting = False
            return
        self.emit("container", "start", container.id)

    def signal(self, container: Container, sig: str) -> int | None:
        """Deliver `sig` to PID 1; the exit code it causes now, or None if it lives on."""
        program_of = (_LAUNCH_PARTS or _launch_parts())[0]
        how = container.traps.get(sig) if sig != "SIGKILL" else None
        if how is not None and how.get("from", self.now) <= self.now < how.get("until", 1e18):
            self._run_trap(container, how)
            return None
        program = program_of(container.blocked_in)
        if program is not None and program.exits:
            exits = program.exits
        else:
            exits = signals.HANDLER_EXITS.get(container.blocked_in or "", {})
        code = signals.outcome(exits, container.handles, sig)
        if code is not None:
            said = None
            if program is not None and program.shutdown is not None:
                said = program.shutdown(self.engine, container, sig)
            if said is not None:
                self.add_log(container, self.now, said[0], said[1])
        return code

    def _run_trap(self, container: Container, how: dict[str, Any]) -> None:
        """A blocked shell's trap: its output, then its exit (if the action exits) once the
        running command has returned; the exit is then due like any other."""
        start = self.now + float(how.get("delay", 0.0))
        for at, stream, text in how.get("outputs", []):
            self.add_log(container, start + float(at), str(stream), str(text))
        code = how.get("code")
        if isinstance(code, int):
            container.exit_at = start + float(how.get("duration", 0.0))
            container.exit_code_at = code
            container.blocked_in = ""
            container.handles = ()
            container.traps = {}

    def remove_now(self, container: Container, volumes: bool = False) -> None:
        if volumes:
            self.engine.remove_anonymous_volumes(container)
        self.world.containers.pop(container.id, None)
        if self.world.terminals:
            self.engine.terminals_close(container.id)
        self._forget_logs(container)
        self._forget_fs(container.id)
        self.engine.layer_unmount(container.id)
        # gone from the table by now, so its attributes are given as moby logs them
        attributes = {**container.config.labels, "image": container.image_ref}
        self.emit("container", "destroy", container.id, **attributes, name=container.display_name)


def _present(proc: Proc, at: float) -> None:
    """A PID 1 about to run ahead of the clock knows the world as it is at `at`."""
    if isinstance(proc.net, netview_class()):
        proc.net.present = at


#: what `proc_for` needs from modules imported on first use (not at engine import)
_PROC_PARTS: tuple[Any, ...] = ()


def _proc_parts() -> tuple[Any, ...]:
    global _PROC_PARTS
    from dockersim.engine.programs import userland_programs
    from dockersim.model.permfs import as_user, supplementary_groups
    from dockersim.model.userland import Proc
    from dockersim.model.userland.users import UnknownUser, resolve_user

    _PROC_PARTS = (
        userland_programs,
        as_user,
        supplementary_groups,
        Proc,
        UnknownUser,
        resolve_user,
    )
    return _PROC_PARTS


#: what `launch` and `signal` need from modules imported on first use
_LAUNCH_PARTS: tuple[Any, ...] = ()


def _launch_parts() -> tuple[Any, ...]:
    global _LAUNCH_PARTS
    from dockersim.engine.programs import program_of
    from dockersim.model.userland import ExecIsDirectory, ExecNotFound, ExecPermission, execute

    _LAUNCH_PARTS = (program_of, ExecIsDirectory, ExecNotFound, ExecPermission, execute)
    return _LAUNCH_PARTS


def restart_backoff_next(delay: float) -> float:
    return min(delay * 2, 60.0) if delay else restart_backoff(0)
