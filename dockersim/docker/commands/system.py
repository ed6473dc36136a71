"""`docker version`, `docker info`, `docker system df` (docker/cli cli/command/system)."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.docker.render.table import TabWriter
from dockersim.engine.system import (
    API_VERSION,
    CONTAINERD_VERSION,
    ENGINE_VERSION,
    GIT_COMMIT,
    GO_VERSION,
    MIN_API_VERSION,
    RUNC_VERSION,
)
from dockersim.model.humanize import human_size

CLIENT_COMMIT = "f52814d"
BUILT = "Fri Dec 12 14:49:37 2025"


def version_line() -> str:
    return f"Docker version {ENGINE_VERSION}, build {CLIENT_COMMIT}"


def run_version(ctx: Context, opts: Any) -> None:
    ctx.out(
        "Client: Docker Engine - Community\n"
        f" Version:           {ENGINE_VERSION}\n"
        f" API version:       {API_VERSION}\n"
        f" Go version:        {GO_VERSION}\n"
        f" Git commit:        {CLIENT_COMMIT}\n"
        f" Built:             {BUILT}\n"
        " OS/Arch:           linux/amd64\n"
        " Context:           default\n"
        "\n"
        "Server: Docker Engine - Community\n"
        " Engine:\n"
        f"  Version:          {ENGINE_VERSION}\n"
        f"  API version:      {API_VERSION} (minimum version {MIN_API_VERSION})\n"
        f"  Go version:       {GO_VERSION}\n"
        f"  Git commit:       {GIT_COMMIT}\n"
        f"  Built:            {BUILT}\n"
        "  OS/Arch:          linux/amd64\n"
        "  Experimental:     false\n"
        " containerd:\n"
        f"  Version:          {CONTAINERD_VERSION}\n"
        "  GitCommit:        1c4457e00facac03ce1d75f7b6777a7a851e5c41\n"
        " runc:\n"
        f"  Version:          {RUNC_VERSION}\n"
        f"  GitCommit:        v{RUNC_VERSION}-0-gd6d73eb8\n"
        " docker-init:\n"
        "  Version:          0.19.0\n"
        "  GitCommit:        de40ad0\n"
    )


def run_info(ctx: Context, opts: Any) -> None:
    engine = ctx.engine
    images = len(engine.world.images)
    ctx.out(
        "Client: Docker Engine - Community\n"
        f" Version:    {ENGINE_VERSION}\n"
        " Context:    default\n"
        " Debug Mode: false\n"
        "\n"
        "Server:\n"
        " Containers: 0\n"
        "  Running: 0\n"
        "  Paused: 0\n"
        "  Stopped: 0\n"
        f" Images: {images}\n"
        f" Server Version: {ENGINE_VERSION}\n"
        " Storage Driver: overlay2\n"
        "  Backing Filesystem: extfs\n"
        "  Supports d_type: true\n"
        "  Using metacopy: false\n"
        "  Native Overlay Diff: true\n"
        "  userxattr: false\n"
        " Logging Driver: json-file\n"
        " Cgroup Driver: systemd\n"
        " Cgroup Version: 2\n"
        " Plugins:\n"
        "  Volume: local\n"
        "  Network: bridge host ipvlan macvlan null overlay\n"
        "  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog\n"
        " CDI spec directories:\n"
        "  /etc/cdi\n"
        "  /var/run/cdi\n"
        " Swarm: inactive\n"
        " Runtimes: io.containerd.runc.v2 runc\n"
        " Default Runtime: runc\n"
        " Init Binary: docker-init\n"
        f" containerd version: 1c4457e00facac03ce1d75f7b6777a7a851e5c41\n"
        f" runc version: v{RUNC_VERSION}-0-gd6d73eb8\n"
        " init version: de40ad0\n"
        " Security Options:\n"
        "  apparmor\n"
        "  seccomp\n"
        "   Profile: builtin\n"
        "  cgroupns\n"
        " Kernel Version: 6.8.0-60-generic\n"
        " Operating System: Ubuntu 24.04.2 LTS\n"
        " OSType: linux\n"
        " Architecture: x86_64\n"
        " CPUs: 2\n"
        " Total Memory: 7.755GiB\n"
        " Name: dockersim\n"
        " ID: 6f0c1d3e-5b7a-4c2e-9d8f-0a1b2c3d4e5f\n"
        " Docker Root Dir: /var/lib/docker\n"
        " Debug Mode: false\n"
        " Experimental: false\n"
        " Insecure Registries:\n"
        "  ::1/128\n"
        "  127.0.0.0/8\n"
        " Live Restore Enabled: false\n"
        "\n"
    )


def run_df(ctx: Context, opts: Any) -> None:
    usage = ctx.engine.system_df()
    writer = TabWriter(10, 1, 3, " ", 0)
    writer.write("TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n")
    writer.write(
        f"Images\t{usage.images_total}\t{usage.images_active}\t{human_size(usage.images_size)}\t"
        f"{_reclaimable(usage.images_reclaimable, usage.images_size)}\n"
    )
    writer.write("Containers\t0\t0\t0B\t0B\n")
    writer.write("Local Volumes\t0\t0\t0B\t0B\n")
    writer.write("Build Cache\t0\t0\t0B\t0B\n")
    ctx.out(writer.flush())


def _reclaimable(reclaimable: int, total: int) -> str:
    text = human_size(reclaimable)
    if total:
        text += f" ({reclaimable * 100 // total}%)"
    return text
