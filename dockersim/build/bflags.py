"""Instruction flags (`--from=x`, `--chown=y`): buildkit instructions/bflag.go."""

from __future__ import annotations

from collections.abc import Sequence

from dockersim.build.ast import Node
from dockersim.build.errors import DockerfileError, with_suggestion


class Flags:
    """BFlags: `--name=value` words after the instruction; values per declared flag."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = list(words)
        self.kinds: dict[str, str] = {}
        self.values: dict[str, list[str]] = {}

    def add(self, name: str, kind: str) -> None:
        self.kinds[name] = kind

    def parse(self) -> None:
        for word in self.words:
            if word == "--":
                return
            if not word.startswith("--"):
                raise DockerfileError(f"arg should start with -- : {word}")
            flag_name, eq, value = word.partition("=")
            name = flag_name[2:]
            kind = self.kinds.get(name)
            if kind is None:
                raise DockerfileError(
                    with_suggestion(f"unknown flag: {flag_name}", name, list(self.kinds), True)
                )
            if name in self.values and kind != "strings":
                raise DockerfileError(f"duplicate flag specified: {flag_name}")
            if kind == "bool":
                if eq and value == "":
                    raise DockerfileError(f"missing a value on flag: {flag_name}")
                if value.lower() not in ("true", "false", ""):
                    raise DockerfileError(
                        f"expecting boolean value for flag {flag_name}, not: {value}"
                    )
                value = "false" if value.lower() == "false" else "true"
            elif not eq:
                raise DockerfileError(f"missing a value on flag: {flag_name}")
            self.values.setdefault(name, []).append(value)

    def string(self, name: str) -> str:
        return self.values.get(name, [""])[-1]

    def strings(self, name: str) -> tuple[str, ...]:
        return tuple(self.values.get(name, ()))

    def boolean(self, name: str) -> bool:
        return self.values.get(name, ["false"])[-1] == "true"

    def used(self) -> tuple[str, ...]:
        return tuple(name for name in self.kinds if name in self.values)


def flags_of(node: Node, spec: dict[str, str]) -> Flags:
    flags = Flags(node.flags)
    for name, kind in spec.items():
        flags.add(name, kind)
    flags.parse()
    return flags
