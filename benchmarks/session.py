"""The delay from Enter to a line's output in a live `docker run -it` session, at a terminal.

Starts `dockersim docker run -it --name box ubuntu bash` on a pseudo-terminal (stdlib `pty`)
in a world that already holds N other containers, types `echo tickI` lines, and times each
from the write of Enter to the moment `tickI` shows on the terminal, and to the moment a key typed
right after the output echoes (the session reads keys again once the world is saved: what a
fast typist waits for). Target: under 50 ms median to the output, with 1 and with 1,000
containers.

    python benchmarks/session.py --lines 30 --sizes 1 1000
"""

from __future__ import annotations

import argparse
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPT = re.compile(r"root@[0-9a-f]{12}:/# ")


def build_world(home: Path, containers: int) -> None:
    """A saved world with `containers` stopped containers besides the one typed into."""
    from dockersim import Engine, store

    engine = Engine()
    engine.docker("pull -q ubuntu")
    for i in range(containers):
        engine.docker(["create", "--name", f"c{i}", "ubuntu", "true"])
    with store.locked(home) as path:
        store.save(path, engine)


class Screen:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""

    def until(self, pattern: re.Pattern[str], start: int, timeout: float = 30.0) -> int:
        end = time.monotonic() + timeout
        while True:
            found = pattern.search(self.text, start)
            if found:
                return found.end()
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{pattern.pattern!r} never showed: {self.text[-300:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.text += os.read(self.fd, 65536).decode(errors="replace")


def measure(containers: int, lines: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        build_world(home, containers)
        master, slave = os.openpty()
        env = {k: v for k, v in os.environ.items() if k != "DOCKERSIM_CLOCK"}
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dockersim.cli",
                "docker",
                "run",
                "-it",
                "--name",
                "box",
                "ubuntu",
                "bash",
            ],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            close_fds=True,
            env={**env, "DOCKERSIM_HOME": str(home), "TERM": "xterm"},
        )
        os.close(slave)
        screen = Screen(master)
        at = screen.until(PROMPT, 0)
        to_output: list[float] = []
        to_prompt: list[float] = []
        for i in range(lines):
            os.write(master, f"echo tick{i}".encode())
            at = screen.until(re.compile(f"echo tick{i}"), at)
            start = time.perf_counter()
            os.write(master, b"\r")
            at = screen.until(re.compile(f"\r\ntick{i}\r\n"), at)
            to_output.append(time.perf_counter() - start)
            at = screen.until(PROMPT, at)
            os.write(master, b"#")
            at = screen.until(re.compile("#"), at)
            to_prompt.append(time.perf_counter() - start)
            os.write(master, b"\x7f")
        os.write(master, b"exit\r")
        process.wait(timeout=30)
        os.close(master)
        return to_output, to_prompt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 1000])
    args = parser.parse_args()
    for size in args.sizes:
        output, prompt = measure(size, args.lines)
        print(
            f"{size:>6} containers: Enter -> output median {statistics.median(output) * 1000:.1f} "
            f"ms (p90 {sorted(output)[int(len(output) * 0.9)] * 1000:.1f}); Enter -> a key "
            f"typed next echoes: median {statistics.median(prompt) * 1000:.1f} ms "
            f"({args.lines} lines)"
        )


if __name__ == "__main__":
    main()
