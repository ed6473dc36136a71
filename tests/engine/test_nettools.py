"""ifconfig, route, netstat and arp as busybox's applets and net-tools print them."""

from __future__ import annotations

from dockersim.engine import Engine


def out(engine: Engine, line: str) -> tuple[str, str, int]:
    """stdout, stderr without the pull progress of a first `run`, and the exit status."""
    result = engine.docker(line)
    _, status, rest = result.stderr.partition("Status: Downloaded newer image for ")
    stderr = rest.partition("\n")[2] if status else result.stderr
    return result.stdout, stderr, result.exit_code


BB_LO = (
    "lo        Link encap:Local Loopback  \n"
    "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
    "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n"
    "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
    "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
    "          collisions:0 txqueuelen:1000 \n"
    "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n"
)


def test_busybox_ifconfig_shows_eth0_then_lo(engine: Engine) -> None:
    assert out(engine, "run --rm busybox ifconfig") == (
        "eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02  \n"
        "          inet addr:172.17.0.2  Bcast:172.17.255.255  Mask:255.255.0.0\n"
        "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n"
        "          RX packets:5 errors:0 dropped:0 overruns:0 frame:0\n"
        "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
        "          collisions:0 txqueuelen:0 \n"
        "          RX bytes:446 (446.0 B)  TX bytes:0 (0.0 B)\n\n" + BB_LO,
        "",
        0,
    )


def test_ifconfig_a_without_network_shows_only_lo(engine: Engine) -> None:
    assert out(engine, "run --rm --network none alpine ifconfig -a") == (BB_LO, "", 0)
    assert out(engine, "run --rm --network none alpine ifconfig lo") == (BB_LO, "", 0)
    stdout, stderr, code = out(engine, "run --rm --network none alpine ifconfig eth0")
    assert (stdout, code) == ("", 1)
    assert stderr == "ifconfig: eth0: error fetching interface information: Device not found\n"


def test_net_tools_ifconfig_layout(engine: Engine) -> None:
    engine.docker(
        "run --name deb debian:bookworm sh -c 'apt-get update && apt-get install -y net-tools'"
    )
    engine.docker("commit deb withnettools")
    stdout, stderr, code = out(engine, "run --rm withnettools ifconfig eth0")
    assert (stderr, code) == ("", 0)
    assert stdout.splitlines()[:3] == [
        "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
        "        inet 172.17.0.2  netmask 255.255.0.0  broadcast 172.17.255.255",
        "        ether 02:42:ac:11:00:02  txqueuelen 0  (Ethernet)",
    ]


def test_route_n_lists_default_and_subnet(engine: Engine) -> None:
    assert out(engine, "run --rm alpine route -n") == (
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
        "0.0.0.0         172.17.0.1      0.0.0.0         UG    0      0        0 eth0\n"
        "172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 eth0\n",
        "",
        0,
    )
    stdout, _, _ = out(engine, "run --rm --network none alpine route -n")
    assert stdout.count("\n") == 2


def test_netstat_lists_the_servers_port(engine: Engine) -> None:
    engine.docker("run -d --name bb busybox httpd -f -p 8080")
    assert out(engine, "exec bb netstat -tlnp") == (
        "Active Internet connections (only servers)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
        " PID/Program name\n"
        "tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      "
        " 1/httpd\n",
        "",
        0,
    )


def test_arp_n_is_empty_and_options_are_honest(engine: Engine) -> None:
    assert out(engine, "run --rm busybox arp -n") == ("", "", 0)
    stdout, stderr, code = out(engine, "run --rm busybox netstat -x")
    assert (stdout, code) == ("", 1)
    assert stderr == "dockersim: not simulated in netstat: option -x\n"
