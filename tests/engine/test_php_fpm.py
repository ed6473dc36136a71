"""php-fpm in the php:*-fpm images: its two start notices, port 9000, SIGQUIT on stop."""

from __future__ import annotations

from dockersim import Engine


def test_fpm_starts_listens_and_finishes_on_stop() -> None:
    engine = Engine()
    assert engine.docker("run -d --name fpm php:8.4-fpm").ok
    engine.advance(2)
    logs = engine.docker("logs fpm")
    lines = logs.stderr.splitlines()
    assert [line.split("] ", 1)[1] for line in lines] == [
        "NOTICE: fpm is running, pid 1",
        "NOTICE: ready to handle connections",
    ]
    assert lines[0][0] == "[" and lines[0][4:7].isalpha()  # [15-Jun-2025 12:00:00]
    assert "9000/tcp" in engine.docker("ps --format '{{.Ports}}'").stdout
    assert engine.docker("stop fpm").ok
    tail = engine.docker("logs fpm").stderr.splitlines()[-2:]
    assert [line.split("] ", 1)[1] for line in tail] == [
        "NOTICE: Finishing ...",
        "NOTICE: exiting, bye-bye!",
    ]
    assert engine.docker("inspect -f '{{.State.ExitCode}}' fpm").stdout.strip() == "0"


def test_fpm_options_are_honest() -> None:
    r = Engine().docker("run --rm php:8.4-fpm php-fpm -t")
    assert r.exit_code == 1
    assert r.stderr.endswith("dockersim: not simulated in php-fpm: option -t\n")
