"""The image config a build stage accumulates, and the history texts each builder writes.

`ImageState` starts from the base image's config (or an empty one for `scratch`) and is changed
by each instruction the way buildkit's dockerfile2llb (`dispatch*`) and moby's classic builder
(`daemon/builder/dockerfile/dispatchers.go`) change it. The `created_by` texts follow
images-oci.md §6.4: BuildKit `ENV A=1`, `RUN /bin/sh -c ... # buildkit`; classic
`/bin/sh -c #(nop)  ENV A=1`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

import attrs

from dockersim.build.durations import duration_string
from dockersim.model.humanize import go_quote
from dockersim.model.image import ContainerConfig, Healthcheck, HistoryEntry, ImageConfig, Platform

DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEFAULT_SHELL = ("/bin/sh", "-c")
BUILDKIT_COMMENT = "buildkit.dockerfile.v0"


def go_q_list(items: Sequence[str]) -> str:
    """Go `%q` of a []string: `["a" "b"]`."""
    return "[" + " ".join(go_quote(i) for i in items) + "]"


def go_v_list(items: Sequence[str]) -> str:
    """Go `%v` of a []string: `[a b]`."""
    return "[" + " ".join(items) + "]"


@attrs.define
class ImageState:
    """A mutable working copy of an image config during one stage."""

    architecture: str = "amd64"
    os: str = "linux"
    variant: str = ""
    author: str = ""
    user: str = ""
    exposed_ports: list[str] = attrs.Factory(list)
    env: list[str] | None = None
    entrypoint: list[str] | None = None
    cmd: list[str] | None = None
    volumes: list[str] = attrs.Factory(list)
    working_dir: str = ""
    labels: dict[str, str] = attrs.Factory(dict)
    stop_signal: str = ""
    args_escaped: bool = False
    healthcheck: Healthcheck | None = None
    on_build: list[str] | None = None
    shell: list[str] | None = None
    history: list[HistoryEntry] = attrs.Factory(list)
    diff_ids: list[str] = attrs.Factory(list)
    created: str = ""

    @classmethod
    def from_config(cls, config: ImageConfig) -> ImageState:
        c = config.config
        return cls(
            architecture=config.architecture,
            os=config.os,
            variant=config.variant,
            author=config.author,
            user=c.user,
            exposed_ports=list(c.exposed_ports or ()),
            env=list(c.env) if c.env is not None else None,
            entrypoint=list(c.entrypoint) if c.entrypoint is not None else None,
            cmd=list(c.cmd) if c.cmd is not None else None,
            volumes=list(c.volumes or ()),
            working_dir=c.working_dir,
            labels=dict(c.labels or ()),
            stop_signal=c.stop_signal,
            args_escaped=c.args_escaped,
            healthcheck=c.healthcheck,
            on_build=list(c.on_build) if c.on_build is not None else None,
            shell=list(c.shell) if c.shell is not None else None,
            history=list(config.history),
            diff_ids=[str(d) for d in config.diff_ids],
            created=config.created,
        )

    @classmethod
    def scratch(cls, platform: Platform, buildkit: bool) -> ImageState:
        """BuildKit's emptyImage (WorkingDir "/", default PATH); classic: empty + PATH."""
        state = cls(platform.architecture, platform.os, platform.variant)
        state.env = [DEFAULT_PATH]
        if buildkit:
            state.working_dir = "/"
        return state

    def copy(self) -> ImageState:
        return attrs.evolve(
            self,
            exposed_ports=list(self.exposed_ports),
            env=None if self.env is None else list(self.env),
            entrypoint=None if self.entrypoint is None else list(self.entrypoint),
            cmd=None if self.cmd is None else list(self.cmd),
            volumes=list(self.volumes),
            labels=dict(self.labels),
            on_build=None if self.on_build is None else list(self.on_build),
            shell=None if self.shell is None else list(self.shell),
            history=list(self.history),
            diff_ids=list(self.diff_ids),
        )

    # --- changes ---------------------------------------------------------------------------
    def add_env(self, key: str, value: str) -> None:
        """addEnv: replace the variable in place, else append."""
        env = self.env if self.env is not None else []
        for i, item in enumerate(env):
            if item.split("=", 1)[0] == key:
                env[i] = f"{key}={value}"
                break
        else:
            env.append(f"{key}={value}")
        self.env = env

    def env_map(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in self.env or ():
            key, _, value = item.partition("=")
            out[key] = value
        return out

    def ensure_path(self) -> None:
        """classic setDefaultPath: add PATH when the base image has none."""
        if "PATH" not in self.env_map():
            self.env = [*(self.env or []), DEFAULT_PATH]

    def with_shell(self, args: Sequence[str]) -> list[str]:
        """withShell: SHELL (or /bin/sh -c) plus the shell-form command joined."""
        return [*(self.shell or DEFAULT_SHELL), " ".join(args)]

    def set_workdir(self, path: str) -> str:
        """system.NormalizeWorkdir: relative paths resolve against the current WORKDIR."""
        if not path.startswith("/"):
            path = posixpath.join(self.working_dir or "/", path)
        cleaned = posixpath.normpath(path)
        self.working_dir = "/" if cleaned in ("/", "//") else cleaned
        return self.working_dir

    def container_config(self) -> ContainerConfig:
        return ContainerConfig(
            user=self.user,
            exposed_ports=sorted(self.exposed_ports) or None,
            env=self.env,
            entrypoint=self.entrypoint,
            cmd=self.cmd,
            volumes=sorted(self.volumes) or None,
            working_dir=self.working_dir,
            labels=self.labels or None,
            stop_signal=self.stop_signal,
            args_escaped=self.args_escaped,
            healthcheck=self.healthcheck,
            on_build=self.on_build,
            shell=self.shell,
        )

    def image_config(
        self, created: str, history: Sequence[HistoryEntry] | None = None
    ) -> ImageConfig:
        from dockersim.model.digest import parse_digest

        return ImageConfig(
            architecture=self.architecture,
            os=self.os,
            created=created,
            config=self.container_config(),
            diff_ids=tuple(parse_digest(d) for d in self.diff_ids),
            history=tuple(self.history if history is None else history),
            variant=self.variant,
            author=self.author,
        )


def healthcheck_text(health: Healthcheck, pointer: bool) -> str:
    """Go `%+v` of a HealthcheckConfig (`&{...}` for the classic builder's pointer)."""
    body = (
        f"{{Test:{go_v_list(health.test)} Interval:{duration_string(health.interval)} "
        f"Timeout:{duration_string(health.timeout)} "
        f"StartPeriod:{duration_string(health.start_period)} "
        f"StartInterval:{duration_string(health.start_interval)} Retries:{health.retries}}}"
    )
    return "&" + body if pointer else body


def classic_created_by(shell: Sequence[str], comment: str, single_arg: bool = False) -> str:
    """`strings.Join(Cmd, " ")` of withCmdComment / withCmdCommentString."""
    if single_arg:
        return " ".join([*shell, "#(nop) " + comment])
    return " ".join([*shell, "#(nop) ", comment])


def run_with_args(args: Sequence[str], build_args: Sequence[tuple[str, str]]) -> str:
    """runCommandString / prependEnvOnCmd: `|N K=V ... cmd` when build args are in scope."""
    if not build_args:
        return " ".join(args)
    pairs = [f"{k}={v}" for k, v in build_args]
    return " ".join([f"|{len(pairs)}", *pairs, *args])
