"""Compose's progress on a terminal: the final frame of pkg/progress/tty.go (v2.37.1), and
the writer chosen by --progress, --ansi, COMPOSE_PROGRESS, COMPOSE_ANSI and NO_COLOR."""

from __future__ import annotations

from dockersim import Engine
from dockersim.compose.progress import DONE, ERROR, WORKING, Events
from dockersim.docker import run
from dockersim.model.fs import FileEntry

APP = b"""services:
  web:
    image: busybox
    command: sleep 1000
    depends_on:
      db:
        condition: service_healthy
  db:
    image: busybox
    command: sleep 1000
    healthcheck:
      test: ["CMD", "true"]
      interval: 2s
"""
PLAIN = {"NO_COLOR": "1"}


def _engine(text: bytes = APP) -> Engine:
    engine = Engine()
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", text)
    assert run("docker pull busybox", engine).exit_code == 0
    return engine


def _compose(engine: Engine, args: str, env: dict[str, str] | None = None, tty: bool = True):
    return run(
        f"docker compose -f app/compose.yaml {args}",
        engine,
        env=PLAIN if env is None else env,
        tty=tty,
    )


def test_up_stop_start_down_frames() -> None:
    engine = _engine()
    up = _compose(engine, "up -d")
    assert up.exit_code == 0
    assert up.stdout == ""
    assert up.stderr == (
        "[+] Running 3/3\n"
        " ✔ Network app_default  Created" + " " * 44 + "0.0s \n"
        " ✔ Container app-db-1   Healthy" + " " * 44 + "2.0s \n"
        " ✔ Container app-web-1  Started" + " " * 44 + "2.0s \n"
    )
    # busybox's sleep as PID 1 ignores SIGTERM: each stop waits the 10 s timeout
    assert _compose(engine, "stop").stderr == (
        "[+] Stopping 2/2\n"
        " ✔ Container app-web-1  Stopped" + " " * 43 + "10.0s \n"
        " ✔ Container app-db-1   Stopped" + " " * 43 + "10.0s \n"
    )
    assert _compose(engine, "start").stderr == (
        "[+] Running 2/2\n"
        " ✔ Container app-db-1   Healthy" + " " * 44 + "2.0s \n"
        " ✔ Container app-web-1  Started" + " " * 44 + "0.0s \n"
    )
    assert _compose(engine, "down").stderr == (
        "[+] Running 3/3\n"
        " ✔ Container app-web-1  Removed" + " " * 43 + "10.0s \n"
        " ✔ Container app-db-1   Removed" + " " * 43 + "10.0s \n"
        " ✔ Network app_default  Removed" + " " * 44 + "0.0s \n"
    )
    # every line is as wide as the terminal (80 columns)
    assert all(len(line) == 80 for line in up.stderr.splitlines()[1:])


def test_colours_on_a_terminal() -> None:
    engine = _engine()
    up = _compose(engine, "up -d", env={})
    green, blue, reset = "\x1b[32m", "\x1b[34m", "\x1b[0m"
    assert up.stderr.splitlines()[:2] == [
        f"{blue}[+] Running 3/3{reset}",
        f" {green}✔{reset} Network app_default  {green}Created{reset}" + " " * 44
        + f"{blue}0.0s {reset}",
    ]  # fmt: skip


def test_pipe_keeps_plain_lines_and_flags_choose_the_writer() -> None:
    engine = _engine()
    plain = _compose(engine, "up -d", tty=False)
    assert plain.stderr.startswith(" Network app_default  Creating\n")
    _compose(engine, "down")
    forced = run(
        "docker compose --progress tty -f app/compose.yaml up -d", engine, env=PLAIN, tty=False
    )
    assert forced.stderr.startswith("[+] Running 3/3\n")
    _compose(engine, "down")
    quiet = run("docker compose --progress quiet -f app/compose.yaml up -d", engine, env=PLAIN)
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    _compose(engine, "down")
    never = _compose(engine, "up -d", env={"COMPOSE_ANSI": "never"})
    assert never.stderr.startswith(" Network app_default  Creating\n")
    _compose(engine, "down")
    env_plain = _compose(engine, "up -d", env={"COMPOSE_PROGRESS": "plain"})
    assert env_plain.stderr.startswith(" Network app_default  Creating\n")


def test_progress_flag_errors() -> None:
    engine = _engine()
    cases = {
        "--progress fancy": 'unsupported --progress value "fancy"\n',
        "--ansi never --progress tty": "can't use --progress tty while ANSI support is disabled\n",
        "--ansi always --progress plain": (
            "can't use --progress plain while ANSI support is forced\n"
        ),
    }
    for flags, error in cases.items():
        result = run(f"docker compose {flags} -f app/compose.yaml up -d", engine, env=PLAIN)
        assert (result.exit_code, result.stderr) == (1, error)
    assert engine.container_list() == []


def test_frame_layout_rules() -> None:
    """tty.go lineText: the status column, children indented, the ✘ and ! marks, a long
    status cut at `width - len(text) - padding - 15` with `...`, timers per ID."""
    now = [0.0]
    events = Events(lambda: now[0], "Pulling")
    events("web", "", "Pulling")
    events("5f59ae5dc9f9", "", "Pull complete", parent="web")
    now[0] = 1.25
    events("web", "", "Pulled")
    events("db", "pull access denied for nosuch, repository does not exist", "Error", ERROR)
    events("Container x-1", "Waiting")
    now[0] = 3.0
    # the padding: the widest `ID Text` so far, less 2 after each child (tty.go print)
    assert events.frame(color=False) == (
        "[+] Pulling 3/4\n"
        " ✔ web Pulled                                                              1.2s \n"
        "   ✔ 5f59ae5dc9f9 Pull complete                                            0.0s \n"
        " ✘ db Error                 pull access denied for nosuch, re...           0.0s \n"
        " ⠋ Container x-1            Waiting                                        1.8s \n"
    )
    assert (events.records["web"].kind, events.records["Container x-1"].kind) == (DONE, WORKING)


def test_frame_with_many_layers_hides_children() -> None:
    """More IDs than the terminal's height - 2 (24 rows assumed): only the parents."""
    events = Events()
    events("web", "", "Pulled")
    for n in range(23):
        events(f"layer{n:02d}", "", "Pull complete", parent="web")
    frame = events.frame(color=False)
    assert frame.splitlines()[0] == "[+] Running 24/24"
    assert len(frame.splitlines()) == 2
