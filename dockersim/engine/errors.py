"""Every daemon sentence the engine can raise, each with its errdefs kind and its moby source.

The docker front end adds the client's prefix and picks the exit status; nothing here
knows about either (STYLE.md items 4 and 5).
"""

from __future__ import annotations

from dockersim.errors import Conflict, DockerError, InvalidParameter, NotFound, System, Unauthorized
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


# --- distribution: daemon/internal/distribution/errors.go ------------------------------------
def pull_access_denied(repo: str) -> NotFound:
    return NotFound(
        f"pull access denied for {repo}, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied"
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
