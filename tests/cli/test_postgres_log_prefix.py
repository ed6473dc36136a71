"""The postgres server's log lines carry its default `log_line_prefix` '%m [%p] ': the time
with milliseconds and the zone once (`2025-06-15 12:00:00.000 UTC [1] LOG:  ...`)."""

from __future__ import annotations

import re

from dockersim import Engine

PREFIX = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] (LOG|FATAL|WARNING):  ")


def test_every_server_log_line_names_utc_once():
    engine = Engine(seed=0)
    engine.docker("pull -q postgres:16")
    assert engine.docker("run -d --name pg -e POSTGRES_PASSWORD=pw postgres:16").exit_code == 0
    logs = engine.docker("logs pg")
    lines = [line for line in (logs.stdout + logs.stderr).splitlines() if "] LOG:" in line]
    assert lines, logs.stdout + logs.stderr
    for line in lines:
        text = re.sub(r"^waiting for server to [a-z ]+\.\.\.\.", "", line)
        assert PREFIX.match(text), line
        assert "UTC UTC" not in text
    assert any(re.search(r" UTC \[1\] LOG:  database system is ready", x) for x in lines)
