"""`play --explain` draws the picture of what a step changed: an image's layers, a
container's lifecycle, a network; at most one of each kind a step, none without --explain."""

from __future__ import annotations

import re

from dockersim.scenario import load_text, play, render
from dockersim.scenario.explain import pictures, take

HEAD = "dockersim: 1\ntitle: T\nseed: 1\nsteps:\n"


def played(body: str, explain_all: bool = True, color: bool = False) -> tuple[str, list]:
    scenario, _ = load_text(HEAD + body, "t.yaml")
    report, _ = play(scenario, explain_all=explain_all)
    return render(report, color=color), [[kind for kind, _ in s.pictures] for s in report.steps]


def step_text(out: str, command: str) -> str:
    return out.split(f"$ {command}\n", 1)[1].split("\n\n$ ", 1)[0].split(f"\n\n{'─' * 60}")[0]


def test_a_pull_draws_the_layer_stack():
    out, kinds = played("  - run: docker pull -q busybox\n")
    assert kinds == [["layers"]]
    assert step_text(out, "docker pull -q busybox") == (
        "docker.io/library/busybox:latest\n"
        "  What changed:\n"
        "    + image busybox:latest (63691f2135cc), 1 layer:\n"
        "      ┌────────────────────────────┐\n"
        "      │ 0a1d20c62257   4.42MB  new │\n"
        "      └────────────────────────────┘\n"
        "\n"
        "    image busybox:latest (63691f2135cc): 1 layer, 4.42MB\n"
        "\n"
        "    ┌─ layer 1 (top) ─────────────────────────────┐\n"
        "    │   4.42MB  BusyBox 1.37.0 (glibc), Debian 13 │\n"
        "    │           bf35c5310512                      │\n"
        "    └─────────────────────────────────────────────┘"
    )


def test_a_created_network_draws_the_network():
    out, kinds = played("  - run: docker network create appnet\n")
    assert kinds == [["network"]]
    assert out.split("    + network appnet\n\n")[1].split(f"\n{'─' * 60}")[0] == (
        "    host dockersim\n"
        "    └─ bridge network appnet  172.18.0.0/16, gateway 172.18.0.1\n"
        "\n"
        "    published ports: none\n"
    )


def test_a_state_change_draws_the_lifecycle_with_the_state_marked():
    body = (
        "  - run: docker pull -q busybox\n"
        "  - run: docker run -d --name web busybox sleep 99\n"
        "  - run: docker pause web\n"
        "  - run: docker ps -q\n"
    )
    out, kinds = played(body)
    assert kinds == [["layers"], ["container"], ["container"], []]
    paused = step_text(out, "docker pause web")
    assert "    container web (" in paused
    assert "    │ ● paused   unpause → running · stop, kill → exited  ◀ now" in paused


def test_a_run_on_a_users_network_draws_image_container_and_network():
    body = (
        "  - run: docker network create appnet\n"
        "  - run: docker run -d --name web --network appnet busybox sleep 99\n"
    )
    out, kinds = played(body)
    assert kinds == [["network"], ["layers", "container", "network"]]
    assert "       └─ web  172.18.0.2  aliases " in step_text(
        out, "docker run -d --name web --network appnet busybox sleep 99"
    )


def test_a_plain_run_on_the_default_bridge_draws_no_network():
    body = "  - run: docker pull -q busybox\n  - run: docker run -d --name ab busybox sleep 9\n"
    _, kinds = played(body)
    assert kinds == [["layers"], ["container"]]


def test_network_connect_draws_the_network():
    body = (
        "  - run: docker pull -q busybox\n"
        "  - run: docker network create appnet\n"
        "  - run: docker run -d --name web busybox sleep 99\n"
        "  - run: docker network connect appnet web\n"
    )
    _, kinds = played(body)
    assert kinds[-1] == ["network"]


def test_removing_draws_nothing():
    body = (
        "  - run: docker pull -q busybox\n"
        "  - run: docker create --name web busybox\n"
        "  - run: docker rm web\n"
    )
    _, kinds = played(body)
    assert kinds == [["layers"], ["container"], []]


def test_explain_on_a_step_alone_keeps_its_lines_without_pictures():
    body = "  - run: docker pull -q busybox\n    explain: true\n"
    out, kinds = played(body, explain_all=False)
    assert kinds == [[]]
    assert "layer 1 (top)" not in out
    assert "    + image busybox:latest (63691f2135cc), 1 layer:\n" in out


def test_pictures_are_coloured_only_with_colour():
    body = "  - run: docker pull -q busybox\n  - run: docker run -d --name web busybox sleep 9\n"
    coloured, _ = played(body, color=True)
    plain, _ = played(body)
    assert "\x1b[1;32m● running\x1b[0m" in coloured
    assert "\x1b" not in plain
    assert re.sub("\x1b\\[[0-9;]*m", "", coloured) == plain


def test_pictures_name_nothing_when_nothing_changed():
    from dockersim.engine import Engine

    engine = Engine()
    assert pictures(take(engine), take(engine)) == []
