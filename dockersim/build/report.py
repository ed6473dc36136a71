"""What a build reports: BuildKit's vertices or the classic builder's stream, and the outcome.

The builders fill these in; `build/transcript.py` turns them into the text the docker CLI
prints (BuildKit's progress display on stderr, or the classic daemon stream on stdout).
Times are seconds of virtual time.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Status:
    """A sub-line of a vertex (`transferring context: 2B`, `exporting layers`, downloads)."""

    text: str
    seconds: float = 0.0
    done: bool = True


@attrs.frozen
class Log:
    """One line a step's process printed, `at` seconds after the step started."""

    text: str
    at: float = 0.0
    partial: bool = False


@attrs.frozen
class Vertex:
    """A BuildKit progress vertex (`[2/5] RUN pip install ...`)."""

    name: str
    duration: float = 0.0
    cached: bool = False
    statuses: tuple[Status, ...] = ()
    logs: tuple[Log, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str = ""


@attrs.frozen
class PullMessage:
    """A jsonmessage of a pull inside a classic build (`<id>: Pull complete`)."""

    status: str
    id: str = ""


@attrs.frozen
class Failure:
    """Why a build stopped.

    BuildKit: `message` follows `ERROR: failed to build: failed to solve: ` unless `bare`;
    `lines` are the Dockerfile lines buildx shows. Classic: `message` is the daemon's error
    text, printed on stderr, and `exit_code` the CLI status.
    """

    message: str
    lines: tuple[int, ...] = ()
    exit_code: int = 1
    bare: bool = False


@attrs.frozen
class StepResult:
    """For `dockersim explain build`: one step, whether it hit the cache and why not."""

    name: str
    cached: bool
    reason: str = ""


@attrs.frozen
class BuildReport:
    builder: str
    dockerfile: str = ""
    dockerfile_name: str = "Dockerfile"
    vertices: tuple[Vertex, ...] = ()
    stream: tuple[str | PullMessage, ...] = ()
    image_id: str = ""
    tags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    failure: Failure | None = None
    duration: float = 0.0
    steps: tuple[StepResult, ...] = ()
    context_size: int = 0

    @property
    def ok(self) -> bool:
        return self.failure is None
