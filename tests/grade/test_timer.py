"""The per-submission time limit: a deadline checked by the simulation itself, in any thread."""

from __future__ import annotations

import threading
import time

import pytest
from limit_helpers import Ticks

from dockersim.grade import Grade, Grader, Limits, Quiz, Submission
from dockersim.grade.timer import Deadline, TimeLimitExceeded, check, deadline
from dockersim.model.userland import io

LOOP = "while true; do :; done"  # a host shell line: 100 000 steps of the shell's budget


def in_thread(grader: Grader, submission: Submission) -> tuple[Grade, float]:
    """Grade in a thread that is not the main thread (where no signal can be delivered)."""
    out: list[Grade] = []
    worker = threading.Thread(target=lambda: out.append(grader.grade(submission)))
    start = time.monotonic()
    worker.start()
    worker.join(120)
    assert not worker.is_alive()
    return out[0], time.monotonic() - start


def serve_messages(grade: Grade) -> list[str]:
    return [c.message for s in grade.report.steps if s.id == "serve" for c in s.checks]


def test_error_the_deadline_stops_a_shell_loop_inside_the_loop(small: Quiz):
    # given: 50 ms of deadline checks, and a loop that steps 100 000 times
    clock = Ticks()
    grader = Grader(small, Limits(seconds=0.05), clock=clock)
    # when: graded outside the main thread
    grade, _ = in_thread(grader, Submission("carol", "c", {"pause": "B"}, (("serve", LOOP),)))
    # then: the predict answer was graded; the loop was stopped at the check that found the
    # time up (its 100 000 steps would read the clock 100 000 times), and nothing after it
    # read the clock (the expiry is sticky: later checks raise without reading it)
    why = "not graded: grading took longer than 0.05 seconds (the time limit)"
    assert grade.report.checks[0].passed
    assert serve_messages(grade) == [why] * 4
    assert clock.reads == 52


def test_error_the_real_clock_stops_grading_in_another_thread(small: Quiz):
    # given: 0.2 s, and 40 loops of 100 000 steps each (half a minute of work)
    grader = Grader(small, Limits(seconds=0.2))
    lines = tuple(("serve", LOOP) for _ in range(40))
    # when
    grade, took = in_thread(grader, Submission("carol", "c", {"pause": "B"}, lines))
    # then
    why = "not graded: grading took longer than 0.2 seconds (the time limit)"
    assert serve_messages(grade) == [why] * 4
    assert took < 15


def test_a_deadline_stays_expired_once_the_time_is_up():
    # given: 2 s from the first read (1 s), on a clock moving 1 s per read
    clock = Ticks(1.0)
    limit = Deadline(2, clock)
    limit.check()
    limit.check()
    # when / then: the fourth read is past it, and every check after that raises too
    with pytest.raises(TimeLimitExceeded) as first:
        limit.check()
    with pytest.raises(TimeLimitExceeded):
        limit.check()
    assert str(first.value) == "grading took longer than 2 seconds (the time limit)"
    assert clock.reads == 4


def test_the_deadline_belongs_to_the_thread_that_grades():
    # given: an expired deadline in this thread
    seen: list[str] = []

    def other() -> None:
        check()  # no deadline in this thread: nothing happens
        seen.append(f"hook={io._STEP_HOOK.tick}")

    with deadline(0.001, Ticks(1.0)) as limit:
        with pytest.raises(TimeLimitExceeded):
            check()
        # when
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert io._STEP_HOOK.tick == limit.check
    # then: the other thread had no hook; this one has none after the block
    assert seen == ["hook=None"]
    assert io._STEP_HOOK.tick is None


def test_no_time_limit_installs_no_hook():
    with deadline(0, Ticks()):
        assert io._STEP_HOOK.tick is None
        check()
