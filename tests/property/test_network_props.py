"""Networks and volumes under random sequences (lifecycle-moby.md §8-§9)."""

from __future__ import annotations

import ipaddress

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockersim.engine import Engine
from dockersim.model.reference import parse_reference

_TEMPLATE = Engine()
_TEMPLATE.image_pull(parse_reference("busybox:latest"))
_STATE = _TEMPLATE.to_json()
NETS = ["n1", "n2", "n3"]


def fresh() -> Engine:
    engine = Engine.from_json(_STATE, catalog=_TEMPLATE.catalog)
    for name in NETS:
        assert engine.docker(f"network create {name}").exit_code == 0
    return engine


actions = st.lists(
    st.one_of(
        st.tuples(st.just("run"), st.integers(0, 5), st.sampled_from(["bridge", *NETS])),
        st.tuples(st.just("rm"), st.integers(0, 5), st.just("")),
        st.tuples(st.just("connect"), st.integers(0, 5), st.sampled_from(NETS)),
        st.tuples(st.just("stop"), st.integers(0, 5), st.just("")),
        st.tuples(st.just("start"), st.integers(0, 5), st.just("")),
    ),
    max_size=14,
)


def apply(engine: Engine, action: tuple[str, int, str]) -> None:
    kind, index, network = action
    name = f"c{index}"
    if kind == "run":
        engine.docker(f"run -d --name {name} --network {network} busybox sleep 100000")
    elif kind == "rm":
        engine.docker(f"rm -f {name}")
    elif kind == "connect":
        engine.docker(f"network connect {network} {name}")
    else:
        engine.docker(f"{kind} {name}")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_addresses_unique_inside_subnets_and_freed(steps):
    """ "Container IPs on local networks: lowest free address ... Freed addresses are reused":
    every endpoint's address lies in its network's subnet, no two endpoints share one, and
    only running containers hold endpoints."""
    engine = fresh()
    for step in steps:
        apply(engine, step)
        for network in engine.world.networks.values():
            seen = set()
            for container_id, endpoint in network.endpoints.items():
                assert engine.world.containers[container_id].state.running
                if network.subnet:
                    assert ipaddress.IPv4Address(endpoint.ip) in ipaddress.IPv4Network(
                        network.subnet
                    )
                assert endpoint.ip not in seen
                assert endpoint.ip != network.gateway
                seen.add(endpoint.ip)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_dns_answers_exactly_peers_on_shared_user_defined_networks(steps):
    """ "Embedded DNS ... only on user-defined networks": a container resolves another's name
    iff both run and share a user-defined network."""
    engine = fresh()
    for step in steps:
        apply(engine, step)
    running = [c for c in engine.world.containers.values() if c.state.running]
    for source in running:
        for target in running:
            if source is target:
                continue
            shared = any(
                source.id in n.endpoints and target.id in n.endpoints
                for n in engine.world.networks.values()
                if n.user_defined
            )
            answer = engine.dns(target.display_name, source.display_name)
            assert bool(answer) == shared


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions)
def test_the_networkx_graph_and_the_query_index_agree(steps):
    """The graph's container neighbours are exactly the networks the query index attaches the
    container to, every edge carries the endpoint's address, and each bridge hangs off the
    host node."""
    engine = fresh()
    for step in steps:
        apply(engine, step)
    index = engine.graph()
    graph = index.graph
    for container_id in engine.world.containers:
        node = ("ctr", container_id)
        neighbours = sorted(n[1] for n in graph.neighbors(node)) if node in graph else []
        assert neighbours == sorted(index.networks_of(container_id))
        for network_id in neighbours:
            edge = graph.edges[node, ("net", network_id)]
            assert edge["ip"] == engine.world.networks[network_id].endpoints[container_id].ip
    host = ("host", engine.world.node_name)
    bridges = {n for n in graph.neighbors(host)}
    assert bridges == {("net", n.id) for n in engine.world.networks.values()}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["run-write", "run-read", "rm-all", "rm-volume"]), max_size=10))
def test_volume_data_survives_until_the_volume_is_removed(steps):
    """ "a volume's data survives any sequence of container runs and removals until the volume
    is removed"; `volume rm` of an in-use volume fails and changes nothing."""
    engine = fresh()
    engine.docker("volume create keep")
    engine.docker("run --name writer -v keep:/data busybox sh -c 'echo kept > /data/f'")
    exists = True
    for step in steps:
        if step == "run-write":
            engine.docker("run --rm -v keep:/data busybox sh -c 'echo kept > /data/f'")
            exists = True
        elif step == "run-read":
            result = engine.docker("run --rm -v keep:/data busybox cat /data/f")
            assert (result.exit_code == 0 and result.stdout == "kept\n") == exists
        elif step == "rm-all":
            for name in list(c.display_name for c in engine.world.containers.values()):
                engine.docker(f"rm -f {name}")
        else:
            before = engine.dumps()
            result = engine.docker("volume rm keep")
            if any(engine.volume_users("keep")) if "keep" in engine.world.volumes else False:
                assert result.exit_code == 1 and engine.dumps() == before
            elif result.exit_code == 0:
                exists = False
                engine.docker("volume create keep")
