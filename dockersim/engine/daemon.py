"""`Engine.daemon_restart()`: what `systemctl restart docker` does to containers.

Shutdown stops every running container with its stop signal and timeout (not a manual stop, so
restart policies still apply); start-up removes leftover `--rm` containers and starts again
every container that was started before and whose policy says so (lifecycle-moby.md §5):
`always` even after a manual stop, `unless-stopped` unless manually stopped, `on-failure` if
its last exit code was not 0 and retries remain.
"""

from __future__ import annotations

from dockersim.engine._base import EngineBase
from dockersim.errors import DockerError
from dockersim.model import signals
from dockersim.model.container import Container


class DaemonOps(EngineBase):
    def daemon_restart(self) -> None:
        self.engine.settle()
        self.emit("daemon", "shutdown", "dockerd")
        for container in sorted(self.world.containers.values(), key=lambda c: c.created):
            state = container.state
            if not state.running:
                continue
            if state.restarting:
                container.restart_at = None
                state.set_stopped(state.exit_code, self.now)
                continue
            # the stop signal, then SIGKILL once the timeout passes: the clock is not
            # advanced, the daemon's own downtime is not modelled
            sig = signals.parse_signal(container.config.stop_signal or "SIGTERM") or "SIGTERM"
            code = self.engine.signal(container, sig)
            container.exit_at = None
            state.set_stopped(signals.exit_code_for("SIGKILL") if code is None else code, self.now)
        for container in list(self.world.containers.values()):
            if container.host_config.auto_remove and container.host_config.restart_policy.name in (
                "",
                "no",
            ):
                self.engine.remove_now(container)
        self.emit("daemon", "start", "dockerd")
        for container in sorted(self.world.containers.values(), key=lambda c: c.created):
            if self._comes_back(container):
                try:
                    self.engine.launch(container, self.now)
                except DockerError as exc:
                    container.state.set_start_failed(128, str(exc))
                    continue
                self.emit("container", "start", container.id)
        self.engine.settle()

    def _comes_back(self, container: Container) -> bool:
        state = container.state
        if state.started_at is None or state.running:
            return False
        policy = container.host_config.restart_policy
        if policy.name == "always":
            return True
        if policy.name == "unless-stopped":
            return not container.manually_stopped
        if policy.name == "on-failure":
            return state.exit_code != 0 and (
                policy.maximum_retry_count == 0
                or container.restart_count < policy.maximum_retry_count
            )
        return False
