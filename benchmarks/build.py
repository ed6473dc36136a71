"""In-process `docker build` timings: a 10-step build that runs every step, and a fully
cached rebuild of the same Dockerfile (BuildKit, the default builder).

Measured with time.perf_counter around `Engine.image_build` (the engine side of
`docker build`, without rendering the progress text); the base image is pulled and the
catalog loaded before timing starts. Prints medians; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from dockersim.build.backend import BuildRequest
from dockersim.build.context import from_files
from dockersim.engine import Engine

DOCKERFILE = """FROM alpine
ENV APP_HOME=/app
WORKDIR /app
COPY requirements.txt .
RUN echo installing > /install.log
COPY app.py .
RUN mkdir -p /data && echo ready > /data/ready
LABEL org.example.app=bench
EXPOSE 8000
CMD ["sh", "-c", "cat /data/ready"]
"""
FILES = {"requirements.txt": "flask\n", "app.py": "print('hi')\n"}


def _request(no_cache: bool) -> BuildRequest:
    return BuildRequest(
        from_files(FILES, DOCKERFILE),
        ("docker.io/library/bench:latest",),
        no_cache=no_cache,
        history_key="bench",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    engine = Engine()
    engine.docker("pull alpine")
    engine.image_build(_request(False))  # warm: base tree, programs registered
    full, cached = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        report = engine.image_build(_request(True))
        full.append(time.perf_counter() - t0)
        assert report.ok and not any(step.cached for step in report.steps)
        t0 = time.perf_counter()
        report = engine.image_build(_request(False))
        cached.append(time.perf_counter() - t0)
        assert report.ok and all(step.cached for step in report.steps)
    print(
        f"10-step build, every step run: median {statistics.median(full) * 1000:.2f} ms "
        f"over {args.runs} runs (target <= 20 ms)"
    )
    print(
        f"fully cached rebuild: median {statistics.median(cached) * 1000:.2f} ms "
        f"over {args.runs} runs (target <= 5 ms)"
    )
    # the same through the docker front end (context from the simulated host, text rendered)
    for name, text in {"Dockerfile": DOCKERFILE, **FILES}.items():
        engine.host_write(f"/home/student/bench/{name}", text)
    cli_full, cli_cached = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        engine.docker("build --no-cache -t bench bench")
        cli_full.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        engine.docker("build -t bench bench")
        cli_cached.append(time.perf_counter() - t0)
    print(
        f"`docker build --no-cache` command line: median "
        f"{statistics.median(cli_full) * 1000:.2f} ms; cached: "
        f"{statistics.median(cli_cached) * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
