"""Every daemon sentence the engine can raise, each with its errdefs kind and its moby source.

The docker front end adds the client's prefix and picks the exit status; nothing here
knows about either (STYLE.md items 4 and 5).
"""

from __future__ import annotations

from dockersim.errors import (
    Conflict,
    DockerError,
    Forbidden,
    InvalidParameter,
    NotFound,
    System,
    Unauthorized,
)
from dockersim.model.digest import truncate_id


# --- images: daemon/images/image.go, daemon/images/image_delete.go ---------------------------
def no_such_image(ref: str) -> NotFound:
    """`ErrImageDoesNotExist` (moby daemon/images/image.go): the familiar reference as resolved."""
    return NotFound(f"No such image: {ref}")


def image_conflict_running(image_id: str, container_id: str) -> Conflict:
    image, container = truncate_id(image_id), truncate_id(container_id)
    return Conflict(
        f"conflict: unable to delete {image} (cannot be forced) - image is being used by "
        f"running container {container}"
    )


def image_conflict_stopped(image_id: str, container_id: str) -> Conflict:
    image, container = truncate_id(image_id), truncate_id(container_id)
    return Conflict(
        f"conflict: unable to delete {image} (must be forced) - image is being used by "
        f"stopped container {container}"
    )


def image_conflict_multiple_repos(image_id: str) -> Conflict:
    return Conflict(
        f"conflict: unable to delete {truncate_id(image_id)} (must be forced) - image is "
        "referenced in multiple repositories"
    )


def image_conflict_children(image_id: str) -> Conflict:
    return Conflict(
        f"conflict: unable to delete {truncate_id(image_id)} (cannot be forced) - image has "
        "dependent child images"
    )


def image_conflict_reference(ref_as_typed: str, container_id: str, image_id: str) -> Conflict:
    """daemon/images/image_delete.go:117: the reference as typed, Go `%q`."""
    return Conflict(
        f'conflict: unable to remove repository reference "{ref_as_typed}" (must force) - '
        f"container {truncate_id(container_id)} is using its referenced image "
        f"{truncate_id(image_id)}"
    )


def invalid_reference(message: str) -> InvalidParameter:
    return InvalidParameter(message)


def tag_id_like(tag: str) -> InvalidParameter:
    """daemon/images/image_tag.go via reference store: a 64-hex repository name is refused."""
    return InvalidParameter(
        f"invalid repository name ({tag}), cannot specify 64-byte hexadecimal strings"
    )


def ambiguous_digest_tag() -> InvalidParameter:
    """daemon/server/router/image: a repository named like a digest algorithm."""
    return InvalidParameter("refusing to create an ambiguous tag using digest algorithm as name")


def refusing_digest_tag() -> InvalidParameter:
    return InvalidParameter("refusing to create a tag with a digest reference")


def invalid_change(sentence: str) -> InvalidParameter:
    """daemon/builder/dockerfile/builder.go BuildFromConfig: a `--change` line it refuses
    (`RUN is not a valid change command`, or the instruction's own parse error)."""
    return InvalidParameter(sentence)


def image_config_gone(image_id: str) -> NotFound:
    """daemon/internal/image/fs.go get, through store.go Get (errdefs.NotFound): `docker
    commit` reads the parent image's config from the image store, which `rmi -f` emptied."""
    hex_id = image_id.removeprefix("sha256:")
    return NotFound(
        f"failed to get digest {image_id}: open /var/lib/docker/image/overlay2/imagedb/content/"
        f"sha256/{hex_id}: no such file or directory"
    )


# --- distribution: daemon/internal/distribution/errors.go ------------------------------------
def pull_access_denied(repo: str) -> NotFound:
    return NotFound(
        f"pull access denied for {repo}, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied"
    )


def not_in_catalog(name: str, tag: bool = False) -> NotFound:
    """dockersim's own: Docker Hub has this repository (or tag) but the offline catalog does
    not, which the real error texts would misstate."""
    listing = f"dockersim catalog {name.split(':', 1)[0]}" if tag else "dockersim catalog"
    what = "its tags" if tag else "the images it has"
    return NotFound(
        f"dockersim: {name} is on Docker Hub, but not in dockersim's offline copy of it "
        f"(Docker Hub as on 2025-06-04); run '{listing}' to list {what}"
    )


def manifest_unknown(ref: str) -> NotFound:
    return NotFound(f"manifest for {ref} not found: manifest unknown: manifest unknown")


def no_matching_manifest(platform: str) -> StreamError:
    """pull_v2.go noMatchesErr: sent in the stream, after `<tag>: Pulling from ...`."""
    return StreamError(f"no matching manifest for {platform} in the manifest list entries")


class StreamError(System):
    """An error the daemon writes into a progress stream after it started (no client prefix)."""


def reserved_scratch() -> InvalidParameter:
    """daemon/internal/distribution/errors.go: `docker pull scratch`."""
    return InvalidParameter("'scratch' is a reserved name")


def push_access_denied() -> Unauthorized:
    return Unauthorized("denied: requested access to the resource is denied")


def push_no_such_image(ref: str) -> NotFound:
    return NotFound(f"An image does not exist locally with the tag: {ref}")


def registry_unreachable(domain: str) -> System:
    """No registry listens there: for local hosts the http fallback's error is the one shown
    (daemon/pkg/registry/service_v2.go)."""
    host, _, port = domain.partition(":")
    local = host == "localhost" or host.startswith("127.")
    scheme = "http" if local else "https"
    addr = "127.0.0.1" if host == "localhost" else host
    default_port = "80" if local else "443"
    return System(
        f'Get "{scheme}://{domain}/v2/": dial tcp {addr}:{port or default_port}: '
        "connect: connection refused"
    )


def login_unauthorized() -> Unauthorized:
    return Unauthorized(
        'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password'
    )


def manifest_not_found(ref: str) -> NotFound:
    return NotFound(f"no such manifest: {ref}")


def generic(message: str) -> DockerError:
    return System(message)


def invalid_filter(key: str) -> InvalidParameter:
    """daemon/internal/filters: a filter key the endpoint does not accept."""
    return InvalidParameter(f"invalid filter '{key}'")


def invalid_filter_value(key: str, value: str, why: str = "") -> InvalidParameter:
    """A filter value the endpoint cannot use: `invalid filter 'stars=x': <why>`, or without
    a reason `invalid filter 'is-official=[x]'` (daemon/pkg/registry/search.go)."""
    if not why:
        return InvalidParameter(f"invalid filter '{key}=[{value}]'")
    return InvalidParameter(f"invalid filter '{key}={value}': {why}")


def invalid_state_filter(value: str, states: tuple[str, ...]) -> InvalidParameter:
    """daemon/list.go: `--filter status=` takes one of the container states."""
    return invalid_filter_value(
        "status", value, f"invalid value for state ({value}): must be one of {', '.join(states)}"
    )


def bad_prune_time(text: str) -> InvalidParameter:
    """daemon/internal/timestamp GetTimestamp: an `until` filter that is neither a time nor a
    duration."""
    return InvalidParameter(f'failed to parse value as time or duration: "{text}"')


def too_many_until() -> InvalidParameter:
    """daemon/images/image_prune.go: one `until` filter at most."""
    return InvalidParameter("more than one until filter specified")


def search_limit(limit: int) -> InvalidParameter:
    """daemon/pkg/registry/search.go: `--limit` between 1 and 100."""
    return InvalidParameter(f"limit {limit} is outside the range of [1, 100]")


def bad_time_value(name: str, text: str) -> InvalidParameter:
    """daemon/events: `--since`/`--until` that is neither a time nor a duration."""
    return InvalidParameter(
        f'invalid value for "{name}": failed to parse value as time or duration: "{text}"'
    )


def unknown_host(url: str, host: str) -> System:
    """A URL the daemon would fetch (`docker import URL`): there is no network to resolve it."""
    return System(f'Get "{url}": dial tcp: lookup {host}: no such host')


# --- containers: daemon/errors.go, daemon/start.go, daemon/delete.go ... ---------------------
_RUNC = (
    "failed to create task for container: failed to create shim task: OCI runtime create "
    "failed: runc create failed: unable to start container process: error during container "
    "init: "
)


def exec_not_found(name: str, path: str = "") -> System:
    """runc's text for a missing PID 1 program (moby daemon/errors.go maps it to 127)."""
    if "/" in name:
        return System(
            f'{_RUNC}exec: "{name}": stat {name}: no such file or directory: unknown', 127
        )
    return System(f'{_RUNC}exec: "{name}": executable file not found in $PATH: unknown', 127)


def exec_permission(name: str) -> System:
    """A PID 1 program that is a directory or not executable (moby maps it to 126)."""
    return System(f'{_RUNC}exec: "{name}": permission denied: unknown', 126)


def no_command() -> InvalidParameter:
    """daemon/create.go: neither Cmd nor Entrypoint."""
    return InvalidParameter("no command specified")


def no_such_container(ref: str) -> NotFound:
    return NotFound(f"No such container: {ref}")


def ambiguous_container(prefix: str) -> InvalidParameter:
    return InvalidParameter(f"multiple IDs found with provided prefix: {prefix}")


def invalid_identifier() -> InvalidParameter:
    return InvalidParameter('invalid name or ID supplied: ""')


def invalid_name(name: str) -> InvalidParameter:
    return InvalidParameter(
        f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
    )


def name_conflict(name: str, container_id: str) -> Conflict:
    return Conflict(
        f'Conflict. The container name "/{name}" is already in use by container '
        f'"{container_id}". You have to remove (or rename) that container to be able to reuse '
        "that name."
    )


def start_paused() -> Conflict:
    return Conflict("cannot start a paused container, try unpause instead")


def marked_for_removal() -> Conflict:
    return Conflict("container is marked for removal and cannot be started")


def not_running(container_id: str) -> Conflict:
    return Conflict(f"container {container_id} is not running")


def cannot_kill(ref: str, cause: DockerError) -> DockerError:
    """container_routes.go wraps every kill error with the argument as typed."""
    return type(cause)(f"cannot kill container: {ref}: {cause}")


def already_paused(container_id: str) -> Conflict:
    return Conflict(f"container {container_id} is already paused")


def pause_restarting(container_id: str) -> Conflict:
    return Conflict(f"Container {container_id} is restarting, wait until the container is running")


def not_paused(container_id: str) -> System:
    return System(f"Container {container_id} is not paused")


def cannot_restart(ref: str, cause: DockerError) -> DockerError:
    return type(cause)(f"Cannot restart container {ref}: {cause}")


def remove_running(ref: str, state: str) -> Conflict:
    return Conflict(
        f'cannot remove container "{ref}": container is {state}: stop the container before '
        "removing or force remove"
    )


def remove_paused(ref: str) -> Conflict:
    return Conflict(
        f'cannot remove container "{ref}": container is paused and must be unpaused first'
    )


def removal_in_progress(ref: str) -> Conflict:
    return Conflict(f"removal of container {ref} is already in progress")


def exec_paused(ref: str) -> Conflict:
    return Conflict(f"Container {ref} is paused, unpause the container before exec")


def invalid_signal(text: str) -> InvalidParameter:
    return InvalidParameter(f"invalid signal: {text}")


def rename_same(name: str) -> InvalidParameter:
    return InvalidParameter("Renaming a container with the same name as its current name")


def rename_empty() -> InvalidParameter:
    return InvalidParameter("Neither old nor new names may be empty")


def restart_autoremove() -> InvalidParameter:
    return InvalidParameter(
        "Restart policy cannot be updated because AutoRemove is enabled for the container"
    )


def autoremove_restart() -> InvalidParameter:
    return InvalidParameter("can't create 'AutoRemove' container with restart policy")


def invalid_restart_policy(name: str) -> InvalidParameter:
    return InvalidParameter(
        f"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', "
        "'on-failure', or 'unless-stopped'"
    )


def restart_count_not_on_failure() -> InvalidParameter:
    return InvalidParameter(
        "invalid restart policy: maximum retry count can only be used with 'on-failure'"
    )


def exec_start_failed(name: str, missing: bool) -> System:
    """runc exec's text; the CLI prints it without the daemon prefix and exits 126 or 127."""
    if not missing:
        what = "permission denied"
    elif "/" in name:
        what = f"stat {name}: no such file or directory"
    else:
        what = "executable file not found in $PATH"
    return System(
        "OCI runtime exec failed: exec failed: unable to start container process: "
        f'exec: "{name}": {what}: unknown',
        127 if missing else 126,
    )


def invalid_health_filter(value: str) -> InvalidParameter:
    """daemon/list.go foldFilter, for a `health=` value that is no health status."""
    return InvalidParameter(f"Unrecognised filter value for health: {value}")


def invalid_healthcheck(sentence: str) -> InvalidParameter:
    """daemon/container.go `validateHealthCheck` (the sentence from model/health.py)."""
    return InvalidParameter(sentence)


def memory_too_small() -> InvalidParameter:
    """daemon/daemon_unix.go verifyPlatformContainerResources."""
    return InvalidParameter("Minimum memory limit allowed is 6MB")


# --- networks: daemon/network.go, daemon/libnetwork/error.go ---------------------------------
def network_not_found(ref: str) -> NotFound:
    return NotFound(f"network {ref} not found")


def network_ambiguous(ref: str, count: int, how: str) -> InvalidParameter:
    return InvalidParameter(f"network {ref} is ambiguous ({count} matches found based on {how})")


def network_predefined(name: str) -> Forbidden:
    """daemon/network.go PredefinedNetworkError: it names the network, and ends in a space."""
    return Forbidden(f"operation is not permitted on predefined {name} network ")


#: daemon/daemon_unix.go verifyPlatformContainerSettings: a warning of the create response
#: (`docker run`/`create` print it on stderr after `WARNING: `)
PUBLISH_HOST_WARNING = "Published ports are discarded when using host network mode"


def network_predefined_remove(name: str) -> Forbidden:
    return Forbidden(f"{name} is a pre-defined network and cannot be removed")


def network_exists(name: str) -> Conflict:
    return Conflict(f"network with name {name} already exists")


def network_driver_not_found(driver: str) -> NotFound:
    return NotFound(f'plugin "{driver}" not found')


def not_swarm_manager() -> Forbidden:
    return Forbidden(
        'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to '
        "connect this node to swarm and try again."
    )


def invalid_subnet(subnet: str) -> InvalidParameter:
    return InvalidParameter(f"invalid CIDR address: {subnet}")


def pool_overlaps() -> Forbidden:
    return Forbidden("Pool overlaps with other one on this address space")


def pools_exhausted() -> Forbidden:
    return Forbidden("all predefined address pools have been fully subnetted")


def gateway_outside(gateway: str, subnet: str) -> InvalidParameter:
    return InvalidParameter(f"no matching subnet for gateway {gateway}")


def network_active_endpoints(network: str, container: str, endpoint: str) -> Forbidden:
    return Forbidden(
        f"error while removing network: network {network} has active endpoints "
        f'(name:"{container}" id:"{endpoint}")'
    )


def network_private_none() -> Forbidden:
    return Forbidden(
        "container cannot be connected to multiple networks with one of the networks in "
        "private (none) mode"
    )


def network_shared_namespace() -> Forbidden:
    return Forbidden(
        "container sharing network namespace with another container or host cannot be "
        "connected to any other network"
    )


def network_already_connected(container: str, network: str) -> Forbidden:
    return Forbidden(f"endpoint with name {container} already exists in network {network}")


def network_not_connected(container_id: str, network: str) -> Forbidden:
    return Forbidden(f"container {container_id} is not connected to network {network}")


def start_network_not_found(name: str) -> NotFound:
    return NotFound(f"failed to set up container networking: network {name} not found")


def port_allocated(container: str, endpoint: str, host_ip: str, port: int) -> System:
    return System(
        "failed to set up container networking: driver failed programming external "
        f"connectivity on endpoint {container} ({endpoint}): Bind for {host_ip}:{port} failed: "
        "port is already allocated"
    )


def publish_with_container_network() -> InvalidParameter:
    return InvalidParameter(
        "conflicting options: port publishing and the container type network mode"
    )


# --- volumes: daemon/volume/service ----------------------------------------------------------
def volume_in_use(name: str, containers: list[str]) -> Conflict:
    return Conflict(f"remove {name}: volume is in use - [{', '.join(containers)}]")


def no_such_volume(name: str) -> NotFound:
    return NotFound(f"get {name}: no such volume")


def volume_name_too_short() -> InvalidParameter:
    return InvalidParameter(
        "volume name is too short, names should be at least two alphanumeric characters"
    )


def bind_not_absolute(source: str) -> InvalidParameter:
    """volume/mounts/validate.go: a bind mount's source must be an absolute path."""
    return InvalidParameter(
        f"invalid mount config for type \"bind\": invalid mount path: '{source}' mount path "
        "must be absolute"
    )


def volume_name_invalid(name: str) -> InvalidParameter:
    return InvalidParameter(
        f'"{name}" includes invalid characters for a local volume name, only '
        '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, '
        "use absolute path"
    )


def bind_source_missing(path: str) -> InvalidParameter:
    return InvalidParameter(
        f'invalid mount config for type "bind": bind source path does not exist: {path}'
    )


def ip_needs_user_network() -> InvalidParameter:
    return InvalidParameter("user specified IP address is supported on user defined networks only")


def alias_needs_user_network() -> InvalidParameter:
    return InvalidParameter(
        "network-scoped alias is supported only for containers in user defined networks"
    )


def platform_mismatch(ref: str, have: str, wanted: str) -> NotFound:
    """daemon/images/image.go: an image exists for the reference, but not for the platform."""
    return NotFound(
        f"image with reference {ref} was found but its platform ({have}) does not match the "
        f"specified platform ({wanted})"
    )


class ConnectionFailed(System):
    """An HTTP request that could not connect (refused, timed out or unresolved)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def connection_failed(url: str, reason: str) -> ConnectionFailed:
    text = {
        "refused": "connection refused",
        "timeout": "connection timed out",
        "unresolved": "could not resolve host",
    }.get(reason, "no HTTP server answered")
    return ConnectionFailed(f"{url}: {text}", reason)


# --- docker cp: daemon/archive.go, docker/cli cli/command/container/cp.go ---------------------
def copy_not_found(path: str, container: str) -> NotFound:
    return NotFound(f"Could not find the file {path} in container {container}")


def copy_host_missing(path: str) -> NotFound:
    """The CLI's own error (no daemon prefix): lstat of the local source."""
    return NotFound(f"lstat {path}: no such file or directory")


def extraction_not_a_directory() -> InvalidParameter:
    """daemon/archive.go containerExtractToDir: PUT's `path` is not a directory."""
    return InvalidParameter("extraction point is not a directory")


def cannot_overwrite(target: str, name: str, directory: bool) -> System:
    """pkg/archive's untar: an entry of the other kind is in the way (est. wording)."""
    if directory:
        return System(f'cannot overwrite directory "{target}" with non-directory "{name}"')
    return System(f'cannot overwrite non-directory "{target}" with directory "{name}"')


def copy_unknown_owner(kind: str, name: str) -> InvalidParameter:
    """archive_tarcopyoptions_unix.go getUIDGID: `docker cp -a` into a container whose
    `--user` its own passwd or group file does not have."""
    table = "passwd" if kind == "user" else "group"
    return InvalidParameter(
        f'failed to look up {kind} "{name}" in container: no matching entries in {table} file'
    )


def copy_dest_missing(path: str) -> NotFound:
    return NotFound(f"lstat {path}: no such file or directory")


# --- builds and archives (dockersim/engine/build.py, archive.py) -----------------------------
def empty_export() -> System:
    """tarexport/save.go saveImage: an image without layers cannot be saved."""
    return System("empty export - not implemented")


def reference_missing() -> NotFound:
    """refstore ErrDoesNotExist: `docker save name:tag` of a tag that is not there."""
    return NotFound("reference does not exist")


def load_failed(message: str) -> StreamError:
    """tarexport/load.go: written into the load stream (printed without the daemon prefix)."""
    return StreamError(message)


def import_failed() -> InvalidParameter:
    """daemon/images/image_import.go: the source is not a tar archive."""
    return InvalidParameter("archive/tar: invalid tar header")


# --- swarm: daemon/cluster/*.go --------------------------------------------------------------
def swarm_already_member() -> System:
    return System(
        'This node is already part of a swarm. Use "docker swarm leave" to leave this swarm '
        "and join another one."
    )


def swarm_invalid_token() -> InvalidParameter:
    return InvalidParameter("invalid join token")


def swarm_not_member() -> System:
    return System("This node is not part of a swarm")


def swarm_manager_leave() -> System:
    return System(
        "You are attempting to leave the swarm on a node that is participating as a manager. "
        "Removing the last manager erases all current state of the swarm. Use `--force` to "
        "ignore this message."
    )


def swarm_worker() -> Forbidden:
    return Forbidden(
        "This node is not a swarm manager. Worker nodes can't be used to view or modify "
        "cluster state. Please run this command on a manager node or promote the current node "
        "to a manager."
    )


def bad_stage_name(name: str, reason: str) -> str:
    """dockerfile2llb: a FROM that is not an image reference (a BuildKit step error text)."""
    return f'failed to parse stage name "{name}": {reason}'


def base_unresolved(name: str, normalized: str, reason: str) -> str:
    """BuildKit's metadata resolver (`load metadata for ...`) when the registry says no."""
    if "pull access denied" in reason:
        reason = (
            "pull access denied, repository does not exist or may require authorization: "
            "server message: insufficient_scope: authorization failed"
        )
    elif "manifest unknown" in reason:
        reason = f"{normalized}: not found"
    return f"{name}: failed to resolve source metadata for {normalized}: {reason}"


def overlay_from_worker() -> Forbidden:
    return Forbidden(
        "Cannot create a multi-host network from a worker node. Please create the network from "
        "a manager node."
    )


def overlay_not_attachable(name: str) -> Forbidden:
    return Forbidden(
        f"Could not attach to network {name}: rpc error: code = PermissionDenied desc = "
        f"network {name} not manually attachable"
    )


def rename_allocation(exc: DockerError) -> DockerError:
    """daemon/rename.go: the name reservation's error, wrapped."""
    return type(exc)(f"Error when allocating new name: {exc}")


def workdir_not_a_directory(workdir: str) -> System:
    """container.SetupWorkingDirectory: the working directory exists and is not a directory."""
    return System(f"Cannot mkdir: {workdir} is not a directory")


# --- services: daemon/cluster/helpers.go, services.go, networks.go; swarmkit controlapi ----------
def service_not_found(ref: str) -> NotFound:
    """helpers.go getService."""
    return NotFound(f"service {ref} not found")


def service_ambiguous(ref: str, count: int) -> InvalidParameter:
    return InvalidParameter(f"service {ref} is ambiguous ({count} matches found)")


def service_name_conflict(name: str) -> Conflict:
    """swarmkit controlapi/service.go CreateService on store.ErrNameConflict, through gRPC."""
    return Conflict(
        "rpc error: code = AlreadyExists desc = name conflicts with an existing object: "
        f"service {name} already exists"
    )


def service_network_not_found(ref: str) -> System:
    """helpers.go getNetwork (no errdefs kind: a 500)."""
    return System(f"network {ref} not found")


def service_local_network(name: str) -> Forbidden:
    """networks.go populateNetworkID: a local network such as `bridge`."""
    return Forbidden(
        f"The network {name} cannot be used with services. Only networks scoped to the swarm "
        "can be used, such as those created with the overlay driver."
    )


def service_port_in_use(
    port: int, name: str, service_id: str, host_mode: bool = False
) -> InvalidParameter:
    """swarmkit controlapi/service.go checkPortConflicts, through gRPC."""
    kind = "a host-published port" if host_mode else "an ingress port"
    return InvalidParameter(
        f"rpc error: code = InvalidArgument desc = port '{port}' is already in use by service "
        f"'{name}' ({service_id}) as {kind}"
    )


def service_dnsrr_ingress() -> InvalidParameter:
    """swarmkit controlapi/service.go validateEndpointSpec, through gRPC."""
    return InvalidParameter(
        "rpc error: code = InvalidArgument desc = EndpointSpec: port published with ingress "
        "mode can't be used with dnsrr mode"
    )


def service_scale_mode() -> InvalidParameter:
    """docker/cli cli/command/service/scale.go runServiceScale (the CLI's own check)."""
    return InvalidParameter("scale can only be used with replicated or replicated-job mode")


def service_image_unpinned(image: str) -> str:
    """A warning, not an error: services.go imageDigestWarning."""
    return (
        f"image {image} could not be accessed on a registry to record\nits digest. Each node "
        f"will access {image} independently,\npossibly leading to different nodes running "
        "different\nversions of the image.\n"
    )


def service_replicas_mode() -> InvalidParameter:
    """docker/cli cli/command/service/update.go updateReplicas (the CLI's own check)."""
    return InvalidParameter("replicas can only be used with replicated mode")


def service_no_previous_spec(service_id: str) -> DockerError:
    """swarmkit controlapi/service.go UpdateService with Rollback "previous", through gRPC."""
    return DockerError(
        f"rpc error: code = FailedPrecondition desc = service {service_id} does not have a "
        "previous spec"
    )


def service_reference_missing(which: str, names: list[str]) -> InvalidParameter:
    """controlapi/service.go checkSecretExistence / checkConfigExistence, through gRPC."""
    return InvalidParameter(
        f"rpc error: code = InvalidArgument desc = {which} not found: {', '.join(names)}"
    )


# --- secrets and configs: swarmkit controlapi/secret.go, config.go, common.go; helpers.go ---
def _rpc_invalid(text: str) -> InvalidParameter:
    return InvalidParameter(f"rpc error: code = InvalidArgument desc = {text}")


def swarm_object_no_name() -> InvalidParameter:
    return _rpc_invalid("name must be provided")


def swarm_object_bad_name() -> InvalidParameter:
    """common.go validateConfigOrSecretAnnotations."""
    return _rpc_invalid(
        "invalid name, only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end "
        "character must be [a-zA-Z0-9]"
    )


def swarm_object_bad_size(kind: str, limit: int) -> InvalidParameter:
    """validation.ValidateSecretPayload / config.go validateConfigSpec."""
    return _rpc_invalid(f"{kind} data must be larger than 0 and less than {limit} bytes")


def swarm_object_exists(kind: str, name: str) -> Conflict:
    return Conflict(f"rpc error: code = AlreadyExists desc = {kind} {name} already exists")


def swarm_object_in_use(kind: str, name: str, users: list[str]) -> InvalidParameter:
    """RemoveSecret / RemoveConfig while services reference it."""
    which = "service" if len(users) == 1 else "services"
    return _rpc_invalid(f"{kind} '{name}' is in use by the following {which}: {', '.join(users)}")


def swarm_object_not_found(kind: str, ref: str) -> NotFound:
    """helpers.go getSecret / getConfig."""
    return NotFound(f"{kind} {ref} not found")


def swarm_object_ambiguous(kind: str, ref: str, count: int) -> InvalidParameter:
    return InvalidParameter(f"{kind} {ref} is ambiguous ({count} matches found)")


def service_bad_constraint(reason: str) -> DockerError:
    """swarmkit controlapi/service.go validatePlacement (constraint.Parse's text); the gRPC
    wrapping is an estimate."""
    return InvalidParameter(f"rpc error: code = InvalidArgument desc = {reason}")  # est.


# --- nodes: daemon/cluster/helpers.go getNode, convert/node.go; swarmkit controlapi/node.go ----
def node_not_found(ref: str) -> NotFound:
    return NotFound(f"node {ref} not found")


def node_ambiguous(ref: str, count: int) -> InvalidParameter:
    return InvalidParameter(f"node {ref} is ambiguous ({count} matches found)")


def node_bad_availability(value: str) -> InvalidParameter:
    """convert/node.go NodeSpecToGRPC."""
    return InvalidParameter(f'invalid Availability: "{value}"')


def node_bad_role(value: str) -> InvalidParameter:
    return InvalidParameter(f'invalid Role: "{value}"')


def node_last_manager() -> DockerError:
    return DockerError(
        "rpc error: code = FailedPrecondition desc = attempting to demote the last manager of "
        "the swarm"
    )


def node_remove_manager(node_id: str) -> DockerError:
    return DockerError(
        f"rpc error: code = FailedPrecondition desc = node {node_id} is a cluster manager and "
        "is a member of the raft cluster. It must be demoted to worker before removal"
    )


def node_remove_not_down(node_id: str) -> DockerError:
    return DockerError(
        f"rpc error: code = FailedPrecondition desc = node {node_id} is not down and can't be "
        "removed"
    )


def attach_paused(ref: str) -> Conflict:
    """daemon/attach.go ContainerAttach."""
    return Conflict(f"container {ref} is paused, unpause the container before attach")


def attach_restarting(ref: str) -> Conflict:
    """daemon/attach.go ContainerAttach."""
    return Conflict(f"container {ref} is restarting, wait until the container is running")
