"""Starting worlds are built once and copied; sessions count what a submission spends."""

from __future__ import annotations

import pytest

from dockersim.grade import Grader, LimitExceeded, Limits, Quiz
from dockersim.grade.sandbox import Budget, Session


def test_each_copy_of_a_starting_world_is_independent(small: Quiz, small_grader: Grader):
    # given
    variant = small.variant("carol")
    setup = variant.questions[0].setup
    first = small_grader.worlds.start(variant, setup)
    # when
    first.docker("rm -f web")
    second = small_grader.worlds.start(variant, setup)
    # then
    assert second.container_get("web").state.status == "paused"
    assert first.world.containers == {}


def test_a_session_records_what_was_typed_and_printed(small: Quiz, small_grader: Grader):
    engine = small_grader.worlds.base(small.variant("carol"))
    session = Session(engine, Budget(Limits()))
    session.run("docker run -v ~/x:/x --name box busybox true")
    session.run("cat ~/nothing")
    assert [(line, r.exit_code, r.stderr) for line, r in session.transcript] == [
        ("docker run -v ~/x:/x --name box busybox true", 0, ""),
        ("cat ~/nothing", 1, "cat: /home/student/nothing: No such file or directory\n"),
    ]
    assert engine.container_get("box").mounts[0]["Source"] == "/home/student/x"


def test_error_a_session_stops_past_the_step_limit(small: Quiz, small_grader: Grader):
    engine = small_grader.worlds.base(small.variant("carol"))
    session = Session(engine, Budget(Limits(steps=10)))
    session.run("docker run -d --restart always --name loop busybox false")
    with pytest.raises(LimitExceeded) as caught:
        session.run("sleep 3600")
    assert str(caught.value) == (
        "the simulation took more than 10 steps (container exits and restarts): stopped"
    )
