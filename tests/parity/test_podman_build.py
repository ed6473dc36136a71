"""dockersim against real tools: podman builds, podman and skopeo archives (oracle.md).

Skipped when podman cannot run here. podman (buildah) is not Docker: the allow-list below
names each difference with the Docker fact dockersim follows instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dockersim.cli.realmachine import RealMachine
from dockersim.engine import Engine
from dockersim.testing.parity import PODMAN_IMAGE, PodmanBackend, started_podman

pytestmark = pytest.mark.real

#: A podman base image equivalent to dockersim's busybox (same Env and Cmd).
BASE_DOCKERFILE = (
    f"FROM {PODMAN_IMAGE}\n"
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
    'CMD ["sh"]\n'
)
FIELDS = ("Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Labels")
DOCKERFILES = {
    "env-cmd": 'FROM busybox\nENV A=1 B=two\nCMD ["sh"]\n',
    "workdir-run-user": "FROM busybox\nWORKDIR /app\nRUN echo hi > f\nUSER nobody\n",
    "labels-expose": 'FROM busybox\nLABEL a=b c="d e"\nEXPOSE 80 53/udp\n',
    "entrypoint-cmd": 'FROM busybox\nENTRYPOINT ["echo"]\nCMD ["hello"]\n',
    "copy": "FROM busybox\nCOPY a.txt /a.txt\nCOPY dir/ /dir/\n",
    "arg-env": "FROM busybox\nARG X=1\nENV Y=$X\nRUN echo $X > /x\n",
    "multi-stage": (
        "FROM busybox AS b\nRUN echo x > /x\nFROM busybox\nCOPY --from=b /x /y\nCMD cat /y\n"
    ),
    "shell-entrypoint": "FROM busybox\nENTRYPOINT echo hi\n",
    "relative-workdir": "FROM busybox\nWORKDIR /a\nWORKDIR b\nWORKDIR ../c\nRUN touch f\n",
    "path-volume": "FROM busybox\nENV PATH=/opt/bin:$PATH\nSTOPSIGNAL SIGINT\nVOLUME /data\n",
    "user-ids": (
        "FROM busybox\nRUN mkdir -p /srv && echo ok > /srv/ok\nUSER 1000:1000\n"
        'CMD ["cat", "/srv/ok"]\n'
    ),
}
#: (Dockerfile, field) where podman 4.3.1 differs from Docker; Docker's value is dockersim's.
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}
#: Layers Docker's BuildKit makes and buildah does not: every WORKDIR other than / is a mkdir
#: step with its own layer (images-oci.md §6.3, dockerfile2llb dispatchWorkdir).
EXTRA_DOCKER_LAYERS = {"workdir-run-user": 1, "relative-workdir": 3}


@pytest.fixture(scope="module")
def podman() -> Iterator[PodmanBackend]:
    with started_podman() as backend:
        base = backend.workdir / "base"
        base.mkdir()
        (base / "Dockerfile").write_text(BASE_DOCKERFILE)
        built = backend.podman(
            "build", "--pull=never", "--network", "none", "-t", "busybox:latest", str(base)
        )
        if built.exit_code != 0:
            pytest.skip("podman cannot build here: " + built.stderr[-300:])
        yield backend


def _context(root: Path, name: str) -> Path:
    folder = root / name
    (folder / "dir").mkdir(parents=True)
    (folder / "Dockerfile").write_text(DOCKERFILES[name])
    (folder / "a.txt").write_text("a\n")
    (folder / "dir" / "b.txt").write_text("b\n")
    return folder


def _normal(config: dict[str, object]) -> dict[str, object]:
    """The compared fields; buildah's own `io.buildah.version` label is not Docker's."""
    out = {}
    for field in FIELDS:
        value = config.get(field)
        if field == "Labels" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k != "io.buildah.version"}
        out[field] = value if value not in ("", [], {}) else None
    return out


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_podman_and_dockersim_build_the_same_config(
    podman: PodmanBackend, tmp_path: Path, name: str
) -> None:
    # given
    folder = _context(tmp_path, name)
    engine = Engine(machine=RealMachine())  # the interactive CLI's client: real files
    # when
    real = podman.podman(
        "build", "--pull=never", "--network", "none", "-t", f"t-{name}", str(folder)
    )
    sim = engine.docker(f"build -t t-{name} {folder}")
    # then
    assert (real.exit_code, sim.exit_code) == (0, 0), real.stderr + sim.stderr
    real_config = json.loads(
        podman.podman("image", "inspect", "--format", "{{json .Config}}", f"t-{name}").stdout
    )
    sim_config = json.loads(
        engine.docker(f"image inspect -f '{{{{json .Config}}}}' t-{name}").stdout
    )
    real_layers = podman.podman(
        "image", "inspect", "--format", "{{len .RootFS.Layers}}", f"t-{name}"
    ).stdout.strip()
    base_layers = podman.podman(
        "image", "inspect", "--format", "{{len .RootFS.Layers}}", "busybox"
    ).stdout.strip()
    sim_layers = engine.docker(
        f"image inspect -f '{{{{len .RootFS.Layers}}}}' t-{name}"
    ).stdout.strip()
    expected = _normal(real_config)
    for (dockerfile, field), docker_value in KNOWN_DIFFERENCES.items():
        if dockerfile == name:
            expected[field] = json.loads(docker_value)
    assert _normal(sim_config) == expected
    # podman's base has one layer, dockersim's busybox one too: compare what the build added
    added = int(real_layers) - int(base_layers) + EXTRA_DOCKER_LAYERS.get(name, 0)
    assert int(sim_layers) - 1 == added


def test_podman_loads_a_dockersim_archive_with_the_same_id(
    podman: PodmanBackend, tmp_path: Path
) -> None:
    # given: a pulled image and a built one
    engine = Engine(machine=RealMachine())  # the interactive CLI's client: real files
    folder = _context(tmp_path, "copy")
    engine.docker(f"build -t built {folder}")
    engine.docker("pull busybox")
    archive = tmp_path / "images.tar"
    engine.docker(f"save -o {archive} built busybox")
    # when
    loaded = podman.podman("load", "-i", str(archive))
    # then
    assert loaded.exit_code == 0, loaded.stderr
    for name in ("built", "busybox"):
        sim_id = engine.docker(f"images -q --no-trunc {name}").stdout.strip()
        # podman names Docker's familiar `name:tag` as `localhost/name:tag`
        real_id = podman.podman(
            "image", "inspect", "--format", "{{.Id}}", f"localhost/{name}:latest"
        ).stdout.strip()
        assert f"sha256:{real_id}" == sim_id


def test_dockersim_loads_a_podman_archive_with_its_id(
    podman: PodmanBackend, tmp_path: Path
) -> None:
    # given
    archive = tmp_path / "podman.tar"
    saved = podman.podman("save", "-o", str(archive), PODMAN_IMAGE)
    assert saved.exit_code == 0, saved.stderr
    real_id = podman.podman("image", "inspect", "--format", "{{.Id}}", PODMAN_IMAGE).stdout.strip()
    engine = Engine(machine=RealMachine())  # the interactive CLI's client: real files
    # when
    result = engine.docker(f"load -i {archive}")
    # then
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Loaded image: localhost/{PODMAN_IMAGE}\n"
    assert engine.docker("images -q --no-trunc").stdout.strip() == f"sha256:{real_id}"
    # the layer is a real busybox binary: it is stored and listed, not run
    assert engine.docker(f"history -q localhost/{PODMAN_IMAGE}").stdout == f"{real_id[:12]}\n"


def test_dockersim_loads_a_skopeo_archive_with_its_id(
    podman: PodmanBackend, tmp_path: Path
) -> None:
    if shutil.which("skopeo") is None:
        pytest.skip("skopeo is not installed")
    # given: podman's archive rewritten by skopeo
    source = tmp_path / "podman.tar"
    podman.podman("save", "-o", str(source), PODMAN_IMAGE)
    target = tmp_path / "skopeo.tar"
    done = subprocess.run(
        ["skopeo", "copy", f"docker-archive:{source}", f"docker-archive:{target}:skopeo/bb:1"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    config = json.loads(
        subprocess.run(
            ["skopeo", "inspect", "--config", f"docker-archive:{target}"],
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
    )
    raw = subprocess.run(
        ["skopeo", "inspect", "--raw", f"docker-archive:{target}"],
        capture_output=True,
        timeout=120,
        check=True,
    ).stdout
    config_digest = json.loads(raw)["config"]["digest"]
    engine = Engine(machine=RealMachine())  # the interactive CLI's client: real files
    # when
    result = engine.docker(f"load -i {target}")
    # then
    assert (result.exit_code, result.stdout) == (0, "Loaded image: skopeo/bb:1\n"), result.stderr
    assert engine.docker("images -q --no-trunc skopeo/bb:1").stdout.strip() == config_digest
    assert config["rootfs"]["type"] == "layers"
