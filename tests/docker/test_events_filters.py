"""`docker events --filter` and `GET /events?filters=` keep the same events: the daemon's one
rule (engine/eventfilter.py, moby daemon/events/filter.go). Before, the CLI applied only
type, event and container itself and silently ignored image, label, network and volume."""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.engine.eventfilter import include
from dockersim.engine.world import Event


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    assert engine.docker("pull -q alpine").exit_code == 0
    engine.docker("network create backend")
    engine.docker("volume create data")
    engine.docker("run -d --name web --label tier=front busybox sleep 1000")
    engine.docker("run -d --name worker --label tier=back -v data:/d alpine sleep 1000")
    engine.docker("network connect backend worker")
    return engine


def _events(engine: Engine, *filters: str) -> list[tuple[str, str, str]]:
    flags = " ".join(f"--filter {f}" for f in filters)
    got = engine.docker(f"events --since 0 --until {int(engine.now)} {flags}")
    assert got.exit_code == 0, got.stderr
    rows = []
    for line in got.stdout.splitlines():
        _when, kind, action, *_rest = line.split()
        rows.append((kind, action, line.split("(")[1]))
    return rows


def test_image_filter_keeps_the_image_and_its_containers(engine: Engine) -> None:
    rows = _events(engine, "image=busybox")
    assert rows, "nothing kept"
    assert all("busybox" in attrs for _t, _a, attrs in rows)
    assert {(t, a) for t, a, _ in rows} >= {("image", "pull"), ("container", "create")}


def test_label_filter(engine: Engine) -> None:
    rows = _events(engine, "label=tier=back")
    assert rows and all("tier=back" in attrs for *_x, attrs in rows)
    both = _events(engine, "label=tier")
    assert len(both) == len(_events(engine, "label=tier=front")) + len(rows)


def test_network_and_volume_filters(engine: Engine) -> None:
    rows = _events(engine, "network=backend")
    assert "create" in {a for _t, a, _ in rows}
    assert {t for t, _a, _ in rows} == {"network"}
    assert {t for t, _a, _ in _events(engine, "volume=data")} == {"volume"}


def test_container_filter_is_a_prefix_of_the_id_or_the_name(engine: Engine) -> None:
    by_name = _events(engine, "container=wor")  # FuzzyMatch: a prefix of the name
    assert by_name and all("name=worker" in attrs for *_x, attrs in by_name)
    assert _events(engine, "container=nobody") == []


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        ({}, True),
        ({"event": ["start"]}, True),
        ({"event": ["stop"]}, False),
        ({"event": ["health_status"]}, False),
        ({"type": ["container"], "event": ["start", "die"]}, True),
        ({"scope": ["swarm"]}, False),
        ({"container": ["abc"]}, True),
        ({"container": ["web"]}, True),
        ({"container": ["we", "x"]}, True),
        ({"container": ["eb"]}, False),
        ({"network": ["web"]}, True),  # every key looks at the actor, whatever the type
        ({"image": ["nginx"]}, True),  # without the tag
        ({"image": ["nginx:latest"]}, True),
        ({"image": ["ngin"]}, False),  # images match exactly
        ({"label": ["tier"]}, True),
        ({"label": ["tier=front", "role"]}, False),  # every label must be there
    ],
)
def test_the_rule(filters: dict[str, list[str]], kept: bool) -> None:
    event = Event(
        0.0,
        "container",
        "start",
        "abc123",
        {"name": "web", "image": "nginx:latest", "tier": "front"},
    )
    assert include(event, filters) is kept


def test_fuzzy_event_names() -> None:
    healthy = Event(0.0, "container", "health_status: healthy", "abc", {"name": "web"})
    assert include(healthy, {"event": ["health_status"]})
    assert not include(healthy, {"event": ["health"]})


def test_image_events_name_what_the_daemon_names(engine: Engine) -> None:
    """moby daemon/images/image_events.go LogImageEvent: labels of the image, then `name`;
    a pull or push names the reference, a tag the new tag, the others the image ID."""
    engine.docker("pull -q nginx")
    nginx = engine.docker("image inspect -f {{.Id}} nginx").stdout.strip()
    engine.docker("tag nginx my/web:1")
    engine.docker("rmi my/web:1")
    got = engine.docker(
        "events --since 0 --until 0s --filter type=image --format "
        "'{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}} {{.Actor.Attributes.maintainer}}'"
    )
    rows = [line for line in got.stdout.splitlines() if "nginx" in line or nginx in line]
    maintainer = "NGINX Docker Maintainers <docker-maint@nginx.com>"
    assert rows == [
        f"pull nginx:latest nginx {maintainer}",
        f"tag {nginx} my/web:1 {maintainer}",
        f"untag {nginx} {nginx} {maintainer}",
    ]
