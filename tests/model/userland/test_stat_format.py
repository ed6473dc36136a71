"""`stat -c FORMAT`: each directive is read once (a value containing `%s` is not expanded
again), the epoch times `%X %Y %Z`, `%%`, and a directive not modelled says so and fails."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    assert engine.docker("run -d --name box busybox sleep 100000").exit_code == 0
    return engine


def test_epoch_times_match_the_listing(engine: Engine) -> None:
    engine.docker("exec box sh -c 'echo hi > /tmp/f'")
    got = engine.docker("exec box stat -c '%Y %X %Z|%y|%s %% %n' /tmp/f")
    assert got.exit_code == 0, got.stderr
    epochs, iso, rest = got.stdout.rstrip("\n").split("|")
    assert len(set(epochs.split())) == 1  # one time kept: access, change, modify
    assert engine.docker(f"exec box date -u -d @{epochs.split()[0]} +%F").stdout.strip() in iso
    assert rest == "3 % /tmp/f"


def test_a_name_with_a_directive_in_it_is_not_expanded_again(engine: Engine) -> None:
    engine.docker("exec box touch '/tmp/%s'")
    assert engine.docker("exec box stat -c '%n:%s' '/tmp/%s'").stdout == "/tmp/%s:0\n"


def test_a_directive_not_modelled_fails_loudly(engine: Engine) -> None:
    got = engine.docker("exec box stat -c '%i' /tmp")
    assert got.exit_code == 1
    assert got.stdout == ""
    assert "not simulated in stat: format directive %i" in got.stderr
