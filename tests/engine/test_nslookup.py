"""nslookup as busybox's applet prints it (networking/nslookup.c: an A and an AAAA query,
each reply as it comes, exit 0 even for an unknown name) and as bind9's does on the host
(one heading, `IP#53`, exit 1 for an unknown name), through the server /etc/resolv.conf
names: Docker's embedded DNS on a user-defined network, the host's resolver on the default
bridge, where container names are not known."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine


@pytest.fixture()
def app(engine: Engine) -> Engine:
    assert engine.docker("network create app").exit_code == 0
    assert engine.docker("run -d --name db --network app busybox sleep 1000").exit_code == 0
    return engine


def test_a_container_name_on_the_embedded_dns(app: Engine) -> None:
    got = app.docker("run --rm --network app busybox nslookup db")
    assert (got.stdout, got.exit_code) == (
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
        "Non-authoritative answer:\nName:\tdb\nAddress: 172.18.0.2\n\n"
        "Non-authoritative answer:\n\n",  # the AAAA reply: the name, no IPv6 address
        0,
    )


def test_an_unknown_name_is_nxdomain_twice_and_still_exit_0(app: Engine) -> None:
    got = app.docker("run --rm --network app busybox nslookup nosuch")
    assert (got.stdout, got.exit_code) == (
        "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
        "** server can't find nosuch: NXDOMAIN\n\n** server can't find nosuch: NXDOMAIN\n\n",
        0,
    )


def test_the_default_bridge_asks_the_hosts_resolver(app: Engine) -> None:
    conf = app.docker("run --rm busybox grep nameserver /etc/resolv.conf").stdout
    server = conf.split()[1]
    got = app.docker("run --rm busybox nslookup db")
    assert got.stdout.startswith(f"Server:\t\t{server}\nAddress:\t{server}:53\n\n")
    assert "** server can't find db: NXDOMAIN" in got.stdout
    named = app.docker("run --rm busybox nslookup db 127.0.0.11")  # a server given
    assert named.stdout.startswith("Server:\t\t127.0.0.11\n")


def test_the_hosts_nslookup_is_bind9s(engine: Engine) -> None:
    found = engine.host("nslookup localhost")
    missing = engine.host("nslookup nosuch")
    assert found.stdout.endswith(
        "#53\n\nNon-authoritative answer:\nName:\tlocalhost\nAddress: 127.0.0.1\n\n"
    )
    assert (missing.stdout.rstrip("\n").splitlines()[-1], missing.exit_code) == (
        "** server can't find nosuch: NXDOMAIN",
        1,
    )
