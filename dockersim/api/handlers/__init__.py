"""The Engine API's routes, one module per area; importing this package registers them."""

from dockersim.api.handlers import (  # noqa: F401 - each module registers its routes
    archive,
    build,
    containers,
    execs,
    images,
    lifecycle,
    networks,
    resources,
    streams,
    system,
    transfer,
)
