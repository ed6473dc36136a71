"""Typed Dockerfile instructions from parsed nodes (buildkit frontend/dockerfile/instructions).

`parse_stages(nodes)` checks every instruction as buildkit's instructions.Parse does (argument
counts, flags, stage names, HEALTHCHECK options) and groups them into stages after the global
ARGs. Errors carry buildkit's sentence and are wrapped `dockerfile parse error on line N: ...`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from dockersim.build.ast import Heredoc, Node
from dockersim.build.bflags import Flags, flags_of
from dockersim.build.commands import (
    Arg,
    ArgDef,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    Healthcheck,
    Instruction,
    KeyValue,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    ShellDependent,
    SourceContent,
    Stage,
    StopSignal,
    User,
    Volume,
    Workdir,
)
from dockersim.build.errors import DockerfileError, with_suggestion
from dockersim.build.parser import chomp_heredoc, parse_heredoc

INSTRUCTIONS = (
    "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
    "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
)  # fmt: skip
STAGE_NAME = re.compile(r"[a-z][a-z0-9-_.]*")


def _exactly_one(node: Node, name: str) -> str:
    args = node.args
    if len(args) != 1:
        raise DockerfileError(f"{name} requires exactly one argument")
    flags_of(node, {})
    return args[0]


def _at_least_one(name: str) -> DockerfileError:
    return DockerfileError(f"{name} requires at least one argument")


def _kvps(node: Node, name: str) -> tuple[KeyValue, ...]:
    args = node.args
    if not args:
        raise _at_least_one(name)
    if len(args) % 3:
        raise DockerfileError(f"Bad input to {name}, too many arguments")
    out = []
    for i in range(0, len(args), 3):
        if not args[i]:
            raise DockerfileError(f"{name} names can not be blank")
        out.append(KeyValue(args[i], args[i + 1], args[i + 2] == ""))
    return tuple(out)


def _json_args(node: Node) -> tuple[str, ...]:
    """handleJSONArgs: exec form as is; shell form joined into one string."""
    args = node.args
    if not args:
        return ()
    return tuple(args) if node.json else (" ".join(args),)


def _duration(flags: Flags, name: str) -> int:
    from dockersim.build.durations import parse_duration

    text = flags.string(name)
    if not text:
        return 0
    value = parse_duration(text)
    if value == 0:
        return 0
    if value < 1_000_000:
        raise DockerfileError(f'Interval "{name}" cannot be less than 1ms')
    return value


def _copy(node: Node, is_add: bool) -> Copy:
    name = "ADD" if is_add else "COPY"
    args = node.args
    if len(args) < 2:
        raise DockerfileError(
            f"{name} requires at least two arguments, but only one was provided. "
            "Destination could not be determined"
        )
    spec = {"chown": "string", "chmod": "string", "link": "bool", "exclude": "strings"}
    if is_add:
        spec |= {"keep-git-dir": "bool", "checksum": "string", "unpack": "bool"}
    else:
        spec |= {"from": "string", "parents": "bool"}
    flags = flags_of(node, spec)
    dest = args[-1]
    if parse_heredoc(dest) is not None:
        raise DockerfileError(f"{name} cannot accept a heredoc as a destination")
    docs = {doc.name: doc for doc in node.heredocs}
    sources: list[str] = []
    contents: list[SourceContent] = []
    for src in args[:-1]:
        doc = parse_heredoc(src)
        if doc is None:
            sources.append(src)
            continue
        found = docs.get(doc.name, Heredoc(doc.name))
        data = chomp_heredoc(found.content) if doc.chomp else found.content
        contents.append(SourceContent(doc.name, data, doc.expand))
    unpack = flags.boolean("unpack") if "unpack" in flags.values else None
    return Copy(
        node,
        tuple(sources),
        dest,
        tuple(contents),
        is_add,
        flags.string("from"),
        flags.string("chown"),
        flags.string("chmod"),
        flags.boolean("link"),
        flags.boolean("parents"),
        flags.strings("exclude"),
        flags.string("checksum"),
        unpack,
    )


def _shell_dependent(node: Node, cls: type[ShellDependent], empty_as_none: bool) -> ShellDependent:
    spec: dict[str, str] = {}
    if cls is Run:
        spec = {"mount": "strings", "network": "string", "security": "string", "device": "strings"}
    flags = flags_of(node, spec)
    args: tuple[str, ...] | None = _json_args(node)
    if empty_as_none and not args:
        args = None
    return cls(
        node,
        args,
        not node.json,
        node.heredocs,
        flags.used(),
        flags.strings("mount"),
        flags.string("network"),
    )


def _healthcheck(node: Node) -> Healthcheck:
    args = node.args
    if not args:
        raise _at_least_one("HEALTHCHECK")
    kind = args[0].upper()
    rest = args[1:]
    if kind == "NONE":
        if rest:
            raise DockerfileError("HEALTHCHECK NONE takes no arguments")
        return Healthcheck(node, ("NONE",))
    flags = flags_of(
        node,
        {
            "interval": "string",
            "timeout": "string",
            "start-period": "string",
            "start-interval": "string",
            "retries": "string",
        },
    )
    if kind != "CMD":
        raise DockerfileError(f'Unknown type "{kind}" in HEALTHCHECK (try CMD)')
    command = tuple(rest) if node.json else ((" ".join(rest),) if rest else ())
    if not command:
        raise DockerfileError("Missing command after HEALTHCHECK CMD")
    test = ("CMD" if node.json else "CMD-SHELL", *command)
    retries_text = flags.string("retries")
    retries = 0
    if retries_text:
        try:
            retries = int(retries_text, 10)
        except ValueError:
            raise DockerfileError(
                f'strconv.ParseInt: parsing "{retries_text}": invalid syntax'
            ) from None
        if retries < 0:
            raise DockerfileError(f"--retries cannot be negative ({retries})")
    return Healthcheck(
        node,
        test,
        _duration(flags, "interval"),
        _duration(flags, "timeout"),
        _duration(flags, "start-period"),
        _duration(flags, "start-interval"),
        retries,
    )


def _arg(node: Node) -> Arg:
    args = node.args
    if not args:
        raise _at_least_one("ARG")
    out = []
    for word in args:
        if "=" in word:
            key, value = word.split("=", 1)
            if not key:
                raise DockerfileError("ARG names can not be blank")
            out.append(ArgDef(key, value))
        else:
            out.append(ArgDef(word))
    return Arg(node, tuple(out))


def _onbuild(node: Node) -> Onbuild:
    args = node.args
    if not args:
        raise _at_least_one("ONBUILD")
    flags_of(node, {})
    trigger = args[0].strip().upper()
    if trigger == "ONBUILD":
        raise DockerfileError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
    if trigger in ("MAINTAINER", "FROM"):
        raise DockerfileError(f"{trigger} isn't allowed as an ONBUILD trigger")
    expression = re.sub(r"(?i)^\s*ONBUILD\s*", "", node.original)
    for doc in node.heredocs:
        expression += "\n" + doc.content + doc.name
    return Onbuild(node, expression)


def parse_from(node: Node) -> Stage:
    args = node.args
    name = ""
    if len(args) == 3 and args[1].lower() == "as":
        name = args[2].lower()
        if not STAGE_NAME.fullmatch(name):
            raise DockerfileError(
                f'invalid name for build stage: "{args[2]}", name can\'t start with a number '
                "or contain symbols"
            )
    elif len(args) != 1:
        raise DockerfileError("FROM requires either one or three arguments")
    flags = flags_of(node, {"platform": "string"})
    return Stage(node, args[0], name, flags.string("platform"))


def parse_instruction(node: Node) -> Instruction | Stage:
    """ParseInstruction: one node as a typed instruction (or a Stage for FROM)."""
    try:
        return _parse(node)
    except DockerfileError as exc:
        raise exc.located(node.start_line, node.end_line) from None


def _parse(node: Node) -> Instruction | Stage:
    keyword = node.keyword
    args = node.args
    if keyword == "env":
        flags_of(node, {})
        return Env(node, _kvps(node, "ENV"))
    if keyword == "maintainer":
        return Maintainer(node, _exactly_one(node, "MAINTAINER"))
    if keyword == "label":
        flags_of(node, {})
        return Label(node, _kvps(node, "LABEL"))
    if keyword in ("add", "copy"):
        return _copy(node, keyword == "add")
    if keyword == "from":
        return parse_from(node)
    if keyword == "onbuild":
        return _onbuild(node)
    if keyword == "workdir":
        return Workdir(node, _exactly_one(node, "WORKDIR"))
    if keyword == "run":
        return _shell_dependent(node, Run, False)
    if keyword == "cmd":
        return _shell_dependent(node, Cmd, False)
    if keyword == "entrypoint":
        return _shell_dependent(node, Entrypoint, True)
    if keyword == "healthcheck":
        return _healthcheck(node)
    if keyword == "expose":
        if not args:
            raise _at_least_one("EXPOSE")
        flags_of(node, {})
        return Expose(node, tuple(sorted(args)))
    if keyword == "user":
        return User(node, _exactly_one(node, "USER"))
    if keyword == "volume":
        if not args:
            raise _at_least_one("VOLUME")
        flags_of(node, {})
        volumes = tuple(v.strip() for v in args)
        if "" in volumes:
            raise DockerfileError("VOLUME specified can not be an empty string")
        return Volume(node, volumes)
    if keyword == "stopsignal":
        if len(args) != 1:
            raise DockerfileError("STOPSIGNAL requires exactly one argument")
        return StopSignal(node, args[0])
    if keyword == "arg":
        return _arg(node)
    if keyword == "shell":
        flags_of(node, {})
        shell = _json_args(node)
        if not shell:
            raise _at_least_one("SHELL")
        if not node.json:
            raise DockerfileError("SHELL requires the arguments to be in JSON form")
        return Shell(node, shell)
    upper = [name.upper() for name in INSTRUCTIONS]
    raise DockerfileError(
        with_suggestion(f"unknown instruction: {node.value}", node.value, upper, False)
    )


def parse_stages(nodes: Sequence[Node]) -> tuple[list[Stage], list[Arg]]:
    """instructions.Parse: the stages and the global (before the first FROM) ARGs."""
    stages: list[Stage] = []
    meta: list[Arg] = []
    for node in nodes:
        try:
            parsed = parse_instruction(node)
        except DockerfileError as exc:
            raise exc.in_parse(node.start_line) from None
        if isinstance(parsed, Stage):
            stages.append(parsed)
            continue
        if not stages:
            if isinstance(parsed, Arg):
                meta.append(parsed)
                continue
            raise DockerfileError("no build stage in current context", node.lines)
        last = stages[-1]
        stages[-1] = attrs.evolve(last, commands=(*last.commands, parsed))
    return stages, meta


__all__ = [
    "Arg", "ArgDef", "Cmd", "Copy", "Entrypoint", "Env", "Expose", "Healthcheck", "Instruction",
    "KeyValue", "Label", "Maintainer", "Onbuild", "Run", "Shell", "ShellDependent",
    "SourceContent", "Stage", "StopSignal", "User", "Volume", "Workdir", "parse_from",
    "parse_instruction", "parse_stages",
]  # fmt: skip
