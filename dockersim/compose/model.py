"""The Compose project: services, networks and volumes after checking (compose-go's types).

`build_project(data, ...)` takes the interpolated file and returns a `Project`, or raises
`ComposeError` with compose-go's text (schema/schema.go, loader/validate.go).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import Any

import attrs

from dockersim.compose.schema import validate


class ComposeError(Exception):
    """An error `docker compose` prints as is on stderr before exiting 1."""


@attrs.frozen
class Dependency:
    service: str
    condition: str = "service_started"
    required: bool = True
    restart: bool = False


@attrs.frozen
class Mount:
    """`kind` is volume, bind or tmpfs; `source` is the project's volume key for a named
    volume, "" for an anonymous one."""

    kind: str
    source: str
    target: str
    read_only: bool = False


@attrs.frozen
class Build:
    context: str
    dockerfile: str = "Dockerfile"
    args: tuple[tuple[str, str], ...] = ()
    target: str = ""


@attrs.frozen
class Service:
    name: str
    image: str = ""
    build: Build | None = None
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    environment: tuple[tuple[str, str | None], ...] = ()
    env_files: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()
    expose: tuple[str, ...] = ()
    volumes: tuple[Mount, ...] = ()
    #: network key -> aliases, in the file's order
    networks: tuple[tuple[str, tuple[str, ...]], ...] = (("default", ()),)
    depends_on: tuple[Dependency, ...] = ()
    healthcheck: dict[str, Any] | None = attrs.field(default=None, eq=False)
    restart: str = ""
    replicas: int = 1
    profiles: tuple[str, ...] = ()
    container_name: str = ""
    hostname: str = ""
    user: str = ""
    working_dir: str = ""
    labels: tuple[tuple[str, str], ...] = ()
    #: the keys given that dockersim does not simulate
    unsupported: tuple[str, ...] = ()
    raw: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def image_name(self) -> str:
        """The image to run: `image`, or what Compose tags a build (`project-service`)."""
        return self.image


@attrs.frozen
class Resource:
    """A top-level network or volume: its key, its name at the daemon, external or not."""

    key: str
    name: str
    external: bool = False
    driver: str = ""
    labels: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Project:
    name: str
    working_dir: str
    config_files: tuple[str, ...]
    services: tuple[Service, ...]
    networks: tuple[Resource, ...]
    volumes: tuple[Resource, ...]
    #: services left out by their profiles
    disabled: tuple[Service, ...] = ()
    data: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def service(self, name: str) -> Service:
        for service in self.services:
            if service.name == name:
                return service
        raise ComposeError(f"no such service: {name}")

    def network(self, key: str) -> Resource:
        return next(n for n in self.networks if n.key == key)

    def volume(self, key: str) -> Resource:
        return next(v for v in self.volumes if v.key == key)


_SIMULATED = frozenset(
    [
        "image",
        "build",
        "command",
        "entrypoint",
        "environment",
        "env_file",
        "ports",
        "expose",
        "volumes",
        "networks",
        "depends_on",
        "healthcheck",
        "restart",
        "deploy",
        "profiles",
        "container_name",
        "hostname",
        "user",
        "working_dir",
        "labels",
        "scale",
    ]
)


def build_project(
    data: Any, name: str, working_dir: str, files: tuple[str, ...], profiles: tuple[str, ...]
) -> Project:
    if data is None:
        raise ComposeError("empty compose file")
    if not isinstance(data, dict):
        raise ComposeError("top-level object must be a mapping")
    try:
        validate(data)
    except Exception as exc:
        raise ComposeError(f"validating {files[0]}: {exc}") from None
    services_data = data.get("services") or {}
    volumes = tuple(_resource(name, k, v) for k, v in (data.get("volumes") or {}).items())
    declared = dict((data.get("networks") or {}).items())
    services = [_service(key, value or {}, working_dir) for key, value in services_data.items()]
    if any(n == "default" for s in services for n, _ in s.networks) and "default" not in declared:
        declared = {"default": None, **declared}
    networks = tuple(_resource(name, k, v) for k, v in declared.items())
    _check(services, networks, volumes)
    enabled = [s for s in services if not s.profiles or set(s.profiles) & set(profiles)]
    disabled = [s for s in services if s not in enabled]
    return Project(
        name, working_dir, files, tuple(enabled), networks, volumes, tuple(disabled), data
    )


def _resource(project: str, key: str, value: Any) -> Resource:
    config = value or {}
    external = bool(config.get("external"))
    default = key if external else f"{project}_{key}"
    labels = _pairs(config.get("labels"))
    return Resource(key, str(config.get("name") or default), external, config.get("driver", ""),
                    labels)  # fmt: skip


def _check(
    services: list[Service], networks: tuple[Resource, ...], volumes: tuple[Resource, ...]
) -> None:
    """loader/validate.go checkConsistency, in its order."""
    names = {s.name for s in services}
    network_keys = {n.key for n in networks}
    volume_keys = {v.key for v in volumes}
    for s in services:
        if not s.image and s.build is None:
            raise ComposeError(
                f'service "{s.name}" has neither an image nor a build context specified: '
                "invalid compose project"
            )
        for network, _ in s.networks:
            if network not in network_keys:
                raise ComposeError(
                    f'service "{s.name}" refers to undefined network {network}: '
                    "invalid compose project"
                )
        health = s.healthcheck or {}
        test = health.get("test")
        if isinstance(test, list) and test and test[0] not in ("CMD", "CMD-SHELL", "NONE"):
            raise ComposeError('healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"')
        for dep in s.depends_on:
            if dep.service not in names:
                raise ComposeError(
                    f'service "{s.name}" depends on undefined service "{dep.service}": '
                    "invalid compose project"
                )
        for mount in s.volumes:
            if mount.kind == "volume" and mount.source and mount.source not in volume_keys:
                raise ComposeError(
                    f'service "{s.name}" refers to undefined volume {mount.source}: '
                    "invalid compose project"
                )
        if s.replicas < 0:
            raise ComposeError(
                f"services.{s.name}.deploy.replicas: must be greater than or equal to 0"
            )
        if s.container_name and s.replicas > 1:
            raise ComposeError(
                f"services.{s.name}: can't set container_name and deploy.replicas as container "
                "name must be unique: invalid compose project"
            )


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, dict):
        return tuple((str(k), _scalar(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple((k, v) for k, _, v in (str(item).partition("=") for item in value))
    return ()


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _command(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))  # compose-go: shellwords.Parse
        except ValueError:
            raise ComposeError(f"invalid command line string: {value}") from None  # est.
    return tuple(str(v) for v in value)


def _service(name: str, raw: dict[str, Any], working_dir: str) -> Service:
    build = raw.get("build")
    build_spec: Build | None = None
    if isinstance(build, str):
        build_spec = Build(_abs(build, working_dir))
    elif isinstance(build, dict):
        build_spec = Build(
            _abs(str(build.get("context", ".")), working_dir),
            str(build.get("dockerfile") or "Dockerfile"),
            _pairs(build.get("args")),
            str(build.get("target") or ""),
        )
    env_raw = raw.get("environment")
    environment: list[tuple[str, str | None]] = []
    if isinstance(env_raw, dict):
        environment = [(str(k), None if v is None else _scalar(v)) for k, v in env_raw.items()]
    elif isinstance(env_raw, list):
        for item in env_raw:
            key, eq, value = str(item).partition("=")
            environment.append((key, value if eq else None))
    env_files = raw.get("env_file") or ()
    if isinstance(env_files, str):
        env_files = (env_files,)
    files = tuple(
        _abs(str(f["path"] if isinstance(f, dict) else f), working_dir) for f in env_files
    )
    deploy = raw.get("deploy") or {}
    replicas = deploy.get("replicas", raw.get("scale", 1))
    try:
        count = int(replicas)
    except (TypeError, ValueError):
        raise ComposeError(f"services.{name}.deploy.replicas must be an integer") from None  # est.
    return Service(
        name=name,
        image=str(raw.get("image") or ""),
        build=build_spec,
        command=_command(raw.get("command")),
        entrypoint=_command(raw.get("entrypoint")),
        environment=tuple(environment),
        env_files=files,
        ports=tuple(_port(p) for p in raw.get("ports") or ()),
        expose=tuple(str(p) for p in raw.get("expose") or ()),
        volumes=tuple(_mount(v, working_dir) for v in raw.get("volumes") or ()),
        networks=_networks(raw.get("networks")),
        depends_on=_depends(raw.get("depends_on")),
        healthcheck=raw.get("healthcheck"),
        restart=str(raw.get("restart") or ""),
        replicas=count,
        profiles=tuple(str(p) for p in raw.get("profiles") or ()),
        container_name=str(raw.get("container_name") or ""),
        hostname=str(raw.get("hostname") or ""),
        user=str(raw.get("user") or ""),
        working_dir=str(raw.get("working_dir") or ""),
        labels=_pairs(raw.get("labels")),
        unsupported=tuple(k for k in raw if k not in _SIMULATED and not k.startswith("x-")),
        raw=raw,
    )


def _abs(path: str, working_dir: str) -> str:
    if path.startswith("~"):
        return path
    return posixpath.normpath(posixpath.join(working_dir, path))


def _port(value: Any) -> str:
    if isinstance(value, dict):
        target = value.get("target")
        published = value.get("published")
        host_ip = value.get("host_ip")
        protocol = value.get("protocol") or "tcp"
        text = f"{target}/{protocol}"
        if published is not None:
            text = f"{published}:{text}"
        if host_ip:
            text = f"{host_ip}:{text}"
        return text
    return str(value)


_WINDOWS = re.compile(r"^[a-zA-Z]:")


def _mount(value: Any, working_dir: str) -> Mount:
    if isinstance(value, dict):
        kind = str(value.get("type", "volume"))
        source = str(value.get("source") or "")
        if kind == "bind":
            source = _abs(source, working_dir)
        return Mount(kind, source, str(value.get("target", "")), bool(value.get("read_only")))
    text = str(value)
    parts = text.split(":")
    if len(parts) == 1:
        return Mount("volume", "", parts[0])
    source, target = parts[0], parts[1]
    read_only = len(parts) > 2 and "ro" in parts[2].split(",")
    if source.startswith((".", "/", "~")):
        return Mount("bind", _abs(source, working_dir), target, read_only)
    return Mount("volume", source, target, read_only)


def _networks(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if value is None:
        return (("default", ()),)
    if isinstance(value, list):
        return tuple((str(n), ()) for n in value)
    out = []
    for key, config in value.items():
        aliases = (config or {}).get("aliases") or () if isinstance(config, dict) else ()
        out.append((str(key), tuple(str(a) for a in aliases)))
    return tuple(out)


def _depends(value: Any) -> tuple[Dependency, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(Dependency(str(d)) for d in value)
    out = []
    for key, config in value.items():
        config = config or {}
        out.append(
            Dependency(
                str(key),
                str(config.get("condition", "service_started")),
                bool(config.get("required", True)),
                bool(config.get("restart", False)),
            )
        )
    return tuple(out)


def dependency_order(project: Project) -> list[Service]:
    """Services with each after what it depends on (compose's InDependencyOrder; among
    independent services the file's order, # est.: Compose runs them concurrently)."""
    by_name = {s.name: s for s in project.services}
    done: list[Service] = []
    seen: set[str] = set()

    def visit(service: Service, stack: tuple[str, ...]) -> None:
        if service.name in seen:
            return
        if service.name in stack:
            raise ComposeError(f"dependency cycle detected: {' -> '.join((*stack, service.name))}")
        for dep in service.depends_on:
            target = by_name.get(dep.service)
            if target is not None:
                visit(target, (*stack, service.name))
        seen.add(service.name)
        done.append(service)

    for service in project.services:
        visit(service, ())
    return done
