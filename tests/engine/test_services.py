"""Swarm services in the engine: tasks as containers on the nodes swarmkit's scheduler picks.

Facts: docker/cli cli/command/service, moby daemon/cluster (helpers.go, services.go,
networks.go, swarm.go Leave), swarmkit manager/scheduler/scheduler.go (nodeLess: fewest
tasks of the service, then fewest tasks), manager/controlapi/service.go; see docs/swarm.md.
"""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine
from dockersim.errors import Conflict, DockerError, Forbidden, InvalidParameter, NotFound, System
from dockersim.model.service import PortConfig


def _swarm(workers: int = 1) -> Engine:
    manager = Engine()
    assert manager.docker("swarm init").exit_code == 0
    token = manager.swarm_state["worker_token"]
    for n in range(2, 2 + workers):
        node = manager.node(f"node{n}")
        assert node.docker(f"swarm join --token {token} 192.168.65.3:2377").exit_code == 0
    return manager


def _placement(manager: Engine, service_id: str) -> dict[int, str]:
    return {t.slot: t.node for t in manager.service_tasks(service_id)}


def test_replicas_spread_over_nodes_and_run_as_named_containers() -> None:
    # given a manager and one worker
    manager = _swarm()
    # when
    service, warnings = manager.service_create("nginx", name="web", replicas=3)
    # then: fewest tasks of the service first, ties in hostname order
    assert warnings == []
    assert _placement(manager, service.id) == {1: "dockersim", 2: "node2", 3: "dockersim"}
    for task in manager.service_tasks(service.id):
        node = manager.node(task.node)
        container = node.container_get(task.container_id)
        assert container.name == f"/web.{task.slot}.{task.id}"
        assert container.state.running
        assert container.config.labels["com.docker.swarm.service.name"] == "web"
        assert container.config.labels["com.docker.swarm.task.id"] == task.id
    assert manager.service_running(service) == (3, 3)


def test_image_is_pinned_to_its_digest() -> None:
    manager = _swarm(0)
    service, _ = manager.service_create("alpine:3.20", name="a")
    name, _, digest = service.image.partition("@")
    assert name == "alpine:3.20" and digest.startswith("sha256:")


def test_scale_up_fills_the_least_loaded_node_and_down_drops_the_highest_slots() -> None:
    manager = _swarm()
    service, _ = manager.service_create("nginx", name="web", replicas=3)
    manager.service_scale("web", 5)
    assert _placement(manager, service.id) == {
        1: "dockersim",
        2: "node2",
        3: "dockersim",
        4: "node2",
        5: "dockersim",
    }
    gone = [t.container_id for t in manager.service_tasks(service.id) if t.slot > 2]
    manager.service_scale("web", 2)
    assert _placement(manager, service.id) == {1: "dockersim", 2: "node2"}
    assert not any(manager.engine_of(cid).container_exists(cid) for cid in gone)
    assert manager.service_get("web").version == 3


def test_global_mode_runs_one_task_per_active_node() -> None:
    manager = _swarm(2)
    service, _ = manager.service_create("alpine", name="agent", mode="global", args=("top",))
    tasks = manager.service_tasks(service.id)
    assert sorted(t.node for t in tasks) == ["dockersim", "node2", "node3"]
    assert {t.slot for t in tasks} == {0}
    with pytest.raises(InvalidParameter) as caught:
        manager.service_scale("agent", 3)
    assert str(caught.value) == "scale can only be used with replicated or replicated-job mode"


def test_remove_takes_the_task_containers_with_it() -> None:
    manager = _swarm()
    service, _ = manager.service_create("nginx", name="web", replicas=2)
    ids = [t.container_id for t in manager.service_tasks(service.id)]
    manager.service_remove(service.id[:5])
    assert manager.service_list() == []
    assert not any(manager.engine_of(cid).container_exists(cid) for cid in ids)
    with pytest.raises(NotFound) as caught:
        manager.service_remove("web")
    assert str(caught.value) == "service web not found"


def test_not_a_manager() -> None:
    alone = Engine()
    with pytest.raises(Forbidden) as caught:
        alone.service_list()
    assert str(caught.value) == (
        'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to '
        "connect this node to swarm and try again."
    )
    worker = _swarm().node("node2")
    with pytest.raises(DockerError) as refused:
        worker.service_create("nginx")
    assert str(refused.value).startswith(
        "This node is not a swarm manager. Worker nodes can't be used to view or modify "
        "cluster state."
    )


def test_name_port_and_network_errors() -> None:
    manager = _swarm(0)
    manager.service_create("nginx", name="web", ports=(PortConfig(8080, 80),))
    with pytest.raises(Conflict) as conflict:
        manager.service_create("nginx", name="web")
    assert str(conflict.value) == (
        "rpc error: code = AlreadyExists desc = name conflicts with an existing object: "
        "service web already exists"
    )
    web = manager.service_get("web")
    with pytest.raises(InvalidParameter) as port:
        manager.service_create("nginx", name="other", ports=(PortConfig(8080, 81),))
    assert str(port.value) == (
        "rpc error: code = InvalidArgument desc = port '8080' is already in use by service "
        f"'web' ({web.id}) as an ingress port"
    )
    with pytest.raises(Forbidden) as local:
        manager.service_create("nginx", networks=("bridge",))
    assert str(local.value).startswith("The network bridge cannot be used with services.")
    with pytest.raises(System) as missing:
        manager.service_create("nginx", networks=("nosuch",))
    assert str(missing.value) == "network nosuch not found"
    # a failed create leaves nothing behind
    assert [s.name for s in manager.service_list()] == ["web"]


def test_a_published_port_without_a_number_gets_one_from_30000() -> None:
    manager = _swarm(0)
    service, _ = manager.service_create("nginx", name="web", ports=(PortConfig(0, 80),))
    assert service.ports == (PortConfig(30000, 80),)


def test_unknown_image_gives_a_warning_and_a_rejected_task() -> None:
    manager = _swarm(0)
    service, warnings = manager.service_create("nosuchimage", name="bad")
    assert warnings == [
        "image nosuchimage:latest could not be accessed on a registry to record\n"
        "its digest. Each node will access nosuchimage:latest independently,\n"
        "possibly leading to different nodes running different\nversions of the image.\n"
    ]
    (task,) = manager.service_tasks(service.id)
    assert (task.state, task.desired, task.error) == (
        "rejected",
        "shutdown",
        "No such image: nosuchimage:latest",
    )
    assert manager.service_running(service) == (0, 1)


def test_tasks_join_a_non_attachable_overlay() -> None:
    manager = _swarm()
    assert manager.docker("network create -d overlay backend").exit_code == 0
    service, _ = manager.service_create("nginx", name="web", replicas=2, networks=("backend",))
    for task in manager.service_tasks(service.id):
        container = manager.node(task.node).container_get(task.container_id)
        assert "backend" in container.networks


def test_services_survive_save_and_load() -> None:
    manager = _swarm()
    service, _ = manager.service_create(
        "nginx", name="web", replicas=2, env=("A=1",), ports=(PortConfig(8080, 80),)
    )
    saved = manager.dumps()
    loaded = Engine.from_json(json.loads(saved), catalog=manager.catalog)
    assert loaded.service_get("web") == service
    assert loaded.service_tasks(service.id) == manager.service_tasks(service.id)
    assert json.loads(loaded.dumps()) == json.loads(saved)


def test_a_node_leaving_removes_its_task_containers_and_its_slot_is_rescheduled() -> None:
    manager = _swarm()
    service, _ = manager.service_create("nginx", name="web", replicas=2)
    worker = manager.node("node2")
    assert len(worker.world.containers) == 1
    assert worker.docker("swarm leave").exit_code == 0
    assert len(worker.world.containers) == 0
    # the node is Down: its task keeps its last state, desired shutdown; slot 2 runs again
    tasks = {(t.slot, t.node, t.desired, t.state) for t in manager.service_tasks(service.id)}
    assert tasks == {
        (1, "dockersim", "running", "running"),
        (2, "node2", "shutdown", "running"),
        (2, "dockersim", "running", "running"),
    }
    assert manager.swarm_state["nodes"]["node2"]["status"] == "Down"
