"""What the second round of in-process speed-ups keeps (issue 14).

- a container's life leaves nothing for the garbage collector: its process state (shell,
  filesystem view, container record) is freed when the last reference goes, not by a
  collection that walks the whole world;
- a script run again is not parsed again, and runs exactly as the first time; a script with a
  syntax error is parsed every time, and one nested deep enough for the frame budget to
  matter again when it has less room than it had;
- a redirection that creates a file makes it once, owned by the process's user;
- the daemon's /proc, /sys and /etc mounts share their empty root, never what is written there.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from dockersim.engine import Engine
from dockersim.engine.containers import CreateRequest
from dockersim.model.userland import parsememo


def _engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    return engine


@pytest.fixture
def no_collector() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _cyclic_garbage() -> int:
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()  # (now freed for good)
    return found


@pytest.mark.usefixtures("no_collector")
def test_a_containers_life_leaves_no_cycles() -> None:
    # given: an engine that has run a container once (its caches are filled)
    engine = _engine()
    request = CreateRequest("busybox", cmd=("sleep", "100000"))

    def cycle() -> None:
        container = engine.container_create(request)
        engine.container_start(container.id)
        engine.container_stop(container.id, timeout=0)
        engine.container_remove(container.id)

    script = "run --rm busybox sh -c 'x=$(echo a); echo $x > /tmp/f; cat /tmp/f'"
    cycle()
    assert engine.docker(script).stdout == "a\n"
    _cyclic_garbage()  # (what importing and setting up left: classes, first-use tables)
    # when: twenty more containers live and go, and the script runs again in another
    for _ in range(20):
        cycle()
    assert engine.docker(script).stdout == "a\n"
    # then: nothing they held is left in reference cycles
    assert _cyclic_garbage() == 0


def test_a_script_run_again_runs_as_the_first_time() -> None:
    # given: a script with a quoted word, a test, a substitution and redirections
    engine = _engine()
    script = 'echo "in $HOME"; [ -d /tmp ] && echo $(echo sub) > /tmp/o; cat /tmp/o'
    # when: it runs in two containers
    first = engine.docker(f"run --rm busybox sh -c '{script}'")
    second = engine.docker(f"run --rm busybox sh -c '{script}'")
    # then: the same output, and the parse was kept for the second
    assert first.stdout == second.stdout == "in /root\nsub\n"
    assert (script, "ash", 1) in parsememo._PARSED  # (busybox's sh)


def test_a_script_with_a_syntax_error_fails_every_time() -> None:
    # given / when: a script whose second line does not parse, run twice
    engine = _engine()
    runs = [engine.docker("run --rm busybox sh -c 'echo first\nif then'") for _ in range(2)]
    # then: each run prints the first line, then the shell's error, and exits 2
    for run in runs:
        assert run.stdout == "first\n"
        assert run.exit_code == 2
        assert "syntax error" in run.stderr
    assert not any(key[0] == "echo first\nif then" for key in parsememo._PARSED)


def test_a_deep_script_is_parsed_again_with_less_room() -> None:
    # given: a script nested deep enough for the frame budget to count, run once
    engine = _engine()
    script = "if true; then if true; then if true; then echo deep; fi; fi; fi"
    command = f"run --rm busybox sh -c '{script}'"
    assert engine.docker(command).stdout == "deep\n"
    key = next(key for key in parsememo._PARSED if key[0] == script)
    commands, room = parsememo._PARSED[key]
    assert room is not None  # remembered with the room it had
    # when: it is remembered as needing more room than any run has
    parsememo._PARSED[key] = (commands, 10**6)
    again = engine.docker(command)
    # then: it is parsed again (and remembered with the room it had), and runs the same
    assert again.stdout == "deep\n"
    assert parsememo._PARSED[key][1] == room


def test_a_redirection_makes_its_file_once_as_the_user() -> None:
    # given / when: a non-root process creates, truncates and appends to a file
    engine = _engine()
    result = engine.docker(
        "run --rm --user 1000 busybox sh -c "
        "'cd /tmp && echo hi > f && echo b > f && echo c >> f && cat f && ls -ln f'"
    )
    # then: the file holds what the last `>` and the `>>` wrote, owned by uid 1000
    assert result.stdout == "b\nc\n-rw-r--r--    1 1000     0                4 Jun 15 12:00 f\n"


def test_the_daemons_mounts_are_each_containers_own() -> None:
    # given: one container writes in its /etc/hosts (its /sys is read-only: the touch fails)
    engine = _engine()
    writes = "touch /sys/x; echo 10.9.9.9 h >> /etc/hosts; sleep 1000"
    engine.docker(f"run -d --name writer busybox sh -c '{writes}'")
    # when: another container lists /sys and reads its /etc/hosts
    other = engine.docker("run --rm busybox sh -c 'ls /sys; grep -c 10.9.9.9 /etc/hosts'")
    mine = engine.docker("exec writer sh -c 'ls /sys; grep -c 10.9.9.9 /etc/hosts'")
    # then: the other does not see it; the writer does
    assert (other.stdout, mine.stdout) == ("0\n", "1\n")
