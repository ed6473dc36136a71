"""The typed Dockerfile instructions (buildkit frontend/dockerfile/instructions/commands.go).

Plain values: `build/instructions.py` makes them from parsed nodes.
"""

from __future__ import annotations

import attrs

from dockersim.build.ast import Heredoc, Node


@attrs.frozen
class Instruction:
    """Base: the node it came from; `code` is the trimmed source line (String() in buildkit)."""

    node: Node

    @property
    def keyword(self) -> str:
        return self.node.keyword

    @property
    def code(self) -> str:
        return self.node.original.strip()

    @property
    def lines(self) -> tuple[int, ...]:
        return self.node.lines


@attrs.frozen
class KeyValue:
    key: str
    value: str
    no_delim: bool = False

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


@attrs.frozen
class Env(Instruction):
    pairs: tuple[KeyValue, ...] = ()


@attrs.frozen
class Label(Instruction):
    pairs: tuple[KeyValue, ...] = ()


@attrs.frozen
class Maintainer(Instruction):
    maintainer: str = ""


@attrs.frozen
class SourceContent:
    path: str
    data: str
    expand: bool


@attrs.frozen
class Copy(Instruction):
    """COPY and ADD (`is_add`)."""

    sources: tuple[str, ...] = ()
    dest: str = ""
    contents: tuple[SourceContent, ...] = ()
    is_add: bool = False
    from_: str = ""
    chown: str = ""
    chmod: str = ""
    link: bool = False
    parents: bool = False
    excludes: tuple[str, ...] = ()
    checksum: str = ""
    unpack: bool | None = None


@attrs.frozen
class Workdir(Instruction):
    path: str = ""


@attrs.frozen
class ShellDependent(Instruction):
    """RUN, CMD, ENTRYPOINT: the command line; shell form is one string run by the SHELL."""

    cmd_line: tuple[str, ...] | None = ()
    prepend_shell: bool = True
    files: tuple[Heredoc, ...] = ()
    flags_used: tuple[str, ...] = ()
    mounts: tuple[str, ...] = ()
    network: str = ""


@attrs.frozen
class Run(ShellDependent):
    pass


@attrs.frozen
class Cmd(ShellDependent):
    pass


@attrs.frozen
class Entrypoint(ShellDependent):
    pass


@attrs.frozen
class Healthcheck(Instruction):
    test: tuple[str, ...] = ()
    interval: int = 0
    timeout: int = 0
    start_period: int = 0
    start_interval: int = 0
    retries: int = 0


@attrs.frozen
class Expose(Instruction):
    ports: tuple[str, ...] = ()


@attrs.frozen
class User(Instruction):
    user: str = ""


@attrs.frozen
class Volume(Instruction):
    volumes: tuple[str, ...] = ()


@attrs.frozen
class StopSignal(Instruction):
    signal: str = ""


@attrs.frozen
class ArgDef:
    key: str
    value: str | None = None


@attrs.frozen
class Arg(Instruction):
    args: tuple[ArgDef, ...] = ()


@attrs.frozen
class Shell(Instruction):
    shell: tuple[str, ...] = ()


@attrs.frozen
class Onbuild(Instruction):
    expression: str = ""


@attrs.frozen
class Stage:
    """A FROM and its instructions; `name` is lower-cased, "" when the stage has no AS."""

    node: Node
    base_name: str
    name: str = ""
    platform: str = ""
    commands: tuple[Instruction, ...] = ()

    @property
    def code(self) -> str:
        return self.node.original.strip()

    @property
    def lines(self) -> tuple[int, ...]:
        return self.node.lines
