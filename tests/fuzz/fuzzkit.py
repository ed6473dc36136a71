"""What the fuzz tests share: their time budget, the no-traceback oracle, a lived-in world.

Every fuzz test takes its example count from `budget(n)`: `n` in CI, `n * FUZZ_SCALE` when the
environment sets it (`FUZZ_SCALE=20 pytest tests/fuzz` for a long local campaign).
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import HealthCheck, settings

from dockersim.engine import Engine
from dockersim.result import Result

INTERNAL = "dockersim internal error"


def budget(examples: int) -> settings:
    scale = int(os.environ.get("FUZZ_SCALE", "1") or 1)
    return settings(
        max_examples=examples * scale,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


#: A call that takes longer than this is stopped with `Hang` (an endless loop is a bug too).
HANG_SECONDS = 20


class Hang(Exception):
    """The call ran past HANG_SECONDS; its traceback shows where it was."""


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"still running after {HANG_SECONDS}s")


def guarded(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`call(...)` under the hang alarm: any exception, a hang included, fails the test."""
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS, 1.0)  # again each second until out
    try:
        return call(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_result(result: object) -> None:
    """A command's outcome is a Result with a status 0-255 and no internal error text."""
    assert isinstance(result, Result), result
    assert 0 <= result.exit_code <= 255, result
    assert INTERNAL not in result.stdout + result.stderr, result


#: What the lived-in world is made of: images pulled, tagged, built (both builders), committed
#: and pushed; containers in every state, with volumes, binds, tmpfs, ports and aliases; a
#: user network, a swarm with an overlay network, a second host; redis keys; a login.
WORLD_COMMANDS = (
    "pull -q alpine",
    "pull -q nginx",
    "pull -q redis",
    "network create mynet",
    "volume create data",
    "run -d --name web --network mynet --network-alias www -v data:/data -p 8080:80 nginx",
    "run --name once alpine echo hi",
    "run -d --name sleeper --restart always alpine sleep 1000",
    "run -d --name crashy --restart on-failure:3 alpine sh -c 'exit 3'",
    "tag alpine mine/alp:v1",
    "create --name c1 -e A=1 -l x=y --tmpfs /scratch -v /srv/site:/site:ro alpine",
    "run -d --name rd redis",
    "exec rd redis-cli set k v",
    "pause sleeper",
    "commit once snap:1",
    "exec web sh -c 'echo hello > /tmp/x'",
    "login -u alice -p secret",
    "swarm init",
    "network create -d overlay --attachable ov",
    "run -d --name onov --network ov alpine sleep 500",
)
PROJECT = {
    "/proj/Dockerfile": "FROM alpine\nRUN echo hi > /f\nCOPY a.txt /a.txt\n",
    "/proj/a.txt": "data\n",
}


@cache
def lived_in() -> tuple[Engine, str]:
    """An engine after the commands above, and its saved JSON text (build once per run)."""
    engine = Engine()
    for line in WORLD_COMMANDS:
        assert engine.docker(line).exit_code == 0, line
    for path, text in PROJECT.items():
        engine.host_write(path, text)
    for line in ("build -q -t built /proj", "tag built alice/built:1", "push alice/built:1"):
        assert engine.docker(line).exit_code == 0, line
    assert engine.docker("build -q -t classic /proj", env={"DOCKER_BUILDKIT": "0"}).ok
    assert engine.docker("run -d --name far alpine sleep 100", host="node2").ok
    engine.advance(30)
    return engine, engine.dumps()


def fresh_copy() -> Engine:
    """A new engine holding the lived-in world (sharing its parsed catalog)."""
    template, text = lived_in()
    return Engine.from_json(json.loads(text), catalog=template.catalog)
