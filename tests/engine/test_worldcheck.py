# ruff: noqa: E501  (each case keeps its whole message on one line)
"""A saved world that is valid JSON but damaged is refused, naming the first bad field.

Each case edits the JSON of a real world (alpine pulled and tagged, a container on a user
network with a volume) and compares the whole `InvalidWorld` message.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from dockersim.engine import Engine
from dockersim.engine.worldcheck import InvalidWorld
from dockersim.errors import StateError

ZEROS = "sha256:" + "0" * 64


@pytest.fixture(scope="module")
def saved() -> dict[str, Any]:
    engine = Engine()
    for line in (
        "pull -q alpine",
        "tag alpine mine/alp:v1",
        "network create mynet",
        "run -d --name web --network mynet -v data:/data alpine sleep 100",
    ):
        assert engine.docker(line).exit_code == 0, line
    return json.loads(engine.dumps())


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = doc
    for step in path[:-1]:  # a lean record leaves fields at their defaults out
        node = node.setdefault(step, {}) if isinstance(node, dict) else node[step]
    node[path[-1]] = value


def _web_endpoint(doc: dict[str, Any]) -> tuple[int, str]:
    index = next(i for i, n in enumerate(doc["networks"]) if n["name"] == "mynet")
    return index, next(iter(doc["networks"][index]["endpoints"]))


def _refused(doc: dict[str, Any]) -> str:
    with pytest.raises(InvalidWorld) as caught:
        Engine.from_json(doc)
    return str(caught.value)


CASES = [
    # (what is edited, value, the whole message)
    (("containers", 0, "state", "pid"), "x", 'containers[0].state.pid: expected an integer, got "x"'),
    (("now",), -5, "now: expected a time in seconds since 1970 from 0 to 32503680000, got -5"),
    (("now",), 1e300, "now: expected a time in seconds since 1970 from 0 to 32503680000, got 1e+300"),
    (("now",), float("nan"), "now: expected a time in seconds since 1970 from 0 to 32503680000, got NaN"),
    (("counter",), 2**70, "counter: expected an integer from 0 to 9223372036854775807, got 1180591620717411303424"),
    (("seed",), 10**40, "seed: expected an integer from 0 to 9223372036854775807, got a 41-digit number"),
    (("references", "docker.io/library/alpine:latest"), ZEROS,
     'references["docker.io/library/alpine:latest"]: no image sha256:000000000000… in images'),
    (("references", "docker.io/library/alpine:latest"), "alpine",
     'references["docker.io/library/alpine:latest"]: expected a sha256 digest (sha256: and 64 hex digits), got "alpine"'),
    (("layers", 0, "refs"), 5, "layers[0].refs: expected 2 (images, containers and layers on top of it), got 5"),
    (("layers", 0, "chain_id"), ZEROS, "images[0].config.rootfs.diff_ids[0]: its layer sha256:9c7bccc1be9f… is not in layers"),
    (("containers", 0, "name"), "web", 'containers[0].name: expected a container name like /web, got "web"'),
    (("containers", 0, "config", "env"), [["PATH=/bin"]], "containers[0].config.env[0]: expected a string, got a list of 1 item"),
    (("containers", 0, "host_config", "restart_policy", "name"), "sometimes",
     'containers[0].host_config.restart_policy.name: expected "no" or "always" or "unless-stopped" or "on-failure", got "sometimes"'),
    (("containers", 0, "logs"), [[0, "stdout"]], "containers[0].logs[0]: expected a list of 3 items, got a list of 2 items"),
    (("containers", 0, "mounts", 0, "Name"), "nosuch", "containers[0].mounts[0].Name: no such volume in volumes"),
    (("node_name",), "\udc80", "node_name: not valid UTF-8 (an unpaired surrogate)"),
    (("host_upper",), [["etc/x", "file", 420, 0, 0, "", ""]], 'host_upper[0][0]: expected a normalised absolute path, got "etc/x"'),
    (("host_upper",), [["/x", "file", 420, 0, 0, "not base64!", ""]], 'host_upper[0][5]: expected base64 text, got "not base64!"'),
    (("swarm",), {"id": "x"}, 'swarm: missing field "addr"'),
    (("nodes",), {"node2": {"now": 0}}, 'nodes["node2"]: missing field "seed"'),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "message"), CASES, ids=[str(c[0]) for c in CASES])
def test_error_a_damaged_field_is_named(saved, path, value, message):
    # given a saved world with one field damaged
    doc = copy.deepcopy(saved)
    _set(doc, path, value)
    # when it is read / then
    assert _refused(doc) == message


def test_error_a_missing_field_is_named(saved):
    doc = copy.deepcopy(saved)
    del doc["containers"][0]["image_id"]
    assert _refused(doc) == 'containers[0]: missing field "image_id"'


def test_error_a_misspelt_field_is_named(saved):
    doc = copy.deepcopy(saved)
    doc["containers"][0]["naem"] = doc["containers"][0].pop("name")
    assert _refused(doc) == 'containers[0]: missing field "name"'


def test_error_an_unknown_field_is_named(saved):
    doc = copy.deepcopy(saved)
    doc["volumes"][0]["colour"] = "blue"
    assert _refused(doc) == 'volumes[0]: unknown field "colour"'


def test_error_an_endpoint_outside_its_subnet_is_named(saved):
    doc = copy.deepcopy(saved)
    index, cid = _web_endpoint(doc)
    doc["networks"][index]["endpoints"][cid]["ip"] = "10.9.9.9"
    assert _refused(doc) == (
        f'networks[{index}].endpoints["{cid[:40]}…"].ip: 10.9.9.9 is outside the subnet '
        "172.18.0.0/16"
    )


def test_error_a_duplicate_container_name_is_named(saved):
    doc = copy.deepcopy(saved)
    twin = copy.deepcopy(doc["containers"][0])
    twin["id"] = "f" * 64
    doc["containers"].append(twin)
    assert _refused(doc) == "containers[1].name: duplicate container name /web"


def test_a_container_whose_image_was_deleted_loads_on_its_kept_layers(saved):
    # given the world after `rmi -f` of the image a stopped container uses: the image and
    # its tags are gone, the container's read-write layer still holds the image's layer
    doc = copy.deepcopy(saved)
    doc["containers"][0]["image_id"] = ZEROS
    doc["images"], doc["references"] = [], {}
    doc["layers"][0]["refs"] = 1
    # when it is read
    engine = Engine.from_json(doc)
    # then the container keeps its filesystem
    assert engine.docker("diff web").stdout == "A /data\n"


def test_error_a_container_whose_image_and_layers_are_gone_is_named(saved):
    # given a world of an older version (no rw_layers) whose container's image is gone
    doc = copy.deepcopy(saved)
    del doc["rw_layers"]
    doc["layers"][0]["refs"] = 1
    doc["containers"][0]["image_id"] = ZEROS
    # when it is read / then
    assert _refused(doc) == "containers[0].image_id: no image sha256:000000000000… in images"


def test_an_older_world_gives_each_container_its_layer_reference(saved):
    # given a world saved before containers held their layers
    doc = copy.deepcopy(saved)
    del doc["rw_layers"]
    for item in doc["containers"]:
        del item["image_platform"]
    doc["layers"][0]["refs"] = 1
    # when it is read
    engine = Engine.from_json(doc)
    # then the container holds one, as if it had been created here
    cid = doc["containers"][0]["id"]
    assert engine.world.rw_layers == {cid: doc["layers"][0]["chain_id"]}
    assert engine.world.layers[doc["layers"][0]["chain_id"]].refs == 2
    assert engine.world.containers[cid].image_platform == "linux/amd64"
    assert Engine.loads(engine.dumps()).dumps() == engine.dumps()


def test_error_a_read_write_layer_of_no_container_is_named(saved):
    doc = copy.deepcopy(saved)
    doc["rw_layers"]["e" * 64] = None
    assert _refused(doc) == f'rw_layers["{"e" * 40}…"]: no such container in containers'


def test_error_a_read_write_layer_on_another_layer_than_the_image_is_named(saved):
    doc = copy.deepcopy(saved)
    cid = doc["containers"][0]["id"]
    doc["rw_layers"][cid] = None
    doc["layers"][0]["refs"] = 1
    assert _refused(doc) == (
        f'rw_layers["{cid[:40]}…"]: expected sha256:9c7bccc1be9f… (its image\'s top layer)'
    )


def test_error_a_read_write_layer_on_a_missing_layer_is_named(saved):
    doc = copy.deepcopy(saved)
    cid = doc["containers"][0]["id"]
    doc["rw_layers"][cid] = ZEROS
    assert _refused(doc) == f'rw_layers["{cid[:40]}…"]: no layer sha256:000000000000… in layers'


def test_a_refusal_is_a_state_error(saved):
    doc = copy.deepcopy(saved)
    doc["images"] = "none"
    with pytest.raises(StateError):
        Engine.from_json(doc)


def test_an_endpoint_of_a_removed_container_is_forgotten(saved):
    # given an endpoint left behind by a container that no longer exists (older versions
    # leaked them when `run --rm` failed to start)
    doc = copy.deepcopy(saved)
    index, cid = _web_endpoint(doc)
    doc["networks"][index]["endpoints"]["e" * 64] = {
        **doc["networks"][index]["endpoints"][cid],
        "container_id": "e" * 64,
        "ip": "172.18.0.9",
    }
    # when it is read
    engine = Engine.from_json(doc)
    # then the network holds only the live container, and can be removed once it is gone
    shown = engine.docker("network inspect mynet --format '{{len .Containers}}'")
    assert (shown.exit_code, shown.stdout) == (0, "1\n")
    assert engine.docker("rm -f web").exit_code == 0
    assert engine.docker("network rm mynet").exit_code == 0


def test_a_sound_world_loads_and_saves_the_same(saved):
    assert json.loads(Engine.from_json(copy.deepcopy(saved)).dumps()) == saved


@pytest.mark.parametrize("form", [lambda doc: doc, dict], ids=["to_json", "plain dict"])
def test_an_in_memory_copy_loads_with_its_tuples(form):
    # given a world whose JSON form holds tuples (published ports), not written as text: as
    # `to_json` made it (trusted), or as a plain dict (checked)
    engine = Engine()
    assert engine.docker("run -d --name web -p 8080:80 nginx").exit_code == 0
    # when it is copied in memory, as checks and graders do / then it loads
    copied = Engine.from_json(form(engine.to_json()), catalog=engine.catalog)
    assert copied.docker("port web").stdout == engine.docker("port web").stdout


# --- live terminals -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_terminal() -> dict[str, Any]:
    engine = Engine()
    assert engine.docker("run -dit --name box alpine").exit_code == 0
    box = engine.container_get("box").id
    engine.terminal_input(box, "cd /tmp; X=1")
    return json.loads(engine.dumps())


def test_a_world_with_a_live_terminal_loads_and_saves_the_same(with_terminal):
    assert json.loads(Engine.from_json(copy.deepcopy(with_terminal)).dumps()) == with_terminal


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.update(container="f" * 64),
            "terminals[0].container: no such container in containers",
        ),
        (lambda t: t.update(pid=7), "terminals[0].pid: PID 1 is the container's own terminal"),
        (lambda t: t.update(state=[1]), "terminals[0].state: expected a JSON object"),
        (
            lambda t: t["state"].update(deep=_nested(40)),
            "terminals[0].state: expected JSON nested at most 32 deep",
        ),
        (
            lambda t: t.update(output=[[1.0, "stdin", "x"]]),
            'terminals[0].output[0][1]: expected "stdout" or "stderr", got "stdin"',
        ),
    ],
    ids=["missing container", "pid", "state not an object", "state too deep", "output stream"],
)
def test_error_a_damaged_terminal_is_named(with_terminal, edit, message):
    doc = copy.deepcopy(with_terminal)
    edit(doc["terminals"][0])
    assert _refused(doc).startswith(message)


def _nested(depth: int) -> Any:
    value: Any = 0
    for _ in range(depth):
        value = [value]
    return value
