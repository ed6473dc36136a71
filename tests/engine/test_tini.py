"""tini runs the program after `--` and ends with its status; the rest of it is honest."""

from __future__ import annotations

from dockersim import Engine


def test_tini_runs_its_program_and_its_options_say_so() -> None:
    engine = Engine()
    ran = engine.docker("run --rm elasticsearch:8.18.2 /bin/tini -- sh -c 'echo hi; exit 4'")
    assert (ran.stdout, ran.exit_code) == ("hi\n", 4)
    option = engine.docker("run --rm elasticsearch:8.18.2 /bin/tini -v")
    assert option.exit_code == 1
    assert option.stderr.endswith("dockersim: not simulated in tini: tini -v\n")
    # the image's own program behind tini: the entrypoint script hands on to elasticsearch
    started = engine.docker("run -d --name es -e discovery.type=single-node elasticsearch:8.18.2")
    assert started.exit_code == 0
    engine.advance(5)
    assert engine.docker("logs es").stdout.startswith('{"@timestamp":"2025-06-15T12:00:00.000Z"')
