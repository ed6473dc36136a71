"""Stopping a running container and what freezes or signals it: `stop` (the stop signal, then
SIGKILL at the timeout; the `stop` event once it has exited), `kill`, `pause`/`unpause` and
`restart` (stop, start, then the `restart` event), after moby's daemon/stop.go, kill.go,
pause.go, unpause.go and restart.go.
"""

from __future__ import annotations

from dockersim.engine import errors
from dockersim.engine._base import EngineBase
from dockersim.engine.containers import MAX_WAKES
from dockersim.engine.runtime import DEFAULT_STOP_TIMEOUT
from dockersim.errors import DockerError
from dockersim.model import signals
from dockersim.model.container import Container


class StopOps(EngineBase):
    def container_stop(self, ref: str, sig: str = "", timeout: int | None = None) -> Container:
        """stop.go: the stop signal, then SIGKILL after the timeout (virtual seconds pass)."""
        container, deadline, stopping = self._stop_begin(ref, sig, timeout)
        self._stop_finish(container, deadline, stopping)
        return container

    def containers_stop(
        self, refs: list[str], sig: str = "", timeout: int | None = None
    ) -> list[DockerError | None]:
        """`docker stop a b c`: the CLI stops them in parallel, so the waits overlap.

        Every container gets its signal at the same moment; then time runs to each one's exit
        (or its SIGKILL deadline). Returns, per reference, its error or None.
        """
        outcomes: list[DockerError | None] = []
        begun: list[tuple[Container, float | None, bool]] = []
        for ref in refs:
            try:
                begun.append(self._stop_begin(ref, sig, timeout))
            except DockerError as exc:
                outcomes.append(exc)
                continue
            outcomes.append(None)

        def ends(item: tuple[Container, float | None, bool]) -> float:
            container, deadline, _ = item
            natural = container.exit_at
            candidates = [t for t in (natural, deadline) if t is not None]
            return min(candidates) if candidates else float("inf")

        for container, deadline, stopping in sorted(begun, key=ends):
            self._stop_finish(container, deadline, stopping)
        return outcomes

    def _stop_begin(
        self, ref: str, sig: str, timeout: int | None
    ) -> tuple[Container, float | None, bool]:
        """Send the stop signal; return the container, its SIGKILL deadline (None: none) and
        whether it is being stopped (it was running: the `stop` event follows its exit)."""
        self.engine.settle()
        container = self.engine.container_get(ref)
        state = container.state
        if not state.running:
            return container, None, False
        if sig:
            parsed = signals.parse_signal(sig)
            if parsed is None:
                raise errors.invalid_signal(sig)
            sig = parsed
        container.manually_stopped = True
        if state.restarting:
            container.restart_at = None
            state.set_stopped(state.exit_code, self.now)
            return container, None, True
        state.stop_monitor()  # stop.go: the health checks stop before the signal is sent
        sig = sig or signals.parse_signal(container.config.stop_signal or "SIGTERM") or "SIGTERM"
        wait = timeout if timeout is not None else container.config.stop_timeout
        wait = DEFAULT_STOP_TIMEOUT if wait is None else wait
        self._deliver(container, sig, thaw=True)
        return container, (self.now + wait if wait >= 0 else None), True

    def _stop_finish(self, container: Container, deadline: float | None, stopping: bool) -> None:
        """Let time run until the container exits, or SIGKILL it at its deadline; then, when
        it was being stopped, the `stop` event (stop.go: once it has exited)."""
        self._run_out(container, deadline)
        if stopping:
            self.emit("container", "stop", container.id)

    def _run_out(self, container: Container, deadline: float | None) -> None:
        if not container.state.running or container.state.restarting:
            return
        natural = container.exit_at
        for _ in range(MAX_WAKES):  # (through a process's wakes: see container_wait)
            if natural is None or (deadline is not None and natural > deadline):
                break
            self.engine.settle(max(natural, self.now))
            if not container.state.running or container.state.restarting:
                return
            natural = container.exit_at
        if deadline is not None:
            self.engine.settle(max(deadline, self.now))
            if container.state.running and container.id in self.world.containers:
                self._deliver(container, "SIGKILL", thaw=True)

    def _deliver(self, container: Container, sig: str, thaw: bool) -> None:
        """Signal PID 1 (moby daemon/kill.go killWithSignal: the `kill` event for every signal
        sent); `thaw`: a paused task is resumed after the signal, so one it survives leaves
        the container running."""
        self.emit("container", "kill", container.id, signal=str(signals.NUMBERS[sig]))
        code = self.engine.signal(container, sig)
        if code is not None:
            container.state.paused = False
            self.engine.on_exit(container, code, self.now)
        elif thaw and container.state.paused:
            self._unpause(container)

    def container_kill(self, ref: str, sig: str = "SIGKILL") -> Container:
        self.engine.settle()
        try:
            container = self.engine.container_get(ref)
        except DockerError as exc:
            raise errors.cannot_kill(ref, exc) from None
        parsed = signals.parse_signal(sig or "SIGKILL")
        if parsed is None:
            raise errors.invalid_signal(sig)
        state = container.state
        if not state.running:
            raise errors.cannot_kill(ref, errors.not_running(container.id))
        stop_signal = signals.parse_signal(container.config.stop_signal or "") or ""
        if parsed == "SIGKILL" or not stop_signal or parsed == stop_signal:
            container.manually_stopped = True
        if state.restarting:
            container.restart_at = None
            state.set_stopped(state.exit_code, self.now)
            return container
        # killWithSignal resumes a paused task when the signal is the one that stops it
        # (no StopSignal set, or this signal is it)
        self._deliver(container, parsed, thaw=not stop_signal or parsed == stop_signal)
        return container

    def container_resize(self, ref: str, height: int, width: int) -> None:
        """`POST /containers/{id}/resize` (resize.go): the running task's terminal takes the
        size, and the daemon logs `resize` with it."""
        self.engine.settle()
        container = self.engine.container_get(ref)
        if not container.state.running:
            raise errors.not_running(container.id)
        self.emit("container", "resize", container.id, height=str(height), width=str(width))

    # --- pause ---------------------------------------------------------------------------------
    def container_pause(self, ref: str) -> Container:
        self.engine.settle()
        container = self.engine.container_get(ref)
        state = container.state
        if not state.running:
            raise errors.not_running(container.id)
        if state.paused:
            raise errors.already_paused(container.id)
        if state.restarting:
            raise errors.pause_restarting(container.id)
        state.set_paused()
        container.paused_at = self.now
        self.emit("container", "pause", container.id)
        return container

    def container_unpause(self, ref: str) -> Container:
        self.engine.settle()
        container = self.engine.container_get(ref)
        if not container.state.paused:
            raise errors.not_paused(container.id)
        self._unpause(container)
        return container

    def _unpause(self, container: Container) -> None:
        """Thaw: the process resumes where it was, so its pending exit moves later."""
        frozen = self.now - (container.paused_at or self.now)
        if container.exit_at is not None:
            container.exit_at += frozen
        container.logs = [
            (t + frozen if t > (container.paused_at or self.now) else t, s, x)
            for t, s, x in container.logs
        ]
        container.paused_at = None
        container.state.set_unpaused()
        self.engine.health_resume(container)
        self.emit("container", "unpause", container.id)

    # --- restart ------------------------------------------------------------------------------
    def container_restart(self, ref: str, timeout: int | None = None) -> Container:
        self.engine.settle()
        container = self.engine.container_get(ref)
        self.engine.manual_restarts = self.engine.manual_restarts | {container.id}
        try:
            if container.state.running:
                self.container_stop(ref, timeout=timeout)
            started = self.engine.container_start(container.id)
        except DockerError as exc:
            raise errors.cannot_restart(ref, exc) from None
        finally:
            self.engine.manual_restarts = self.engine.manual_restarts - {container.id}
        self.emit("container", "restart", container.id)  # restart.go: after the start
        return started
