"""A `dockersim` process on a pseudo-terminal, typed into as a learner types (stdlib `pty`)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

#: how long `expect` waits for text before the test fails (seconds)
TIMEOUT = 20.0


def dockersim(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """A `dockersim` command without a terminal (another terminal's command)."""
    env = {k: v for k, v in os.environ.items() if k != "DOCKERSIM_CLOCK"}
    done = subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env={**env, "DOCKERSIM_HOME": str(home)},
        input=None if stdin is None else stdin.encode(),
        capture_output=True,
        timeout=60,
    )
    # bytes decoded as they are: a tty container's `\r\n` stays (text mode would fold it)
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def _controlling_terminal() -> None:
    """In the child, after setsid: its stdin (the pty) becomes its controlling terminal, so
    Ctrl-C typed there is SIGINT to it, as at a real terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`dockersim ARGS` with a pseudo-terminal as its stdin, stdout and stderr."""

    def __init__(self, home: Path, *args: str, **env: str) -> None:
        master, slave = os.openpty()
        variables = {k: v for k, v in os.environ.items() if k != "DOCKERSIM_CLOCK"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dockersim.cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**variables, "DOCKERSIM_HOME": str(home), "TERM": "xterm", **env},
            close_fds=True,
            start_new_session=True,
            preexec_fn=_controlling_terminal,
        )
        os.close(slave)
        self.fd = master
        self.screen = ""  # everything the terminal showed
        self.seen = 0  # how far `expect` has matched

    def _read(self, seconds: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.screen += data.decode(errors="replace")
        return True

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """Wait until `pattern` (a regex) shows after what the last expect matched."""
        end = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            found = regex.search(self.screen, self.seen)
            if found:
                self.seen = found.end()
                return found
            if time.monotonic() > end or not self._read(0.05):
                raise AssertionError(
                    f"{pattern!r} did not show; the terminal shows:\n{self.screen[self.seen :]!r}"
                )

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def line(self, text: str) -> None:
        self.type(text + "\r")

    def wait(self, timeout: float = TIMEOUT) -> int:
        """The process's exit status (the terminal read to its end)."""
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self._read(0.05)
        while self._read(0.05) and self.process.poll() is None:
            pass
        code = self.process.wait(timeout=1)
        os.close(self.fd)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.fd)
