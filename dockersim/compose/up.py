"""`docker compose up` and `create` (pkg/compose/create.go, convergence.go, pull.go).

Up pulls (or builds) the images it lacks, creates the project's networks and volumes, then
each service's containers in dependency order (`Creating`, `Created`; a container already
there is kept: `Running`), then starts them in the same order, waiting for
`service_healthy` and `service_completed_successfully` dependencies on the virtual clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from dockersim.compose import ops
from dockersim.compose.file import env_file_values
from dockersim.compose.model import ComposeError, Project, Service, dependency_order
from dockersim.docker.context import daemon_text
from dockersim.engine.containers import CreateRequest
from dockersim.errors import DockerError
from dockersim.model.container import RestartPolicy
from dockersim.model.image import Healthcheck

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.machine import Machine

CONFIG_HASH = "com.docker.compose.config-hash"
IMAGE = "com.docker.compose.image"

_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 10**9, "m": 60 * 10**9,
          "h": 3600 * 10**9}  # fmt: skip


def go_duration(text: str, field: str) -> int:
    """Go's time.ParseDuration in nanoseconds (`1m30s`, `500ms`)."""
    parts = re.findall(r"(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)", text)
    if not text or "".join(n + u for n, u in parts) != text:
        raise ComposeError(f'{field}: time: invalid duration "{text}"')  # est.
    return int(sum(float(n) * _UNITS[u] for n, u in parts))


def healthcheck_of(service: Service) -> Healthcheck | None:
    health = service.healthcheck
    if health is None:
        return None
    if health.get("disable") in (True, "true"):
        return Healthcheck(test=("NONE",))
    test = health.get("test")
    argv: tuple[str, ...] = ()
    if isinstance(test, str):
        argv = ("CMD-SHELL", test)
    elif isinstance(test, list):
        argv = tuple(str(t) for t in test)
    field = f"services.{service.name}.healthcheck"

    def duration(key: str) -> int:
        value = health.get(key)
        return go_duration(str(value), f"{field}.{key}") if value is not None else 0

    return Healthcheck(
        test=argv,
        interval=duration("interval"),
        timeout=duration("timeout"),
        start_period=duration("start_period"),
        start_interval=duration("start_interval"),
        retries=int(health.get("retries") or 0),
    )


def labels_of(project: Project, service: Service, number: int, image_id: str) -> dict[str, str]:
    """The labels Compose puts on a container (cmd/compose/compose.go, create.go)."""
    depends = ",".join(
        f"{d.service}:{d.condition}:{str(d.restart).lower()}" for d in service.depends_on
    )
    return {
        **dict(service.labels),
        CONFIG_HASH: _config_hash(service),
        ops.NUMBER: str(number),
        "com.docker.compose.depends_on": depends,
        IMAGE: image_id,
        ops.ONEOFF: "False",
        ops.PROJECT: project.name,
        "com.docker.compose.project.config_files": ",".join(project.config_files),
        "com.docker.compose.project.working_dir": project.working_dir,
        ops.SERVICE: service.name,
        "com.docker.compose.version": ops.VERSION,
    }


#: what hash.go ServiceHash leaves out: a change to these alone recreates nothing
_UNHASHED = ("build", "pull_policy", "scale", "depends_on", "profiles")


def _config_hash(service: Service) -> str:
    """A digest of the service's configuration (hash.go ServiceHash: the service without
    build, pull_policy, scale, deploy.replicas, depends_on and profiles; # est.: Compose
    hashes compose-go's canonical JSON, dockersim the file's form, so the value differs)."""
    import hashlib
    import json

    raw = {k: v for k, v in service.raw.items() if k not in _UNHASHED}
    deploy = raw.get("deploy")
    if isinstance(deploy, dict) and "replicas" in deploy:
        raw["deploy"] = {k: v for k, v in deploy.items() if k != "replicas"}
    text = json.dumps(raw, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def image_of(project: Project, service: Service) -> str:
    return service.image or f"{project.name}-{service.name}"


def request_for(
    machine: Machine, project: Project, service: Service, number: int, name: str,
    image_id: str,
) -> CreateRequest:  # fmt: skip
    from dockersim.docker.commands.run_opts import OptionError, parse_publish

    env: dict[str, str] = dict(env_file_values(machine, service.env_files))
    for key, value in service.environment:
        if value is None:
            found = machine.environ().get(key)
            if found is None:
                env.pop(key, None)
                continue
            value = found
        env[key] = value
    try:
        publish = tuple(b for spec in service.ports for b in parse_publish(spec))
    except OptionError as exc:
        raise ComposeError(exc.message) from None
    mounts = []
    for m in service.volumes:
        source = project.volume(m.source).name if m.kind == "volume" and m.source else m.source
        mounts.append((m.kind, source, m.target, m.read_only))
    networks = service.networks
    primary, aliases = networks[0] if networks else ("default", ())
    policy = service.restart or "no"
    restart_name, _, count = policy.partition(":")
    return CreateRequest(
        image=image_of(project, service),
        name=name,
        cmd=service.command,
        entrypoint=service.entrypoint,
        env=tuple(f"{k}={v}" for k, v in env.items()),
        working_dir=service.working_dir,
        user=service.user,
        hostname=service.hostname,
        labels=tuple(sorted(labels_of(project, service, number, image_id).items())),
        restart=RestartPolicy(restart_name, int(count) if count.isdigit() else 0),
        network=project.network(primary).name,
        aliases=(service.name, *aliases),
        publish=publish,
        mounts=tuple(mounts),
        healthcheck=healthcheck_of(service),
    )


def ensure_images(
    engine: Engine, project: Project, services: list[Service], event: ops.Events,
    build: bool, build_one: object,
) -> None:  # fmt: skip
    """Pull each missing `image:`; build a service with `build:` when its image is missing
    or `--build` was given (`build_one(service)` runs the build and reports it)."""
    for service in services:
        name = image_of(project, service)
        try:
            engine.image_get(name)
            present = True
        except DockerError:
            present = False
        if service.build is not None and (build or not present):
            assert callable(build_one)
            build_one(service)
            continue
        if present:
            continue
        ops.pull_one(engine, service.name, name, event)


def create(
    engine: Engine, machine: Machine, project: Project, services: list[Service],
    event: ops.Events, scale: dict[str, int], recreate: str = "diverged",
) -> None:  # fmt: skip
    """convergence.go ensureService for each service, in dependency order: scale down
    (highest numbers first), recreate what diverged (`recreate` is `diverged`, `force` or
    `never`), report what runs (`Running`), then create what is missing."""
    ops.ensure_networks(engine, project, event)
    ops.ensure_volumes(engine, project, event)
    wanted = {s.name for s in services}
    for service in dependency_order(project):
        if service.name not in wanted:
            continue
        expected = scale.get(service.name, service.replicas)
        existing = ops.containers_of(engine, project.name, service.name)
        image_id = engine.image_get(image_of(project, service)).id
        config_hash = _config_hash(service)

        def obsolete(c: Container, config_hash: str = config_hash, image: str = image_id) -> bool:
            if recreate != "diverged":
                return recreate == "force"
            labels = c.config.labels
            return labels.get(CONFIG_HASH) != config_hash or labels.get(IMAGE) != image

        # obsolete containers first, then the highest numbers: those go when scaling down
        existing.sort(key=lambda c: (not obsolete(c), -ops.number(c)), reverse=True)
        for c in existing[expected:]:
            ops.stop_containers(engine, [c], event)
            ops.remove_containers(engine, [c], event)
        for c in existing[:expected]:
            if obsolete(c):
                _recreate(engine, machine, project, service, c, image_id, event)
            else:
                _enforce_running(engine, c, event)
        number = max((ops.number(c) for c in existing), default=0)
        for _ in range(expected - len(existing)):
            number += 1
            name = service.container_name or f"{project.name}-{service.name}-{number}"
            event(f"Container {name}", "Creating")
            _create_one(engine, machine, project, service, number, name, image_id, event)
            event(f"Container {name}", "Created")


def _enforce_running(engine: Engine, c: Container, event: ops.Events) -> None:
    """convergence.go ensureService, "Enforce non-diverged containers are running": a
    running container is reported `Running`; a created, restarting or exited one is left to
    the start phase; any other (paused, dead) is started at once (startContainer: `Restart`,
    then `Restarted`), which the daemon refuses for a paused one."""
    status = c.state.status
    ident = f"Container {c.display_name}"
    if status == "running":
        event(ident, "Running")
    elif status not in ("created", "restarting", "exited"):
        event(ident, "Restart")
        try:
            engine.container_start(c.id)
        except DockerError as exc:
            raise ComposeError(daemon_text(exc)) from None
        event(ident, "Restarted")


def _create_one(
    engine: Engine, machine: Machine, project: Project, service: Service, number: int,
    name: str, image_id: str, event: ops.Events, replaces: str = "",
) -> Container:  # fmt: skip
    request = request_for(machine, project, service, number, name, image_id)
    if replaces:
        labels = (*request.labels, ("com.docker.compose.replace", replaces))
        request = attrs.evolve(request, labels=tuple(sorted(labels)))
    try:
        container = engine.container_create(request)
        for key, aliases in service.networks[1:]:
            engine.network_connect(
                project.network(key).name, container.id, [service.name, *aliases]
            )
    except DockerError as exc:
        event(f"Container {name}", daemon_text(exc), kind=ops.ERROR)
        raise ComposeError(daemon_text(exc)) from None
    return container


def _recreate(
    engine: Engine, machine: Machine, project: Project, service: Service, old: Container,
    image_id: str, event: ops.Events,
) -> None:  # fmt: skip
    """convergence.go recreateContainer: create the new one under a temporary name
    (`<old id[:12]>_<name>`), stop and remove the old one, rename the new one."""
    ident = f"Container {old.display_name}"
    event(ident, "Recreate")
    number = ops.number(old)
    name = service.container_name or f"{project.name}-{service.name}-{number}"
    created = _create_one(
        engine,
        machine,
        project,
        service,
        number,
        f"{old.id[:12]}_{name}",
        image_id,
        event,
        old.id,
    )
    if old.state.running:
        engine.container_stop(old.id)
    engine.container_remove(old.id)
    engine.container_rename(created.id, name)
    event(ident, "Recreated")


def orphans(engine: Engine, project: Project) -> list[Container]:
    """containers.go isOrphaned: the project's containers of services the file no longer
    has (profiles' services count as known), and one-off containers that have exited."""
    known = {s.name for s in (*project.services, *project.disabled)}
    found = [
        c for c in ops.containers_of(engine, project.name)
        if c.config.labels.get(ops.SERVICE) not in known
    ]  # fmt: skip
    found += [
        c for c in ops.containers_of(engine, project.name, oneoff=True)
        if c.state.status in ("exited", "dead")
    ]  # fmt: skip
    return found


def handle_orphans(
    engine: Engine, project: Project, event: ops.Events, remove: bool,
    warn: Callable[[str], None],
) -> None:  # fmt: skip
    """create.go: remove the orphans (`--remove-orphans`) or warn about them."""
    found = orphans(engine, project)
    if not found:
        return
    if remove:
        ops.stop_containers(engine, [c for c in found if c.state.running], event)
        ops.remove_containers(engine, found, event)
        return
    names = " ".join(c.display_name for c in found)
    warn(
        f"Found orphan containers ([{names}]) for this project. If you removed or renamed "
        "this service in your compose file, you can run this command with the "
        "--remove-orphans flag to clean it up."
    )


def start(engine: Engine, project: Project, services: list[Service], event: ops.Events) -> None:
    wanted = {s.name for s in services}
    for service in dependency_order(project):
        if service.name in wanted:
            ops.start_service(engine, project, service, event)


def with_dependencies(project: Project, names: list[str]) -> list[Service]:
    """The services named and what they depend on (all when none is named)."""
    if not names:
        return list(project.services)
    chosen: dict[str, Service] = {}

    def add(name: str) -> None:
        service = project.service(name)
        if name in chosen:
            return
        chosen[name] = service
        for dep in service.depends_on:
            add(dep.service)

    for name in names:
        add(name)
    return list(chosen.values())
