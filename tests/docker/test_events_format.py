"""`docker events --format` (docker/cli cli/command/system/events.go): a Go template run on
each events.Message, `json` as `{{json .}}`, and a template that cannot run on an empty message
refused before any event with exit 64."""

from __future__ import annotations

from dockersim.engine import Engine


def _events(engine: Engine, fmt: str) -> tuple[str, str, int]:
    result = engine.docker(f"events --since 0 --until 0s --format '{fmt}'")
    return result.stdout, result.stderr, result.exit_code


def test_a_template_sees_type_action_and_the_actor(engine: Engine) -> None:
    engine.docker("run --name box busybox true")
    out, err, code = _events(
        engine, "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}"
    )
    box = engine.docker("inspect -f {{.Id}} box").stdout.strip()
    # a pull names the reference (FamiliarString) and the repository (FamiliarName):
    # moby daemon/internal/distribution/pull.go
    bridge = engine.docker("network inspect -f {{.Id}} bridge").stdout.strip()
    # the network events name the network; moby logs the disconnect before the die
    assert (out, err, code) == (
        f"image pull busybox:latest busybox\ncontainer create {box} box\n"
        f"container attach {box} box\n"
        f"network connect {bridge} bridge\ncontainer start {box} box\n"
        f"network disconnect {bridge} bridge\ncontainer die {box} box\n",
        "",
        0,
    )


def test_json_is_the_message_with_api_1_52_fields(engine: Engine) -> None:
    engine.docker("run --name box busybox true")
    out, _, code = _events(engine, "json")
    box = engine.docker("inspect -f {{.Id}} box").stdout.strip()
    assert code == 0
    assert out.splitlines()[-1] == (
        '{"Type":"container","Action":"die","Actor":{"ID":"' + box + '","Attributes":'
        '{"execDuration":"0","exitCode":"0","image":"busybox","name":"box"}},"scope":"local",'
        '"time":1749988800,"timeNano":1749988800000000000}'
    )


def test_error_a_field_messages_lack_is_refused_before_any_event(engine: Engine) -> None:
    engine.docker("run --name box busybox true")
    assert _events(engine, "{{.Nope}}") == (
        "",
        'Error parsing format: template: :1:2: executing "" at <.Nope>: can\'t evaluate '
        "field Nope in type events.Message\n",
        64,
    )
    assert _events(engine, "{{.Type")[2] == 64
