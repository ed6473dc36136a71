"""Service discovery and the routing mesh (libnetwork service_common.go and resolver.go,
swarmkit allocator and scheduler/filter.go HostPortFilter), and pending tasks in the saved
world."""

from __future__ import annotations

import json

from dockersim.engine import Engine
from dockersim.engine.worldcheck import check_world
from dockersim.model.service import PortConfig


def _swarm(*names: str) -> Engine:
    manager = Engine()
    assert manager.docker("swarm init").exit_code == 0
    token = manager.swarm_state["worker_token"]
    for name in names:
        assert manager.node(name).docker(f"swarm join --token {token} 1.2.3.4:2377").exit_code == 0
    return manager


def _reload(engine: Engine) -> Engine:
    """The world as a file holds it: checked, then read back."""
    document = json.loads(engine.dumps())
    check_world(document)
    return Engine.from_json(document, catalog=engine.catalog)


def test_a_drained_single_node_leaves_pending_tasks_that_save_and_load() -> None:
    manager = _swarm()
    manager.service_create("nginx", name="web", replicas=2)
    assert manager.docker("node update --availability drain dockersim").exit_code == 0
    again = _reload(manager)
    rows = again.docker(
        "service ps web --no-trunc --format '{{.Name}}|{{.Node}}|{{.CurrentState}}|{{.Error}}'"
    )
    assert rows.stdout.splitlines()[0] == (
        'web.1||Pending less than a second ago|"no suitable node (1 node not available for new '
        'tasks)"'
    )
    assert again.docker("node update --availability active dockersim").exit_code == 0
    assert again.docker("service ls --format '{{.Replicas}}'").stdout == "2/2\n"


def test_vips_come_from_each_network_before_the_tasks_addresses() -> None:
    manager = _swarm("node2")
    manager.docker("network create -d overlay --attachable ov")
    service, _ = manager.service_create(
        "nginx", name="web", replicas=2, networks=("ov",), ports=(PortConfig(8080, 80),)
    )
    overlays = {n.name: n for n in manager.cluster_overlays().values()}
    assert service.vips == (
        (overlays["ingress"].id, "10.0.0.2/24"),
        (overlays["ov"].id, "10.0.1.2/24"),
    )
    ips = sorted(e.ip for e in overlays["ov"].endpoints.values())
    assert ips == ["10.0.1.3", "10.0.1.4"]
    # a container joining later skips the VIP too, and the VIPs survive a save
    again = _reload(manager)
    assert again.docker("run -d --name probe --network ov alpine sleep 1000").exit_code == 0
    assert again.container_ip(again.container_get("probe"), "ov") == "10.0.1.5"


def test_service_name_answers_the_vip_and_tasks_name_the_task_addresses() -> None:
    manager = _swarm("node2")
    manager.docker("network create -d overlay --attachable ov")
    manager.service_create("nginx", name="web", replicas=2, networks=("ov",))
    result = manager.docker(
        "run --rm --network ov alpine sh -c 'getent hosts web; getent hosts tasks.web'"
    )
    assert (
        result.stdout
        == "10.0.1.2        web\n10.0.1.3        tasks.web\n10.0.1.4        tasks.web\n"
    )


def test_dnsrr_answers_the_task_addresses_and_has_no_vip() -> None:
    manager = _swarm()
    manager.docker("network create -d overlay --attachable ov")
    service, _ = manager.service_create(
        "nginx", name="web", replicas=2, networks=("ov",), endpoint_mode="dnsrr"
    )
    assert service.vips == ()
    result = manager.docker("run --rm --network ov alpine getent hosts web")
    assert result.stdout == "10.0.1.2        web\n10.0.1.3        web\n"


def test_the_service_name_is_unknown_off_its_networks() -> None:
    manager = _swarm()
    manager.docker("network create -d overlay --attachable ov")
    manager.docker("network create -d overlay --attachable other")
    manager.service_create("nginx", name="web", networks=("ov",))
    manager.docker("pull -q alpine")
    result = manager.docker("run --rm --network other alpine wget -qO- -T1 web")
    assert (result.exit_code, result.stderr) == (1, "wget: bad address 'web'\n")


def test_a_connection_to_the_vip_reaches_the_tasks_in_turn() -> None:
    manager = _swarm("node2")
    manager.docker("network create -d overlay --attachable ov")
    manager.service_create("nginx", name="web", replicas=2, networks=("ov",))
    manager.docker("run -d --name probe --network ov alpine sleep 1000")
    probe = manager.container_get("probe")
    view = manager.net_view(probe)
    reached = [view.connect("web", 80) for _ in range(4)]
    assert [o.status for o in reached] == ["ok"] * 4
    names = [o.target.container.display_name.split(".")[1] for o in reached if o.target]
    assert names == ["1", "2", "1", "2"]


def test_the_routing_mesh_answers_on_every_node() -> None:
    manager = _swarm("node2", "node3")
    manager.service_create("nginx", name="web", replicas=1, ports=(PortConfig(8080, 80),))
    for name in ("dockersim", "node2", "node3"):
        result = manager.node(name).host("curl -s localhost:8080")
        assert (result.exit_code, result.stdout.count("Welcome to nginx!")) == (0, 2), name
    assert manager.host("curl -s localhost:8081").exit_code == 7


def test_host_mode_publishes_only_where_a_task_runs() -> None:
    manager = _swarm("node2", "node3")
    service, _ = manager.service_create(
        "nginx", name="web", replicas=2, ports=(PortConfig(8080, 80, mode="host"),)
    )
    hosts = sorted(t.node for t in manager.service_tasks(service.id))
    assert hosts == ["dockersim", "node2"]
    assert manager.node("node2").host("curl -s -o /dev/null localhost:8080").exit_code == 0
    assert manager.node("node3").host("curl -s localhost:8080").exit_code == 7
    ps = manager.node("node2").docker("ps --format '{{.Ports}}'")
    assert ps.stdout == "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n"


def test_host_mode_port_keeps_a_second_task_off_the_node() -> None:
    manager = _swarm("node2")
    manager.service_create(
        "nginx", name="web", replicas=3, ports=(PortConfig(8080, 80, mode="host"),)
    )
    rows = manager.docker("service ps web --no-trunc --format '{{.Name}} {{.Node}} {{.Error}}'")
    assert rows.stdout == (
        "web.1 dockersim \n"
        "web.2 node2 \n"
        'web.3  "no suitable node (host-mode port already in use on 2 nodes)"\n'
    )


def test_port_conflicts_between_ingress_and_host_mode() -> None:
    manager = _swarm()
    first, _ = manager.service_create("nginx", name="a", ports=(PortConfig(8080, 80, mode="host"),))
    manager.service_create("nginx", name="b", ports=(PortConfig(8080, 80, mode="host"),))
    result = manager.docker("service create -d --name c -p 8080:80 nginx")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: rpc error: code = InvalidArgument desc = port '8080' is "
        f"already in use by service 'a' ({first.id}) as a host-published port\n",
    )
    dnsrr = manager.docker("service create -d --endpoint-mode dnsrr -p 9090:80 nginx")
    assert dnsrr.stderr == (
        "Error response from daemon: rpc error: code = InvalidArgument desc = EndpointSpec: port "
        "published with ingress mode can't be used with dnsrr mode\n"
    )


def test_a_global_service_takes_a_node_once_its_host_port_is_free() -> None:
    manager = _swarm("node2")
    manager.service_create(
        "nginx", name="cache", replicas=1, ports=(PortConfig(8080, 80, mode="host"),)
    )
    web, _ = manager.service_create(
        "nginx", name="web", mode="global", ports=(PortConfig(8080, 80, mode="host"),)
    )
    assert [t.node for t in manager.service_tasks(web.id)] == ["node2"]
    manager.service_remove("cache")
    assert sorted(t.node for t in manager.service_tasks(web.id)) == ["dockersim", "node2"]
