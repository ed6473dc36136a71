"""Tab completion for the interactive shell: docker commands, their flags, and the names in
the world (containers, images, volumes, networks), read from the docker command table.

`complete(engine, line, text)` returns the candidates for the word `text` being typed at the
end of `line` (everything before the cursor); pure apart from reading the engine.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.docker.spec import CommandSpec
    from dockersim.engine import Engine

#: Words the shell itself understands (see shell.py).
META = (".advance", ".daemon-restart", ".exit", ".explain", ".help", ".save", ".save!")
#: Which names a command's positional arguments are, by the command's canonical path.
_ARGS_BY_PREFIX = (
    ("container run", "image"),
    ("container create", "image"),
    ("container commit", "container"),
    ("container ls", ""),
    ("container prune", ""),
    ("container", "container"),
    ("image ls", ""),
    ("image prune", ""),
    ("image", "image"),
    ("inspect", "any"),
    ("volume create", ""),
    ("volume ls", ""),
    ("volume", "volume"),
    ("network create", ""),
    ("network ls", ""),
    ("network connect", "network container"),
    ("network disconnect", "network container"),
    ("network", "network"),
)
#: Flags whose value is a name in the world.
_FLAG_VALUES = {"--network": "network", "--net": "network", "-v": "volume", "--volume": "volume"}


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def complete(engine: Engine, line: str, text: str) -> list[str]:
    """Candidates for `text`, the last (partial) word of `line`."""
    from dockersim.engine.host import HOST_PROGRAMS

    before = line[: len(line) - len(text)] if text and line.endswith(text) else line
    words = _words(before)
    if not words:
        first = ["docker", "exit", *HOST_PROGRAMS, *META]
        return sorted({w for w in first if w.startswith(text)})
    if words[0] != "docker":
        return sorted(n for n in _names(engine, "any") if n.startswith(text))
    return _docker(engine, words[1:], text)


def _docker(engine: Engine, args: list[str], text: str) -> list[str]:
    from dockersim.docker import spec as spec_module

    table = spec_module.load()
    spec = table.root
    positional: list[str] = []
    for word in args:
        if word.startswith("-"):
            continue
        child = table.child(spec, word) if not positional else None
        if child is not None:
            spec = child
        else:
            positional.append(word)
    if args and args[-1] in _FLAG_VALUES:
        return _matching(_names(engine, _FLAG_VALUES[args[-1]]), text)
    if text.startswith("-"):
        return _matching(_flags(spec), text)
    if not positional:
        children = [c for c in table.children(spec) if not c.hidden]
        if children:
            names = [c.name for c in children] + [a for c in children for a in c.aliases]
            return _matching(names, text)
    kinds = _argument_kinds(spec.path)
    if not kinds:
        return []
    kind = kinds[min(len(positional), len(kinds) - 1)]
    if spec.path in ("container run", "container create") and positional:
        return []  # after the image comes the command, which is free text
    return _matching(_names(engine, kind), text)


def _argument_kinds(path: str) -> list[str]:
    for prefix, kinds in _ARGS_BY_PREFIX:
        if path == prefix or path.startswith(prefix + " "):
            return kinds.split()
    return []


def _flags(spec: CommandSpec) -> list[str]:
    out = ["--help"]
    for flag in spec.flags:
        if flag.hidden:
            continue
        out.append(f"--{flag.name}")
        if flag.short and not flag.short_deprecated:
            out.append(f"-{flag.short}")
    return out


def names_of(engine: Engine, kind: str, text: str) -> list[str]:
    """The names in the world of a kind (`container`, `image`, `volume`, `network`, `any`)
    that start with `text`: what `dockersim show` and shell completion propose."""
    return _matching(_names(engine, kind), text)


def _matching(candidates: list[str], text: str) -> list[str]:
    return sorted({c for c in candidates if c.startswith(text)})


def _names(engine: Engine, kind: str) -> list[str]:
    world = engine.world
    out: list[str] = []
    if kind in ("container", "any"):
        for container in world.containers.values():
            out += [container.display_name, container.short_id]
    if kind in ("image", "any"):
        for image_id in world.images:
            for ref in engine.references_of(image_id):
                out.append(_familiar(ref))
            out.append(image_id.removeprefix("sha256:")[:12])
    if kind in ("volume", "any"):
        out += [str(v) for v in (getattr(world, "volumes", None) or {})]
    if kind in ("network", "any"):
        networks = getattr(world, "networks", None) or {}
        out += [str(getattr(n, "name", k)) for k, n in networks.items()]
    return out


def _familiar(ref: str) -> str:
    from dockersim.model.reference import InvalidReference, parse_reference

    try:
        return parse_reference(ref).familiar
    except InvalidReference:
        return ref
