"""`dockersim quiz generate --kind lifecycle`: random prediction questions over the lifecycle.

Each question starts a container one of several ways (running `sleep`, which ignores SIGTERM,
or `top`, which exits 143 on it; `nginx`, which stops on SIGQUIT; created only; a start that
fails with 127; `--rm`; a restart policy; a command that exits by itself), then applies one to
four lifecycle commands drawn at random, valid or not (`pause` on an exited container, `start`
on a paused one, `rm` on a running one ...). It asks the container's state, its exit code or
the exit status of the last command. The quiz holds no answers: keys come from the simulator
when it is graded. The container's name and the busybox program are parameters, so every
student gets a variant. The same seed gives the same quiz, byte for byte.
"""

from __future__ import annotations

import json
import random

from dockersim.errors import Error

NAMES = ("web", "db", "cache", "api", "worker", "queue")
PROGRAMS = ("sleep 1000", "top")
STARTS = (
    "docker run -d --name ${name} busybox ${prog}",
    "docker run -d --name ${name} busybox ${prog}",
    "docker run -d --name ${name} nginx",
    "docker create --name ${name} busybox ${prog}",
    "docker run -d --name ${name} busybox nosuchcommand",
    "docker run -d --rm --name ${name} busybox ${prog}",
    "docker run -d --restart always --name ${name} busybox ${prog}",
    "docker run --name ${name} busybox sh -c 'exit 3'",
)
OPERATIONS = (
    "docker start ${name}",
    "docker stop ${name}",
    "docker kill ${name}",
    "docker kill --signal SIGTERM ${name}",
    "docker pause ${name}",
    "docker unpause ${name}",
    "docker restart ${name}",
    "docker rm ${name}",
    "docker rm -f ${name}",
    "docker wait ${name}",
)
IMAGES = ("busybox:latest", "nginx:latest")
#: Operations that wait for the container to stop: never drawn where it may not stop by itself.
BLOCKING = frozenset({"docker wait ${name}"})
REMOVED = "removed"
#: States in which `docker wait` returns at once (or fails at once: no such container).
SETTLED = frozenset({"created", "exited", "dead", REMOVED})


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class _Prober:
    """Plays candidate setups (from one base world with the images) to see what they leave."""

    def __init__(self) -> None:
        from dockersim.engine import Engine

        engine = Engine(0)
        for image in IMAGES:
            engine.docker(["pull", "-q", image])
        self.catalog = engine._catalog
        self.base = json.dumps(engine.to_json())

    def states_after(self, setup: list[str]) -> set[str]:
        """The container's states after `setup`, one per program (`removed` when it is gone)."""
        from dockersim.engine import Engine
        from dockersim.grade.params import fill

        states: set[str] = set()
        for program in PROGRAMS:
            engine = Engine.from_json(json.loads(self.base), catalog=self.catalog)
            values = {"name": "probe", "prog": program}
            for line in setup:
                engine.docker(fill(line, values))
            engine.settle()
            try:
                states.add(engine.container_get("probe").state.status)
            except Error:
                states.add(REMOVED)
        return states

    def exists_after(self, setup: list[str]) -> bool:
        """Whether the container exists after `setup`, whatever the program."""
        return REMOVED not in self.states_after(setup)

    def may_block(self, setup: list[str]) -> bool:
        """Whether `docker wait` after `setup` could block forever: the container is running,
        paused or restarting for some program (`top`, `nginx` and `--restart always` never
        exit by themselves; a paused container does not exit until it is unpaused)."""
        return not self.states_after(setup) <= SETTLED


def _operations(rng: random.Random, setup: list[str], prober: _Prober) -> list[str]:
    """One to four lifecycle commands after the start line; a blocking one (`docker wait`)
    only where the container cannot be running, so real Docker would return."""
    for _ in range(rng.randint(1, 4)):
        operation = rng.choice(OPERATIONS)
        while operation in BLOCKING and prober.may_block(setup):
            operation = rng.choice([op for op in OPERATIONS if op not in BLOCKING])
        setup.append(operation)
    return setup


def _question(rng: random.Random, number: int, prober: _Prober) -> list[str]:
    setup = _operations(rng, [rng.choice(STARTS)], prober)
    asks = ["state", "state", "exit"]
    if prober.exists_after(setup):
        asks.append("exitCode")
    ask = rng.choice(asks)
    lines = [f"  - id: q{number}", "    type: predict", f"    title: Lifecycle {number}"]
    if ask == "exit":
        last = setup.pop()
        prompt = "After these commands, what is the exit status of `" + last + "`?"
        ask_line = "    ask: {exit: " + _q(last) + "}"
        extra = ["    answer: choice"]
    elif ask == "exitCode":
        prompt = "After these commands, what exit code does `docker inspect` show for `${name}`?"
        ask_line = '    ask: {exitCode: "${name}"}'
        extra = []
    else:
        prompt = "After these commands, what state is `${name}` in?"
        ask_line = '    ask: {state: "${name}"}'
        extra = []
    if not setup:  # pragma: no cover - a start line always stays
        setup = ["docker ps"]
    lines.append(f"    prompt: {_q(prompt)}")
    lines.append("    setup:")
    lines += [f"      - {_q(line)}" for line in setup]
    lines.append(ask_line)
    return lines + extra


def generate_lifecycle(count: int, seed: int) -> str:
    """A quiz of `count` random lifecycle prediction questions, as YAML text."""
    rng = random.Random(seed)
    out = [
        f"# Generated by: dockersim quiz generate --kind lifecycle --count {count} --seed {seed}",
        "quiz: 1",
        f"title: {_q(f'Container lifecycle ({count} questions, seed {seed})')}",
        "description: >-",
        "  Predict what Docker does. Each question starts from an empty host with the images",
        "  pulled; the answers come from the simulator.",
        f"seed: {seed}",
        "images: [" + ", ".join(IMAGES) + "]",
        "params:",
        "  name: [" + ", ".join(NAMES) + "]",
        "  prog: [" + ", ".join(_q(p) for p in PROGRAMS) + "]",
        "questions:",
    ]
    prober = _Prober()
    for number in range(1, count + 1):
        out += _question(rng, number, prober)
    return "\n".join(out) + "\n"
