"""busybox wget does not model TLS: against an HTTPS port it says so instead of a made-up
'bad header line' (elasticsearch 8 answers HTTPS on 9200)."""

from __future__ import annotations

from dockersim.engine import Engine


def test_wget_to_an_https_server_says_tls_is_not_simulated():
    engine = Engine()
    engine.docker("network create net")
    engine.docker("run -d --name es --network net elasticsearch:8.18.2")
    result = engine.docker("run --rm --network net busybox wget -q -O- http://es:9200/")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "dockersim: not simulated in wget: wget with TLS (tls: http://es:9200/)\n"
    )
