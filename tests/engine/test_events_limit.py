"""The daemon keeps its latest 256 events, and `docker events --since/--until` reads them."""

from __future__ import annotations

from dockersim.engine import Engine
from dockersim.engine._base import EVENTS_LIMIT


def test_only_the_latest_256_events_are_kept_and_shown():
    engine = Engine()
    engine.docker("pull -q busybox")
    # create, attach, network connect, start, network disconnect, die, destroy: 700 events
    for number in range(100):
        engine.docker(f"run --rm --name c{number:03} busybox true")
    shown = engine.docker("events --since 0 --until 0s").stdout.splitlines()
    assert EVENTS_LIMIT == 256 and len(engine.world.events) == 256
    assert len(shown) == 256
    assert "name=c099" in shown[-1] and "destroy" in shown[-1]
    # the last 256 are c099's back to c064's (36 x 7) and c063's last four
    assert not any("name=c062)" in line for line in shown)  # long gone from the buffer
    assert [line.split()[2] for line in shown if "name=c063)" in line] == [
        "start",
        "die",
        "destroy",
    ]


def test_the_limit_survives_a_save_and_load():
    engine = Engine()
    engine.docker("pull -q busybox")
    for number in range(70):
        engine.docker(f"run --rm --name c{number:03} busybox true")
    again = Engine.from_json(engine.to_json())
    again.docker("run --rm --name last busybox true")
    assert len(again.world.events) == 256
    assert again.world.events[-1].action == "destroy"
