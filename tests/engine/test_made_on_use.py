"""What a container start makes only when it is first used (issue 14): the daemon's own
/etc/hosts, /etc/hostname and /etc/resolv.conf and the kernel's /proc and /sys in a container's
view, and an endpoint's ID. Made later, each is what it would have been made at once."""

from __future__ import annotations

import json
import re

import pytest

from dockersim import Engine
from dockersim.model.mountfs import MountedFS, MountPoint


@pytest.fixture
def engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    return engine


def _view(engine: Engine, name: str) -> MountedFS:
    container = engine.container_get(name)
    fs = engine.container_fs(container)
    assert isinstance(fs, MountedFS)
    return fs


def _made(fs: MountedFS) -> dict[str, bool]:
    return {m.destination: m.made for m in fs.mounts if m.kind in ("etc", "kernel")}


def test_a_process_that_never_looks_there_makes_none_of_them(engine: Engine) -> None:
    assert engine.docker("run -d --name web busybox sleep 1000").exit_code == 0
    made = _made(_view(engine, "web"))
    assert set(made) == {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/proc", "/sys"}
    assert not any(made.values())


def test_made_when_read_with_the_contents_of_the_start(engine: Engine) -> None:
    assert engine.docker("run -d --name web busybox sleep 1000").exit_code == 0
    container = engine.container_get("web")
    got = engine.docker("exec web cat /etc/hosts /etc/hostname /proc/sys/kernel/hostname")
    assert got.exit_code == 0, got.stderr
    host = container.config.hostname
    assert f"172.17.0.2\t{host}\n" in got.stdout
    assert got.stdout.endswith(f"{host}\n{host}\n")
    made = _made(_view(engine, "web"))
    assert made["/etc/hosts"] and made["/etc/hostname"] and made["/proc"]
    assert not made["/sys"]


def test_a_write_through_a_mount_made_late_counts_against_the_disk(engine: Engine) -> None:
    assert engine.docker("run -d --name web busybox sleep 1000").exit_code == 0
    before = engine.quota.used
    got = engine.docker("exec web sh -c 'echo 10.0.0.9 db >> /etc/hosts'")
    assert got.exit_code == 0, got.stderr
    assert engine.quota.used - before == len("10.0.0.9 db\n")
    assert "10.0.0.9 db" in engine.docker("exec web cat /etc/hosts").stdout


def test_a_mount_point_needs_a_filesystem_or_a_way_to_make_one() -> None:
    with pytest.raises(TypeError):
        MountPoint("/x")


def _endpoint_id(engine: Engine, name: str) -> str:
    got = engine.docker(f"inspect -f '{{{{.NetworkSettings.Networks.bridge.EndpointID}}}}' {name}")
    assert got.exit_code == 0, got.stderr
    return got.stdout.strip()


def test_an_endpoint_id_read_late_is_the_same_and_is_saved(engine: Engine) -> None:
    for name in ("one", "two"):
        assert engine.docker(f"run -d --name {name} busybox sleep 1000").exit_code == 0
    saved = json.loads(json.dumps(engine.to_json()))  # before anyone read an ID
    bridge = next(n for n in saved["networks"] if n["name"] == "bridge")
    ids = {e["endpoint_id"] for e in bridge["endpoints"].values()}
    assert len(ids) == 2 and all(re.fullmatch("[0-9a-f]{64}", i) for i in ids)
    assert {k for e in bridge["endpoints"].values() for k in e} <= {
        "container_id", "ip", "mac", "aliases", "endpoint_id", "requested_ip"
    }  # fmt: skip
    shown = {_endpoint_id(engine, "one"), _endpoint_id(engine, "two")}
    assert shown == ids
    loaded = Engine.from_json(saved)
    assert {_endpoint_id(loaded, "one"), _endpoint_id(loaded, "two")} == ids


def test_events_at_their_own_time(engine: Engine) -> None:
    engine.emit_at(engine.now + 5, "network", "connect", "n1", container="c1")
    engine.emit("network", "disconnect", "n1", container="c1")
    first, second = engine.world.events[-2:]
    assert (first.action, first.time, first.attributes) == (
        "connect", engine.now + 5, {"container": "c1"}
    )  # fmt: skip
    assert (second.action, second.time) == ("disconnect", engine.now)
