"""`docker save` / `load` / `export` / `import` (Docker 25+ archive layout)."""

from __future__ import annotations

import io
import json
import tarfile

from dockersim.build import saveformat
from dockersim.engine import Engine

BUSYBOX_ID = "sha256:63691f2135cc48cfd3b42720d1525678d6e9e2a6f8027b9749a7f18b0547b83b"
BUSYBOX_LAYER = "bf35c5310512638bc8f56fc0316ca286a0371d7779099f187da3e14261a8f027"


def _members(data: bytes) -> dict[str, bytes]:
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for info in tar.getmembers():
            handle = tar.extractfile(info) if info.isfile() else None
            out[info.name + ("/" if info.isdir() else "")] = handle.read() if handle else b""
    return out


def test_save_writes_the_oci_layout_and_docker_manifest(engine: Engine) -> None:
    # given
    engine.docker("pull busybox")
    # when
    result = engine.docker("save busybox")
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert result.stdout_bytes is not None
    files = _members(result.stdout_bytes)
    manifest_digest = "d8c6fd88f0e23609b3cc3a339afe12ce992654e758fa777b21f5506920639a02"
    assert list(files) == [
        "blobs/",
        "blobs/sha256/",
        "blobs/sha256/37f23e4e94841f7018f1737da8a0a546d46c87933c9c659fc6108267a393b00b",
        f"blobs/sha256/{BUSYBOX_ID[7:]}",
        f"blobs/sha256/{BUSYBOX_LAYER}",
        f"blobs/sha256/{manifest_digest}",
        "index.json",
        "manifest.json",
        "oci-layout",
        "repositories",
    ]
    assert files["oci-layout"] == b'{"imageLayoutVersion": "1.0.0"}'
    assert (
        files["manifest.json"]
        == (
            f'[{{"Config":"blobs/sha256/{BUSYBOX_ID[7:]}","RepoTags":["busybox:latest"],'
            f'"Layers":["blobs/sha256/{BUSYBOX_LAYER}"]}}]\n'
        ).encode()
    )
    assert files["repositories"] == f'{{"busybox":{{"latest":"{BUSYBOX_LAYER}"}}}}\n'.encode()
    assert json.loads(files["index.json"]) == {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": f"sha256:{manifest_digest}",
                "size": 399,
                "annotations": {
                    "io.containerd.image.name": "docker.io/library/busybox:latest",
                    "org.opencontainers.image.ref.name": "latest",
                },
            }
        ],
    }
    manifest = json.loads(files[f"blobs/sha256/{manifest_digest}"])
    layer = files[f"blobs/sha256/{BUSYBOX_LAYER}"]
    assert manifest["layers"] == [
        {
            "mediaType": "application/vnd.oci.image.layer.v1.tar",
            "digest": f"sha256:{BUSYBOX_LAYER}",
            "size": len(layer),
        }
    ]
    assert saveformat.sha256_hex(layer) == BUSYBOX_LAYER


def test_round_trip_keeps_ids_layers_and_bytes(engine: Engine) -> None:
    # given
    engine.docker("pull busybox")
    archive = engine.docker("save busybox").stdout_bytes
    other = Engine()
    # when
    loaded = other.docker("load", stdin=archive)
    # then
    assert (loaded.exit_code, loaded.stdout) == (0, "Loaded image: busybox:latest\n")
    assert other.docker("images").stdout == engine.docker("images").stdout
    assert other.docker("save busybox").stdout_bytes == archive


def test_round_trip_of_a_built_image_runs(engine: Engine) -> None:
    # given: the archive written on one simulated host, carried to another's
    engine.host_write("/home/student/app/Dockerfile", "FROM alpine\nRUN echo built > /b\n")
    engine.docker("build -t built app")
    engine.docker("save -o built.tar built")
    other = Engine()
    other.host_write("/home/student/built.tar", engine.machine.read("/home/student/built.tar"))
    # when
    result = other.docker("load -i built.tar")
    # then
    assert result.stdout == "Loaded image: built:latest\n"
    image_id = engine.docker("images -q --no-trunc built").stdout
    assert other.docker("images -q --no-trunc built").stdout == image_id
    assert other.docker("run --rm built cat /b").stdout == "built\n"


def test_load_of_an_untagged_image_prints_its_id(engine: Engine) -> None:
    engine.docker("pull busybox")
    archive = engine.docker(f"save {BUSYBOX_ID}").stdout_bytes
    result = Engine().docker("load", stdin=archive)
    assert result.stdout == f"Loaded image ID: {BUSYBOX_ID}\n"


def test_load_retags_and_says_so(engine: Engine) -> None:
    engine.docker("pull busybox")
    engine.docker("pull alpine")
    engine.docker("tag alpine busybox:latest")
    archive = Engine()
    archive.docker("pull busybox")
    data = archive.docker("save busybox").stdout_bytes
    result = engine.docker("load", stdin=data)
    alpine = engine.docker("images -q --no-trunc alpine").stdout.strip()
    assert result.stdout == (
        f"The image busybox:latest already exists, renaming the old one with ID {alpine} to "
        "empty string\nLoaded image: busybox:latest\n"
    )


def test_load_legacy_archive(engine: Engine) -> None:
    # given: a Docker 24 style archive of a one-layer image
    layer = saveformat.write_tar([saveformat.TarMember("hello.txt", b"hi\n", 0)])
    diff_id = "sha256:" + saveformat.sha256_hex(layer)
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {"Cmd": ["cat", "/hello.txt"]},
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
            "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "ADD hello.txt /"}],
            "created": "2024-01-01T00:00:00Z",
        }
    ).encode()
    config_hex = saveformat.sha256_hex(config)
    manifest = json.dumps(
        [{"Config": f"{config_hex}.json", "RepoTags": ["legacy:1"], "Layers": ["abc/layer.tar"]}]
    ).encode()
    archive = saveformat.write_tar(
        [
            saveformat.TarMember("abc", is_dir=True),
            saveformat.TarMember("abc/VERSION", b"1.0"),
            saveformat.TarMember("abc/layer.tar", layer),
            saveformat.TarMember(f"{config_hex}.json", config),
            saveformat.TarMember("manifest.json", manifest),
        ]
    )
    # when
    result = engine.docker("load", stdin=archive)
    # then
    assert result.stdout == "Loaded image: legacy:1\n"
    assert engine.docker("images -q --no-trunc legacy:1").stdout == f"sha256:{config_hex}\n"
    inspect = engine.docker("image inspect -f '{{.Config.Cmd}} {{len .RootFS.Layers}}' legacy:1")
    assert inspect.stdout == "[cat /hello.txt] 1\n"


def test_error_load_needs_a_manifest_json(engine: Engine) -> None:
    archive = saveformat.write_tar(
        [saveformat.TarMember("oci-layout", b'{"imageLayoutVersion": "1.0.0"}')]
    )
    result = engine.docker("load", stdin=archive)
    assert (result.exit_code, result.stderr) == (
        1,
        "invalid archive: does not contain a manifest.json\n",
    )


def test_error_load_null_manifest(engine: Engine) -> None:
    archive = saveformat.write_tar([saveformat.TarMember("manifest.json", b"null")])
    result = engine.docker("load", stdin=archive)
    assert result.stderr == "invalid manifest, manifest cannot be null (but can be [])\n"


def test_error_load_from_a_missing_file(engine: Engine) -> None:
    result = engine.docker("load -i /no/such.tar")
    assert (result.exit_code, result.stderr) == (
        1,
        "open /no/such.tar: no such file or directory\n",
    )


def test_error_save_missing_tag(engine: Engine) -> None:
    engine.docker("pull busybox")
    result = engine.docker("save busybox:1.0")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: reference does not exist\n",
    )


def test_error_save_unknown_name(engine: Engine) -> None:
    result = engine.docker("save nosuch")
    assert result.stderr == "Error response from daemon: No such image: nosuch\n"


def test_error_save_to_a_terminal(engine: Engine) -> None:
    engine.docker("pull busybox")
    result = engine.docker("save busybox", tty=True)
    assert (result.exit_code, result.stderr) == (
        1,
        "cowardly refusing to save to a terminal. Use the -o flag or redirect\n",
    )


def test_export_then_import(engine: Engine) -> None:
    # given
    engine.docker("run --name box busybox sh -c 'echo data > /note'")
    exported = engine.docker("export box").stdout_bytes
    assert exported is not None
    names = set(_members(exported))
    assert {".dockerenv", "note", "bin/busybox", "etc/hostname", "proc/"} <= names
    # when
    result = engine.docker("import - snap:1", stdin=exported)
    # then
    image_id = engine.docker("images -q --no-trunc snap:1").stdout.strip()
    assert result.stdout == image_id + "\n"
    history = engine.docker("history --format '{{.CreatedBy}}|{{.Comment}}' snap:1").stdout
    assert history == "|Imported from -\n"
    assert engine.docker("run --rm snap:1 cat /note").stdout == "data\n"
