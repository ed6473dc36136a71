"""Health checks on the virtual clock (moby daemon/health.go; the rules are in docs/health.md).

A container whose effective check has a probe gets a monitor when it starts: the first probe
one interval later (or one start interval, inside the start period), then each probe an
interval after the previous one ended. A probe runs its command in the container as `docker
exec` does (the container's user, working directory and environment; no terminal; nothing in
the container's logs), with the exec events moby logs for it; its result is applied at its end
(a timeout ends it early with exit code -1). Stop, exit and pause stop the monitor; start and
unpause start it again.

Years of virtual time must not cost a probe a second. Within one stretch of time in which
nothing else happens (one `settle` up to its target, cut at every exit or restart of any
container), once `SETTLE_AFTER` probes in a row end with the same exit code after the same
duration and the next ones can change nothing but the streak and the log (no status change,
so no event), the probes up to the last `REPLAYED` before the stretch ends are counted, not
run; the last `REPLAYED` repeat the result (their exec events and log entries at their own
times) and the last `MAX_LOG` of those run the command again, so the log holds real output.
`REPLAYED` exec events per container fill the daemon's event buffer, so `docker events` shows
what it would have shown.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from dockersim.engine import errors
from dockersim.engine._base import EVENTS_LIMIT, EngineBase
from dockersim.errors import DockerError
from dockersim.model import health as rules
from dockersim.model.health import Health, ProbeResult

if TYPE_CHECKING:
    from dockersim.model.container import Container
    from dockersim.model.image import Healthcheck

#: identical probe outcomes in a row (in one stretch) before the rest of the stretch is counted
SETTLE_AFTER = 3
#: probes at the end of a counted stretch that still log their events (3 events each: the
#: newest EVENTS_LIMIT events of the daemon can hold no older probe of this container)
REPLAYED = EVENTS_LIMIT // 3 + 1
#: exit code of a probe that timed out or could not start (health.go)
PROBE_FAILED = -1


class HealthOps(EngineBase):
    #: bumped at every settle and every runtime event: outcomes seen in another epoch prove
    #: nothing about this one
    health_epoch: int = 0
    #: container ID -> (epoch, exit code, duration, same outcomes in a row)
    _health_runs: dict[str, tuple[int, int, float, int]]

    def health_start(self, container: Container, at: float) -> None:
        """health.go `initHealthMonitor`, at each start: status starting, streak 0 (the log is
        kept), and the first probe scheduled."""
        check = container.config.healthcheck
        if rules.probe_argv(check) is None or check is None:
            return
        health = container.state.health
        if health is None:
            health = container.state.health = Health()
        health.status, health.failing_streak = rules.STARTING, 0
        health.pending = None
        health.monitoring = True
        container.probe_at = at + rules.next_interval(check, at, at, rules.STARTING)

    def health_resume(self, container: Container) -> None:
        """health.go `updateHealthMonitor` on unpause: a new monitor, its first probe one
        interval away; the status stays what the pause left (unhealthy) until a probe ends."""
        check = container.config.healthcheck
        health = container.state.health
        if health is None or check is None or rules.probe_argv(check) is None:
            return
        health.monitoring = True
        started = container.state.started_at or self.now
        container.probe_at = self.now + rules.next_interval(check, started, self.now, health.status)

    def health_act(self, container: Container, when: float, bound: float) -> None:
        """The monitor's next action at `when`: end the probe under way, or start one.
        `bound` is when this stretch ends (the next runtime event, or the settle target)."""
        health = container.state.health
        check = container.config.healthcheck
        assert health is not None and check is not None
        pending = health.pending
        if pending is not None:
            health.pending = None
            self._finish(container, check, health, pending, health.pending_exec, health.pending_die)
            return
        result, exec_id, die = self._skip_or_run(container, check, health, when, bound)
        if result.end > when:
            health.pending, health.pending_exec, health.pending_die = result, exec_id, die
            container.probe_at = result.end
        else:
            self._finish(container, check, health, result, exec_id, die)

    # --- one probe ---------------------------------------------------------------------------
    def _finish(
        self,
        container: Container,
        check: Healthcheck,
        health: Health,
        result: ProbeResult,
        exec_id: str,
        die: int | None,
    ) -> None:
        """The probe ended: its exec_die event, then health.go `handleProbeResult` and the
        next probe one interval later."""
        if die is not None:
            self.emit_at(
                result.end, "container", "exec_die", container.id, execID=exec_id, exitCode=str(die)
            )
        started = container.state.started_at or result.start
        changed = rules.apply(check, health, result, started)
        if changed is not None:
            self.emit_at(result.end, "container", f"health_status: {changed}", container.id)
        container.probe_at = result.end + rules.next_interval(
            check, started, result.end, health.status
        )

    def _skip_or_run(
        self, container: Container, check: Healthcheck, health: Health, when: float, bound: float
    ) -> tuple[ProbeResult, str, int | None]:
        runs = self.__dict__.setdefault("_health_runs", {})
        epoch, code, duration, same = runs.get(container.id, (-1, 0, 0.0, 0))
        if epoch == self.health_epoch and same >= SETTLE_AFTER:
            started = container.state.started_at or when
            period = duration + rules.seconds(check.interval, rules.DEFAULT_INTERVAL)
            ahead = int((bound - when) // period) + 1
            skip = min(rules.settled(check, health, code, started, when), ahead - REPLAYED)
            if skip > 0:  # counted, not run: only the streak and the exec IDs move on
                health.probes += skip
                if code != 0:
                    health.failing_streak += skip
                when += skip * period
                ahead -= skip
            if ahead > rules.MAX_LOG:  # the outcome repeated, with its events
                exec_id = self._exec_begin(container, health, when)
                output = health.log[-1].output if health.log else ""
                return ProbeResult(when, when + duration, code, output), exec_id, code
        result, exec_id, die = self._run(container, check, health, when)
        took = result.end - result.start
        if epoch == self.health_epoch and (code, duration) == (result.exit_code, took):
            same += 1
        else:
            same = 1
        runs[container.id] = (self.health_epoch, result.exit_code, took, same)
        return result, exec_id, die

    def _exec_begin(self, container: Container, health: Health, when: float) -> str:
        """The exec_create and exec_start events of a probe (health.go `cmdProbe.run`); its
        exec ID, derived from the container and the probe's number."""
        argv = rules.probe_argv(container.config.healthcheck) or []
        health.probes += 1
        seed = f"{container.id}/health/{health.probes}".encode()
        exec_id = hashlib.sha256(seed).hexdigest()
        text = " ".join(argv)
        self.emit_at(when, "container", f"exec_create: {text}", container.id, execID=exec_id)
        self.emit_at(when, "container", f"exec_start: {text}", container.id, execID=exec_id)
        return exec_id

    def _run(
        self, container: Container, check: Healthcheck, health: Health, when: float
    ) -> tuple[ProbeResult, str, int | None]:
        """Run the probe's command in the container, as an exec without a terminal."""
        from dockersim.build.durations import duration_string
        from dockersim.model.userland import ExecIsDirectory, ExecNotFound, ExecPermission, execute

        argv = rules.probe_argv(check) or []
        exec_id = self._exec_begin(container, health, when)
        timeout = rules.seconds(check.timeout, rules.DEFAULT_TIMEOUT)
        try:
            proc = self.engine.proc_for(container)
            proc.now = when
            proc.tty = False
            proc.pid = container.next_pid
            container.next_pid += 1
            proc.processes = lambda: self.engine.container_processes(container)
            timeline = execute(argv, proc)
        except ExecNotFound as exc:
            failure: DockerError = errors.exec_start_failed(exc.name, missing=True)
        except (ExecIsDirectory, ExecPermission) as exc:
            failure = errors.exec_start_failed(exc.name, missing=False)
        except DockerError as exc:  # an unknown user
            failure = exc
        else:
            code = timeline.exit_code
            ends = code is not None and timeline.duration <= timeout
            limit = timeline.duration if ends else timeout
            written = "".join(o.text for o in timeline.outputs if o.at <= limit)
            output = rules.truncate(written.encode())
            if ends and code is not None:
                return ProbeResult(when, when + timeline.duration, code, output), exec_id, code
            said = f"Health check exceeded timeout ({duration_string(int(timeout * 1e9))})"
            text = f"{said}: {output}" if output else said
            # the probe is killed (SIGKILL) when its context is cancelled
            return ProbeResult(when, when + timeout, PROBE_FAILED, text), exec_id, 137
        return ProbeResult(when, when, PROBE_FAILED, str(failure)), exec_id, None
