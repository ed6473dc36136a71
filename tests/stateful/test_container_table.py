"""The container table's indexes agree with a scan of its containers, whatever happens.

`ContainerTable` keeps a name index and a timer queue with lazy deletion (model/tables.py,
model/timers.py) so that lookups and "what happens next" cost the same at 10,000 containers.
This machine adds, removes, renames, re-times, pauses and stops containers, and binds and releases
their host ports, at random and checks after every step that the indexes answer what the plain
scans of the old code answered.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from dockersim.model.container import Container, HostConfig, RunConfig
from dockersim.model.tables import ContainerTable

KEYS = st.sampled_from([f"{i:064x}" for i in range(6)])
NAMES = st.sampled_from([f"/n{i}" for i in range(5)])
TIMES = st.none() | st.sampled_from([1.0, 2.0, 2.0, 3.5, 10.0])
HOST_PORTS = (80, 8080, 32768)
BINDINGS = st.lists(
    st.tuples(
        st.sampled_from(["", "127.0.0.1"]),
        st.sampled_from(HOST_PORTS),
        st.sampled_from([80, 443]),
        st.sampled_from(["tcp", "udp"]),
    ),
    max_size=3,
)


def _container(key: str, name: str) -> Container:
    return Container(
        id=key,
        name=name,
        created=0.0,
        image_id="sha256:" + "0" * 64,
        image_ref="busybox",
        path="sleep",
        args=["1"],
        config=RunConfig(hostname=key[:12], image="busybox"),
        host_config=HostConfig(),
    )


def scan_next_due(table: dict[str, Container], target: float) -> tuple[float, str] | None:
    """The old engine's `_next_event`: a scan in insertion order, first of the earliest."""
    best: tuple[float, str] | None = None
    for container in table.values():
        state = container.state
        when = None
        if state.restarting:
            when = container.restart_at
        elif state.running and not state.paused:
            when = container.exit_at
        if when is not None and when <= target and (best is None or when < best[0]):
            best = (when, container.id)
    return best


class ContainerTableMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.table = ContainerTable()

    @rule(key=KEYS, name=NAMES, running=st.booleans(), exit_at=TIMES)
    def insert(self, key, name, running, exit_at):
        if key in self.table or self.table.by_name(name) is not None:
            return  # the engine never inserts a taken ID or name
        container = _container(key, name)
        container.state.running = running
        container.exit_at = exit_at
        self.table[key] = container

    @rule(key=KEYS)
    def remove(self, key):
        self.table.pop(key, None)

    @rule(key=KEYS, name=NAMES)
    def rename(self, key, name):
        container = self.table.get(key)
        if container is not None and self.table.by_name(name) is None:
            self.table.rename(container, name)

    @rule(key=KEYS, exit_at=TIMES, restart_at=TIMES)
    def retime(self, key, exit_at, restart_at):
        container = self.table.get(key)
        if container is not None:
            container.exit_at = exit_at
            container.restart_at = restart_at

    @rule(key=KEYS, which=st.sampled_from(["run", "pause", "unpause", "restart", "stop"]))
    def change_state(self, key, which):
        container = self.table.get(key)
        if container is None:
            return
        state = container.state
        if which == "run":
            state.running, state.restarting = True, False
        elif which == "pause":
            state.paused = state.running
        elif which == "unpause":  # the engine moves the exit later, which sets it again
            state.paused = False
            container.exit_at = container.exit_at
        elif which == "restart":
            state.running, state.restarting = True, True
            container.restart_at = container.restart_at
        else:
            state.running = state.paused = state.restarting = False

    @rule(key=KEYS, ports=BINDINGS)
    def bind(self, key, ports):
        container = self.table.get(key)
        if container is not None:
            self.table.bind_ports(container, ports)

    @rule(key=KEYS, name=NAMES, ports=BINDINGS)
    def insert_bound(self, key, name, ports):
        """A container read from a saved world comes with the ports it holds."""
        if key in self.table or self.table.by_name(name) is not None:
            return
        container = _container(key, name)
        container.state.running = True
        container.ports = ports
        self.table[key] = container

    @rule(until=st.sampled_from([0.5, 2.0, 3.5, 100.0]))
    def consume_due(self, until):
        """What `settle` does: take the due event, and clear the time it was for."""
        expected = scan_next_due(self.table, until)
        due = self.table.next_due(until)
        assert ((due[0], due[1].id) if due else None) == expected
        if due is not None:
            container = due[1]
            if container.state.restarting:
                container.restart_at = None
                container.state.restarting = False
            else:
                container.exit_at = None

    @invariant()
    def names_match_a_scan(self):
        for container in self.table.values():
            assert self.table.by_name(container.name) is container
        for name in ("/n0", "/n1", "/n2", "/n3", "/n4"):
            found = [c for c in self.table.values() if c.name == name]
            assert self.table.by_name(name) is (found[0] if found else None)

    @invariant()
    def next_due_matches_a_scan(self):
        due = self.table.next_due(1000.0)
        expected = scan_next_due(self.table, 1000.0)
        assert ((due[0], due[1].id) if due else None) == expected

    @invariant()
    def port_users_match_a_scan(self):
        for host_port in HOST_PORTS:
            expected = {
                c.id: [b for b in c.ports if b[1] == host_port]
                for c in self.table.values()
                if c.state.running and any(b[1] == host_port for b in c.ports)
            }
            assert self.table.port_users(host_port) == expected


TestContainerTable = ContainerTableMachine.TestCase
