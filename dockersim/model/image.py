"""Image configs: the JSON document whose sha256 is the image ID (image-spec `config.md`).

`ImageConfig.to_bytes()` is the one canonical serialisation: top-level keys sorted (as moby's
`Image.MarshalJSON` leaves them), nested objects in the Go struct order, no spaces, `<`, `>`
and `&` escaped as Go's encoding/json does. The image ID is the sha256 of exactly those bytes,
so the same content always gives the same ID.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from dockersim.model.digest import Digest, chain_ids, sha256_of

JSONDict = dict[str, Any]


def _opt_tuple(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _opt_pairs(value: Mapping[str, str] | None) -> tuple[tuple[str, str], ...] | None:
    return None if value is None else tuple(sorted(value.items()))


@attrs.frozen
class Healthcheck:
    test: tuple[str, ...]
    interval: int = 0
    timeout: int = 0
    start_period: int = 0
    start_interval: int = 0
    retries: int = 0

    def to_json(self) -> JSONDict:
        out: JSONDict = {"Test": list(self.test)}
        for key, value in (
            ("Interval", self.interval),
            ("Timeout", self.timeout),
            ("StartPeriod", self.start_period),
            ("StartInterval", self.start_interval),
            ("Retries", self.retries),
        ):
            if value:
                out[key] = value
        return out


@attrs.frozen
class ContainerConfig:
    """The `config` object of an image (what `docker image inspect` shows under `.Config`)."""

    user: str = ""
    exposed_ports: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)
    env: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)
    entrypoint: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)
    cmd: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)
    volumes: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)
    working_dir: str = ""
    labels: tuple[tuple[str, str], ...] | None = attrs.field(default=None, converter=_opt_pairs)
    stop_signal: str = ""
    args_escaped: bool = False
    healthcheck: Healthcheck | None = None
    on_build: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)
    shell: tuple[str, ...] | None = attrs.field(default=None, converter=_opt_tuple)

    @property
    def labels_dict(self) -> dict[str, str]:
        return dict(self.labels or ())

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ContainerConfig:
        """Read the Docker/OCI JSON form (`{"Env": [...], "ExposedPorts": {"80/tcp": {}}, ...}`)."""
        if not data:
            return cls()
        health = data.get("Healthcheck")
        return cls(
            user=data.get("User") or "",
            exposed_ports=sorted(data["ExposedPorts"]) if data.get("ExposedPorts") else None,
            env=data.get("Env"),
            entrypoint=data.get("Entrypoint"),
            cmd=data.get("Cmd"),
            volumes=sorted(data["Volumes"]) if data.get("Volumes") else None,
            working_dir=data.get("WorkingDir") or "",
            labels=data.get("Labels"),
            stop_signal=data.get("StopSignal") or "",
            args_escaped=bool(data.get("ArgsEscaped")),
            healthcheck=Healthcheck(
                test=tuple(health.get("Test") or ()),
                interval=health.get("Interval", 0),
                timeout=health.get("Timeout", 0),
                start_period=health.get("StartPeriod", 0),
                start_interval=health.get("StartInterval", 0),
                retries=health.get("Retries", 0),
            )
            if health
            else None,
            on_build=data.get("OnBuild"),
            shell=data.get("Shell"),
        )

    def to_json(self) -> JSONDict:
        """The OCI `ImageConfig` struct order with Docker's extensions, empty fields omitted."""
        out: JSONDict = {}
        if self.user:
            out["User"] = self.user
        if self.exposed_ports:
            out["ExposedPorts"] = {p: {} for p in self.exposed_ports}
        if self.env is not None:
            out["Env"] = list(self.env)
        if self.entrypoint is not None:
            out["Entrypoint"] = list(self.entrypoint)
        if self.cmd is not None:
            out["Cmd"] = list(self.cmd)
        if self.volumes:
            out["Volumes"] = {v: {} for v in self.volumes}
        if self.working_dir:
            out["WorkingDir"] = self.working_dir
        if self.labels:
            out["Labels"] = dict(self.labels)
        if self.stop_signal:
            out["StopSignal"] = self.stop_signal
        if self.args_escaped:
            out["ArgsEscaped"] = True
        if self.healthcheck is not None:
            out["Healthcheck"] = self.healthcheck.to_json()
        if self.on_build is not None:
            out["OnBuild"] = list(self.on_build)
        if self.shell is not None:
            out["Shell"] = list(self.shell)
        return out


@attrs.frozen
class HistoryEntry:
    created: str
    created_by: str = ""
    comment: str = ""
    author: str = ""
    empty_layer: bool = False

    def to_json(self) -> JSONDict:
        out: JSONDict = {"created": self.created}
        if self.author:
            out["author"] = self.author
        if self.created_by:
            out["created_by"] = self.created_by
        if self.comment:
            out["comment"] = self.comment
        if self.empty_layer:
            out["empty_layer"] = True
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HistoryEntry:
        return cls(
            created=data.get("created", ""),
            created_by=data.get("created_by", ""),
            comment=data.get("comment", ""),
            author=data.get("author", ""),
            empty_layer=bool(data.get("empty_layer", False)),
        )


@attrs.frozen
class Platform:
    os: str = "linux"
    architecture: str = "amd64"
    variant: str = ""

    def __str__(self) -> str:
        base = f"{self.os}/{self.architecture}"
        return f"{base}/{self.variant}" if self.variant else base

    @property
    def normalized(self) -> str:
        """containerd's FormatAll(Normalize(p)): arm64's default variant v8 is dropped."""
        if self.architecture == "arm64" and self.variant == "v8":
            return f"{self.os}/{self.architecture}"
        return str(self)

    @classmethod
    def parse(cls, text: str) -> Platform:
        """`linux/arm64/v8`, `linux/amd64`, `arm64` (os defaults to linux)."""
        parts = text.lower().split("/")
        if len(parts) == 1:
            parts = ["linux", *parts]
        os_, arch = parts[0], parts[1]
        arch = {"x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64"}.get(arch, arch)
        variant = parts[2] if len(parts) > 2 else ""
        if arch == "arm64" and variant == "":
            variant = "v8"
        return cls(os_, arch, variant)


@attrs.frozen
class ImageConfig:
    """The whole config document; `id` is the image ID."""

    architecture: str
    os: str
    created: str
    config: ContainerConfig
    diff_ids: tuple[Digest, ...]
    history: tuple[HistoryEntry, ...]
    variant: str = ""
    author: str = ""

    @property
    def platform(self) -> Platform:
        return Platform(self.os, self.architecture, self.variant)

    def to_json(self) -> JSONDict:
        out: JSONDict = {"architecture": self.architecture}
        if self.author:
            out["author"] = self.author
        out["config"] = self.config.to_json()
        if self.created:
            out["created"] = self.created
        out["history"] = [h.to_json() for h in self.history]
        out["os"] = self.os
        out["rootfs"] = {"type": "layers", "diff_ids": [str(d) for d in self.diff_ids]}
        if self.variant:
            out["variant"] = self.variant
        return out

    def to_bytes(self) -> bytes:
        return go_json(self.to_json()).encode()

    @property
    def id(self) -> Digest:
        return sha256_of(self.to_bytes())

    @property
    def chain_ids(self) -> list[Digest]:
        return chain_ids(self.diff_ids)


def go_json(value: Any) -> str:
    """Compact JSON as Go's encoding/json writes it (HTML characters escaped, UTF-8 kept)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
