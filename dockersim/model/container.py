"""The container lifecycle: moby's state flags, the status they imply, and every transition.

This is the only place that sets the lifecycle flags (STYLE.md item 10). As in moby's
`daemon/container/state.go`, the status is computed from flags checked in order (a paused
container is Running and Paused at once), the `docker ps` STATUS text is computed beside it
from the same flags, and each named transition sets every related field in one step. Time is
always an argument: nothing here reads a clock.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.model.health import UNHEALTHY, Health
from dockersim.model.humanize import human_duration
from dockersim.model.image import Healthcheck
from dockersim.model.timers import TimerQueue

STATES = ("created", "running", "paused", "restarting", "removing", "exited", "dead")

#: Exit status Docker records when a start fails for a reason other than a missing or
#: non-executable command (moby daemon/errors.go `exitUnknown`).
EXIT_UNKNOWN = 128


@attrs.define(eq=False)
class State:
    running: bool = False
    paused: bool = False
    restarting: bool = False
    oom_killed: bool = False
    removal_in_progress: bool = False
    dead: bool = False
    pid: int = 0
    exit_code: int = 0
    error: str = ""
    #: None is Go's zero time (never started / never finished).
    started_at: float | None = None
    finished_at: float | None = None
    #: `State.Health`: None until a container with a health check first starts
    health: Health | None = None

    # --- derived ----------------------------------------------------------------------------
    @property
    def status(self) -> str:
        """`State.Status` by moby's precedence (state.go `State()`)."""
        if self.running:
            if self.paused:
                return "paused"
            if self.restarting:
                return "restarting"
            return "running"
        if self.removal_in_progress:
            return "removing"
        if self.dead:
            return "dead"
        if self.started_at is None:
            return "created"
        return "exited"

    def status_text(self, now: float) -> str:
        """The `docker ps` STATUS column (state.go `String()`), computed from the same flags."""
        if self.running:
            if self.paused:
                return f"Up {human_duration(now - (self.started_at or now))} (Paused)"
            if self.restarting:
                ago = human_duration(now - (self.finished_at or now))
                return f"Restarting ({self.exit_code}) {ago} ago"
            up = f"Up {human_duration(now - (self.started_at or now))}"
            if self.health is not None:
                return f"{up} ({self.health.label})"
            return up
        if self.removal_in_progress:
            return "Removal In Progress"
        if self.dead:
            return "Dead"
        if self.started_at is None:
            return "Created"
        if self.finished_at is None:
            return ""
        return f"Exited ({self.exit_code}) {human_duration(now - self.finished_at)} ago"

    # --- transitions ------------------------------------------------------------------------
    def set_running(self, pid: int, now: float) -> None:
        """A successful start: the exit code and error of the last run are cleared."""
        self.running, self.paused, self.restarting = True, False, False
        self.pid, self.exit_code, self.error = pid, 0, ""
        self.started_at = now
        self.oom_killed = False

    def stop_monitor(self) -> None:
        """The health monitor stops (moby `stopHealthchecks`): a probe under way is dropped,
        and a running monitor leaves the status unhealthy (CloseMonitorChannel)."""
        health = self.health
        if health is not None and health.monitoring:
            health.monitoring = False
            health.pending = None
            health.status = UNHEALTHY

    def set_stopped(self, exit_code: int, now: float, oom_killed: bool = False) -> None:
        self.stop_monitor()
        self.running, self.paused, self.restarting = False, False, False
        self.pid, self.exit_code = 0, exit_code
        self.finished_at = now
        if oom_killed:
            self.oom_killed = True

    def set_restarting(self, exit_code: int, now: float) -> None:
        """Exited, and the restart policy will start it again after a back-off."""
        self.stop_monitor()
        self.running, self.paused, self.restarting = True, False, True
        self.pid, self.exit_code = 0, exit_code
        self.finished_at = now

    def set_paused(self) -> None:
        self.stop_monitor()  # daemon/pause.go updateHealthMonitor
        self.paused = True

    def set_unpaused(self) -> None:
        self.paused = False

    def set_start_failed(self, exit_code: int, error: str) -> None:
        """The process never ran: status stays what it was (created if never started)."""
        self.running, self.paused, self.restarting = False, False, False
        self.pid = 0
        self.exit_code = exit_code or EXIT_UNKNOWN
        self.error = error

    def set_removal_in_progress(self) -> None:
        self.removal_in_progress = True

    def set_dead(self) -> None:
        self.dead = True
        self.removal_in_progress = False

    # --- persistence ------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        state = cls()
        for field in attrs.fields(cls):
            if field.name in data:
                setattr(state, field.name, data[field.name])
        if isinstance(state.health, dict):
            state.health = Health.from_json(state.health)
        return state


@attrs.frozen
class RestartPolicy:
    name: str = "no"
    maximum_retry_count: int = 0

    def should_restart(self, exit_code: int, restart_count: int, manually_stopped: bool) -> bool:
        """moby restartmanager.ShouldRestart, for an exit the container made by itself."""
        if manually_stopped:
            return False
        if self.name == "always":
            return True
        if self.name == "unless-stopped":
            return True
        if self.name == "on-failure":
            if exit_code == 0:
                return False
            return self.maximum_retry_count == 0 or restart_count < self.maximum_retry_count
        return False


def restart_backoff(restart_count: int) -> float:
    """100 ms doubled each time, capped at one minute (restartmanager.go)."""
    return float(min(0.1 * (2**restart_count), 60.0))


@attrs.define(eq=False)
class RunConfig:
    """The container's `Config` (what `docker inspect` shows under `.Config`)."""

    hostname: str
    image: str
    env: list[str] = attrs.Factory(list)
    cmd: list[str] | None = None
    entrypoint: list[str] | None = None
    working_dir: str = ""
    user: str = ""
    labels: dict[str, str] = attrs.Factory(dict)
    exposed_ports: list[str] = attrs.Factory(list)
    volumes: list[str] = attrs.Factory(list)
    stop_signal: str = ""
    stop_timeout: int | None = None
    tty: bool = False
    open_stdin: bool = False
    attach_stdout: bool = True
    attach_stderr: bool = True
    domainname: str = ""
    #: the effective health check (the image's merged with the `--health-*` flags)
    healthcheck: Healthcheck | None = None


@attrs.define(eq=False)
class HostConfig:
    restart_policy: RestartPolicy = RestartPolicy()
    auto_remove: bool = False
    memory: int = 0
    nano_cpus: int = 0
    pids_limit: int | None = None
    read_only: bool = False
    network_mode: str = "bridge"
    #: `-p` requests: (host IP, host port or 0 for an ephemeral one, container port, protocol)
    publish: list[tuple[str, int, int, str]] = attrs.Factory(list)
    publish_all: bool = False
    binds: list[str] = attrs.Factory(list)
    init: bool = False
    links: list[str] = attrs.Factory(list)


@attrs.define(eq=False)
class Container:
    """One container: its identity, configuration, lifecycle state and main process."""

    id: str
    name: str  # with the leading slash, as moby stores it
    created: float
    image_id: str
    image_ref: str  # the image as the user named it (`docker ps` IMAGE column)
    path: str
    args: list[str]
    config: RunConfig
    host_config: HostConfig
    #: the image's `os/arch[/variant]` (moby's ImagePlatform), recorded at create so that the
    #: container keeps it when its image is deleted; "" in worlds saved before it was kept
    image_platform: str = ""
    state: State = attrs.Factory(State)
    restart_count: int = 0
    manually_stopped: bool = False
    #: back-off before the next automatic restart (restartmanager), seconds
    restart_delay: float = 0.1
    #: when the running process exits by itself (None: it runs until signalled)
    _exit_at: float | None = None
    #: exit code the process will exit with at exit_at, and whether the OOM killer did it
    exit_code_at: int = 0
    exit_oom: bool = False
    #: the program PID 1 waits in when it runs until signalled, and the signals it handles
    blocked_in: str = ""
    handles: tuple[str, ...] = ()
    #: the argv of each server its processes daemonized (busybox `httpd -h DIR`); they end
    #: with the container
    daemons: list[list[str]] = attrs.Factory(list)
    #: a blocked shell's traps: signal -> what it prints and how it ends (userland/traps.py)
    traps: dict[str, dict[str, Any]] = attrs.Factory(dict)
    #: the requests its node server answered since it started ({"at", "port", "method",
    #: "path", "headers", "body"}): replayed to rebuild what the server keeps in memory
    served: list[dict[str, Any]] = attrs.Factory(list)
    #: when a restarting container starts again
    _restart_at: float | None = None
    #: when `docker pause` froze it
    paused_at: float | None = None
    #: what the main process and its execs printed: (time, stream, text)
    logs: list[tuple[float, str, str]] = attrs.Factory(list)
    next_pid: int = 2
    #: creation order, to sort containers made in the same virtual instant (newest first)
    serial: int = 0
    #: networks to join at start: name -> {"aliases": [...], "ip": "..."} (`--network`, connect)
    networks: dict[str, dict[str, object]] = attrs.Factory(dict)
    #: host ports bound while it runs: (host IP, host port, container port, protocol)
    ports: list[tuple[str, int, int, str]] = attrs.Factory(list)
    #: volumes and bind mounts: dicts with Type, Name, Source, Destination, RW
    mounts: list[dict[str, object]] = attrs.Factory(list)
    #: when the health monitor next acts: a probe starts, or the probe under way ends
    _probe_at: float | None = None
    #: the timer queues of the table holding it (not saved: the table sets them on insert)
    timers: TimerQueue | None = attrs.field(default=None, init=False, eq=False, repr=False)
    probe_timers: TimerQueue | None = attrs.field(default=None, init=False, eq=False, repr=False)

    # `exit_at` and `restart_at` are set through these, so that every new time goes on the
    # timer queue of the table that holds the container (model/timers.py)
    @property
    def exit_at(self) -> float | None:
        """When the running process exits by itself (None: it runs until signalled)."""
        return self._exit_at

    @exit_at.setter
    def exit_at(self, when: float | None) -> None:
        self._exit_at = when
        if when is not None and self.timers is not None:
            self.timers.push(when, self.id)

    @property
    def restart_at(self) -> float | None:
        """When a restarting container starts again."""
        return self._restart_at

    @restart_at.setter
    def restart_at(self, when: float | None) -> None:
        self._restart_at = when
        if when is not None and self.timers is not None:
            self.timers.push(when, self.id)

    @property
    def probe_at(self) -> float | None:
        """When the health monitor next acts (engine/health.py)."""
        return self._probe_at

    @probe_at.setter
    def probe_at(self, when: float | None) -> None:
        self._probe_at = when
        if when is not None and self.probe_timers is not None:
            self.probe_timers.push(when, self.id)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def display_name(self) -> str:
        return self.name.removeprefix("/")

    @property
    def command_line(self) -> str:
        return " ".join([self.path, *self.args]).strip()

    @property
    def ps_command(self) -> str:
        """`docker ps` COMMAND (moby container/view.go): arguments holding a space in quotes."""
        if not self.args:
            return self.path
        args = [f"'{a}'" if " " in a else a for a in self.args]
        return f"{self.path} {' '.join(args)}"
