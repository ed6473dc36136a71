"""What the Compose commands do to the engine, with the progress events Compose writes.

Compose writes its progress on stderr; in a pipe (not a terminal) it is the plain writer
(pkg/progress/plain.go): one line per event, `fmt.Fprintln("", ID, Text, StatusText)`,
so ` Container app-web-1  Started` (the empty Text leaves two spaces). Event IDs are
`Network NAME`, `Volume "NAME"` when created, `Volume NAME` when removed, `Container NAME`
(pkg/compose/create.go, down.go, convergence.go). The writers, plain and terminal, are in
`progress`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.compose.model import ComposeError, Dependency, Project, Service, dependency_order
from dockersim.compose.progress import ERROR as ERROR
from dockersim.compose.progress import Events as Events
from dockersim.docker.context import daemon_text
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.distribution import PullResult
    from dockersim.model.container import Container

VERSION = "2.37.1"  # docker/compose v2.37.1, 12 June 2025
PROJECT = "com.docker.compose.project"
SERVICE = "com.docker.compose.service"
NUMBER = "com.docker.compose.container-number"
ONEOFF = "com.docker.compose.oneoff"
#: the virtual time Compose's dependency ticker waits between two looks (convergence.go)
TICK = 0.5
#: how long `up` waits for a dependency's condition before dockersim gives up (# est.:
#: Compose waits without end unless --wait-timeout)
WAIT_LIMIT = 3600.0


def containers_of(
    engine: Engine, project: str, service: str = "", oneoff: bool = False
) -> list[Container]:
    """The project's containers (all states), by service then number."""
    found = []
    for c in engine.container_list():
        labels = c.config.labels
        if labels.get(PROJECT) != project or (service and labels.get(SERVICE) != service):
            continue
        if (labels.get(ONEOFF) == "True") != oneoff:
            continue
        found.append(c)
    return sorted(found, key=lambda c: (c.config.labels.get(SERVICE, ""), number(c)))


def number(c: Container) -> int:
    """The container's number in its service (com.docker.compose.container-number)."""
    text = c.config.labels.get(NUMBER, "0")
    return int(text) if text.isdigit() else 0


def ensure_networks(engine: Engine, project: Project, event: Events) -> None:
    used = {key for s in project.services for key, _ in s.networks}
    for network in project.networks:
        if network.key not in used:
            continue
        exists = any(n.name == network.name for n in engine.visible_networks().values())
        if network.external:
            if not exists:
                raise ComposeError(
                    f"network {network.name} declared as external, but could not be found"
                )
            continue
        if exists:
            continue
        event(f"Network {network.name}", "Creating")
        labels = {
            "com.docker.compose.network": network.key, PROJECT: project.name,
            "com.docker.compose.version": VERSION, **dict(network.labels),
        }  # fmt: skip
        try:
            engine.network_create(network.name, driver=network.driver or "bridge", labels=labels)
        except DockerError as exc:
            event(f"Network {network.name}", "Error")
            raise ComposeError(str(exc)) from None
        event(f"Network {network.name}", "Created")


def ensure_volumes(engine: Engine, project: Project, event: Events) -> None:
    names = {v.name for v in engine.volume_list()}
    for volume in project.volumes:
        if volume.external:
            if volume.name not in names:
                raise ComposeError(f'external volume "{volume.name}" not found')
            continue
        if volume.name in names:
            continue
        ident = f'Volume "{volume.name}"'
        event(ident, "Creating")
        labels = {
            "com.docker.compose.volume": volume.key, PROJECT: project.name,
            "com.docker.compose.version": VERSION, **dict(volume.labels),
        }  # fmt: skip
        engine.volume_create(volume.name, labels=labels)
        event(ident, "Created")


def wait_dependencies(engine: Engine, project: Project, service: Service, event: Events) -> None:
    """convergence.go waitDependencies: `service_healthy` and
    `service_completed_successfully` dependencies, looked at every half second of virtual
    time (`service_started` is covered by the order of starting). A dependency with
    `required: false` that fails is skipped: its containers get `Skipped: optional
    dependency ...` and Compose logs a warning, then the service starts anyway."""
    for dep in service.depends_on:
        if dep.condition == "service_started":
            continue
        try:
            target = project.service(dep.service)
        except ComposeError:
            continue
        if target.replicas == 0:
            continue
        waiting = containers_of(engine, project.name, dep.service)
        for c in waiting:
            event(f"Container {c.display_name}", "Waiting")
        if not waiting:
            if dep.required:
                raise ComposeError(f"{service.name} is missing dependency {dep.service}")
            event.warn(f"{service.name} is missing dependency {dep.service}")
            continue
        deadline = engine.now + WAIT_LIMIT
        while True:
            engine.settle(engine.now + TICK)
            try:
                done = _condition_met(engine, dep, waiting, event)
            except _Optional as skipped:
                names = [f"Container {c.display_name}" for c in waiting]
                _all(event, names, f"Skipped: optional dependency {skipped.reason}")
                event.warn(f"optional dependency {skipped.reason}{skipped.detail}")
                break
            if done:
                break
            if engine.now >= deadline:
                raise ComposeError(
                    f"dockersim: gave up waiting {int(WAIT_LIMIT)}s of virtual time for "
                    f"{dep.service} ({dep.condition})"
                )


class _Optional(Exception):
    """An optional dependency failed: `reason` for its containers' lines, `detail` added
    to the warning."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _unhealthy(c: Container) -> str:
    """isServiceHealthy's error for a container, or "" while it may still become healthy."""
    if c.state.status == "exited":
        return f"container {c.display_name} exited ({c.state.exit_code})"
    health = c.state.health
    if health is None:
        return f"container {c.display_name} has no healthcheck configured"
    if health.status == "unhealthy":
        return f"container {c.display_name} is unhealthy"
    return ""


def _condition_met(
    engine: Engine, dep: Dependency, waiting: list[Container], event: Events
) -> bool:
    condition, required = dep.condition, dep.required
    names = [f"Container {c.display_name}" for c in waiting]
    if condition == "service_healthy":
        for c in waiting:
            c = engine.container_inspect(c.id)
            problem = _unhealthy(c)
            if problem and not required:
                raise _Optional(f'"{dep.service}" failed to start', f": {problem}")
            if problem:
                _all(event, names, "Error")
                raise ComposeError(f"dependency failed to start: {problem}")
            health = c.state.health
            if health is None or health.status != "healthy":
                return False
        _all(event, names, "Healthy")
        return True
    if condition == "service_completed_successfully":
        for c in waiting:
            c = engine.container_inspect(c.id)
            if c.state.status == "exited":
                code = c.state.exit_code
                if code == 0:
                    _all(event, names, "Exited")
                    return True
                suffix = f'"{dep.service}" didn\'t complete successfully: exit {code}'
                if not required:
                    raise _Optional(suffix)
                message = f"service {suffix}"
                for name in names:
                    event(name, message, kind=ERROR)
                raise ComposeError(message)
        return False
    raise ComposeError(f"dockersim: not simulated in compose: depends_on condition {condition}")


def _all(event: Events, names: list[str], status: str) -> None:
    for name in names:
        event(name, status)


def start_service(engine: Engine, project: Project, service: Service, event: Events) -> None:
    """convergence.go startService: wait for dependencies, then start what is not running."""
    if service.replicas == 0:
        return
    wait_dependencies(engine, project, service, event)
    for c in containers_of(engine, project.name, service.name):
        if c.state.running:
            continue
        event(f"Container {c.display_name}", "Starting")
        try:
            engine.container_start(c.id)
        except DockerError as exc:
            raise ComposeError(daemon_text(exc)) from None
        event(f"Container {c.display_name}", "Started")


def stop_containers(
    engine: Engine, containers: list[Container], event: Events, timeout: int | None = None
) -> None:
    for c in containers:
        name = f"Container {c.display_name}"
        event(name, "Stopping")
        if c.state.running:
            engine.container_stop(c.id, timeout=timeout)
        event(name, "Stopped")


def remove_containers(
    engine: Engine, containers: list[Container], event: Events, volumes: bool = False
) -> None:
    for c in containers:
        name = f"Container {c.display_name}"
        event(name, "Removing")
        engine.container_remove(c.id, force=True, volumes=volumes)
        event(name, "Removed")


def down(
    engine: Engine,
    project: Project,
    event: Events,
    warn: Callable[[str], None],
    volumes: bool = False,
    rmi: str = "",
    timeout: int | None = None,
) -> None:
    """pkg/compose/down.go: containers in reverse dependency order (each stopped, then
    removed), then networks, images (`--rmi`) and volumes (`-v`)."""
    found = bool(containers_of(engine, project.name))
    for service in reversed(dependency_order(project)):
        containers = containers_of(engine, project.name, service.name)
        stop_containers(engine, containers, event, timeout)
        remove_containers(engine, containers, event, volumes)
    ops = False
    networks = {n.name: n for n in engine.visible_networks().values()}
    for network in project.networks:
        found_net = networks.get(network.name)
        if network.external or found_net is None:
            continue
        if found_net.labels.get(PROJECT) != project.name:
            continue
        ops = True
        _remove(event, f"Network {network.name}", engine.network_remove, network.name)
    if rmi:
        for image in _images_to_remove(engine, project, rmi):
            ops = True
            _remove(event, f"Image {image}", engine.image_delete, image)
    if volumes:
        existing = {v.name for v in engine.volume_list()}
        for volume in project.volumes:
            if volume.external or volume.name not in existing:
                continue
            ops = True
            _remove(event, f"Volume {volume.name}", engine.volume_remove, volume.name)
    if not found and not ops:
        warn(f'Warning: No resource found to remove for project "{project.name}".')


def _remove(event: Events, ident: str, remove: Callable[[str], object], name: str) -> None:
    """One resource `down` removes, with its progress lines; one still in use is left."""
    event(ident, "Removing")
    try:
        remove(name)
    except DockerError:
        event(ident, "Resource is still in use")
        return
    event(ident, "Removed")


def _images_to_remove(engine: Engine, project: Project, mode: str) -> list[str]:
    """image_pruner.go: `local` removes the images Compose built (no `image:` given), `all`
    every service's image."""
    out: list[str] = []
    for service in project.services:
        if mode == "local" and service.image:
            continue
        name = service.image or f"{project.name}-{service.name}"
        try:
            engine.image_get(name)
        except DockerError:
            continue
        if name not in out:
            out.append(name)
    return out


def pull_events(service: str, result: PullResult, event: Events) -> None:
    """pull.go toPullProgressEvent: a line per layer message (the ones with a layer ID and
    a progress detail), `ID Status ProgressText` (# est.: the daemon's `Downloading` and
    `Extracting` messages with their bars are not modelled, so neither are their lines)."""
    for message in result.messages:
        if message.id and not message.status.startswith("Pulling from"):
            event(message.id, "", message.status, parent=service)


def pull_one(engine: Engine, service: str, image: str, event: Events) -> None:
    """pullServiceImage: `Pulling`, the layers' lines, `Pulled` (or `Error`)."""
    from dockersim.model.reference import InvalidReference, parse_reference

    event(service, "", "Pulling")
    try:
        result = engine.image_pull(parse_reference(image).with_default_tag())
    except (DockerError, InvalidReference) as exc:
        text = daemon_text(exc) if isinstance(exc, DockerError) else str(exc)
        event(service, text, "Error", ERROR)
        raise ComposeError(text) from None
    pull_events(service, result, event)
    if result.error:
        event(service, result.error, "Error", ERROR)
        raise ComposeError(result.error)
    event(service, "", "Pulled")
