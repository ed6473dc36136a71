"""Tables that keep their own indexes, so lookups cost the same in a world of 10,000 containers.

`ContainerTable` is a world's containers by ID that also knows them by name and by the host
ports they have bound, and owns the timer queue their pending exits and restarts go on
(`model/timers.py`). `EndpointTable` is a
network's endpoints by container ID that also knows which addresses are taken and the lowest
one that may be free, so allocating the lowest free address (libnetwork's rule) does not walk
the subnet from the bottom. Both are plain dicts to everything that reads them; every way of
adding or removing an entry goes through the overrides below, so the indexes cannot drift.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from dockersim.model.timers import TimerQueue

if TYPE_CHECKING:
    from dockersim.model.container import Container
    from dockersim.model.network import Endpoint

_MISSING: Any = object()
_get = dict.get
_set = dict.__setitem__
_pop = dict.pop
V = TypeVar("V")


class _Indexed(dict[str, V]):
    """A dict that tells its subclass about every entry added (`_added`) and removed
    (`_removed`), whichever dict method did it, so that an index kept beside it cannot drift."""

    def _added(self, key: str, value: V) -> None:
        raise NotImplementedError

    def _removed(self, value: V) -> None:
        raise NotImplementedError

    # (`dict.get(self, ...)` and friends rather than `super()`: these run at every join,
    # leave, create and remove)
    def __setitem__(self, key: str, value: V) -> None:
        old = _get(self, key)
        if old is not None:
            self._removed(old)
        _set(self, key, value)
        self._added(key, value)

    def __delitem__(self, key: str) -> None:
        self._removed(dict.__getitem__(self, key))
        dict.__delitem__(self, key)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        value = _pop(self, key, _MISSING)
        if value is not _MISSING:
            self._removed(value)
            return value
        if default is _MISSING:
            raise KeyError(key)
        return default

    def popitem(self) -> tuple[str, V]:
        key, value = super().popitem()
        self._removed(value)
        return key, value

    def clear(self) -> None:
        for value in list(self.values()):
            self._removed(value)
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]


#: a container's bound ports: (host IP, host port, container port, protocol)
Binding = tuple[str, int, int, str]


class ContainerTable(_Indexed["Container"]):
    """Containers by full ID, with a name index, an index of the host ports they bound
    (`bind_ports`: set through it, never on the container) and the timer queue of their
    processes."""

    def __init__(self, items: Iterable[tuple[str, Container]] = ()) -> None:
        super().__init__()
        table = weakref.ref(self)  # (the queues' tests hold no reference: no cycle)
        self.timers = TimerQueue(lambda when, key: _timer_live(table(), when, key))
        #: when each health monitor next acts (engine/health.py), apart from the processes'
        #: timers so that containers without a health check never meet them
        self.probes = TimerQueue(lambda when, key: _probe_live(table(), when, key))
        self._names: dict[str, str] = {}
        #: host port -> the IDs of the containers bound to it (each with its bindings there)
        self._ports: dict[int, dict[str, list[Binding]]] = {}
        for key, value in items:
            self[key] = value

    def _added(self, key: str, container: Container) -> None:
        self._names[container.name] = key
        if container.ports:
            self._index_ports(key, container.ports)
        self.timers.enroll(key)
        container.timers = self.timers
        for when in (container.exit_at, container.restart_at):
            if when is not None:
                self.timers.push(when, key)
        if container.probe_at is not None:
            self.probes.enroll(key)
            container.probe_timers = self.probes
            self.probes.push(container.probe_at, key)
        elif container.config.healthcheck is not None:
            self.probes.enroll(key)
            container.probe_timers = self.probes

    def _removed(self, container: Container) -> None:
        if self._names.get(container.name) == container.id:
            del self._names[container.name]
        if container.ports:
            self._unindex_ports(container.id, container.ports)
        self.timers.forget(container.id)
        self.probes.forget(container.id)
        container.timers = None
        container.probe_timers = None

    def by_name(self, name: str) -> Container | None:
        """The container called `name` (with its leading slash, as moby stores names)."""
        key = self._names.get(name)
        return None if key is None else super().get(key)

    def next_due(self, target: float) -> tuple[float, Container] | None:
        """The earliest exit or restart due by `target` (ties: the older container first):
        a running, unpaused container's `exit_at` or a restarting one's `restart_at`.

        The timer queue holds every time ever set. An entry whose container is gone or no
        longer has that time is dropped; one whose container has it but is not in the state
        that makes it due (a paused or stopped container) is put back for later.
        """
        queue = self.timers
        parked: list[tuple[float, str]] = []
        found: tuple[float, Container] | None = None
        while (head := queue.peek()) is not None and head[0] <= target:
            when, key = head
            queue.pop()
            container = super().get(key)
            if container is None or when not in (container.exit_at, container.restart_at):
                continue
            state = container.state
            if state.restarting:
                due = container.restart_at == when
            else:
                due = state.running and not state.paused and container.exit_at == when
            if due:
                found = (when, container)
                queue.push(when, key)  # it stays due until its time is cleared
                break
            parked.append(head)
        for when, key in parked:
            queue.push(when, key)
        return found

    def next_probe(self, target: float) -> tuple[float, Container] | None:
        """The earliest health monitor action due by `target`: a probe to start or one
        under way to end, on a running, unpaused container whose monitor runs. Stale entries
        (the time moved, the monitor stopped) are dropped: a monitor that starts again sets
        a new time."""
        queue = self.probes
        while (head := queue.peek()) is not None and head[0] <= target:
            when, key = head
            container = super().get(key)
            health = container.state.health if container is not None else None
            if (
                container is None
                or health is None
                or not health.monitoring
                or container.probe_at != when
                or not container.state.running
                or container.state.paused
                or container.state.restarting
            ):
                queue.pop()
                continue
            return when, container
        return None

    # --- host ports -----------------------------------------------------------------------
    def bind_ports(self, container: Container, ports: list[Binding]) -> None:
        """Set the host ports `container` holds (empty: it released them)."""
        held = _get(self, container.id) is container
        if held and container.ports:
            self._unindex_ports(container.id, container.ports)
        container.ports = ports
        if held and ports:
            self._index_ports(container.id, ports)

    def port_users(self, host_port: int) -> dict[str, list[Binding]]:
        """The running containers bound to `host_port` (any address, any protocol), by ID,
        with their bindings there: what a scan of every container's ports would find."""
        found: dict[str, list[Binding]] = {}
        for key, bindings in self._ports.get(host_port, {}).items():
            container = _get(self, key)
            if container is not None and container.state.running:
                found[key] = bindings
        return found

    def _index_ports(self, key: str, ports: list[Binding]) -> None:
        for binding in ports:
            self._ports.setdefault(binding[1], {}).setdefault(key, []).append(binding)

    def _unindex_ports(self, key: str, ports: list[Binding]) -> None:
        for host_port in {binding[1] for binding in ports}:
            users = self._ports.get(host_port)
            if users is not None:
                users.pop(key, None)
                if not users:
                    del self._ports[host_port]

    def rename(self, container: Container, name: str) -> None:
        if self._names.get(container.name) == container.id:
            del self._names[container.name]
        container.name = name
        self._names[name] = container.id


def _timer_live(table: ContainerTable | None, when: float, key: str) -> bool:
    """Whether a timer entry is still its container's exit or restart time (`next_due` drops
    the others)."""
    container = None if table is None else dict.get(table, key)
    return container is not None and when in (container.exit_at, container.restart_at)


def _probe_live(table: ContainerTable | None, when: float, key: str) -> bool:
    """Whether a probe entry is still its container's next health action (`next_probe` drops
    the others)."""
    container = None if table is None else dict.get(table, key)
    return container is not None and container.probe_at == when


class EndpointTable(_Indexed["Endpoint"]):
    """A network's endpoints by container ID, with the addresses they hold.

    `_floor` keeps the invariant that every address from the subnet's first host up to (not
    including) it is taken, so the next lowest free address is found from there.
    """

    def __init__(self, items: Iterable[tuple[str, Endpoint]] = ()) -> None:
        super().__init__()
        self._taken: dict[int, int] = {}
        self._floor = 0
        #: (subnet, range, their bounds) of the last allocation: the same objects next time
        self._bounds: tuple[Any, Any, tuple[int, int, int] | None] | None = None
        for key, value in items:
            self[key] = value

    def _added(self, key: str, endpoint: Endpoint) -> None:
        if endpoint.ip:
            number = _to_int(endpoint.ip)
            self._taken[number] = self._taken.get(number, 0) + 1

    def _removed(self, endpoint: Endpoint) -> None:
        self._release(endpoint.ip)

    def _release(self, ip: str) -> None:
        if not ip:
            return
        number = _to_int(ip)
        left = self._taken.get(number, 0) - 1
        if left > 0:
            self._taken[number] = left
            return
        self._taken.pop(number, None)
        self._floor = min(self._floor, number)

    def lowest_free(
        self,
        subnet: ipaddress.IPv4Network,
        reserved: str,
        ip_range: ipaddress.IPv4Network | None = None,
    ) -> str | None:
        """The lowest host address of `ip_range` (else the subnet) that no endpoint holds,
        other than `reserved` (the gateway); as `lowest_free_ip`, without the walk."""
        last = self._bounds
        if last is not None and last[0] is subnet and last[1] is ip_range:
            bounds = last[2]  # the network's own parsed pool, as at the last allocation
        else:
            bounds = _pool_bounds(subnet, ip_range)
            self._bounds = (subnet, ip_range, bounds)
        if bounds is None:  # no network/broadcast to skip
            held = [e.ip for e in self.values()] + [reserved]
            return lowest_free_ip(subnet, held, ip_range)
        first, start, end = bounds
        skip = _to_int(reserved) if reserved else -1
        floor = max(self._floor, first)
        begin = max(start, floor)
        number = begin
        taken = self._taken
        while number <= end and (number in taken or number == skip):
            number += 1
        if begin == floor:  # scanned on from the floor: everything below `number` is taken
            self._floor = number
        if number > end:
            return None
        return f"{number >> 24}.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


@functools.lru_cache(maxsize=256)  # networks are few; every join reads its own
def _pool_bounds(
    subnet: ipaddress.IPv4Network, ip_range: ipaddress.IPv4Network | None
) -> tuple[int, int, int] | None:
    """(first host of the subnet, first of the pool, last of the pool) as numbers; None for a
    /31 or /32, which have no network or broadcast address to skip."""
    pool = ip_range or subnet
    if pool.prefixlen >= 31 or subnet.prefixlen >= 31:
        return None
    first = int(subnet.network_address) + 1
    start = max(int(pool.network_address) + 1, first)
    end = min(int(pool.broadcast_address), int(subnet.broadcast_address)) - 1
    return first, start, end


def lowest_free_ip(
    subnet: ipaddress.IPv4Network,
    taken: Iterable[str],
    ip_range: ipaddress.IPv4Network | None = None,
) -> str | None:
    """The lowest host address not taken (network, broadcast and gateway are never free)."""
    used = set(taken)
    pool = ip_range or subnet
    for address in pool.hosts():
        if address in subnet and str(address) not in used:
            return str(address)
    return None


@functools.lru_cache(maxsize=4096)  # an address is read at each join and leave
def _to_int(ip: str) -> int:
    """The address as a number; -1 for anything that is not an IPv4 address (it takes
    nothing from the pool). Dotted quads are read directly, anything else by ipaddress."""
    quad = _QUAD(ip)
    if quad is not None:
        a, b, c, d = map(int, quad.groups())
        if max(a, b, c, d) <= 255:
            return a << 24 | b << 16 | c << 8 | d
    try:
        return int(ipaddress.IPv4Address(ip))
    except ValueError:
        return -1


#: a dotted quad whose octets are one to three ASCII digits without a leading zero
#: (ipaddress's own rule), in one match instead of a check per octet
_QUAD = re.compile(
    r"(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})"
).fullmatch
