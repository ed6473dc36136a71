"""`docker compose ...`: the command line of the Compose plugin (cmd/compose/*.go).

The docker CLI hands everything after `compose` to the plugin, which parses its own flags:
the project flags first (`-f`, `-p`, `--project-directory`, `--profile`, `--env-file`),
then a subcommand and its flags. Errors print as Compose prints them and exit 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.compose.file import Options
from dockersim.compose.model import ComposeError

if TYPE_CHECKING:
    from dockersim.docker.context import Context

#: subcommand -> (flags taking a value, boolean flags); short forms map to long names
_FLAGS: dict[str, tuple[set[str], set[str]]] = {
    "up": ({"scale", "wait-timeout", "pull", "timeout"}, {"detach", "build", "no-build", "wait",
           "no-deps", "force-recreate", "no-recreate", "remove-orphans", "quiet-pull",
           "no-color"}),
    "down": ({"rmi", "timeout"}, {"volumes", "remove-orphans"}),
    "ps": ({"format", "filter", "status"},
           {"all", "quiet", "services", "no-trunc", "orphans"}),
    "ls": ({"format", "filter"}, {"all", "quiet"}),
    "logs": ({"tail", "since", "until", "index"},
             {"follow", "no-log-prefix", "timestamps", "no-color"}),
    "exec": ({"env", "user", "workdir", "index"},
             {"no-TTY", "detach", "interactive", "privileged"}),
    "run": ({"env", "name", "entrypoint", "user", "workdir"},
            {"rm", "detach", "no-TTY", "no-deps", "interactive"}),
    "start": (set(), set()),
    "stop": ({"timeout"}, set()),
    "restart": ({"timeout"}, {"no-deps"}),
    "rm": (set(), {"force", "stop", "volumes"}),
    "pull": (set(), {"quiet", "ignore-pull-failures", "include-deps"}),
    "config": ({"format", "output"}, {"quiet", "services", "volumes", "images", "no-interpolate"}),
    "version": ({"format"}, {"short"}),
    "pause": (set(), set()),
    "unpause": (set(), set()),
    "kill": ({"signal"}, {"remove-orphans"}),
    "top": (set(), set()),
    "port": ({"protocol", "index"}, set()),
    "images": ({"format"}, {"quiet"}),
}  # fmt: skip
#: flags Compose has that this slice parses but does not act on: given, they are refused as
#: not simulated, never silently ignored (`--no-color` and `-i` are accepted: their effect,
#: no colour off a terminal and an open stdin, is what dockersim does anyway)
_NOT_SIMULATED: dict[str, set[str]] = {
    "up": {"no-build", "quiet-pull", "wait-timeout"},
    "ps": {"no-trunc"},
    "ls": {"filter", "format"},
    "logs": {"since", "timestamps", "until"},
    "exec": {"privileged"},
    "pull": {"ignore-pull-failures", "include-deps"},
    "config": {"format", "images", "no-interpolate", "output"},
    "kill": {"remove-orphans"},
}
_SHORT = {
    "d": "detach", "v": "volumes", "a": "all", "q": "quiet", "f": "follow", "n": "tail",
    "t": "timeout", "T": "no-TTY", "e": "env", "u": "user", "w": "workdir", "s": "stop",
    "i": "interactive",
}  # fmt: skip
_SHORT_BY = {"logs": {"t": "timestamps", "f": "follow"}, "rm": {"f": "force"},
             "kill": {"s": "signal"}, "version": {"f": "format"}}  # fmt: skip
#: subcommands whose positional arguments end at the service (its command follows)
_COMMAND_AFTER = {"exec", "run"}


class _Usage(Exception):
    pass


def _parse(name: str, argv: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    valued, booleans = _FLAGS[name]
    flags: dict[str, list[str]] = {}
    args: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        i += 1
        if args and name in _COMMAND_AFTER:
            args.append(word)
            continue
        if word == "--":
            args.extend(argv[i:])
            break
        if not word.startswith("-") or word == "-":
            args.append(word)
            continue
        key, eq, value = word.lstrip("-").partition("=")
        if not word.startswith("--"):
            key = _SHORT_BY.get(name, {}).get(key, _SHORT.get(key, key))
        if key in booleans:
            flags.setdefault(key, []).append(value or "true")
        elif key in valued:
            if not eq:
                if i >= len(argv):
                    raise _Usage(f"flag needs an argument: {word}")
                value = argv[i]
                i += 1
            flags.setdefault(key, []).append(value)
        else:
            raise _Usage(
                f"unknown flag: {word}"
                if word.startswith("--")
                else f"unknown shorthand flag: '{word[1]}' in {word}"
            )
    return flags, args


_GLOBAL_VALUED = {"file": "f", "project-name": "p", "project-directory": "", "profile": "",
                  "env-file": "", "progress": "", "ansi": "", "parallel": ""}  # fmt: skip


def run(ctx: Context, argv: list[str]) -> None:
    """`docker compose ARGV...`."""
    files: list[str] = []
    values: dict[str, list[str]] = {}
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        word = argv[i]
        key, eq, value = word.lstrip("-").partition("=")
        long = (
            next((k for k, s in _GLOBAL_VALUED.items() if s and s == key), key)
            if not word.startswith("--")
            else key
        )
        if long not in _GLOBAL_VALUED:
            if long in ("dry-run", "compatibility", "all-resources"):
                raise ctx.fail(f"dockersim: not simulated in compose: option --{long}")
            raise ctx.fail(f"unknown flag: {word}")
        if not eq:
            if i + 1 >= len(argv):
                raise ctx.fail(f"flag needs an argument: {word}")
            value = argv[i + 1]
            i += 1
        i += 1
        (files if long == "file" else values.setdefault(long, [])).append(value)
    rest = argv[i:]
    if not rest:
        ctx.err("dockersim: `docker compose` needs a command (up, down, ps, ls, logs, ...)\n")
        raise _fail(ctx)
    from dockersim.compose.commands import HANDLERS

    command, args = rest[0], rest[1:]
    handler = HANDLERS.get(command)
    if handler is None or command not in _FLAGS:
        raise ctx.fail(f'unknown docker command: "compose {command}"')
    options = Options(
        files=tuple(files),
        project_name=(values.get("project-name") or [""])[-1],
        project_directory=(values.get("project-directory") or [""])[-1],
        profiles=tuple(values.get("profile", [])),
        env_files=tuple(values.get("env-file", [])),
    )
    try:
        display = _display(ctx, values)
    except _Usage as exc:
        raise ctx.fail(f"{exc}") from None
    options = attrs.evolve(options, display=display, color=not ctx.env.get("NO_COLOR"))
    try:
        flags, positional = _parse(command, args)
    except _Usage as exc:
        raise ctx.fail(f"{exc}") from None
    lacking = sorted(_NOT_SIMULATED.get(command, set()) & set(flags))
    if lacking:
        raise ctx.fail(f"dockersim: not simulated in compose {command}: option --{lacking[0]}")
    try:
        handler(ctx, options, flags, positional)
    except ComposeError as exc:
        raise ctx.fail(str(exc)) from None


def _display(ctx: Context, values: dict[str, list[str]]) -> str:
    """The progress writer (cmd/compose/compose.go PersistentPreRunE, pkg/progress
    writer.go NewWriter): `--ansi`/COMPOSE_ANSI, then `--progress`/COMPOSE_PROGRESS, then
    auto: the terminal's form on a terminal, the plain one in a pipe."""
    ansi = (values.get("ansi") or [ctx.env.get("COMPOSE_ANSI", "auto")])[-1]
    progress = (values.get("progress") or [ctx.env.get("COMPOSE_PROGRESS", "")])[-1]
    mode = {"never": "plain", "always": "tty"}.get(ansi, "auto")
    if progress == "tty":
        if ansi == "never":
            raise _Usage("can't use --progress tty while ANSI support is disabled")
        mode = "tty"
    elif progress == "plain":
        if ansi == "always":
            raise _Usage("can't use --progress plain while ANSI support is forced")
        mode = "plain"
    elif progress in ("quiet", "none"):
        mode = "quiet"
    elif progress == "json":
        raise _Usage("dockersim: not simulated in compose: option --progress json")
    elif progress not in ("", "auto"):
        from dockersim.docker.render.gofmt import go_quote

        raise _Usage(f"unsupported --progress value {go_quote(progress)}")
    if mode == "auto":
        mode = "tty" if ctx.tty else "plain"
    return mode


def _fail(ctx: Context) -> Exception:
    from dockersim.docker.context import CommandFailed

    return CommandFailed(1)
