"""`docker compose up -d` of a five-service file, then `docker compose down`, in-process.

The images are pulled once beforehand (a pull is the pull benchmark's business), so each
round measures what Compose adds: loading and checking the file, the network and volume,
five containers created and started in dependency order (one behind a health check the
virtual clock waits for), then everything stopped and removed. Target: median under 20 ms.

    python benchmarks/compose.py
    python benchmarks/compose.py --rounds 50
"""

from __future__ import annotations

import argparse
import statistics
import time

COMPOSE = b"""services:
  proxy:
    image: nginx
    ports: ["8080:80"]
    depends_on: [web]
  web:
    image: python:3.12-slim
    command: ["python", "-m", "http.server", "8000"]
    depends_on:
      db:
        condition: service_healthy
      cache:
        condition: service_started
  worker:
    image: python:3.12-slim
    command: ["sleep", "infinity"]
    depends_on: [cache]
  cache:
    image: redis
  db:
    image: postgres
    environment:
      POSTGRES_PASSWORD: example
    volumes: [data:/var/lib/postgresql/data]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      interval: 1s
volumes:
  data:
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    from dockersim import Engine
    from dockersim.docker import run
    from dockersim.model.fs import FileEntry

    engine = Engine()
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", COMPOSE)
    for image in ("nginx", "python:3.12-slim", "redis", "postgres"):
        run(f"docker pull {image}", engine, env={})
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        up = run("docker compose -f app/compose.yaml up -d", engine, env={})
        down = run("docker compose -f app/compose.yaml down -v", engine, env={})
        times.append(time.perf_counter() - start)
        assert up.exit_code == 0 and down.exit_code == 0, up.stderr + down.stderr
    median = statistics.median(times) * 1000
    print(f"compose up -d + down (5 services): median {median:.1f} ms over {args.rounds} rounds")


if __name__ == "__main__":
    main()
