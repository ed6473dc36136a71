"""The documents and tar of a `docker save` archive (Docker 25+; images-oci.md §3.1).

Pure functions: the OCI manifest and index (`json.Marshal`, no newline), `manifest.json` and
`repositories` (`json.Encoder`, a newline), the legacy per-layer V1 image JSON
(`image/v1.CreateID`), and the outer tar as go-archive writes a directory: entries in walk
order, root-owned, files 0644 and directories 0755, USTAR headers, two zero blocks at the end.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from dockersim.model.image import ContainerConfig, ImageConfig, go_json
from dockersim.model.tarball import ustar_header

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
OCI_LAYOUT = '{"imageLayoutVersion": "1.0.0"}'
EPOCH_ZERO = "1970-01-01T00:00:00Z"
#: what a container's init layer adds (mount points; `docker export` includes them)
INIT_LAYER = (
    ("/.dockerenv", "file"), ("/dev", "dir"), ("/etc", "dir"), ("/etc/hostname", "file"),
    ("/etc/hosts", "file"), ("/etc/resolv.conf", "file"), ("/proc", "dir"), ("/sys", "dir"),
)  # fmt: skip


@attrs.frozen
class TarMember:
    name: str
    data: bytes = b""
    mtime: int = 0
    is_dir: bool = False


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def go_encode(value: Any) -> str:
    """json.Encoder.Encode: compact, HTML-escaped, a trailing newline."""
    return go_json(value) + "\n"


def moby_config(config: ContainerConfig | None) -> dict[str, Any]:
    """A container.Config as moby marshals it (every field not marked omitempty)."""
    c = config or ContainerConfig()
    data = c.to_json()
    out: dict[str, Any] = {
        "Hostname": "",
        "Domainname": "",
        "User": c.user,
        "AttachStdin": False,
        "AttachStdout": False,
        "AttachStderr": False,
    }
    if "ExposedPorts" in data:
        out["ExposedPorts"] = data["ExposedPorts"]
    out |= {"Tty": False, "OpenStdin": False, "StdinOnce": False}
    out["Env"] = data.get("Env")
    out["Cmd"] = data.get("Cmd")
    if "Healthcheck" in data:
        out["Healthcheck"] = data["Healthcheck"]
    if c.args_escaped:
        out["ArgsEscaped"] = True
    out["Image"] = ""
    out["Volumes"] = data.get("Volumes")
    out["WorkingDir"] = c.working_dir
    out["Entrypoint"] = data.get("Entrypoint")
    if c.on_build:
        out["OnBuild"] = list(c.on_build)
    out["Labels"] = data.get("Labels")
    if c.stop_signal:
        out["StopSignal"] = c.stop_signal
    if c.shell:
        out["Shell"] = list(c.shell)
    return out


def v1_image(config: ImageConfig | None, v1_id: str, parent: str, created: str) -> dict[str, Any]:
    """image.V1Image as marshalled: the image's own fields for its top layer, else a stub."""
    out: dict[str, Any] = {}
    if v1_id:
        out["id"] = v1_id
    if parent:
        out["parent"] = parent
    if config is None:
        out["created"] = EPOCH_ZERO
        out["container_config"] = moby_config(None)
        out["os"] = "linux"
        return out
    out["created"] = created or None
    out["container_config"] = moby_config(None)
    if config.author:
        out["author"] = config.author
    out["config"] = moby_config(config.config)
    if config.architecture:
        out["architecture"] = config.architecture
    if config.variant:
        out["variant"] = config.variant
    out["os"] = config.os or "linux"
    return out


def v1_id(v1: Mapping[str, Any], chain_id: str, parent: str) -> str:
    """image/v1.CreateID: sha256 of the V1 JSON (no id) with layer_id and parent, keys sorted."""
    data = {k: v for k, v in v1.items() if k not in ("id", "parent")}
    data["layer_id"] = chain_id
    if parent:
        data["parent"] = parent
    text = go_json(dict(sorted(data.items())))
    return sha256_hex(text.encode())


def manifest_blob(config_digest: str, config_size: int, layers: Sequence[tuple[str, int]]) -> bytes:
    return go_json(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": config_digest, "size": config_size},
            "layers": [{"mediaType": OCI_LAYER, "digest": d, "size": s} for d, s in layers],
        }
    ).encode()


def index_json(manifests: Sequence[Mapping[str, Any]]) -> bytes:
    return go_json(
        {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": list(manifests)}
    ).encode()


def epoch(text: str) -> int:
    if not text:
        return 0
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


# --- tar -----------------------------------------------------------------------------------------
def _header(name: str, size: int, mtime: int, is_dir: bool) -> bytes:
    prefix = ""
    if len(name.encode()) > 100:
        prefix, _, name = name.rpartition("/")
    flag, mode = (b"5", 0o755) if is_dir else (b"0", 0o644)
    return ustar_header(name, flag, mode, 0, 0, size, max(mtime, 0), "", prefix)


def write_tar(members: Iterable[TarMember]) -> bytes:
    out = bytearray()
    for member in members:
        name = member.name.rstrip("/") + ("/" if member.is_dir else "")
        data = b"" if member.is_dir else member.data
        out += _header(name, len(data), member.mtime, member.is_dir)
        out += data
        if len(data) % 512:
            out += bytes(512 - len(data) % 512)
    out += bytes(1024)
    return bytes(out)


def read_tar(data: bytes) -> dict[str, bytes]:
    """Every regular file of an archive by its cleaned name (`blobs/sha256/...`)."""
    import io
    import posixpath
    import tarfile

    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for info in tar.getmembers():
            if not info.isfile():
                continue
            handle = tar.extractfile(info)
            if handle is None:
                continue
            name = posixpath.normpath(info.name).lstrip("/")
            files[name.removeprefix("./")] = handle.read()
    return files


def loads(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def timestamp(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
