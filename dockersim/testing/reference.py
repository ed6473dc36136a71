"""A deliberately dumb model of one Docker host, for `LifecycleMachine` to check an engine against.

Plain dataclasses, dicts and sets; it imports nothing from dockersim outside dockersim.testing
(the engine is only ever driven by the machine, never read here). Each public method takes
the arguments of one docker command line, moves the model as Docker 29 would
(shared/spec/lifecycle-moby.md, read against moby and docker/cli), and returns an `Outcome`: the
exit status the docker CLI gives, and whether the command may change the world at all (a command
that fails entirely must leave the engine's state byte-identical).

What it knows, and how:
- containers run one of three busybox programs (`PROGRAMS`): `sleep 1000` keeps running and, as
  PID 1, ignores SIGTERM (so `stop` waits its timeout, then SIGKILL: 137); `true` and
  `sh -c 'exit 3'` exit at once. Time is virtual: `now` moves only by `advance` and by `stop`
  waiting; exits and restart-policy restarts are events played in time order (ties: the older
  container first), with moby's back-off (100 ms, doubled, capped at 1 min, reset after 10 s).
- the lifecycle matrix is `TABLE` (§2.1): (command, state) -> (state, CLI exit status).
- host ports are held by running and paused containers only (a restarting container released
  its ports); a start that finds its port held, or one of its networks gone, fails and leaves
  the container as it was, with `State.Error` set (§1.2, §8; moby daemon/start.go).
- images (§7): see `reference_images`, mixed into `Host`.
- volumes (§9): named ones are made by `-v`, kept by `--rm`, and cannot be removed while any
  container refers to them. Networks (§8): `network rm` refuses while a running container has
  an endpoint; a stopped container keeps its (possibly stale) attachment.

`Host.quirks` switches on entries of `quirks.QUIRKS`, where dockersim is known to differ from
Docker: the model then predicts dockersim's behaviour there, so the machine keeps checking the
rest past a reported engine bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dockersim.testing.outcome import UNMODELLED, Outcome
from dockersim.testing.reference_images import ImagesModel, normalise

#: program -> (argv after the image, seconds PID 1 runs, its exit code)
PROGRAMS: dict[str, tuple[tuple[str, ...], float, int]] = {
    "sleep": (("sleep", "1000"), 1000.0, 0),
    "exit3": (("sh", "-c", "exit 3"), 0.0, 3),
    "true": (("true",), 0.0, 0),
}
#: states in which a container has Running=true (listed by `docker ps`, using its image)
RUNNING = ("running", "paused", "restarting")
PREDEFINED_NETWORKS = ("bridge", "host", "none")
STOP_TIMEOUT = 10.0
SIGKILL_EXIT = 137
EXIT_UNKNOWN = 128  # moby daemon/errors.go exitUnknown

#: (command, state) -> (state after the command, CLI exit status); None means removed. The
#: lifecycle matrix of lifecycle-moby.md §2.1, for a PID 1 that ignores SIGTERM.
_STATES = ("created", "running", "paused", "restarting", "exited")
_ROWS: dict[str, tuple[tuple[str | None, int], ...]] = {
    #          created          running          paused           restarting          exited
    "start": (("running", 0), ("running", 0), ("paused", 1), ("restarting", 0), ("running", 0)),
    "stop": (("created", 0), ("exited", 0), ("exited", 0), ("exited", 0), ("exited", 0)),
    "kill": (("created", 1), ("exited", 0), ("exited", 0), ("exited", 0), ("exited", 1)),
    "pause": (("created", 1), ("paused", 0), ("paused", 1), ("restarting", 1), ("exited", 1)),
    "unpause": (("created", 1), ("running", 1), ("running", 0), ("restarting", 1), ("exited", 1)),
    "restart": (("running", 0),) * 5,
    "rm": ((None, 0), ("running", 1), ("paused", 1), ("restarting", 1), (None, 0)),
    "rm -f": ((None, 0),) * 5,
}
TABLE: dict[tuple[str, str], tuple[str | None, int]] = {
    (command, state): cell
    for command, cells in _ROWS.items()
    for state, cell in zip(_STATES, cells, strict=True)
}
#: (command, state) pairs Docker answers with 304 Not Modified: exit 0, nothing changes
NOT_MODIFIED = {
    ("start", "running"),
    ("start", "restarting"),
    ("stop", "created"),
    ("stop", "exited"),
}


@dataclass(frozen=True)
class RunSpec:
    """The options of one `docker run -d` / `docker create` the machine generates."""

    name: str
    image: str
    program: str
    restart: str = "no"  # no | always | unless-stopped | on-failure[:N]
    auto_remove: bool = False
    port: int | None = None
    volume: str | None = None
    network: str | None = None


@dataclass
class Box:
    """One container as the model sees it."""

    name: str
    image: str  # the image's key (see `Host.images`)
    program: str
    policy: str
    retries: int
    auto_remove: bool
    port: int | None
    volume: str | None
    networks: list[str]
    status: str = "created"
    exit_code: int = 0
    error: bool = False
    restart_count: int = 0
    manually_stopped: bool = False
    manual_restart: bool = False
    started_at: float | None = None
    exit_at: float | None = None
    paused_at: float | None = None
    restart_at: float | None = None
    delay: float = 0.1


@dataclass(kw_only=True)
class Host(ImagesModel):
    """The reference host: containers by name (in creation order), volumes, user networks,
    and (from `ImagesModel`) images; `now` is the virtual clock."""

    now: float
    quirks: frozenset[str] = frozenset()
    boxes: dict[str, Box] = field(default_factory=dict)
    volumes: set[str] = field(default_factory=set)
    networks: set[str] = field(default_factory=set)

    def image_users(self, key: str) -> tuple[bool, bool]:
        users = [box for box in self.boxes.values() if box.image == key]
        return bool(users), any(box.status in RUNNING for box in users)

    # --- time ------------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        self.settle(self.now + seconds)

    def settle(self, target: float) -> None:
        """Play every exit and automatic restart due by `target`, earliest first."""
        while True:
            due: tuple[float, Box] | None = None
            for box in self.boxes.values():
                when = box.restart_at if box.status == "restarting" else None
                if box.status == "running":
                    when = box.exit_at
                if when is not None and when <= target and (due is None or when < due[0]):
                    due = (when, box)
            if due is None:
                break
            when, box = due
            if box.status == "restarting":
                self._auto_restart(box, when)
            else:
                self._exited(box, PROGRAMS[box.program][2], when)
        self.now = max(self.now, target)

    def _launch(self, box: Box, at: float) -> None:
        box.status, box.exit_code, box.error = "running", 0, False
        box.started_at, box.paused_at = at, None
        box.exit_at = at + PROGRAMS[box.program][1]

    def _exited(self, box: Box, code: int, at: float) -> None:
        """PID 1 ended: restart per policy, else stop (and `--rm` removes it)."""
        box.exit_at, box.paused_at = None, None
        if not box.manually_stopped and self._should_restart(box, code):
            ran = at - (box.started_at if box.started_at is not None else at)
            if ran >= 10:
                box.delay = 0.1
            delay = box.delay
            box.delay = min(delay * 2, 60.0)
            box.status, box.exit_code, box.restart_at = "restarting", code, at + delay
            box.restart_count += 1
            return
        box.status, box.exit_code = "exited", code
        if box.auto_remove and not box.manual_restart:
            del self.boxes[box.name]

    @staticmethod
    def _should_restart(box: Box, code: int) -> bool:
        if box.policy in ("always", "unless-stopped"):
            return True
        if box.policy == "on-failure":
            return code != 0 and (box.retries == 0 or box.restart_count < box.retries)
        return False

    def _auto_restart(self, box: Box, at: float) -> None:
        box.restart_at = None
        if self._start_blocked(box):
            box.status, box.error = "exited", True
            return
        self._launch(box, at)

    # --- starting ----------------------------------------------------------------------------
    def _start_blocked(self, box: Box) -> bool:
        """Its host port is held by another container, or one of its networks is gone."""
        if box.port is not None and any(
            other is not box and other.port == box.port and other.status in ("running", "paused")
            for other in self.boxes.values()
        ):
            return True
        return any(not self._network_exists(net) for net in box.networks)

    def _start(self, box: Box) -> bool:
        """A manual start of a created or exited container; False if it failed."""
        if self._start_blocked(box):
            box.error = True
            if box.exit_code == 0:
                box.exit_code = EXIT_UNKNOWN
            if "start-failure-resets-restart-count" in self.quirks:
                box.restart_count = 0
            if box.auto_remove:
                del self.boxes[box.name]
            return False
        box.restart_count, box.manually_stopped, box.delay = 0, False, 0.1
        self._launch(box, self.now)
        self.settle(self.now)
        return True

    # --- create / run ------------------------------------------------------------------------
    def create(self, spec: RunSpec, start: bool) -> Outcome:
        """`docker create` (start=False) or `docker run -d` (start=True)."""
        usage = 125 if start else 1
        policy, _, count = spec.restart.partition(":")
        if spec.auto_remove and policy != "no":
            return Outcome(125, changes=False)  # the CLI refuses --rm with --restart
        key, pulled = self._image_for_run(spec.image)
        if key is None:
            return Outcome(usage, changes=False)
        if spec.name in self.boxes:
            return Outcome(usage, changes=pulled)
        box = Box(
            name=spec.name,
            image=key,
            program=spec.program,
            policy=policy,
            retries=int(count or 0),
            auto_remove=spec.auto_remove,
            port=spec.port,
            volume=spec.volume,
            networks=[spec.network or "bridge"],
        )
        self.boxes[spec.name] = box
        if spec.volume is not None:
            self.volumes.add(spec.volume)
        if start and not self._start(box):
            return Outcome(125, changes=True)
        return Outcome(0, changes=True)

    def _image_for_run(self, ref: str) -> tuple[str | None, bool]:
        """The image a run uses, pulling a catalog image that is missing: (key, pulled)."""
        tag = normalise(ref)
        if tag in self.tags:
            return self.tags[tag], False
        repo, _, version = tag.partition(":")
        if repo in self.catalog and version == "latest":
            self.pull(repo)
            return repo, True
        return None, False

    # --- lifecycle ---------------------------------------------------------------------------
    def lifecycle(self, command: str, name: str, arg: str | None = None) -> Outcome:
        """start, stop [-t arg], kill [-s arg], pause, unpause, restart [-t arg], rm, rm -f."""
        box = self.boxes.get(name)
        if box is None:
            return Outcome(0 if command == "rm -f" else 1, changes=False)
        _, status = TABLE[(command, box.status)]
        if status != 0 or (command, box.status) in NOT_MODIFIED:
            return Outcome(status, changes=False)
        handler = {
            "start": self._cmd_start,
            "stop": self._stop,
            "kill": self._kill,
            "pause": self._pause,
            "unpause": self._unpause,
            "restart": self._restart,
            "rm": self._rm,
            "rm -f": self._rm_force,
        }[command]
        return Outcome(handler(box, arg), changes=True)

    def _cmd_start(self, box: Box, arg: str | None) -> int:
        return 0 if self._start(box) else 1

    def _stop(self, box: Box, arg: str | None) -> int:
        """SIGTERM (ignored by `sleep` as PID 1; a paused container is thawed), then SIGKILL
        after the timeout; a restarting container just stays stopped."""
        box.manually_stopped = True
        if box.status == "restarting":
            box.status, box.restart_at = "exited", None
            return 0
        if box.status == "paused":
            self._thaw(box)
        deadline = self.now + (float(arg) if arg is not None else STOP_TIMEOUT)
        if box.exit_at is not None and box.exit_at <= deadline:
            self.settle(max(box.exit_at, self.now))
        else:
            self.settle(deadline)
            if box.status == "running" and self.boxes.get(box.name) is box:
                self._exited(box, SIGKILL_EXIT, self.now)
        return 0

    def _kill(self, box: Box, arg: str | None) -> int:
        box.manually_stopped = True
        if box.status == "restarting":
            box.status, box.restart_at = "exited", None
        elif arg in (None, "KILL"):
            self._exited(box, SIGKILL_EXIT, self.now)
        elif box.status == "paused":
            self._thaw(box)  # the signal is ignored, the task resumed
        return 0

    def _pause(self, box: Box, arg: str | None) -> int:
        box.status, box.paused_at = "paused", self.now
        return 0

    def _unpause(self, box: Box, arg: str | None) -> int:
        self._thaw(box)
        return 0

    def _thaw(self, box: Box) -> None:
        frozen = self.now - (box.paused_at if box.paused_at is not None else self.now)
        if box.exit_at is not None:
            box.exit_at += frozen
        box.status, box.paused_at = "running", None

    def _restart(self, box: Box, arg: str | None) -> int:
        """Stop (if running; its `--rm` does not remove it then), then start."""
        if box.status in RUNNING:
            box.manual_restart = True
            self._stop(box, arg)
        box.manual_restart = "restart-keeps-autoremoved" in self.quirks
        started = self._start(box)
        box.manual_restart = False
        return 0 if started else 1

    def _rm(self, box: Box, arg: str | None) -> int:
        del self.boxes[box.name]
        return 0

    def _rm_force(self, box: Box, arg: str | None) -> int:
        if box.status in RUNNING:
            box.manually_stopped, box.restart_at = True, None
            if box.status == "restarting":
                box.status = "exited"
            else:
                self._exited(box, SIGKILL_EXIT, self.now)
        self.boxes.pop(box.name, None)
        return 0

    # --- volumes -----------------------------------------------------------------------------
    def volume_create(self, name: str) -> Outcome:
        if name in self.volumes:
            return Outcome(0, changes=False)
        self.volumes.add(name)
        return Outcome(0, changes=True)

    def volume_rm(self, name: str, force: bool) -> Outcome:
        if name not in self.volumes:
            return Outcome(0 if force else 1, changes=False)
        if any(box.volume == name for box in self.boxes.values()):
            return Outcome(1, changes=False)  # in use, whatever its state; -f does not help
        self.volumes.discard(name)
        return Outcome(0, changes=True)

    # --- networks ----------------------------------------------------------------------------
    def _network_exists(self, name: str) -> bool:
        return name in PREDEFINED_NETWORKS or name in self.networks

    def network_create(self, name: str) -> Outcome:
        if self._network_exists(name):
            return Outcome(1, changes=False)
        if any(name in box.networks for box in self.boxes.values()):
            return UNMODELLED  # moby finds a container's network by its old ID, not its name
        self.networks.add(name)
        return Outcome(0, changes=True)

    def network_rm(self, name: str) -> Outcome:
        if name not in self.networks:
            return Outcome(1, changes=False)  # unknown, or predefined
        if any(
            name in box.networks and box.status in ("running", "paused")
            for box in self.boxes.values()
        ):
            return Outcome(1, changes=False)  # active endpoints
        self.networks.discard(name)
        return Outcome(0, changes=True)

    def network_connect(self, net: str, name: str) -> Outcome:
        box = self._endpoint_change(net, name, "connect-stopped")
        if isinstance(box, Outcome):
            return box
        if net in box.networks:
            stopped = box.status in ("created", "exited")
            quirk = "connect-stopped" in self.quirks
            return Outcome(1 if quirk or not stopped else 0, changes=False)
        box.networks.append(net)
        return Outcome(0, changes=True)

    def network_disconnect(self, net: str, name: str) -> Outcome:
        box = self._endpoint_change(net, name, "disconnect-stale-network")
        if isinstance(box, Outcome):
            return box
        if net not in box.networks:
            return Outcome(1, changes=False)
        box.networks.remove(net)
        return Outcome(0, changes=True)

    def _endpoint_change(self, net: str, name: str, quirk: str) -> Box | Outcome:
        """The container a connect or disconnect changes, or how the command fails first:
        no such container, a restarting one (not modelled), or a network that does not exist
        (a stopped container is not checked, unless the engine's `quirk` says it is)."""
        box = self.boxes.get(name)
        if box is None:
            return Outcome(1, changes=False)
        if box.status == "restarting":
            return UNMODELLED
        stopped = box.status in ("created", "exited")
        if not self._network_exists(net) and (not stopped or quirk in self.quirks):
            return Outcome(1, changes=False)
        return box

    # --- what the engine should show ---------------------------------------------------------
    def expected_ports(self, box: Box) -> str:
        """The PORTS column of `docker ps`."""
        if box.port is not None and box.status in ("running", "paused"):
            return f"0.0.0.0:{box.port}->80/tcp, [::]:{box.port}->80/tcp"
        if box.port is not None and box.status == "restarting":
            return "80/tcp" if "ps-ports-restarting" in self.quirks else ""
        return ""

    def port_owners(self) -> dict[int, str]:
        return {
            box.port: box.name
            for box in self.boxes.values()
            if box.port is not None and box.status in ("running", "paused")
        }
