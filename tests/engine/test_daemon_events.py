"""The events the daemon logs around a container's life, in moby's order (daemon/start.go,
stop.go, restart.go, kill.go, exec.go, monitor.go; container_operations.go for the network
ones): connect before start, disconnect before die, stop after the exit, restart after the
start, exec_create/exec_start/exec_die with one execID, and a kill for the SIGKILL a stop
sends at its timeout."""

from __future__ import annotations

import pytest

from dockersim import Engine

FMT = "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.signal}}"


@pytest.fixture()
def engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    return engine


def _since(engine: Engine, mark: int) -> list[str]:
    got = engine.docker(f"events --since 0 --until 0s --format '{FMT}'")
    return [line.replace(" <no value>", "") for line in got.stdout.splitlines()[mark:]]


def _mark(engine: Engine) -> int:
    return len(engine.docker("events --since 0 --until 0s").stdout.splitlines())


def test_run_and_stop(engine: Engine) -> None:
    engine.docker("network create app")
    mark = _mark(engine)
    engine.docker("run -d --name box --network app busybox sleep 1000")
    engine.docker("stop box")  # sleep ignores SIGTERM as PID 1: SIGKILL after 10 s
    assert _since(engine, mark) == [
        "container create box",
        "network connect app",
        "container start box",
        "container kill box 15",
        "container kill box 9",
        "network disconnect app",
        "container die box",
        "container stop box",
    ]


def test_stopping_a_stopped_container_logs_nothing(engine: Engine) -> None:
    engine.docker("create --name box busybox true")
    mark = _mark(engine)
    assert engine.docker("stop box").exit_code == 0
    assert _since(engine, mark) == []


def test_restart_logs_restart_after_the_start(engine: Engine) -> None:
    engine.docker("run -d --name box busybox sleep 1000")
    mark = _mark(engine)
    engine.docker("restart -t 0 box")
    assert _since(engine, mark) == [
        "container kill box 15",
        "container kill box 9",
        "network disconnect bridge",
        "container die box",
        "container stop box",
        "network connect bridge",
        "container start box",
        "container restart box",
    ]


def test_connect_and_disconnect_a_running_container(engine: Engine) -> None:
    engine.docker("network create app")
    engine.docker("create --name idle busybox true")
    engine.docker("run -d --name box busybox sleep 1000")
    mark = _mark(engine)
    engine.docker("network connect app idle")  # not running: no endpoint, no event
    engine.docker("network connect app box")
    engine.docker("network disconnect app box")
    engine.docker("network disconnect app idle")
    assert _since(engine, mark) == ["network connect app", "network disconnect app"]


def test_host_and_none_networks_are_joined_too(engine: Engine) -> None:
    mark = _mark(engine)
    engine.docker("run --rm --network host busybox true")
    engine.docker("run --rm --network none busybox true")
    got = [line for line in _since(engine, mark) if line.startswith("network")]
    assert got == [
        "network connect host",
        "network disconnect host",
        "network connect none",
        "network disconnect none",
    ]


def test_exec_events_share_one_id_and_the_exit_code(engine: Engine) -> None:
    engine.docker("run -d --name box busybox sleep 1000")
    engine.docker("exec box sh -c 'exit 3'")
    engine.docker("exec box sh -c 'exit 3'")
    got = engine.docker(
        "events --since 0 --until 0s --filter event=exec_die --filter event=exec_create "
        "--filter event=exec_start --format '{{.Action}}|{{.Actor.Attributes.execID}}|"
        "{{.Actor.Attributes.exitCode}}'"
    )
    rows = [line.split("|") for line in got.stdout.splitlines()]
    assert [r[0] for r in rows] == ["exec_create: sh -c exit 3", "exec_start: sh -c exit 3",
                                    "exec_die"] * 2  # fmt: skip
    first, second = {r[1] for r in rows[:3]}, {r[1] for r in rows[3:]}
    assert len(first) == 1 and len(second) == 1 and first != second
    assert all(len(r[1]) == 64 for r in rows)
    assert rows[2][2] == rows[5][2] == "3"


def test_a_live_terminal_exec_logs_its_die_with_the_terminals_id(engine: Engine) -> None:
    # given: `docker exec -it box sh` kept live as a terminal
    engine.docker("run -d --name box busybox sleep 1000")
    terminal = engine.terminal_exec("box", ["sh"])
    assert terminal is not None
    # when: its shell exits
    engine.terminal_input(terminal.id, "exit 5")
    # then: create, start and die share the exec's ID, the die has the shell's status
    execs = [e for e in engine.world.events if e.action.startswith("exec_")]
    assert [(e.action, e.attributes["execID"]) for e in execs] == [
        ("exec_create: sh", terminal.id), ("exec_start: sh", terminal.id),
        ("exec_die", terminal.id),
    ]  # fmt: skip
    assert execs[-1].attributes["exitCode"] == "5"
    assert engine.container_get("box").state.running  # the container lives on


def test_docker_cp_mounts_the_containers_volumes_for_each_request(engine: Engine) -> None:
    # given
    engine.docker("run -d --name box -v data:/d busybox sleep 1000")
    engine.docker("exec box sh -c 'echo hi > /d/f'")
    mark = _mark(engine)
    # when: a copy out, a copy in (the CLI looks at the destination first), a -L copy out
    # (it looks at the source first), and a copy of a path that is not there
    assert engine.docker("cp box:/d/f /home/student/f").exit_code == 0
    assert engine.docker("cp /home/student/f box:/tmp/").exit_code == 0
    assert engine.docker("cp -L box:/d/f /home/student/g").exit_code == 0
    assert engine.docker("cp box:/nosuch /home/student/h").exit_code != 0
    # then (cp.go; containerfs_linux.go openContainerFS and Close; archive_unix.go)
    assert _since(engine, mark) == [
        "volume mount", "container archive-path box", "volume unmount",
        "volume mount", "volume unmount",  # HEAD of the destination
        "volume mount", "container extract-to-dir box", "volume unmount",
        "volume mount", "volume unmount",  # HEAD of the source (-L)
        "volume mount", "container archive-path box", "volume unmount",
    ]  # fmt: skip


def test_volumes_are_mounted_after_the_network_and_unmounted_before_die(engine: Engine) -> None:
    engine.docker("volume create data")
    mark = _mark(engine)
    engine.docker("run --name box -v data:/d -v /tmp:/h:ro --tmpfs /t busybox true")
    assert _since(engine, mark) == [
        "container create box",
        "container attach box",  # `docker run` without -d attaches before the start
        "network connect bridge",
        "volume mount",  # a volume's events have no `name`; binds and tmpfs have none
        "container start box",
        "network disconnect bridge",
        "volume unmount",
        "container die box",
    ]
    got = engine.docker(
        "events --since 0 --until 0s --filter type=volume --filter event=mount "
        "--format '{{.Actor.ID}} {{json .Actor.Attributes}}'"
    )
    box = engine.docker("inspect -f {{.Id}} box").stdout.strip()
    assert got.stdout == (
        'data {"container":"' + box + '","destination":"/d","driver":"local",'
        '"propagation":"","read/write":"true"}\n'
    )


def test_attach_is_logged_where_a_client_attaches(engine: Engine) -> None:
    engine.docker("create --name box busybox echo hi")
    engine.docker("run -d --name bg busybox sleep 1000")
    mark = _mark(engine)
    assert engine.docker("start -a box").stdout == "hi\n"
    engine.docker("pause bg")
    refused = engine.docker("attach bg")
    assert refused.exit_code == 1
    assert _since(engine, mark)[:2] == ["container attach box", "network connect bridge"]
    assert "container attach bg" not in _since(engine, mark)


def test_top_and_copies_are_logged(engine: Engine) -> None:
    engine.docker("run -d --name box busybox sleep 1000")
    mark = _mark(engine)
    top = engine.docker("top box")
    assert top.stdout.startswith("UID ") and "sleep 1000" in top.stdout
    engine.docker("cp box:/etc/hostname ./h")
    engine.docker("cp ./h box:/tmp/")
    assert engine.docker("cp box:/nope ./x").exit_code == 1  # not found: nothing archived
    assert _since(engine, mark) == [
        "container top box",  # top_unix.go
        "container archive-path box",  # archive_unix.go
        "container extract-to-dir box",
    ]
    engine.docker("stop -t 0 box")
    mark = _mark(engine)
    refused = engine.docker("top box")
    assert refused.exit_code == 1 and "is not running" in refused.stderr
    assert _since(engine, mark) == []


def test_each_prune_logs_one_event_with_what_it_reclaimed(engine: Engine) -> None:
    # given: a stopped container that wrote a file, an unused network and volume
    engine.docker("run --name box busybox sh -c 'echo hello > /f'")
    engine.docker("network create spare")
    engine.docker("volume create spare")
    mark = _mark(engine)
    # when
    engine.docker("system prune -af --volumes")
    engine.docker("builder prune -f")
    # then: prune.go, image_prune.go, volume/service/service.go, builder/backend.go: one
    # `prune` each, with no actor and the bytes reclaimed (a network frees none)
    got = engine.docker(
        "events --since 0 --until 0s --filter event=prune "
        "--format '{{.Type}} {{.Actor.ID}}|{{.Actor.Attributes.reclaimed}}'"
    )
    lines = got.stdout.splitlines()
    assert [line.split("|")[0] for line in lines] == [
        "container ", "network ", "volume ", "image ", "builder ", "builder "
    ]  # fmt: skip
    reclaimed = [int(line.split("|")[1]) for line in lines]
    assert reclaimed[0] > 0 and reclaimed[1] == reclaimed[2] == 0 and reclaimed[3] > 0
    assert len(_since(engine, mark)) > len(lines)  # (and the removals' own events)
    printed = engine.docker(
        "events --since 0 --until 0s --filter type=network --filter event=prune"
    )
    assert printed.stdout.endswith(" network prune  (reclaimed=0)\n")  # no actor: two spaces
    # the network prune removed `spare` as `network rm` does: with its destroy event
    destroyed = engine.docker("events --since 0 --until 0s --filter type=network")
    assert "network destroy" in destroyed.stdout and "name=spare" in destroyed.stdout


def test_rename_and_commit_carry_what_the_daemon_adds(engine: Engine) -> None:
    # given
    engine.docker("create --name first busybox")
    mark = _mark(engine)
    # when
    engine.docker("rename first second")
    image_id = engine.docker("commit -m 'a note' second saved:v1").stdout.strip()
    engine.docker("commit second")
    # then: rename.go adds oldName (as stored, with its slash); commit.go tags first, then
    # logs the comment, the image's ID and the tag it got ("" for none)
    got = engine.docker(
        "events --since 0 --until 0s --format '{{.Type}} {{.Action}} "
        "{{.Actor.Attributes.oldName}}|{{.Actor.Attributes.comment}}|"
        "{{.Actor.Attributes.imageID}}|{{.Actor.Attributes.imageRef}}|{{.Actor.Attributes.name}}'"
    )
    rows = [line.replace("<no value>", "-") for line in got.stdout.splitlines()[mark:]]
    assert rows[0] == "container rename /first|-|-|-|second"
    assert rows[1] == f"image create -|-|-|-|{image_id}"  # images/image_commit.go
    assert rows[2] == "image tag -|-|-|-|saved:v1"
    assert rows[3] == f"container commit -|a note|{image_id}|saved:v1|second"
    assert rows[4].startswith("image create ")
    assert rows[5].startswith("container commit -||sha256:") and rows[5].endswith("||second")


def test_a_buildkit_build_logs_the_image_it_made_then_its_tags(engine: Engine) -> None:
    engine.host_write("/home/student/app/Dockerfile", "FROM busybox\nRUN echo hi > /hi\n")
    assert engine.docker("build -q -t app:1 -t app:2 app").exit_code == 0
    image_id = engine.docker("inspect -f '{{.Id}}' app:1").stdout.strip()
    got = engine.docker(
        "events --since 0 --until 0s --filter type=image "
        "--format '{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}'"
    )
    assert got.stdout.splitlines()[-3:] == [  # build.go: ImageExportedByBuildkit, then named
        f"create {image_id} {image_id}", f"tag {image_id} app:1", f"tag {image_id} app:2"
    ]  # fmt: skip


def test_die_says_how_long_the_process_ran(engine: Engine) -> None:
    engine.docker("run --name nap busybox sleep 75")
    got = engine.docker(
        "events --since 0 --until 0s --filter event=die "
        "--format '{{.Actor.Attributes.exitCode}} {{.Actor.Attributes.execDuration}}'"
    )
    assert got.stdout == "0 75\n"  # monitor.go: whole seconds since the start
