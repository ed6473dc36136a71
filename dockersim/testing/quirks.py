"""Where dockersim is known to differ from Docker, as switches for the reference model.

Each entry names a behaviour the `LifecycleMachine` found (or was written to check) where the
simulator does not do what Docker 29 does, with the moby or docker/cli source that says so. While
a quirk is switched on, `reference.Host` predicts dockersim's behaviour there, so the machine can
go on checking everything else. Once the engine is fixed, delete the entry: the machine then
checks Docker's behaviour.
"""

from __future__ import annotations

#: Where dockersim differs from Docker; each switch makes the model follow dockersim instead.
QUIRKS: dict[str, str] = {
    "start-failure-resets-restart-count": (
        "a failed `docker start` resets RestartCount to 0; moby resets it only after the "
        "networking and the spec are set up (daemon/start.go ResetRestartManager)"
    ),
    "disconnect-stale-network": (
        "`network disconnect NET c` of a stopped container from a removed network fails with "
        "`network NET not found`; moby removes the stale attachment (daemon/"
        "container_operations.go DisconnectFromNetwork: `!Running || (err != nil && force)`)"
    ),
    "connect-stopped": (
        "`network connect` of a stopped container fails when it is already on the network "
        "(moby: no-op, updateNetworkSettings `Avoid duplicate config`) and when the network "
        "does not exist (moby records it: ConnectToNetwork's `!Running` branch)"
    ),
    "restart-keeps-autoremoved": (
        "`docker restart` of a `--rm` container whose program exits at once leaves it Exited; "
        "moby sets HasBeenManuallyRestarted only while stopping a running container and clears "
        "it when the start succeeds (daemon/restart.go, daemon/start.go), so the exit removes it"
    ),
    "ps-ports-restarting": (
        "`docker ps` PORTS of a restarting container shows its exposed port (80/tcp); moby "
        "clears NetworkSettings.Ports when it releases the network (releaseNetwork)"
    ),
}
