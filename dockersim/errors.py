"""Errors a user may see.

`Error` is the base of everything that crosses into a front end. `DockerError` is what the
simulated daemon raises: it carries a *kind* (moby's errdefs class) and the daemon's sentence,
without the client's `Error response from daemon: ` prefix, which the docker front end adds.
"""

from __future__ import annotations


class Error(Exception):
    """Base of every error dockersim reports to a user (never a traceback)."""


class DockerError(Error):
    """A daemon error: `kind` is moby's errdefs class, `str(err)` the daemon's sentence."""

    kind = "system"
    http_status = 500

    def __init__(self, message: str, exit_status: int = 0) -> None:
        super().__init__(message)
        self.message = message
        #: the status a program that could not be run gives the CLI (moby
        #: setExitCodeFromError / docker/cli toStatusError: 127 not found, 126 cannot run);
        #: 0 for every other error
        self.exit_status = exit_status

    def __str__(self) -> str:
        return self.message


class NotFound(DockerError):
    kind = "not_found"
    http_status = 404


class InvalidParameter(DockerError):
    kind = "invalid_parameter"
    http_status = 400


class Conflict(DockerError):
    kind = "conflict"
    http_status = 409


class Forbidden(DockerError):
    kind = "forbidden"
    http_status = 403


class NotModified(DockerError):
    """HTTP 304: the client does not treat it as an error (e.g. `docker start` of a running one)."""

    kind = "not_modified"
    http_status = 304


class Unauthorized(DockerError):
    kind = "unauthorized"
    http_status = 401


class System(DockerError):
    kind = "system"
    http_status = 500


class StateError(Error):
    """The persisted world could not be read or written (corrupt, newer version, locked)."""
