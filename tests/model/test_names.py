"""Names and the draws behind them: the shortcut draws match CPython's `randrange` exactly
(IDs, names and PIDs must come out byte for byte as before)."""

from __future__ import annotations

import random

from dockersim.model.names import LEFT, RIGHT, below, random_name


def _reference_name(rng: random.Random, retry: int) -> str:
    """GetRandomName as first written, with `randrange`."""
    while True:
        name = f"{LEFT[rng.randrange(len(LEFT))]}_{RIGHT[rng.randrange(len(RIGHT))]}"
        if name != "boring_wozniak":
            break
    if retry > 0:
        name += str(rng.randrange(10))
    return name


def test_below_draws_what_randrange_draws() -> None:
    for n in (1, 2, 3, 7, 10, 39, 64, 108, 236, 1000, 2**40 + 3):
        ours, theirs = random.Random(n), random.Random(n)
        for _ in range(300):
            assert below(ours.getrandbits, n) == theirs.randrange(n)
        # and the generators end in the same state: later draws agree too
        assert ours.getrandbits(64) == theirs.getrandbits(64)


def test_below_stays_under_its_bound() -> None:
    rng = random.Random(5)
    assert {below(rng.getrandbits, 3) for _ in range(500)} == {0, 1, 2}


def test_random_name_is_the_randrange_sequence() -> None:
    for seed in range(400):
        for retry in (0, 1, 3):
            ours, theirs = random.Random(seed), random.Random(seed)
            assert random_name(ours, retry) == _reference_name(theirs, retry)
            assert ours.random() == theirs.random()


def test_pid_step_is_randrange_1_40() -> None:
    for seed in range(500):
        ours, theirs = random.Random(seed), random.Random(seed)
        assert 1 + below(ours.getrandbits, 39) == theirs.randrange(1, 40)
