"""ping's summary line is worked out from the replies it printed, in each ping's integer
arithmetic (busybox ping.c: min/avg/max; iputils ping_common.c: also mdev), not one fixed
line whatever the count."""

from __future__ import annotations

import math

import pytest

from dockersim import Engine


def _times(out: str) -> list[float]:
    return [
        float(line.split("time=")[1].split()[0]) for line in out.splitlines() if "time=" in line
    ]


@pytest.mark.parametrize("count", [1, 2, 4, 7])
def test_busybox_summary_is_the_replies(count: int) -> None:
    got = Engine().docker(f"run --rm alpine ping -c {count} 127.0.0.1")
    assert got.exit_code == 0
    times = [round(t * 1000) for t in _times(got.stdout)]
    assert len(times) == count
    avg = sum(times) // count
    figures = [min(times), avg, max(times)]
    want = "/".join(f"{us // 1000}.{us % 1000:03d}" for us in figures)
    assert got.stdout.splitlines()[-1] == f"round-trip min/avg/max = {want} ms"


def test_one_reply_has_one_figure_three_times() -> None:
    got = Engine().docker("run --rm busybox ping -c 1 127.0.0.1")
    assert got.stdout.splitlines()[-1] == "round-trip min/avg/max = 0.050/0.050/0.050 ms"


def test_iputils_adds_the_deviation() -> None:
    got = Engine().host("ping -c 3 localhost")
    times = [round(t * 1000) for t in _times(got.stdout)]
    n, total = len(times), sum(times)
    mdev = math.isqrt((sum(t * t for t in times) - total * total // n) // n)
    last = got.stdout.splitlines()[-1]
    assert last.startswith("rtt min/avg/max/mdev = ")
    assert last.endswith(f"/0.{mdev:03d} ms")
    assert mdev > 0  # the replies differ
