"""docker-py (`pip install docker`) against `dockersim serve`: what a test suite that drives
Docker from Python does (engine-api.md §5). Skipped when docker-py is not installed."""

from __future__ import annotations

import pytest
from apiclient import Served

try:
    import docker
except ImportError:  # collected all the same, and skipped
    docker = None

pytestmark = pytest.mark.skipif(docker is None, reason="docker-py is not installed")


@pytest.fixture
def client(api: Served):  # type: ignore[no-untyped-def]
    client = docker.DockerClient(base_url=api.docker_host, version="auto", timeout=30)
    yield client
    client.close()


def test_ping_and_the_negotiated_version(client) -> None:  # type: ignore[no-untyped-def]
    assert client.ping() is True
    assert client.api.api_version == "1.52"


def test_run_returns_the_output_and_raises_on_failure(client) -> None:  # type: ignore[no-untyped-def]
    assert client.containers.run("alpine", "echo hello") == b"hello\n"
    both = client.containers.run("alpine", ["sh", "-c", "echo a; echo b >&2"], stderr=True)
    assert both == b"a\nb\n"
    with pytest.raises(docker.errors.ContainerError) as failed:
        client.containers.run("alpine", "sh -c 'echo no >&2; exit 4'", remove=True)
    assert failed.value.exit_status == 4
    assert client.containers.list(all=True, filters={"ancestor": "alpine"})[0].status == "exited"


def test_detached_containers_list_logs_and_lifecycle(client) -> None:  # type: ignore[no-untyped-def]
    web = client.containers.run("nginx", detach=True, name="pyweb", ports={"80/tcp": 8081})
    web.reload()
    assert web.status == "running"
    assert web.ports == {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8081"},
                                    {"HostIp": "::", "HostPort": "8081"}]}  # fmt: skip
    assert [c.name for c in client.containers.list()] == ["pyweb"]
    assert b"start worker processes" in web.logs()
    assert web.image.tags == ["nginx:latest"]
    web.stop()
    assert web.wait() == {"StatusCode": 0}
    web.remove()
    with pytest.raises(docker.errors.NotFound) as missing:
        client.containers.get("pyweb")
    assert missing.value.explanation == "No such container: pyweb"


def test_images_pull_and_a_missing_repository(client) -> None:  # type: ignore[no-untyped-def]
    image = client.images.pull("busybox")
    assert image.tags == ["busybox:latest"]
    assert image.id.startswith("sha256:")
    assert [i.tags for i in client.images.list()] == [["busybox:latest"]]
    with pytest.raises(docker.errors.ImageNotFound):
        client.images.pull("nonexist/xyz")


def test_networks_and_volumes(client) -> None:  # type: ignore[no-untyped-def]
    box = client.containers.run("alpine", "sleep 100", detach=True, name="box")
    network = client.networks.create("pynet")
    network.connect(box)
    network.reload()
    assert [c.name for c in network.containers] == ["box"]
    network.disconnect(box)
    network.remove()
    assert "pynet" not in [n.name for n in client.networks.list()]
    volume = client.volumes.create("pyvol")
    assert [v.name for v in client.volumes.list()] == ["pyvol"]
    volume.remove()
    assert client.volumes.list() == []


def test_exec_run_gives_the_output_and_the_exit_code(client) -> None:  # type: ignore[no-untyped-def]
    box = client.containers.run("alpine", "sleep 1000", detach=True, name="box")
    assert box.exec_run("echo hello") == (0, b"hello\n")
    code, output = box.exec_run(["sh", "-c", "echo out; echo err >&2; exit 5"])
    assert (code, output) == (5, b"out\nerr\n")
    code, (out, err) = box.exec_run("sh -c 'echo a; echo b >&2'", demux=True)
    assert (code, out, err) == (0, b"a\n", b"b\n")
