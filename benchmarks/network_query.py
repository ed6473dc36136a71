"""A DNS query and a reachability query in a world of 1,000 containers over 50 networks.

Builds the world once (50 user-defined bridges, 20 running busybox containers on each), then
times `Engine.dns` and a `NetView.connect` between containers, median of many runs.
"""

from __future__ import annotations

import argparse
import statistics
import time

from dockersim.engine import Engine
from dockersim.engine.containers import CreateRequest
from dockersim.model.reference import parse_reference


def build(networks: int, per_network: int) -> Engine:
    engine = Engine()
    engine.image_pull(parse_reference("busybox:latest"))
    for n in range(networks):
        # the default pools hold 31 networks (as in Docker): give the rest explicit subnets
        engine.network_create(f"net{n}", subnet=f"10.{n}.0.0/24")
        for i in range(per_network):
            container = engine.container_create(
                CreateRequest(
                    "busybox", name=f"c{n}-{i}", cmd=("sleep", "100000"), network=f"net{n}"
                )
            )
            engine.container_start(container.id)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    engine = build(50, 20)
    built = time.perf_counter() - t0
    engine.graph()  # the index is built once per change of the networks
    source = engine.container_get("c7-3")
    view = engine.net_view(source)
    dns, reach = [], []
    for i in range(args.runs):
        target = f"c7-{i % 20}"
        start = time.perf_counter()
        engine.dns(target, "c7-3")
        dns.append(time.perf_counter() - start)
        start = time.perf_counter()
        view.connect(f"c{(i * 13) % 50}-{i % 20}", 80)
        reach.append(time.perf_counter() - start)
    print(f"world of 1000 containers over 50 networks built in {built:.1f} s")
    print(f"dns query:          median {statistics.median(dns) * 1e6:.1f} us (target <= 1 ms)")
    print(f"reachability query: median {statistics.median(reach) * 1e6:.1f} us (target <= 1 ms)")


if __name__ == "__main__":
    main()
