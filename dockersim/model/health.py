"""Container health checks: the probe rules of moby's `daemon/health.go`, as pure functions.

`Health` is a container's `State.Health` (status, failing streak, the last five probe results)
plus what the simulated monitor needs: whether a monitor runs (moby's open stop channel) and a
probe under way. Durations are nanoseconds, as in `HealthConfig`; times are epoch seconds.
Nothing here reads a clock: the engine passes every time in (engine/health.py runs the probes).
See docs/health.md for the rules and their sources.
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.model.image import Healthcheck

NS = 1_000_000_000
#: daemon/health.go defaults, used where the config says 0
DEFAULT_INTERVAL = 30 * NS
DEFAULT_TIMEOUT = 30 * NS
DEFAULT_START_PERIOD = 0
DEFAULT_START_INTERVAL = 5 * NS
DEFAULT_RETRIES = 3
#: the longest probe output kept, and the number of results kept (health.go)
MAX_OUTPUT = 4096
MAX_LOG = 5
#: api/types/container MinimumDuration: a duration set below it is refused at create
MINIMUM_DURATION = 1_000_000

STARTING, HEALTHY, UNHEALTHY, NONE = "starting", "healthy", "unhealthy", "none"


@attrs.frozen
class ProbeResult:
    """One `HealthcheckResult`: start and end (epoch seconds), exit code, output."""

    start: float
    end: float
    exit_code: int
    output: str


@attrs.define(eq=False)
class Health:
    status: str = STARTING
    failing_streak: int = 0
    log: list[ProbeResult] = attrs.Factory(list)
    #: a monitor is running (moby's stop channel is open); closing it makes the status
    #: unhealthy (container/health.go CloseMonitorChannel)
    monitoring: bool = False
    #: the result of the probe under way, applied at its end (None: no probe runs)
    pending: ProbeResult | None = None
    #: the probe under way: its exec ID, and the exit code its exec_die event gives (None:
    #: the exec never started, so no exec_die)
    pending_exec: str = ""
    pending_die: int | None = None
    #: probes started so far (each probe's exec ID derives from it)
    probes: int = 0

    @property
    def label(self) -> str:
        """What `docker ps` shows in brackets (container/health.go `String`)."""
        return "health: starting" if self.status == STARTING else self.status

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Health:
        pending = data.get("pending")
        return cls(
            status=data.get("status", STARTING),
            failing_streak=data.get("failing_streak", 0),
            log=[ProbeResult(**item) for item in data.get("log", [])],
            monitoring=data.get("monitoring", False),
            pending=ProbeResult(**pending) if pending else None,
            pending_exec=data.get("pending_exec", ""),
            pending_die=data.get("pending_die"),
            probes=data.get("probes", 0),
        )


def merge(image: Healthcheck | None, user: Healthcheck | None) -> Healthcheck | None:
    """daemon/commit.go `merge`: the image's check fills what the user's leaves at zero."""
    if image is None or user is None:
        return user if user is not None else image
    return Healthcheck(
        test=user.test or image.test,
        interval=user.interval or image.interval,
        timeout=user.timeout or image.timeout,
        start_period=user.start_period or image.start_period,
        start_interval=user.start_interval or image.start_interval,
        retries=user.retries or image.retries,
    )


def validate(check: Healthcheck | None) -> str | None:
    """daemon/container.go `validateHealthCheck`: the daemon's sentence, or None."""
    if check is None:
        return None
    for value, name in ((check.interval, "Interval"), (check.timeout, "Timeout")):
        if value and value < MINIMUM_DURATION:
            return f"{name} in Healthcheck cannot be less than 1ms"
    if check.retries < 0:
        return "Retries in Healthcheck cannot be negative"
    for value, name in (
        (check.start_period, "StartPeriod"),
        (check.start_interval, "StartInterval"),
    ):
        if value and value < MINIMUM_DURATION:
            return f"{name} in Healthcheck cannot be less than 1ms"
    return None


def probe_argv(check: Healthcheck | None, shell: tuple[str, ...] = ()) -> list[str] | None:
    """health.go `getProbe` and `cmdProbe.run`: the command a probe runs, or None when there
    is no probe (no check, an empty test, `NONE`, or an unknown type)."""
    if check is None or not check.test:
        return None
    kind, *rest = check.test
    if kind == "CMD" and rest:
        return rest
    if kind == "CMD-SHELL":
        return [*(shell or ("/bin/sh", "-c")), *rest]
    return None


def seconds(ns: int, default: int) -> float:
    """`timeoutWithDefault`, in seconds."""
    return (ns or default) / NS


def next_interval(check: Healthcheck, started: float, now: float, status: str) -> float:
    """health.go `monitor` `getInterval`: the wait before the next probe, in seconds. Inside
    the start period a starting container is probed every start interval, and a probe is due
    when the period ends if that comes before the interval."""
    interval = seconds(check.interval, DEFAULT_INTERVAL)
    start_period = seconds(check.start_period, DEFAULT_START_PERIOD)
    elapsed = now - started
    if elapsed >= start_period:
        return interval
    remaining = start_period - elapsed
    if remaining < interval:
        return remaining
    if status == STARTING:
        return seconds(check.start_interval, DEFAULT_START_INTERVAL)
    return interval


def truncate(output: bytes) -> str:
    """health.go `limitedBuffer`: the first 4096 bytes, then `...` if more were written."""
    kept = output[:MAX_OUTPUT].decode("utf-8", "replace")
    return kept + "..." if len(output) > MAX_OUTPUT else kept


def counts(check: Healthcheck, health: Health, result: ProbeResult, started: float) -> bool:
    """Whether a failed probe adds to the failing streak: not while the container is still
    starting inside its start period (health.go `handleProbeResult`)."""
    if health.status != STARTING:
        return True
    return result.start - started >= seconds(check.start_period, DEFAULT_START_PERIOD)


def apply(check: Healthcheck, health: Health, result: ProbeResult, started: float) -> str | None:
    """health.go `handleProbeResult`: record the result; the new status if it changed."""
    old = health.status
    health.log = [*health.log[-(MAX_LOG - 1) :], result]
    if result.exit_code == 0:
        health.failing_streak = 0
        health.status = HEALTHY
    elif counts(check, health, result, started):
        health.failing_streak += 1
        if health.failing_streak >= (check.retries if check.retries > 0 else DEFAULT_RETRIES):
            health.status = UNHEALTHY
    return health.status if health.status != old else None


def settled(check: Healthcheck, health: Health, code: int, started: float, now: float) -> int:
    """How many more probes ending in `code` change nothing but the streak and the log (no
    status change, no event): 0 if the next one may. A success on a healthy container, or a
    counted failure on an unhealthy one, settles for ever; a counted failure on a starting or
    healthy container settles until the streak reaches the retries."""
    if code == 0:
        return 1 << 62 if health.status == HEALTHY else 0
    start_period = seconds(check.start_period, DEFAULT_START_PERIOD)
    if health.status == STARTING and now - started < start_period:
        return 0
    if health.status == UNHEALTHY:
        return 1 << 62
    retries = check.retries if check.retries > 0 else DEFAULT_RETRIES
    return max(retries - health.failing_streak - 1, 0)
