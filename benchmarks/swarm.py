"""In-process swarm scaling: a 3-node swarm, one service scaled 1 -> 100 -> 1 replicas.

By default the service runs `busybox sleep 86400`, so the figure is the orchestrator's and the
scheduler's (and a container create and start per task); `--image nginx:latest --args ""`
adds nginx's entrypoint script and start-up per task (about 6 ms each).

Measured with time.perf_counter around `Engine.service_scale` up and back down (the engine
side of `docker service scale`, without the progress display); the swarm is set up, the image
pulled on every node and one scale cycle run before timing starts. Each run starts from a copy
of that world. Prints medians; asserts nothing but that the replicas converged.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from dockersim.engine import Engine
from dockersim.model.reference import parse_reference

NODES = ("dockersim", "node2", "node3")


def _swarm(image: str, args: tuple[str, ...]) -> Engine:
    engine = Engine()
    engine.docker("swarm init")
    token = engine.swarm_state["worker_token"]
    for name in NODES[1:]:
        engine.node(name).docker(f"swarm join --token {token} 192.168.65.3:2377")
    for name in NODES:
        engine.node(name).image_pull(parse_reference(image))
    engine.service_create(image, name="web", replicas=1, args=args)
    return engine


def _running(engine: Engine) -> int:
    return engine.service_running(engine.service_get("web"))[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--replicas", type=int, default=100)
    parser.add_argument("--image", default="busybox:latest")
    parser.add_argument("--args", default="sleep 86400", help="the service's command")
    args = parser.parse_args()
    template = _swarm(args.image, tuple(args.args.split()))
    state = template.dumps()
    up, down, total = [], [], []
    for run in range(args.runs + 1):
        engine = Engine.from_json(json.loads(state), catalog=template.catalog)
        t0 = time.perf_counter()
        engine.service_scale("web", args.replicas)
        t1 = time.perf_counter()
        engine.service_scale("web", 1)
        t2 = time.perf_counter()
        if run == 0:
            continue  # warm: programs registered, caches filled
        up.append(t1 - t0)
        down.append(t2 - t1)
        total.append(t2 - t0)
        assert _running(engine) == 1
    print(
        f"{args.image}, 3 nodes, 1 -> {args.replicas} replicas: "
        f"median {statistics.median(up) * 1000:.2f} ms; "
        f"{args.replicas} -> 1: median {statistics.median(down) * 1000:.2f} ms; "
        f"round trip: median {statistics.median(total) * 1000:.2f} ms "
        f"({args.runs} runs; target < 50 ms)"
    )


if __name__ == "__main__":
    main()
