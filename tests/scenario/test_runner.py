"""Playing scenarios: steps, expectations, checks, captures, fail-fast, explain, errors."""

from __future__ import annotations

import attrs
import pytest

from dockersim.engine import Engine
from dockersim.scenario import load_text, play, render

HEAD = "dockersim: 1\ntitle: T\nseed: 1\nimages: [alpine:latest]\nsteps:\n"


def transcript(body: str, **options: object) -> str:
    scenario, _ = load_text(HEAD + body, "t.yaml")
    report, _ = play(scenario, **options)  # type: ignore[arg-type]
    return render(report)


RULE = "─" * 60


def test_a_step_shows_narration_command_output_and_verdicts():
    body = (
        "  - say: Run **one** container.\n"
        "    run: docker run --rm alpine:latest echo hi\n"
        "    expect: {exit: 0, stdout: hi}\n"
    )
    assert transcript(body) == (
        "T\n=\n"
        "\nRun **one** container.\n"
        "\n$ docker run --rm alpine:latest echo hi\n"
        "hi\n"
        "  ✓ exit status is 0\n"
        '  ✓ stdout is "hi"\n'
        f"\n{RULE}\n2 checks: 2 passed, 0 failed\nPASSED\n"
    )


def test_a_failed_step_shows_the_reason_and_the_hint():
    body = (
        "  - run: docker rm ghost\n"
        "    expect: {exit: 0}\n"
        "    hint: Is there a container called ghost?\n"
    )
    assert transcript(body) == (
        "T\n=\n"
        "\n$ docker rm ghost\n"
        "Error response from daemon: No such container: ghost\n"
        "  ✗ exit status is 0\n"
        "      exit status is 1, expected 0 (Error response from daemon: No such container: "
        "ghost)\n"
        "  Hint: Is there a container called ghost?\n"
        f"\n{RULE}\n1 check: 0 passed, 1 failed\nFAILED\n"
    )


def test_fail_fast_skips_the_rest():
    body = (
        "  - run: docker rm ghost\n"
        "    expect: {exit: 0}\n"
        "  - run: docker ps\n"
        "    expect: {exit: 0}\n"
        "  - advance: 5s\n"
        "    check: [{container: {name: ghost, exists: false}}]\n"
    )
    assert transcript(body, fail_fast=True).split("ghost)\n", 1)[1] == (
        "\n[skipped: $ docker ps was not run after an earlier failure]\n"
        "\n[skipped: this step was not run after an earlier failure]\n"
        f"\n{RULE}\n3 checks: 0 passed, 1 failed, 2 skipped\nFAILED\n"
    )


def test_time_daemon_restarts_and_checks():
    body = (
        "  - run: docker run -d --name box --restart always alpine:latest sleep 100\n"
        "  - advance: 2m\n"
        "    check: {container: {name: box, state: running, restartCount: 1}}\n"
        "  - daemon_restart: true\n"
        "    check: {container: {name: box, state: running}}\n"
    )
    assert transcript(body).split("\n\n[2m", 1)[1] == (
        " of virtual time pass]\n"
        "  ✓ container box is running, restarted 1 time\n"
        "\n[the Docker daemon restarts]\n"
        "  ✓ container box is running\n"
        f"\n{RULE}\n2 checks: 2 passed, 0 failed\nPASSED\n"
    )


def test_captured_output_fills_later_lines_and_expectations():
    body = (
        "  - run: docker create --name box alpine:latest true\n"
        "    capture: ID\n"
        "  - run: docker inspect --format '{{.Name}}' ${ID}\n"
        "    expect: {stdout: /box}\n"
        "  - run: docker ps -aq --no-trunc\n"
        '    expect: {stdout: "${ID}"}\n'
    )
    scenario, _ = load_text(HEAD + body)
    report, engine = play(scenario)
    full_id = engine.container_get("box").id
    assert [s.command for s in report.steps] == [
        "docker create --name box alpine:latest true",
        f"docker inspect --format '{{{{.Name}}}}' {full_id}",
        "docker ps -aq --no-trunc",
    ]
    assert report.passed


def test_explain_shows_what_a_step_changed():
    body = (
        "  - run: docker run --name box alpine:latest sh -c 'echo x > /x'\n"
        "    explain: true\n"
        "  - run: docker rm box\n"
        "    explain: true\n"
    )
    out = transcript(body)
    assert out.split("\n\n$ docker rm")[0].split("/x'\n", 1)[1] == (
        "  What changed:\n"
        "    + container box (406484de0033) from alpine:latest: exited (0)\n"
        "      in the writable layer of box (docker diff):\n"
        "        A /x"
    )
    assert out.split("$ docker rm box\n")[1].split("\n\n")[0] == (
        "box\n"
        "  What changed:\n"
        "    - container box (406484de0033) removed; its writable layer (1 change) is gone"
    )


def test_explain_all_draws_pulled_layer_stacks():
    body = "  - run: docker pull -q debian:bookworm-slim\n  - run: docker pull -q nginx\n"
    out = transcript(body, explain_all=True)
    assert out.split("docker.io/library/nginx:latest\n")[1].split("\n\n")[0] == (
        "  What changed:\n"
        "    + image nginx:latest (83f21b272840), 7 layers:\n"
        "      ┌─────────────────────────────────────────────┐\n"
        "      │ 9f4bf3c32f0b   4.62kB  new                  │\n"
        "      │ 844e370c95a6   3.02kB  new                  │\n"
        "      │ 8599d4e88821     389B  new                  │\n"
        "      │ 016874e865b7   2.12kB  new                  │\n"
        "      │ 3f44a697d1c2   1.62kB  new                  │\n"
        "      │ 0ff4854a4742    118MB  new                  │\n"
        "      │ 5f59ae5dc9f9   74.8MB  shared, already here │\n"
        "      └─────────────────────────────────────────────┘"
    )


def test_an_engine_failure_is_reported_not_raised(monkeypatch):
    def boom(self: Engine, *args: object, **kwargs: object) -> None:
        raise KeyError("lost")

    monkeypatch.setattr(Engine, "advance", boom)
    body = "  - advance: 1s\n    check: {image: {name: alpine}}\n"
    scenario, _ = load_text(HEAD + body)
    report, _ = play(scenario)
    assert (report.passed, report.steps[0].error) == (
        False,
        "dockersim internal error: KeyError: 'lost'",
    )
    assert render(report).endswith(
        "\n[1s of virtual time pass]\n"
        "  ✗ dockersim internal error: KeyError: 'lost'\n"
        f"\n{RULE}\n0 checks: 0 passed, 0 failed, 1 error\nFAILED\n"
    )


def test_error_setup_that_fails_skips_every_step():
    scenario, _ = load_text(HEAD + "  - run: docker ps\n    expect: {exit: 0}\n")
    scenario = attrs.evolve(scenario, images=("example.com/private/app:1",))
    report, _ = play(scenario)
    assert report.errors == (
        "cannot pull example.com/private/app:1: Error response from daemon: Get "
        '"https://example.com/v2/": dial tcp example.com:443: connect: connection refused',
    )
    assert [s.status for s in report.steps] == ["skipped"]
    assert not report.passed


@pytest.mark.parametrize("seed", [None, 42])
def test_the_same_scenario_and_seed_play_the_same(seed):
    body = "  - run: docker run -d alpine:latest sleep 5\n  - run: docker ps -a\n"
    assert transcript(body, seed=seed) == transcript(body, seed=seed)


def test_steps_run_and_check_on_the_host_they_name():
    head = HEAD.replace("steps:", "hosts: [node1, node2]\nsteps:")
    body = (
        "  - on: node2\n"
        "    run: docker run -d --name far alpine:latest sleep 100\n"
        "    check: {container: {name: far, state: running}}\n"
        "  - run: docker ps -a --format '{{.Names}}'\n"
        '    expect: {stdout: ""}\n'
        "    check: {container: {name: far, exists: false}}\n"
        "  - on: node2\n"
        "    run: hostname\n"
    )
    scenario, _ = load_text(head + body)
    report, _ = play(scenario)
    assert [(s.host, s.status) for s in report.steps] == [
        ("node2", "passed"),
        ("", "passed"),
        ("node2", "ran"),
    ]
    assert (
        render(report)
        .split("\n\n")[1]
        .startswith("node2$ docker run -d --name far alpine:latest sleep 100\nUnable to find image")
    )


@pytest.mark.parametrize(
    ("matcher", "expected"),
    [
        ('"bye"', "bye"),
        ('{contains: "bye", regex: "^b"}', 'contains "bye" and matches /^b/'),
    ],
)
def test_a_failed_output_check_reports_what_was_expected(matcher: str, expected: str) -> None:
    scenario, _ = load_text(HEAD + f"  - run: docker ps -q\n    expect: {{stdout: {matcher}}}\n")
    report, _ = play(scenario)
    (check,) = report.steps[0].checks
    assert (check.passed, check.expected, check.actual) == (False, expected, "")
