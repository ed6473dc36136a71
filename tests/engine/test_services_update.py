"""Rolling updates, rollbacks, drains and constraints (swarmkit orchestrator/update/updater.go,
controlapi/node.go, scheduler/filter.go; docker/cli cli/command/service/progress)."""

from __future__ import annotations

from dockersim.engine import Engine
from dockersim.engine.service_update import ServiceChange


def _swarm() -> Engine:
    manager = Engine()
    assert manager.docker("swarm init").exit_code == 0
    token = manager.swarm_state["worker_token"]
    for name in ("node2", "node3"):
        assert manager.node(name).docker(f"swarm join --token {token} 1.2.3.4:2377").exit_code == 0
    return manager


def test_update_replaces_one_slot_per_delay_stop_first() -> None:
    manager = _swarm()
    service, _ = manager.service_create("nginx:1.27", name="web", replicas=3)
    service, _ = manager.service_update("web", ServiceChange(image="nginx:1.28", delay=10.0))
    assert service.update_state == "updating"
    current = [t for t in manager.service_tasks(service.id) if t.desired == "running"]
    assert sorted((t.slot, t.image.partition("@")[0]) for t in current) == [
        (1, "nginx:1.28"),
        (2, "nginx:1.27"),
        (3, "nginx:1.27"),
    ]
    manager.advance(20)
    current = [t for t in manager.service_tasks(service.id) if t.desired == "running"]
    assert {t.image.partition("@")[0] for t in current} == {"nginx:1.28"}
    manager.advance(11)  # the monitor: the delay plus 1s, after the last batch
    assert manager.service_get("web").update_state == "completed"


def test_rollback_returns_to_the_previous_image() -> None:
    manager = _swarm()
    _service, _ = manager.service_create("nginx:1.27", name="web", replicas=2)
    manager.service_update("web", ServiceChange(image="nginx:1.28"))
    rolled = manager.service_rollback("web")
    assert rolled.image.startswith("nginx:1.27@")
    assert rolled.update_message == "manually requested rollback"


def test_rollback_without_previous_spec() -> None:
    manager = _swarm()
    manager.service_create("nginx", name="web")
    result = manager.docker("service rollback web")
    service = manager.service_get("web")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: rpc error: code = FailedPrecondition desc = service "
        f"{service.id} does not have a previous spec\n",
    )


def test_drain_moves_tasks_off_the_node() -> None:
    manager = _swarm()
    service, _ = manager.service_create("nginx", name="web", replicas=3)
    result = manager.docker("node update --availability drain node2")
    assert (result.exit_code, result.stdout) == (0, "node2\n")
    running = [t for t in manager.service_tasks(service.id) if t.desired == "running"]
    assert len(running) == 3 and all(t.node != "node2" for t in running)
    old = [t for t in manager.service_tasks(service.id) if t.node == "node2"]
    assert [(t.desired, t.state) for t in old] == [("shutdown", "shutdown")]


def test_constraint_with_no_suitable_node_leaves_the_task_pending() -> None:
    manager = _swarm()
    manager.docker("service create -d --name web --constraint node.labels.disk==ssd nginx")
    service = manager.service_get("web")
    (task,) = manager.service_tasks(service.id)
    assert (task.state, task.error) == (
        "pending",
        "no suitable node (scheduling constraints not satisfied on 3 nodes)",
    )
    manager.docker("node update --label-add disk=ssd node3")
    (task,) = manager.service_tasks(service.id)
    assert (task.state, task.node) == ("running", "node3")


def test_node_rm_of_a_live_node_and_demote_of_the_last_manager() -> None:
    manager = _swarm()
    node_id = manager.service_node_id("node2")
    result = manager.docker("node rm node2")
    assert result.stderr == (
        "Error response from daemon: rpc error: code = FailedPrecondition desc = node "
        f"{node_id} is not down and can't be removed\n"
    )
    result = manager.docker("node demote dockersim")
    assert result.stderr == (
        "Error response from daemon: rpc error: code = FailedPrecondition desc = attempting "
        "to demote the last manager of the swarm\n"
    )
