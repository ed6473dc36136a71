"""`docker stack deploy/ls/services/ps/rm` (docker/cli cli/command/stack, cli/compose/convert).

A stack is the CLI's idea: services and networks named `<stack>_<key>` and labelled
`com.docker.stack.namespace=<stack>`; the daemon only sees services and networks. The Compose
file is read with dockersim's Compose loader (dockersim/compose/file.py) under the stack's
name, so `.env` interpolation and the file's checks are Compose's (# est.: the CLI has its
own loader). The CLI walks Go maps for networks and services (a random order); they are
created here in sorted order (# est.).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from dockersim.docker.commands.tasks import TasksOptions
from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.compose.model import Project
    from dockersim.compose.model import Service as ComposeService
    from dockersim.model.service import PortConfig, Service

NAMESPACE = "com.docker.stack.namespace"
IMAGE_LABEL = "com.docker.stack.image"
#: cli/compose/types UnsupportedProperties: ignored with a warning
IGNORED = (
    "build", "cgroupns_mode", "cgroup_parent", "devices", "domainname", "external_links", "ipc",
    "links", "mac_address", "network_mode", "pid", "privileged", "restart", "security_opt",
    "shm_size", "userns_mode",
)  # fmt: skip
#: cli/compose/types DeprecatedProperties
DEPRECATED = {
    "container_name": "Setting the container name is not supported.",
    "expose": "Exposing ports is unnecessary - services on the same network can access each "
    "other's containers on any port.",
}
#: the service keys dockersim turns into a service spec
SIMULATED = {"image", "command", "environment", "ports", "networks", "deploy"}
DEPLOY_KEYS = {"mode", "replicas", "placement", "update_config", "endpoint_mode"}


def _manager(ctx: Context) -> None:
    try:
        ctx.engine.node_list()
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None


def _stack_services(ctx: Context, name: str) -> list[Service]:
    return [s for s in ctx.engine.service_list() if dict(s.labels).get(NAMESPACE) == name]


def _stack_networks(ctx: Context, name: str) -> list[Any]:
    return sorted(
        (n for n in ctx.engine.cluster_overlays().values() if n.labels.get(NAMESPACE) == name),
        key=lambda n: n.name,
    )


# --- deploy ---------------------------------------------------------------------------------
@attrs.frozen
class DeployOptions(Options):
    compose_file: list[str]
    detach: bool
    quiet: bool
    prune: bool
    resolve_image: str
    with_registry_auth: bool


def run_deploy(ctx: Context, opts: DeployOptions) -> None:
    from dockersim.compose.file import Options as ComposeOptions
    from dockersim.compose.file import load_project
    from dockersim.compose.model import ComposeError

    (name,) = opts.args
    if opts.resolve_image not in ("always", "changed", "never"):
        raise ctx.fail(f"invalid option {opts.resolve_image} for flag --resolve-image")
    for flag in ("prune", "with-registry-auth"):
        if opts.given(flag):
            raise ctx.fail(f"dockersim: not simulated in stack deploy: option --{flag}")
    if opts.given("detach") and not opts.detach:
        raise ctx.fail("dockersim: not simulated in stack deploy: option --detach=false")
    if opts.detach and not opts.given("detach"):
        ctx.err(
            "Since --detach=false was not specified, tasks will be created in the background.\n"
            "In a future release, --detach=false will become the default.\n"
        )
    if not opts.compose_file:
        raise ctx.fail("specify a Compose file (with --compose-file)")
    ctx.read_only = False
    try:
        project = load_project(
            ctx.machine,
            ComposeOptions(files=tuple(opts.compose_file), project_name=name),
            ctx.env,
            lambda text: ctx.err(f"{text}\n"),
        )
    except ComposeError as exc:
        raise ctx.fail(str(exc)) from None
    services = sorted([*project.services, *project.disabled], key=lambda s: s.name)
    _warn_properties(ctx, services)
    for service in services:
        if not service.image:
            raise ctx.fail(
                f"invalid image reference for service {service.name}: no image specified"
            )
        lacking = sorted(set(service.raw) - SIMULATED - set(IGNORED) - set(DEPRECATED))
        lacking += sorted(f"deploy.{k}" for k in set(service.raw.get("deploy") or {}) - DEPLOY_KEYS)
        if lacking:
            raise ctx.fail(
                f"dockersim: not simulated in stack deploy: services.{service.name}.{lacking[0]}"
            )
    _manager(ctx)
    _create_networks(ctx, name, project, services)
    existing = {s.name: s for s in _stack_services(ctx, name)}
    try:
        for service in services:
            _deploy_service(ctx, name, project, service, existing.get(f"{name}_{service.name}"))
    except ComposeError as exc:
        raise ctx.fail(str(exc)) from None


def _warn_properties(ctx: Context, services: list[ComposeService]) -> None:
    """stack/loader.go: unsupported keys, then deprecated ones, on stderr."""
    ignored = sorted({k for s in services for k in s.raw if k in IGNORED})
    if ignored:
        ctx.err(f"Ignoring unsupported options: {', '.join(ignored)}\n\n")
    deprecated = sorted(
        {f"{k}: {DEPRECATED[k]}" for s in services for k in s.raw if k in DEPRECATED}
    )
    if deprecated:
        ctx.err("Ignoring deprecated options:\n\n" + "\n\n".join(deprecated) + "\n\n")


def _create_networks(
    ctx: Context, name: str, project: Project, services: list[ComposeService]
) -> None:
    """deploy_composefile.go createNetworks: the networks the services use, `overlay` unless
    the file says otherwise; external ones must exist with swarm scope."""
    used = {key for s in services for key, _ in s.networks}
    have = {n.name for n in _stack_networks(ctx, name)}
    for resource in sorted(project.networks, key=lambda r: r.name):
        if resource.key not in used:
            continue
        if resource.external:
            found = next(
                (n for n in ctx.engine.visible_networks().values() if n.name == resource.name),
                None,
            )
            if found is None:
                raise ctx.fail(
                    f'network "{resource.name}" is declared as external, but could not be found. '
                    "You need to create a swarm-scoped network before the stack is deployed"
                )
            if found.scope != "swarm":
                raise ctx.fail(
                    f'network "{resource.name}" is declared as external, but it is not in the '
                    f'right scope: "{found.scope}" instead of "swarm"'
                )
            continue
        if resource.name in have:
            continue
        ctx.line(f"Creating network {resource.name}")
        labels = {**dict(resource.labels), NAMESPACE: name}
        config = (project.data.get("networks") or {}).get(resource.key) or {}
        try:
            ctx.engine.network_create(
                resource.name,
                driver=resource.driver or "overlay",
                labels=labels,
                attachable=bool(config.get("attachable")),
            )
        except DockerError as exc:
            raise ctx.fail(
                f"failed to create network {resource.name}: {daemon_text(exc)}"
            ) from None


def _ports(ctx: Context, service: ComposeService) -> tuple[PortConfig, ...]:
    from dockersim.model.service import PortConfig

    out: list[PortConfig] = []
    for item in service.raw.get("ports") or ():
        if isinstance(item, dict):
            out.append(
                PortConfig(
                    int(item.get("published") or 0),
                    int(item["target"]),
                    str(item.get("protocol") or "tcp"),
                    str(item.get("mode") or "ingress"),
                )
            )
            continue
        spec, _, protocol = str(item).partition("/")
        published, _, target = spec.rpartition(":")
        if not target.isdigit() or (published and not published.isdigit()):
            raise ctx.fail(f"dockersim: not simulated in stack deploy: ports {item}")
        out.append(PortConfig(int(published or 0), int(target), protocol or "tcp"))
    return tuple(out)


def _spec(ctx: Context, stack: str, project: Project, service: ComposeService) -> dict[str, Any]:
    from dockersim.compose.up import go_duration

    deploy = service.raw.get("deploy") or {}
    update = deploy.get("update_config") or {}
    networks = []
    for key, _aliases in service.networks:
        resource = next((r for r in project.networks if r.key == key), None)
        networks.append(resource.name if resource is not None else f"{stack}_{key}")
    env = []
    for key, value in service.environment:
        if value is None:
            value = ctx.env.get(key)
        if value is not None:
            env.append(f"{key}={value}")
    mode = str(deploy.get("mode") or "replicated")
    if mode not in ("replicated", "global"):
        raise ctx.fail(f"dockersim: not simulated in stack deploy: deploy.mode {mode}")
    placement = deploy.get("placement") or {}
    return {
        "image": service.image,
        "mode": mode,
        "replicas": service.replicas,
        "args": service.command or (),
        "env": tuple(env),
        "networks": tuple(networks),
        "ports": _ports(ctx, service),
        "constraints": tuple(str(c) for c in placement.get("constraints") or ()),
        "endpoint_mode": str(deploy.get("endpoint_mode") or "vip"),
        "update": (
            int(update.get("parallelism", 1)),
            go_duration(str(update.get("delay", "0s")), "delay") / 1e9,
            str(update.get("order") or "stop-first"),
        ),
    }


def _deploy_service(
    ctx: Context, stack: str, project: Project, service: ComposeService, old: Service | None
) -> None:
    from dockersim.engine.service_update import ServiceChange

    spec = _spec(ctx, stack, project, service)
    name = f"{stack}_{service.name}"
    try:
        if old is None:
            ctx.line(f"Creating service {name}")
            ctx.engine.service_create(
                spec.pop("image"),
                name=name,
                labels=((IMAGE_LABEL, service.image), (NAMESPACE, stack)),
                **spec,
            )
            return
        ctx.line(f"Updating service {name} (id: {old.id})")
        parallelism, delay, order = spec["update"]
        old_env = {e.partition("=")[0] for e in old.env}
        change = ServiceChange(
            image=spec["image"],
            replicas=spec["replicas"] if old.mode == "replicated" else None,
            args=tuple(spec["args"]),
            env_rm=tuple(sorted(old_env)),
            env_add=spec["env"],
            publish_rm=tuple(p.target for p in old.ports),
            publish_add=spec["ports"],
            constraint_rm=old.constraints,
            constraint_add=spec["constraints"],
            parallelism=parallelism,
            delay=delay,
            order=order,
        )
        _service, warnings = ctx.engine.service_update(old.id, change)
    except DockerError as exc:
        verb = "create" if old is None else "update"
        raise ctx.fail(f"failed to {verb} service {name}: {daemon_text(exc)}") from None
    for warning in warnings:
        ctx.err(f"{warning}\n")


# --- ls, services, ps, rm -------------------------------------------------------------------
@attrs.frozen
class LsOptions(Options):
    format: str


def run_ls(ctx: Context, opts: LsOptions) -> None:
    """list.go: each namespace with its number of services, by name (NaturalLess)."""
    from dockersim.docker.commands.tasks import natural_key
    from dockersim.docker.render.formatter import FormatError, format_rows

    _manager(ctx)
    counts: dict[str, int] = {}
    for service in ctx.engine.service_list():
        namespace = dict(service.labels).get(NAMESPACE)
        if namespace is not None:
            counts[namespace] = counts.get(namespace, 0) + 1
    rows = [{"Name": n, "Services": str(counts[n])} for n in sorted(counts, key=natural_key)]
    try:
        ctx.out(
            format_rows(
                opts.format,
                rows,
                {"Name": "NAME", "Services": "SERVICES"},
                "table {{.Name}}\t{{.Services}}",
            )
        )
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


@attrs.frozen
class ServicesOptions(Options):
    quiet: bool
    format: str
    filter: list[str]


def run_services(ctx: Context, opts: ServicesOptions) -> None:
    from dockersim.docker.commands.service import print_services

    if opts.filter:
        raise ctx.fail("dockersim: not simulated in stack services: --filter")
    _manager(ctx)
    (name,) = opts.args
    services = _stack_services(ctx, name)
    if not services:
        ctx.err(f"Nothing found in stack: {name}\n")
        return
    print_services(ctx, services, opts.quiet, opts.format)


def run_ps(ctx: Context, opts: TasksOptions) -> None:
    from dockersim.docker.commands.tasks import print_tasks

    if opts.filter:
        raise ctx.fail("dockersim: not simulated in stack ps: --filter")
    _manager(ctx)
    (name,) = opts.args
    items = [
        (task, service)
        for service in _stack_services(ctx, name)
        for task in ctx.engine.service_tasks(service.id)
    ]
    if not items:
        raise ctx.fail(f"nothing found in stack: {name}")
    print_tasks(ctx, items, opts)


@attrs.frozen
class RmOptions(Options):
    detach: bool


def run_rm(ctx: Context, opts: RmOptions) -> None:
    """remove.go: services by name, then networks; `Nothing found in stack` is not an
    error."""
    _manager(ctx)
    if opts.given("detach") and not opts.detach:
        raise ctx.fail("dockersim: not simulated in stack rm: option --detach=false")
    failures: list[str] = []
    for name in opts.args:
        services = sorted(_stack_services(ctx, name), key=lambda s: s.name)
        networks = _stack_networks(ctx, name)
        if not services and not networks:
            ctx.err(f"Nothing found in stack: {name}\n")
            continue
        failed = False
        for service in services:
            ctx.line(f"Removing service {service.name}")
            try:
                ctx.engine.service_remove(service.id)
            except DockerError as exc:
                failed = True
                ctx.err(f"Failed to remove service {service.id}: {daemon_text(exc)}")
        for network in networks:
            ctx.line(f"Removing network {network.name}")
            try:
                ctx.engine.network_remove(network.id)
            except DockerError as exc:
                failed = True
                ctx.err(f"Failed to remove network {network.id}: {daemon_text(exc)}")
        if failed:
            failures.append(f"failed to remove some resources from stack: {name}")
    if failures:
        raise ctx.fail("\n".join(failures))
