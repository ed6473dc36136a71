"""The instructions that only change the image config: ENV, LABEL, ARG, CMD, ENTRYPOINT, EXPOSE,
VOLUME, USER, STOPSIGNAL, HEALTHCHECK, SHELL, MAINTAINER, ONBUILD.

`StageEnv` is one stage's dispatch state shared by both builders: the config being built, the
ARGs in scope with their values, and what the lint rules track. `apply` changes the config as
buildkit's `dispatch*` functions do and returns the two history texts: BuildKit's message
(`ENV A=1`) and the classic builder's `#(nop)` comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from dockersim.build import instructions as ins
from dockersim.build.errors import DockerfileError
from dockersim.build.image_state import (
    ImageState,
    go_q_list,
    go_v_list,
    healthcheck_text,
)
from dockersim.build.lint import Linter
from dockersim.build.shell import Lex, ShellError
from dockersim.model.image import ContainerConfig, Healthcheck
from dockersim.model.signals import NUMBERS

NON_ENV_ARGS = frozenset({"SOURCE_DATE_EPOCH"})


@attrs.define
class StageEnv:
    image: ImageState
    lex: Lex
    linter: Linter
    build_args: Mapping[str, str]
    global_args: Mapping[str, str]
    #: ARGs declared in this stage, in order, with their values (None: unset)
    args: list[tuple[str, str | None]] = attrs.Factory(list)
    cmd_line: int = 0
    entrypoint_line: int = 0
    healthcheck_line: int = 0
    workdir_set: bool = False
    #: BuildKit marks CMD's arguments as escaped (dispatchCmd); the classic builder does not
    buildkit: bool = True
    #: the llb state's env: ENV and ARG both set it, in order (ENV alone changes the image)
    vars: dict[str, str] = attrs.Factory(dict)

    def __attrs_post_init__(self) -> None:
        if not self.vars:
            self.vars = self.image.env_map()

    def env(self) -> dict[str, str]:
        """The stage's environment (llb state env): the image Env plus ARGs with a value."""
        return dict(self.vars)

    def run_env(self) -> list[str]:
        return [f"{k}={v}" for k, v in self.vars.items()]

    def args_for_history(self) -> list[tuple[str, str]]:
        """runCommandString: every ARG of the stage, its value from the environment."""
        env = self.env()
        out: dict[str, str] = {}
        for key, value in self.args:
            out[key] = env.get(key, value or "")
        return list(out.items())

    def expand(self, word: str, line: int) -> str:
        try:
            result = self.lex.process(word, self.env())
        except ShellError as exc:
            raise DockerfileError(str(exc), (line,)) from None
        self.linter.undefined_vars(
            result.unmatched, [k for k, _ in self.args], list(self.env()), line
        )
        return result.result


def apply(stage: StageEnv, cmd: ins.Instruction) -> tuple[str, str]:
    """Change the config for a metadata instruction; (BuildKit text, classic comment)."""
    image = stage.image
    line = cmd.node.start_line
    lint = stage.linter
    if isinstance(cmd, ins.Env):
        parts = []
        pairs = [(stage.expand(p.key, line), stage.expand(p.value, line), p) for p in cmd.pairs]
        for key, value, pair in pairs:
            if pair.no_delim:
                lint.legacy_key_value("ENV", line)
            lint.secret_key("ENV", key, line)
            image.add_env(key, value)
            stage.vars[key] = value
            parts.append(f"{key}={value}")
        text = "ENV " + " ".join(parts)
        return text, text
    if isinstance(cmd, ins.Label):
        parts = []
        pairs = [(stage.expand(p.key, line), stage.expand(p.value, line), p) for p in cmd.pairs]
        for key, value, pair in pairs:
            if pair.no_delim:
                lint.legacy_key_value("LABEL", line)
            image.labels[key] = value
            parts.append(f"{key}={value}")
        text = "LABEL " + " ".join(parts)
        return text, text
    if isinstance(cmd, ins.Maintainer):
        image.author = cmd.maintainer
        text = f"MAINTAINER {cmd.maintainer}"
        return text, text
    if isinstance(cmd, ins.Cmd):
        if stage.cmd_line:
            lint.multiple("CMD", stage.cmd_line)
        stage.cmd_line = line
        args = list(cmd.cmd_line or ())
        if cmd.prepend_shell:
            if not image.shell:
                lint.json_args("CMD", line)
            args = image.with_shell(args)
        image.cmd = args
        if stage.buildkit:
            image.args_escaped = True
        return f"CMD {go_q_list(args)}", f"CMD {go_q_list(args)}"
    if isinstance(cmd, ins.Entrypoint):
        if stage.entrypoint_line:
            lint.multiple("ENTRYPOINT", stage.entrypoint_line)
        stage.entrypoint_line = line
        entry = None if cmd.cmd_line is None else list(cmd.cmd_line)
        if entry is not None and cmd.prepend_shell:
            if not image.shell:
                lint.json_args("ENTRYPOINT", line)
            entry = image.with_shell(entry)
        image.entrypoint = entry
        if not stage.cmd_line:
            image.cmd = None
        shown = entry or []
        return f"ENTRYPOINT {go_q_list(shown)}", f"ENTRYPOINT {go_q_list(shown)}"
    if isinstance(cmd, ins.Expose):
        return _expose(stage, cmd)
    if isinstance(cmd, ins.Volume):
        volumes = [stage.expand(v, line) for v in cmd.volumes]
        for volume in volumes:
            if volume == "":
                raise DockerfileError("VOLUME specified can not be an empty string", cmd.lines)
            if volume not in image.volumes:
                image.volumes.append(volume)
        text = f"VOLUME {go_v_list(volumes)}"
        return text, text
    if isinstance(cmd, ins.User):
        image.user = stage.expand(cmd.user, line)
        return f"USER {image.user}", f"USER {image.user}"
    if isinstance(cmd, ins.StopSignal):
        signal = stage.expand(cmd.signal, line)
        if not _valid_signal(signal):
            raise DockerfileError(f"Invalid signal: {signal}", cmd.lines)
        image.stop_signal = signal
        return f"STOPSIGNAL {signal}", f"STOPSIGNAL {signal}"
    if isinstance(cmd, ins.Healthcheck):
        if stage.healthcheck_line:
            lint.multiple("HEALTHCHECK", stage.healthcheck_line)
        stage.healthcheck_line = line
        health = Healthcheck(
            cmd.test, cmd.interval, cmd.timeout, cmd.start_period, cmd.start_interval, cmd.retries
        )
        image.healthcheck = health
        return (
            f"HEALTHCHECK {healthcheck_text(health, False)}",
            f"HEALTHCHECK {healthcheck_text(health, True)}",
        )
    if isinstance(cmd, ins.Shell):
        image.shell = list(cmd.shell)
        text = f"SHELL {go_v_list(cmd.shell)}"
        return text, text
    if isinstance(cmd, ins.Arg):
        return _arg(stage, cmd)
    if isinstance(cmd, ins.Onbuild):
        image.on_build = [*(image.on_build or []), cmd.expression]
        return "", f"ONBUILD {cmd.expression}"
    raise TypeError(cmd)


def _expose(stage: StageEnv, cmd: ins.Expose) -> tuple[str, str]:
    line = cmd.node.start_line
    words: list[str] = []
    for port in cmd.ports:
        try:
            words.extend(stage.lex.process_words(port, stage.env()))
        except ShellError as exc:
            raise DockerfileError(str(exc), cmd.lines) from None
    specs: list[str] = []
    for word in words:
        number, _, proto = word.partition("/")
        if proto and proto != proto.lower():
            stage.linter.expose_proto(word, line)
        proto = (proto or "tcp").lower()
        start, _, end = number.rpartition(":")[2].partition("-")
        if not start.isdigit() or (end and not end.isdigit()):
            raise DockerfileError(f"invalid containerPort: {number}", cmd.lines)
        for value in range(int(start), int(end or start) + 1):
            specs.append(f"{value}/{proto}")
    for spec in specs:
        if spec not in stage.image.exposed_ports:
            stage.image.exposed_ports.append(spec)
    return f"EXPOSE {go_v_list(specs)}", "EXPOSE " + " ".join(cmd.ports)


def _arg(stage: StageEnv, cmd: ins.Arg) -> tuple[str, str]:
    line = cmd.node.start_line
    texts: list[str] = []
    for definition in cmd.args:
        stage.linter.secret_key("ARG", definition.key, line)
        value = definition.value
        if definition.key in stage.build_args:
            value = stage.build_args[definition.key]
        elif value is not None:
            value = stage.expand(value, line)
        elif definition.key in stage.global_args:
            value = stage.global_args[definition.key]
        stage.args = [(k, v) for k, v in stage.args if k != definition.key]
        stage.args.append((definition.key, value))
        if value is not None and definition.key not in NON_ENV_ARGS:
            stage.vars[definition.key] = value
        texts.append(definition.key if value is None else f"{definition.key}={value}")
    text = "ARG " + " ".join(texts)
    return text, text


def _valid_signal(text: str) -> bool:
    if text.isdigit():
        return 0 < int(text) < 65
    name = text.upper()
    if not name.startswith("SIG"):
        name = "SIG" + name
    return name in NUMBERS or name.startswith("SIGRTMIN") or name.startswith("SIGRTMAX")


def config_from_changes(changes: Sequence[str]) -> ContainerConfig:
    """`--change` lines: Dockerfile metadata instructions applied to an empty config."""
    from dockersim.build.instructions import parse_instruction
    from dockersim.build.parser import parse

    state = ImageState()
    env = StageEnv(state, Lex(), Linter(), {}, {})
    for change in changes:
        for node in parse(change).nodes:
            parsed = parse_instruction(node)
            if isinstance(parsed, ins.Instruction):
                apply(env, parsed)
    return state.container_config()


#: daemon/builder/dockerfile/builder.go validCommitCommands: the instructions `docker commit
#: --change` (and `docker import --change`) accept, compared lower-cased
CHANGE_COMMANDS = frozenset(
    {"cmd", "entrypoint", "healthcheck", "env", "expose", "label", "onbuild"}
    | {"stopsignal", "user", "volume", "workdir"}
)


class InvalidChange(ValueError):
    """A `--change` line the daemon refuses (an InvalidParameter); `str()` is its sentence."""


def config_with_changes(base: ContainerConfig, changes: Sequence[str]) -> ContainerConfig:
    """moby's BuildFromConfig: the lines joined as one Dockerfile, every instruction checked
    against CHANGE_COMMANDS before any is applied, then dispatched by the classic builder on
    a copy of `base` (variables expand against its Env). Raises InvalidChange."""
    from dockersim.build.instructions import parse_instruction
    from dockersim.build.parser import parse
    from dockersim.model.image import ImageConfig

    if not changes:
        return base
    try:
        nodes = parse("\n".join(changes)).nodes
        for node in nodes:
            if node.value.lower() not in CHANGE_COMMANDS:
                raise InvalidChange(f"{node.value} is not a valid change command")
        commands = [parse_instruction(node) for node in nodes]
        state = ImageState.from_config(ImageConfig("", "", "", base, (), ()))
        env = StageEnv(state, Lex(), Linter(), {}, {}, buildkit=False)
        for command in commands:
            if isinstance(command, ins.Workdir):
                state.set_workdir(env.expand(command.path, command.node.start_line))
            elif isinstance(command, ins.Instruction):
                apply(env, command)
    except DockerfileError as exc:
        raise InvalidChange(str(exc)) from None
    return state.container_config()
