"""`docker container/network/volume/image prune` and `docker system prune` (docker/cli
cli/command/*/prune.go and system/pruner): prompts, reports, filters, cancellation."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

SYSTEM_PROMPT = (
    "WARNING! This will remove:\n"
    "  - all stopped containers\n"
    "  - all networks not used by at least one container\n"
    "  - all dangling images\n"
    "  - unused build cache\n"
    "\n"
    "Are you sure you want to continue? [y/N] "
)


@pytest.fixture
def world(engine: Engine) -> Engine:
    for line in (
        "pull busybox",
        "run --name old -l keep=no busybox true",
        "run --name kept -l keep=yes busybox true",
        "run -d --name up busybox sleep 1000",
        "network create spare",
        "volume create named",
        "run --name anon -v /data busybox true",
    ):
        assert engine.docker(line).exit_code == 0, line
    return engine


def _id(engine: Engine, name: str) -> str:
    return engine.docker(f"inspect -f '{{{{.Id}}}}' {name}").stdout.strip()


def test_container_prune_without_an_answer_is_cancelled(world: Engine) -> None:
    # when
    result = world.docker("container prune")
    # then
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "WARNING! This will remove all stopped containers.\n"
        "Are you sure you want to continue? [y/N] "
    )
    assert world.docker("ps -aq").stdout.count("\n") == 4


def test_container_prune_answered_y_on_stdin_removes_what_the_label_selects(
    world: Engine,
) -> None:
    # given
    old = _id(world, "old")
    # when
    result = world.docker("container prune --filter label=keep=no", stdin="Y\n")
    # then
    assert result.stdout == (
        "WARNING! This will remove all stopped containers.\n"
        "Are you sure you want to continue? [y/N] "
        f"Deleted Containers:\n{old}\n\nTotal reclaimed space: 0B\n"
    )
    assert world.docker("ps -a --format '{{.Names}}'").stdout.split() == ["anon", "up", "kept"]


def test_container_prune_label_not_and_until(world: Engine) -> None:
    # when
    none_yet = world.docker("container prune -f --filter until=1h")
    some = world.docker("container prune -f --filter label!=keep=yes")
    # then
    assert none_yet.stdout == "Total reclaimed space: 0B\n"
    assert some.stdout.startswith("Deleted Containers:\n")
    assert world.docker("ps -a --format '{{.Names}}'").stdout.split() == ["up", "kept"]


def test_prune_filter_errors_are_the_daemons(world: Engine) -> None:
    # when
    bad_key = world.docker("container prune -f --filter color=red")
    bad_time = world.docker("network prune -f --filter until=soon")
    two = world.docker("container prune -f --filter until=1h --filter until=2h")
    # then
    assert (bad_key.exit_code, bad_key.stderr) == (
        1,
        "Error response from daemon: invalid filter 'color'\n",
    )
    assert bad_time.stderr == (
        'Error response from daemon: failed to parse value as time or duration: "soon"\n'
    )
    assert two.stderr == "Error response from daemon: more than one until filter specified\n"


def test_network_prune_prints_no_total(world: Engine) -> None:
    # when
    result = world.docker("network prune -f")
    # then
    assert result.stdout == "Deleted Networks:\nspare\n\n"


def test_volume_prune_takes_anonymous_volumes_unless_all(world: Engine) -> None:
    # given
    world.docker("rm anon")
    anonymous = world.docker("volume ls -q").stdout.split()
    anonymous.remove("named")
    # when
    first = world.docker("volume prune -f")
    second = world.docker("volume prune -a", stdin="y\n")
    # then
    assert first.stdout == f"Deleted Volumes:\n{anonymous[0]}\n\nTotal reclaimed space: 0B\n"
    assert second.stdout == (
        "WARNING! This will remove all local volumes not used by at least one container.\n"
        "Are you sure you want to continue? [y/N] "
        "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n"
    )


def test_volume_prune_all_and_the_all_filter_conflict(world: Engine) -> None:
    result = world.docker("volume prune -a -f --filter all=1")
    assert (result.exit_code, result.stderr) == (
        1,
        "conflicting options: cannot specify both --all and --filter all=1\n",
    )


def test_system_prune_prompt_and_cancel(world: Engine) -> None:
    result = world.docker("system prune", stdin="n\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, SYSTEM_PROMPT, "")
    assert world.docker("ps -aq").stdout.count("\n") == 4


def test_system_prune_prompt_lists_volumes_all_and_filters(world: Engine) -> None:
    result = world.docker("system prune -a --volumes --filter label=b --filter label=a")
    assert result.stdout == (
        "WARNING! This will remove:\n"
        "  - all stopped containers\n"
        "  - all networks not used by at least one container\n"
        "  - all anonymous volumes not used by at least one container\n"
        "  - all images without at least one container associated to them\n"
        "  - all build cache\n"
        "\n"
        "  Items to be pruned will be filtered with:\n"
        "  - label=a\n"
        "  - label=b\n"
        "\n"
        "Are you sure you want to continue? [y/N] "
    )


def test_system_prune_until_with_volumes_is_refused_before_asking(world: Engine) -> None:
    result = world.docker("system prune --volumes --filter until=24h")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        'ERROR: The "until" filter is not supported with "--volumes"\n',
    )


def test_system_prune_force_reports_each_kind_then_the_total(world: Engine) -> None:
    # given
    stopped = [_id(world, name) for name in ("old", "kept", "anon")]
    volume = next(v for v in world.docker("volume ls -q").stdout.split() if v != "named")
    # when
    result = world.docker("system prune -f --volumes")
    # then
    listed = result.stdout.split("\n\n")
    assert listed[0].splitlines()[0] == "Deleted Containers:"
    assert sorted(listed[0].splitlines()[1:]) == sorted(stopped)
    assert listed[1:] == [
        "Deleted Networks:\nspare",
        f"Deleted Volumes:\n{volume}",
        "Total reclaimed space: 0B\n",
    ]
    assert world.docker("ps -a --format '{{.Names}}'").stdout == "up\n"


def test_system_prune_all_removes_unused_images(world: Engine) -> None:
    # given
    world.docker("rm -f up")
    # when
    result = world.docker("system prune -af")
    # then
    assert "Deleted Images:\nuntagged: busybox:latest\n" in result.stdout
    assert result.stdout.endswith("Total reclaimed space: 4.421MB\n")
    assert world.docker("images -q").stdout == ""
