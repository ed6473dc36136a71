"""Container cycles in-process, at every size of world, and what 10,000 containers cost.

1. create / start / stop / rm of a busybox `sleep` (stop with `-t 0`: SIGKILL at once), timed
   as whole cycles, in an empty world and in a world of 10,000 running containers: through the
   Python API (`container_create`, `container_start`, `container_stop`, `container_remove`) and
   as four docker command lines (`Engine.docker`, which also parses and prints). Targets
   (issue 14): >= 10,000 API cycles per second empty; a cycle at 10,000 containers at most 1.5x
   one in an empty world.
2. Building 10,000 running containers, each having written one file: seconds and the memory
   tracemalloc sees (targets: under 5 s and at most 50 MB).
3. `docker ps -a` with those 10,000 containers (target under 100 ms), and `docker network
   inspect` of a network with 1,000 endpoints (target under 2 ms).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable

from dockersim.engine import Engine
from dockersim.engine.containers import CreateRequest
from dockersim.model.reference import parse_reference

SLEEP = CreateRequest("busybox", cmd=("sleep", "100000"))


def fresh() -> Engine:
    engine = Engine()
    engine.image_pull(parse_reference("busybox:latest"))
    return engine


def populate(engine: Engine, count: int, write: bool = False) -> None:
    for i in range(count):
        cmd = ("sh", "-c", f"echo {i} > /tmp/file; sleep 100000") if write else SLEEP.cmd
        container = engine.container_create(CreateRequest("busybox", cmd=cmd))
        engine.container_start(container.id)


def api_cycle(engine: Engine) -> None:
    container = engine.container_create(SLEEP)
    engine.container_start(container.id)
    engine.container_stop(container.id, timeout=0)
    engine.container_remove(container.id)


def cli_cycle(engine: Engine) -> None:
    engine.docker("create --name c1 busybox sleep 100000")
    engine.docker("start c1")
    engine.docker("stop -t 0 c1")
    engine.docker("rm c1")


def per_cycle(engine: Engine, cycle: Callable[[Engine], None], count: int, repeat: int) -> float:
    """Median seconds per cycle over `repeat` runs of `count` cycles."""
    for _ in range(20):
        cycle(engine)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(count):
            cycle(engine)
        runs.append((time.perf_counter() - start) / count)
    return statistics.median(runs)


def timed(run: Callable[[], object], repeat: int = 9) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def build(count: int) -> tuple[float, float, Engine]:
    engine = fresh()
    populate(engine, 1)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    populate(engine, count, write=True)
    seconds = time.perf_counter() - start
    gc.collect()
    used = (tracemalloc.get_traced_memory()[0] - before) / 1e6
    tracemalloc.stop()
    assert sum(1 for c in engine.world.containers.values() if c.state.running) == count + 1
    return seconds, used, engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=1000)
    parser.add_argument("--containers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    # the build is timed without tracemalloc too: tracing slows every allocation
    start = time.perf_counter()
    big = fresh()
    populate(big, args.containers, write=True)
    build_seconds = time.perf_counter() - start
    _, used, _ = build(args.containers)
    print(
        f"building {args.containers:,} running containers (one file each): "
        f"{build_seconds:.2f} s (target < 5 s), {used:.1f} MB (target <= 50 MB)"
    )

    empty = fresh()
    for name, cycle in (("API", api_cycle), ("docker command lines", cli_cycle)):
        small = per_cycle(empty, cycle, args.cycles, args.repeat)
        large = per_cycle(big, cycle, args.cycles, args.repeat)
        print(
            f"create/start/stop/rm via {name}: {1 / small:,.0f} cycles/s empty, "
            f"{1 / large:,.0f} cycles/s at {args.containers:,} containers; "
            f"ratio {large / small:.2f} (target <= 1.5)"
        )

    ps = timed(lambda: big.docker("ps -a"), 5)
    print(f"docker ps -a with {len(big.world.containers):,} containers: {ps * 1000:.1f} ms")
    thousand = fresh()
    populate(thousand, 1000)
    inspect = timed(lambda: thousand.docker("network inspect bridge"), 21)
    print(f"docker network inspect bridge, 1,000 endpoints: {inspect * 1000:.2f} ms")


if __name__ == "__main__":
    main()
