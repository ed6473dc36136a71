"""`docker logs -f` on a running container, without a live terminal to follow it in: the
lines so far, then a note saying what the real command keeps doing (as `stats`, `events`
and `attach` say)."""

from __future__ import annotations

from dockersim import Engine

NOTE = (
    "dockersim: logs shown up to the current virtual time; the real `docker logs -f` keeps "
    "waiting for new lines until the container stops (Ctrl-C ends it)\n"
)


def test_follow_on_a_running_container_says_what_happens():
    engine = Engine(seed=0)
    engine.docker("pull -q alpine")
    engine.docker("run -d --name ticker alpine sh -c 'while true; do echo tick; sleep 1; done'")
    engine.advance(2)
    result = engine.docker("logs -f ticker")
    assert result.exit_code == 0
    assert result.stdout.startswith("tick\n")
    assert result.stderr == NOTE


def test_follow_on_a_stopped_container_needs_no_note():
    engine = Engine(seed=0)
    engine.docker("pull -q alpine")
    engine.docker("run --name done alpine echo bye")
    result = engine.docker("logs -f done")
    assert (result.stdout, result.stderr) == ("bye\n", "")
