"""The small world every picture test draws: busybox pulled, a user network, a container
running on it (alias, published port, restart policy, a changed file), one stopped."""

from __future__ import annotations

from pathlib import Path

from dockersim.engine import Engine

GOLDEN = Path(__file__).parent / "golden"

COMMANDS = (
    "pull busybox",
    "network create appnet",
    "run -d --name web --network appnet --network-alias www -p 8080:80"
    " --restart unless-stopped busybox httpd -f",
    "exec web touch /root/hello",
    "run --name job busybox sh -c 'echo hi > /tmp/x; exit 3'",
)


def small_world() -> Engine:
    engine = Engine()
    for command in COMMANDS:
        result = engine.docker(command)
        assert result.exit_code in (0, 3), result.stderr
    return engine


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")
