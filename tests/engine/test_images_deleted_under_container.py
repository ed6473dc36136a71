"""`rmi -f` of an image only stopped containers use (moby daemon/images/image_delete.go).

The image record goes (`Untagged:` and `Deleted: <image ID>`), but each container's read-write
layer holds a reference on the image's top layer (layer_store.go CreateRWLayer), so no layer is
freed: the container still starts, diffs, exports and copies, `ps` names its image by ID, and
its layers go only when the container is removed. `docker commit` reads the parent image's
config from the image store, so it fails as moby's CommitImage does. Every test runs on the
live engine and on one saved and loaded again (`Engine.loads(engine.dumps())`).
"""

from __future__ import annotations

import io
import tarfile

import pytest

from dockersim.engine import Engine
from dockersim.testing.invariants import check_layer_store, check_references

IMAGE_ID = "sha256:941b4bb3d46aa48a9fd91c4c32035517709c9f2fb3a77ebd843eb51ee34a0a29"
LAYER = "sha256:9c7bccc1be9f6d98718cea47374c0ae9fe4eadd9cbc2402d9fb034f2bfbc86a0"
DF_EMPTY = (
    "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
    "Images          0         0         0B        0B\n"
    "Containers      0         0         0B        0B\n"
    "Local Volumes   0         0         0B        0B\n"
    "Build Cache     0         0         0B        0B\n"
)


def _given_a_stopped_container(reload: bool = False) -> tuple[Engine, dict[str, object]]:
    """A stopped container of alpine that wrote /note, and what it showed before `rmi -f`
    (with `reload`, the engine is saved and loaded before and after `rmi -f`)."""
    engine = Engine()
    assert engine.docker("run --name once alpine sh -c 'echo hi; echo data > /note'").ok
    engine.advance(60)
    if reload:
        engine = Engine.loads(engine.dumps())
    before: dict[str, object] = {
        "diff": engine.docker("diff once").stdout,
        "export": engine.docker("export once").stdout_bytes,
        "inspect": engine.docker("inspect once").stdout,
    }
    return engine, before


@pytest.fixture(params=["live", "reloaded"])
def orphan(request: pytest.FixtureRequest) -> tuple[Engine, dict[str, object]]:
    """The container after `rmi -f alpine` (on the live engine, or saved and loaded)."""
    reload = request.param == "reloaded"
    engine, before = _given_a_stopped_container(reload)
    assert engine.docker("rmi -f alpine").ok
    if reload:
        engine = Engine.loads(engine.dumps())
    return engine, before


def _members(data: bytes | None) -> dict[str, bytes]:
    assert data is not None
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for info in tar.getmembers():
            handle = tar.extractfile(info) if info.isfile() else None
            out[info.name] = handle.read() if handle else b""
    return out


def test_rmi_f_deletes_the_image_and_frees_no_layer() -> None:
    # given
    engine, _ = _given_a_stopped_container()
    # when
    result = engine.docker("rmi -f alpine")
    # then the image goes, and its layer stays under the container
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Untagged: alpine:latest\n"
        "Untagged: alpine@sha256:0b120ebf89a0d29bdc9cd3c537e39213ad15fda19a8dbec9ff07d4d759e54400\n"
        f"Deleted: {IMAGE_ID}\n",
        "",
    )
    assert engine.docker("images -a").stdout == "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"
    assert list(engine.world.layers) == [LAYER]
    check_layer_store(engine)
    check_references(engine)
    assert Engine.loads(engine.dumps()).dumps() == engine.dumps()


def test_ps_shows_the_image_id(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, _ = orphan
    # when
    result = engine.docker("ps -a")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "CONTAINER ID   IMAGE          COMMAND                  CREATED              STATUS"
        "                          PORTS     NAMES\n"
        '1e2feb89414c   941b4bb3d46a   "sh -c \'echo hi; ech…"   About a minute ago   Exited '
        "(0) About a minute ago             once\n",
        "",
    )
    no_trunc = engine.docker("ps -a --no-trunc --format '{{.Image}}|{{.Size}}' -s")
    assert no_trunc.stdout == f"{IMAGE_ID}|5B (virtual 8.31MB)\n"


def test_start_runs_it_again(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, _ = orphan
    # when
    result = engine.docker("start -a once")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (0, "hi\n", "")
    assert engine.docker("logs once").stdout == "hi\nhi\n"
    assert engine.docker("ps -a --format '{{.Status}}'").stdout == (
        "Exited (0) Less than a second ago\n"
    )


def test_diff_is_unchanged(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, before = orphan
    # when
    result = engine.docker("diff once")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (0, "A /note\n", "")
    assert result.stdout == before["diff"]


def test_export_is_byte_identical(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, before = orphan
    # when
    result = engine.docker("export once")
    # then
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout_bytes == before["export"]
    files = _members(result.stdout_bytes)
    assert files["note"] == b"data\n"
    assert "bin/busybox" in files


def test_cp_copies_from_the_kept_layers(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, _ = orphan
    # when
    result = engine.docker("cp once:/etc/os-release os-release")
    # then the image's file and the container's own are there
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "Successfully copied 2.048kB to os-release\n",
    )
    assert engine.machine.read("/home/student/os-release").startswith(b'NAME="Alpine Linux"')
    assert engine.docker("cp once:/note note").ok
    assert engine.machine.read("/home/student/note") == b"data\n"


def test_error_commit_cannot_read_the_image_config(
    orphan: tuple[Engine, dict[str, object]],
) -> None:
    # given
    engine, _ = orphan
    saved = engine.dumps()
    # when
    result = engine.docker("commit once snap:1")
    # then, as moby's CommitImage (image store Get of the deleted config), nothing changes
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error response from daemon: failed to get digest {IMAGE_ID}: open /var/lib/docker/"
        f"image/overlay2/imagedb/content/sha256/{IMAGE_ID[7:]}: no such file or directory\n",
    )
    assert engine.dumps() == saved


def test_inspect_shows_the_image_id(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, before = orphan
    # when
    result = engine.docker("inspect -f '{{.Image}} {{.Config.Image}}' once")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{IMAGE_ID} alpine\n", "")
    assert engine.docker("inspect once").stdout == before["inspect"]


def test_system_df_counts_no_image(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, _ = orphan
    # when
    result = engine.docker("system df")
    # then the kept layer is no image's (moby ImageDiskUsage counts only images' layers)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
        "Images          0         0         0B        0B\n"
        "Containers      1         0         5B        5B (100%)\n"
        "Local Volumes   0         0         0B        0B\n"
        "Build Cache     0         0         0B        0B\n",
        "",
    )


def test_pull_finds_the_layer_and_ps_names_the_image_again(
    orphan: tuple[Engine, dict[str, object]],
) -> None:
    # given
    engine, _ = orphan
    # when
    result = engine.docker("pull alpine")
    # then
    assert result.exit_code == 0
    assert "ee5f4e74fd33: Already exists\n" in result.stdout
    assert engine.docker("ps -a --format '{{.Image}}'").stdout == "alpine\n"
    check_layer_store(engine)


def test_rm_releases_the_layers(orphan: tuple[Engine, dict[str, object]]) -> None:
    # given
    engine, _ = orphan
    # when
    result = engine.docker("rm once")
    # then the world's layers are as before the first pull
    assert (result.exit_code, result.stdout, result.stderr) == (0, "once\n", "")
    assert engine.docker("system df").stdout == DF_EMPTY
    assert (engine.world.layers, engine.world.rw_layers) == ({}, {})
    pulled = engine.docker("pull alpine")
    assert "ee5f4e74fd33: Pull complete\n" in pulled.stdout
    reloaded = Engine.loads(engine.dumps())
    assert reloaded.docker("images --format '{{.ID}}'").stdout == "941b4bb3d46a\n"


def test_the_platform_stays_with_the_container() -> None:
    # given an arm64 container whose image `rmi -f` deleted
    engine = Engine()
    assert engine.docker("pull -q --platform linux/arm64 alpine").ok
    assert engine.docker("run --name arm alpine uname -m").stdout == "aarch64\n"
    assert engine.docker("rmi -f alpine").ok
    engine = Engine.loads(engine.dumps())
    engine.advance(60)
    # when
    result = engine.docker("start -a arm")
    # then
    assert (result.exit_code, result.stdout) == (0, "aarch64\n")


def test_the_last_container_frees_the_layers() -> None:
    # given two stopped containers of an image that `rmi -f` deleted
    engine = Engine()
    assert engine.docker("run --name one alpine true").ok
    assert engine.docker("run --name two alpine true").ok
    assert engine.docker("rmi -f alpine").ok
    # when the first goes, the layer stays; when `container prune` takes the second, it goes
    assert engine.docker("rm one").ok
    kept = list(Engine.loads(engine.dumps()).world.layers)
    pruned = engine.docker("container prune -f")
    # then
    assert kept == [LAYER]
    assert pruned.exit_code == 0
    assert (engine.world.layers, engine.world.rw_layers) == ({}, {})
    assert engine.docker("system df").stdout == DF_EMPTY
