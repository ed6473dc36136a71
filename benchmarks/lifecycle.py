"""Container cycles through `Engine.docker`, and the memory of 10,000 running containers.

1. create / start / stop / rm of a busybox `sleep` (stop with `-t 0`: SIGKILL at once), timed
   as whole cycles, four docker command lines each (target >= 5,000 cycles per second).
2. 10,000 running containers from one image, each having written one file, measured with
   tracemalloc (target <= 100 MB of extra memory).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc

from dockersim.engine import Engine
from dockersim.engine.containers import CreateRequest
from dockersim.model.reference import parse_reference


def cycles(count: int) -> float:
    engine = Engine()
    engine.image_pull(parse_reference("busybox:latest"))
    engine.docker("run -d --name warm busybox sleep 100000")
    start = time.perf_counter()
    for _ in range(count):
        engine.docker("create --name c1 busybox sleep 100000")
        engine.docker("start c1")
        engine.docker("stop -t 0 c1")
        engine.docker("rm c1")
    return count / (time.perf_counter() - start)


def memory(count: int) -> float:
    engine = Engine()
    engine.image_pull(parse_reference("busybox:latest"))
    first = engine.container_create(CreateRequest("busybox", cmd=("sleep", "100000")))
    engine.container_start(first.id)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(count):
        container = engine.container_create(
            CreateRequest("busybox", cmd=("sh", "-c", f"echo {i} > /tmp/file; sleep 100000"))
        )
        engine.container_start(container.id)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert sum(1 for c in engine.world.containers.values() if c.state.running) == count + 1
    return (after - before) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cycles", type=int, default=2000)
    parser.add_argument("--containers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rates = [cycles(args.cycles) for _ in range(args.repeat)]
    print(
        f"create/start/stop/rm cycles: median {statistics.median(rates):,.0f} per second "
        f"(target >= 5,000)"
    )
    used = memory(args.containers)
    print(
        f"{args.containers:,} running containers, one file each: {used:.1f} MB extra "
        "(target <= 100 MB)"
    )


if __name__ == "__main__":
    main()
