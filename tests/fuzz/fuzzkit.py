"""What the fuzz tests share: their time budget, the no-traceback oracle, a lived-in world.

Every fuzz test takes its example count from `budget(n)`: `n` in CI, `n * FUZZ_SCALE` when the
environment sets it (`FUZZ_SCALE=20 pytest tests/fuzz` for a long local campaign).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import traceback
from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis.errors import InvalidArgument

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


#: Bugs this campaign found in code other engineers own, reported with input and traceback:
#: what it is -> (exception type, a file and function on its traceback, a regex its message
#: matches; "" matches anything). An example that meets one is counted as an event
#: (`pytest --hypothesis-show-statistics`) instead of failing, so the campaign keeps
#: guarding everything else; delete the entry once the bug is fixed.
KNOWN_BUGS: dict[str, tuple[str, str, str, str]] = {
    "runner.py: `return` outside a function": ("FuncReturn", "builtins.py", "b_return", ""),
    "listing.py: `ls -l` of an empty directory": ("ValueError", "listing.py", "<listcomp>", ""),
    "userland: int() of unicode digits (`exit ²`, `kill -s ²`, `trap '' ²`, stop-signal)": (
        "ValueError",
        "",
        "",
        r"invalid literal for int\(\) with base 10: '[^\x00-\x7f]",
    ),
    "runner.py spawn: `env /` (a directory as the command)": (
        "IsDirectory",
        "runner.py",
        "spawn",
        "",
    ),
    "runner.py spawn: `env /etc/passwd` (not executable)": (
        "NoPermission",
        "runner.py",
        "spawn",
        "",
    ),
    "cowfs.py: a bind mount of a relative path (-v ~/x:/y)": ("Hang", "cowfs.py", "_hidden", ""),
    "search.py: `xargs -n ''` (an empty count)": ("ValueError", "search.py", "xargs", ""),
}
#: A call that takes longer than this is stopped with `Hang` (an endless loop is a bug too).
HANG_SECONDS = 20


class Hang(Exception):
    """The call ran past HANG_SECONDS; its traceback shows where it was."""


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"still running after {HANG_SECONDS}s")


def signature(exc: BaseException) -> tuple[str, str, str]:
    """(exception type, file name, function) of where `exc` was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    where = (os.path.basename(last.filename), last.name) if last else ("", "")
    return (type(exc).__name__, *where)


def known_bug(exc: BaseException) -> str | None:
    """Which of KNOWN_BUGS `exc` is (its type, a frame of its traceback, its message)."""
    frames = {
        (os.path.basename(f.filename), f.name) for f in traceback.extract_tb(exc.__traceback__)
    }
    for what, (kind, file, function, fragment) in KNOWN_BUGS.items():
        if type(exc).__name__ != kind or not re.search(fragment, str(exc)):
            continue
        if not file or (file, function) in frames:
            return what
    return None


def guarded(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`call(...)` under the hang alarm; None when it met one of the KNOWN_BUGS."""
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS, 1.0)  # again each second until out
    try:
        return call(*args, **kwargs)
    except Exception as exc:
        what = known_bug(exc)
        if what is None:
            raise
        with contextlib.suppress(InvalidArgument):  # outside a test (an exploration script)
            event(f"known bug: {what}")
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_result(result: object) -> None:
    """A command's outcome is a Result with a status 0-255 and no internal error text (None:
    the command met a known bug, see KNOWN_BUGS)."""
    if result is None:
        return
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
