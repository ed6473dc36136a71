"""`docker stop`/`restart` wait as long as `-t`, `--timeout` or the deprecated `--time` says
(docker/cli stop.go and restart.go: `flags.Changed("timeout") || flags.Changed("time")`)."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.mark.parametrize("command", ["stop", "restart"])
@pytest.mark.parametrize(("flag", "waited"), [("-t 2", 2.0), ("--timeout 2", 2.0),
                                              ("--time 2", 2.0), ("", 10.0)])  # fmt: skip
def test_the_wait_before_sigkill(command: str, flag: str, waited: float) -> None:
    engine = Engine()
    engine.docker("run -d --name box busybox sleep 1000")  # PID 1 ignores SIGTERM
    before = engine.now
    result = engine.docker(f"{command} {flag} box")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "box")
    assert engine.now - before == waited
