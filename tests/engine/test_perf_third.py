"""What the third round of in-process speed-ups keeps (issue 14): each shortcut answers as the
work it replaces, also after what it was derived from changes.

- the timer queue drops its stale entries itself (`TimerQueue._compact`), and never one that
  is still a container's exit, restart or probe time;
- mount layouts are shared by containers with the same mount points (`mountfs._layout`), but
  each container reaches its own mounts through them;
- every container gets the same `/etc/resolv.conf` entry, and a write to one changes only it;
- the engine's program table answers `get` as it answers `[]`;
- a stop still tells the network graph an endpoint left (one revision bump for all networks);
- MACs and address pools are remembered by value.
"""

from __future__ import annotations

import gc
import weakref
from ipaddress import ip_address, ip_network

import pytest

from dockersim.engine import Engine
from dockersim.engine.containers import CreateRequest
from dockersim.engine.programs import TABLE, userland_programs
from dockersim.model import timers
from dockersim.model.network import mac_for
from dockersim.model.tables import ContainerTable
from dockersim.model.timers import COMPACT_SLACK, TimerQueue
from dockersim.model.userland.programs.system import parse_duration

SLEEP = CreateRequest("busybox", cmd=("sleep", "100000"))


def _engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    return engine


def _cycle(engine: Engine) -> None:
    container = engine.container_create(SLEEP)
    engine.container_start(container.id)
    engine.container_stop(container.id, timeout=0)
    engine.container_remove(container.id)


# --- the timer queue ------------------------------------------------------------------------
def test_cycles_leave_the_timer_queue_the_size_of_the_table() -> None:
    # given: one container whose exit is due in 30 seconds
    engine = _engine()
    assert engine.docker("run -d --name due busybox sleep 30").exit_code == 0
    # when: many containers are made, started and removed before their own exit is due
    for _ in range(5 * COMPACT_SLACK):
        _cycle(engine)
    # then: the queue holds about what the table does, not one entry per cycle
    containers = engine.world.containers
    assert len(containers.timers) <= 2 * max(len(containers), 1) + 2 * COMPACT_SLACK
    # and the surviving exit still comes at its time
    engine.advance(29)
    assert engine.docker("inspect -f '{{.State.Status}}' due").stdout == "running\n"
    engine.advance(2)
    result = engine.docker("inspect -f '{{.State.Status}} {{.State.ExitCode}}' due")
    assert result.stdout == "exited 0\n"


def test_compaction_keeps_every_live_time_in_order() -> None:
    # given: even containers with one live time each, set first
    live: dict[str, float] = {f"c{n}": 500.0 - n for n in range(0, 10, 2)}
    queue = TimerQueue(lambda when, key: live.get(key) == when)
    for number in range(10):
        queue.enroll(f"c{number}")
    for key, when in live.items():
        queue.push(when, key)
    # when: the odd ones push many times that are never live (stale at once)
    for step in range(100):
        for number in range(1, 10, 2):
            queue.push(float(step), f"c{number}")
    # then: the stale entries went (the heap is bounded) and the live ones come out in order
    assert len(queue) <= 2 * 10 + COMPACT_SLACK
    popped = []
    while (head := queue.peek()) is not None:
        queue.pop()
        if live.get(head[1]) == head[0]:
            popped.append(head)
    assert popped == sorted((when, key) for key, when in live.items())


def _restart_story() -> list[str]:
    engine = _engine()
    assert engine.docker("run -d --name loop --restart always busybox false").exit_code == 0
    assert engine.docker("run -d --name late busybox sleep 3000").exit_code == 0
    seen = []
    for _ in range(12):
        engine.advance(300)
        for _ in range(COMPACT_SLACK):
            _cycle(engine)
        shown = "inspect -f '{{.Name}} {{.State.Status}} {{.RestartCount}}' loop late"
        seen.append(engine.docker(shown).stdout)
    return seen


def test_a_restart_loop_runs_as_without_compaction(monkeypatch: pytest.MonkeyPatch) -> None:
    # given: the same story of a restart loop, a later exit and many short-lived containers
    compacted = _restart_story()
    # when: told again with a queue that never compacts
    monkeypatch.setattr(timers, "COMPACT_SLACK", 10**9)
    plain = _restart_story()
    # then: every state, exit and restart count is the same at every step
    assert compacted == plain
    assert compacted[-1].split("\n")[1] == "/late exited 0"
    assert int(compacted[-1].split()[2]) > 50


# --- mount layouts --------------------------------------------------------------------------
def test_containers_with_the_same_mount_points_reach_their_own_volumes() -> None:
    # given: two containers with volumes at the same paths (one layout for both)
    engine = _engine()
    for name in ("alpha", "beta"):
        command = f"run -d --name {name} -v {name}-top:/data -v {name}-sub:/data/sub busybox"
        assert engine.docker(f"{command} sleep 1000").exit_code == 0
    # when: each writes into both of its mounts
    for name in ("alpha", "beta"):
        script = f"echo {name} > /data/top && echo {name} > /data/sub/inner"
        assert engine.docker(f"exec {name} sh -c '{script}'").exit_code == 0
    # then: each reads its own, the nested mount winning under /data/sub
    for name in ("alpha", "beta"):
        result = engine.docker(f"exec {name} cat /data/top /data/sub/inner")
        assert result.stdout == f"{name}\n{name}\n"
    listing = engine.docker("run --rm -v alpha-top:/v busybox ls /v")
    assert listing.stdout == "top\n"


# --- /etc/resolv.conf -----------------------------------------------------------------------
def test_a_write_to_one_containers_resolv_conf_leaves_the_others() -> None:
    # given: two containers on the default bridge and one on a user-defined network
    engine = _engine()
    assert engine.docker("network create net").exit_code == 0
    for name, net in (("one", "bridge"), ("two", "bridge"), ("three", "net")):
        assert (
            engine.docker(f"run -d --name {name} --network {net} busybox sleep 1000").exit_code == 0
        )
    before = engine.docker("exec two cat /etc/resolv.conf").stdout
    # when: one of them appends to its resolv.conf
    assert engine.docker("exec one sh -c 'echo search example >> /etc/resolv.conf'").exit_code == 0
    # then: only its own file changed; the user-defined network's uses the embedded DNS
    assert engine.docker("exec one tail -n 1 /etc/resolv.conf").stdout == "search example\n"
    assert engine.docker("exec two cat /etc/resolv.conf").stdout == before
    assert "nameserver 10.0.2.3\n" in before
    third = engine.docker("exec three cat /etc/resolv.conf").stdout
    assert "nameserver 127.0.0.11\n" in third
    assert "search example" not in third


# --- the engine's programs ------------------------------------------------------------------
def test_the_program_tables_get_answers_as_its_lookup() -> None:
    # given: the table a process sees
    table = userland_programs()
    marker = object()
    # then: every engine program is found by `get` as by `[]`, and anything else is not
    for name in TABLE:
        assert table.get(name) is table[name]
    assert table.get("sleep") is None
    assert table.get("sleep", marker) is marker
    assert table.get("no-such-program") is None


def test_base_and_engine_programs_still_run_inside_a_container() -> None:
    # given / when: a base program (`sleep`, not in the engine's table) and one the engine
    # provides (`hostname -i` is busybox's; `ping` is the engine's), in one container
    engine = _engine()
    result = engine.docker("run --rm busybox sh -c 'sleep 1; ping -c 1 127.0.0.1 | head -n 1'")
    # then: both ran
    assert result.exit_code == 0
    assert result.stdout == "PING 127.0.0.1 (127.0.0.1): 56 data bytes\n"


# --- networks -------------------------------------------------------------------------------
def test_a_stop_tells_the_network_graph_the_endpoint_left() -> None:
    # given: a running container on a user-defined network
    engine = _engine()
    assert engine.docker("network create net").exit_code == 0
    assert engine.docker("run -d --name web --network net busybox sleep 1000").exit_code == 0
    revision = engine.network_revision()
    # when: it stops
    assert engine.docker("stop -t 0 web").exit_code == 0
    # then: the revision moved, and the network lists no container
    assert engine.network_revision() != revision
    shown = engine.docker("network inspect -f '{{len .Containers}}' net")
    assert shown.stdout == "0\n"


def test_a_reused_address_gets_its_own_mac_and_a_new_range_its_own_pool() -> None:
    # given: a network with an address range; a container takes the first address, leaves
    engine = _engine()
    create = "network create --subnet 10.7.0.0/24 --ip-range 10.7.0.64/26 ranged"
    assert engine.docker(create).exit_code == 0
    fmt = "'{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}}{{end}}'"
    assert engine.docker("run -d --name first --network ranged busybox sleep 1000").exit_code == 0
    first = engine.docker(f"inspect -f {fmt} first").stdout
    assert engine.docker("rm -f first").exit_code == 0
    # when: another takes it again, and the network is made again with another range
    assert engine.docker("run -d --name second --network ranged busybox sleep 1000").exit_code == 0
    again = engine.docker(f"inspect -f {fmt} second").stdout
    assert engine.docker("rm -f second").exit_code == 0
    assert engine.docker("network rm ranged").exit_code == 0
    create = "network create --subnet 10.7.0.0/24 --ip-range 10.7.0.128/26 ranged"
    assert engine.docker(create).exit_code == 0
    assert engine.docker("run -d --name third --network ranged busybox sleep 1000").exit_code == 0
    moved = engine.docker(f"inspect -f {fmt} third").stdout
    # then: the same address comes back with the same MAC (02:42 and the four octets); the
    # new range allocates from its own addresses
    assert first == again
    ip, mac = first.split()
    assert ip_address(ip) in ip_network("10.7.0.64/26")
    assert mac == mac_for(ip) == "02:42:" + ":".join(f"{int(o):02x}" for o in ip.split("."))
    moved_ip, moved_mac = moved.split()
    assert ip_address(moved_ip) in ip_network("10.7.0.128/26")
    assert moved_mac == "02:42:" + ":".join(f"{int(o):02x}" for o in moved_ip.split("."))
    assert mac_for("172.17.0.2") == "02:42:ac:11:00:02"


# --- sleep ----------------------------------------------------------------------------------
def test_sleep_durations() -> None:
    # then: coreutils' and busybox's suffixes, fractions and infinity
    assert parse_duration("2m") == 120
    assert parse_duration(".5") == 0.5
    assert parse_duration("1.5h") == 5400
    assert parse_duration("1d") == 86400
    assert parse_duration("infinity") == float("inf")
    assert parse_duration("5x") is None
    assert parse_duration("") is None


def test_a_container_table_is_freed_without_the_garbage_collector() -> None:
    # given: a table whose timer queues can test what is live
    table = ContainerTable()
    ref = weakref.ref(table)
    # when: it is dropped with the collector off
    gc.disable()
    try:
        del table
        # then: nothing (no cycle through its queues) kept it alive
        assert ref() is None
    finally:
        gc.enable()
