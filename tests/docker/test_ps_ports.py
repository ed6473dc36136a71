"""`docker ps` PORTS as docker/cli's formatter DisplayablePorts writes it: ports published on
another host port last (`0.0.0.0:8080->80/tcp`, then the `[::]` twin); before them, exposed
ports and ports published on the same number, consecutive ones folded into a range, in the
order their groups began (a gap shows the range so far at once)."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    return engine


@pytest.mark.parametrize(
    ("flags", "ports"),
    [
        ("-p 8080:80", "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"),
        (
            "-p 8080:80 --expose 7000 --expose 9000-9001/udp",
            "7000/tcp, 9000-9001/udp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp",
        ),
        (
            "-p 80:80 -p 81:81 -p 127.0.0.1:5000:5000",
            "0.0.0.0:80-81->80-81/tcp, [::]:80-81->80-81/tcp, 127.0.0.1:5000->5000/tcp",
        ),
        (
            "-p 3000-3002:3000-3002 -p 9000:90 --expose 4000 --expose 4002",
            "4000/tcp, 0.0.0.0:3000-3002->3000-3002/tcp, [::]:3000-3002->3000-3002/tcp, "
            "4002/tcp, 0.0.0.0:9000->90/tcp, [::]:9000->90/tcp",
        ),
    ],
)
def test_ports_read_as_the_clis_formatter_writes_them(
    engine: Engine, flags: str, ports: str
) -> None:
    created = engine.docker(f"run -d {flags} busybox sleep 100")
    assert created.exit_code == 0, created.stderr
    cid = created.stdout.strip()
    got = engine.docker(["ps", "--filter", f"id={cid}", "--format", "{{.Ports}}"])
    assert got.stdout == ports + "\n"
    engine.docker(f"rm -f {cid}")
