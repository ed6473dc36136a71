"""postgres's log lines carry one "UTC" each, and the shutdown time has no milliseconds."""

from __future__ import annotations

from dockersim.engine import Engine


def test_postgres_start_log_timestamps_are_postgres_own():
    engine = Engine()
    engine.docker("run -d --name pg -e POSTGRES_PASSWORD=x postgres:16")
    log = engine.docker("logs pg").stdout + engine.docker("logs pg").stderr
    assert "UTC UTC" not in log and "{ts" not in log
    assert (
        "2025-06-15 12:00:00.000 UTC [51] LOG:  database system was shut down at "
        "2025-06-15 12:00:00 UTC\n"
    ) in log
    assert (
        "2025-06-15 12:00:00.000 UTC [1] LOG:  database system is ready to accept connections"
        in log
    )
