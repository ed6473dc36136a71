"""The daemon that isn't one: `Engine` owns one simulated Docker host and its registries."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dockersim.engine.archive import ArchiveOps
from dockersim.engine.build import BuildOps
from dockersim.engine.cluster import ClusterOps
from dockersim.engine.commit import CommitOps
from dockersim.engine.containers import ContainerOps
from dockersim.engine.copy import CopyOps
from dockersim.engine.daemon import DaemonOps
from dockersim.engine.distribution import DistributionOps
from dockersim.engine.execs import ExecOps
from dockersim.engine.health import HealthOps
from dockersim.engine.host import HostOps
from dockersim.engine.image_list import ImageListOps
from dockersim.engine.images import ImageOps
from dockersim.engine.networks import NetworkOps
from dockersim.engine.nodes import NodeOps
from dockersim.engine.push import PushOps
from dockersim.engine.registry import LocalRegistryOps
from dockersim.engine.runtime import RuntimeOps
from dockersim.engine.scheduler import SchedulerOps
from dockersim.engine.secrets import SecretOps
from dockersim.engine.service_net import ServiceNetOps
from dockersim.engine.service_restart import ServiceRestartOps
from dockersim.engine.service_update import ServiceUpdateOps
from dockersim.engine.services import ServiceOps
from dockersim.engine.stopping import StopOps
from dockersim.engine.system import SystemOps
from dockersim.engine.terminals import TerminalOps
from dockersim.engine.volumes import VolumeOps
from dockersim.engine.world import World

if TYPE_CHECKING:
    from dockersim.catalog import Catalog
    from dockersim.model.machine import Machine
    from dockersim.result import Result


#: The engine's areas, each a sibling class on `EngineBase` in its own module, and the other
#: areas it calls (through `self.engine`). tests/test_architecture.py checks the code against
#: this table: an area that starts calling another must say so here.
AREAS: dict[str, tuple[str, ...]] = {
    "images": ("containers",),
    "image_list": ("containers", "images"),
    "distribution": ("images", "registry"),
    "push": ("distribution", "images", "registry"),
    "system": ("image_list",),
    "runtime": ("health", "images", "networks", "terminals", "volumes"),
    "containers": ("networks", "runtime", "volumes"),
    "stopping": ("containers", "health", "runtime"),
    "commit": ("containers", "images", "runtime", "volumes"),
    "execs": ("containers", "runtime", "terminals"),
    "daemon": ("runtime",),
    "host": ("networks", "runtime"),
    "networks": ("cluster", "containers", "runtime", "service_net"),
    "volumes": ("containers", "host", "networks", "runtime", "secrets"),
    "copy": ("containers", "volumes"),
    "cluster": ("networks", "nodes"),
    "build": ("images", "runtime"),
    "archive": ("build", "containers", "images", "runtime", "volumes"),
    "registry": ("archive", "images", "push", "volumes"),
    "terminals": ("execs", "runtime"),
    "health": ("runtime",),
    "services": (
        "cluster",
        "distribution",
        "networks",
        "nodes",
        "runtime",
        "scheduler",
        "secrets",
        "service_net",
        "service_restart",
    ),
    "scheduler": ("cluster",),
    "secrets": ("cluster", "services"),
    "service_restart": ("cluster", "scheduler", "services"),
    "service_net": ("cluster", "networks"),
    "service_update": ("cluster", "services"),
    "nodes": ("cluster", "containers", "services"),
}


class Engine(
    ImageOps,
    ImageListOps,
    DistributionOps,
    PushOps,
    SystemOps,
    RuntimeOps,
    ContainerOps,
    StopOps,
    CommitOps,
    ExecOps,
    DaemonOps,
    HostOps,
    NetworkOps,
    VolumeOps,
    CopyOps,
    ClusterOps,
    BuildOps,
    ArchiveOps,
    LocalRegistryOps,
    TerminalOps,
    HealthOps,
    ServiceOps,
    SecretOps,
    SchedulerOps,
    ServiceRestartOps,
    ServiceUpdateOps,
    ServiceNetOps,
    NodeOps,
):
    """A whole simulated Docker host, in memory and deterministic for a given seed.

    The areas are siblings; no method is defined in two of them, so their order here does
    not matter.
    """

    def __init__(
        self, seed: int = 0, catalog: Catalog | None = None, machine: Machine | None = None
    ) -> None:
        """`machine` is the docker client's machine (its files and environment); by default
        the simulated host, so nothing this engine runs can reach the real one
        (dockersim.model.machine)."""
        self.world = World(seed=seed)
        self._catalog = catalog
        self._machine = machine
        self._trees = {}
        self._fs = {}
        self.ensure_default_networks()

    @property
    def machine(self) -> Machine:
        """The machine the docker client runs on; every host of a world shares its first's."""
        primary = self.primary
        if primary is not self:
            return primary.machine
        if self._machine is None:
            self._machine = self.simulated_machine()
        return self._machine

    @machine.setter
    def machine(self, machine: Machine) -> None:
        self.primary._machine = machine

    def advance(self, seconds: float) -> None:
        """Move the virtual clock forward (on every host of the world)."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        primary = self.primary
        target = primary.world.now + seconds
        for name in list(primary.world.nodes):
            primary.node(name).settle(target)
        primary.settle(target)

    def docker(
        self,
        command_line: str | Sequence[str],
        *,
        tty: bool = False,
        stdin: str | bytes = "",
        env: Mapping[str, str] | None = None,
        host: str | None = None,
    ) -> Result:
        """Run one docker command line; stdout, stderr and status exactly as the docker CLI.

        `tty` renders as on a terminal (progress drawn in place); `stdin` is what the command
        reads (e.g. `login --password-stdin`, or an archive's bytes for `load`); `env` is the
        CLI's environment (e.g. `{"DOCKER_BUILDKIT": "0"}`; a leading `DOCKER_BUILDKIT=0` on
        the command line does the same); `host` names the simulated host it runs on (a world
        can hold several; the docker CLI's own `-H tcp://node2:2375` works too).
        """
        from dockersim import docker  # the one allow-listed upward import

        target = self.node(host)
        result = docker.run(command_line, target, tty=tty, stdin=stdin, env=env)
        self.primary.world.now = max(self.primary.world.now, target.world.now)
        return result

    # --- persistence --------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return self.world.to_json()

    def dumps(self) -> str:
        return json.dumps(self.to_json(), separators=(",", ":"))

    @classmethod
    def from_json(
        cls, data: dict[str, Any], catalog: Catalog | None = None, machine: Machine | None = None
    ) -> Engine:
        engine = cls(seed=int(data.get("seed", 0)), catalog=catalog, machine=machine)
        engine.world = World.from_json(data)
        engine.ensure_default_networks()
        return engine

    @classmethod
    def loads(cls, text: str) -> Engine:
        return cls.from_json(json.loads(text))
