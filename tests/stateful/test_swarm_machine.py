"""A three-node swarm under random service and node changes, checked after every step.

Rules: create (replicated or global, with an ingress or a host-mode port or none), scale,
update (a new image, rolled out on the virtual clock), drain/pause/activate a node, rm, and
save-and-reload the world. Invariants (swarmkit's orchestrators and scheduler): once an update
is over, a replicated service runs as many tasks as it wants when enough nodes can take them,
a global one a task per active node; no task runs on a drained node; ingress ports are unique
across services and a host-mode port is held once per node; every running task is a running
container on its node; and the world always saves and loads.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from dockersim.engine import Engine
from dockersim.engine.service_update import ServiceChange
from dockersim.engine.worldcheck import check_world
from dockersim.errors import DockerError
from dockersim.model.reference import parse_reference
from dockersim.model.service import PortConfig, Service, Task

SCALE = int(os.environ.get("FUZZ_SCALE", "1") or 1)
NODES = ("dockersim", "node2", "node3")
NAMES = st.sampled_from(["web", "api", "cache"])


def _template() -> Engine:
    engine = Engine()
    engine.docker("swarm init")
    token = engine.swarm_state["worker_token"]
    for name in NODES[1:]:
        engine.node(name).docker(f"swarm join --token {token} 1.2.3.4:2377")
    for name in NODES:
        for image in ("nginx:1.27", "nginx:1.28"):
            engine.node(name).image_pull(parse_reference(image))
    return engine


_TEMPLATE = _template()
_STATE = _TEMPLATE.dumps()  # text: every example starts from its own copy


class SwarmMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.engine = Engine.from_json(json.loads(_STATE), catalog=_TEMPLATE.catalog)

    # --- helpers ----------------------------------------------------------------------------
    def services(self) -> dict[str, Service]:
        return {s.name: s for s in self.engine.service_list()}

    def tasks(self) -> list[Task]:
        return [Task.from_json(t) for t in self.engine.swarm_state.get("tasks", {}).values()]

    def nodes(self) -> dict[str, dict[str, object]]:
        return dict(self.engine.swarm_state["nodes"])

    # --- rules --------------------------------------------------------------------------------
    @rule(
        name=NAMES,
        mode=st.sampled_from(["replicated", "global"]),
        replicas=st.integers(0, 5),
        publish=st.sampled_from(["", "ingress", "host"]),
        port=st.sampled_from([8080, 8081]),
    )
    def create(self, name: str, mode: str, replicas: int, publish: str, port: int) -> None:
        ports = (PortConfig(port, 80, mode=publish),) if publish else ()
        # controlapi checkPortConflicts: ingress against anything, host against ingress
        published = {(p.published, p.mode) for s in self.services().values() for p in s.ports}
        conflict = (publish == "ingress" and any(n == port for n, _ in published)) or (
            publish == "host" and (port, "ingress") in published
        )
        try:
            self.engine.service_create(
                "nginx:1.27", name=name, mode=mode, replicas=replicas, ports=ports
            )
        except DockerError as exc:
            assert name in self.services() or conflict, str(exc)
            return
        assert not conflict

    @precondition(lambda self: bool(self.engine.swarm_state.get("services")))
    @rule(name=NAMES, replicas=st.integers(0, 6))
    def scale(self, name: str, replicas: int) -> None:
        service = self.services().get(name)
        if service is None or service.mode != "replicated":
            return
        self.engine.service_scale(name, replicas)

    @precondition(lambda self: bool(self.engine.swarm_state.get("services")))
    @rule(name=NAMES, image=st.sampled_from(["nginx:1.27", "nginx:1.28"]), wait=st.booleans())
    def update(self, name: str, image: str, wait: bool) -> None:
        if name not in self.services():
            return
        self.engine.service_update(name, ServiceChange(image=image))
        if wait:
            self.engine.advance(60)

    @rule(node=st.sampled_from(NODES), availability=st.sampled_from(["drain", "pause", "active"]))
    def availability(self, node: str, availability: str) -> None:
        self.engine.node_update(node, availability=availability)

    @precondition(lambda self: bool(self.engine.swarm_state.get("services")))
    @rule(name=NAMES)
    def rm(self, name: str) -> None:
        if name in self.services():
            self.engine.service_remove(name)
            assert name not in self.services()

    @rule()
    def save_and_reload(self) -> None:
        document = json.loads(self.engine.dumps())
        check_world(document)
        self.engine = Engine.from_json(document, catalog=_TEMPLATE.catalog)

    @rule(seconds=st.sampled_from([1.0, 30.0, 120.0]))
    def wait(self, seconds: float) -> None:
        self.engine.advance(seconds)

    # --- invariants ---------------------------------------------------------------------------
    @invariant()
    def converged_when_enough_nodes_are_active(self) -> None:
        nodes = self.nodes()
        active = [n for n, v in nodes.items() if v["availability"] == "Active"]
        running = [t for t in self.tasks() if t.desired == "running" and t.state == "running"]
        services = {s.id: s for s in self.services().values()}
        for service in services.values():
            if service.update_state in ("updating", "rollback_started"):
                continue
            mine = [t for t in running if t.service_id == service.id]
            # HostPortFilter: a node where another service's task holds the port is blocked
            ports = {(p.published, p.protocol) for p in service.ports if p.mode == "host"}
            blocked = {
                t.node
                for t in running
                if t.service_id != service.id
                and ports
                & {
                    (p.published, p.protocol)
                    for p in services[t.service_id].ports
                    if p.mode == "host"
                }
            }
            free = set(active) - blocked
            if service.mode == "global":
                assert {t.node for t in mine} >= free, service.name
                continue
            # paused nodes keep their tasks but take no new ones
            holders = {t.node for t in mine} | free
            wanted = min(service.replicas, len(holders)) if ports else service.replicas
            if free or len(mine) >= service.replicas:
                assert len(mine) >= wanted, (service.name, len(mine), wanted)
            assert len(mine) <= service.replicas, service.name

    @invariant()
    def no_running_task_on_a_drained_node(self) -> None:
        nodes = self.nodes()
        for task in self.tasks():
            if task.desired == "running" and task.state == "running":
                assert nodes[task.node]["availability"] != "Drain", task

    @invariant()
    def published_ports_are_unique(self) -> None:
        ingress = [
            p.published for s in self.services().values() for p in s.ports if p.mode == "ingress"
        ]
        assert len(ingress) == len(set(ingress))
        held: set[tuple[str, int]] = set()
        by_id = {s.id: s for s in self.services().values()}
        for task in self.tasks():
            if task.desired != "running" or task.state != "running":
                continue
            for port in by_id[task.service_id].ports:
                if port.mode == "host":
                    assert (task.node, port.published) not in held, task
                    held.add((task.node, port.published))

    @invariant()
    def running_tasks_are_running_containers(self) -> None:
        for task in self.tasks():
            if task.desired == "running" and task.state == "running":
                container = self.engine.node(task.node).world.containers.get(task.container_id)
                assert container is not None and container.state.running, task

    @invariant()
    def the_world_saves_and_loads(self) -> None:
        check_world(json.loads(self.engine.dumps()))


SwarmMachine.TestCase.settings = settings(
    max_examples=30 * SCALE,
    stateful_step_count=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestSwarm = SwarmMachine.TestCase
