"""The docker CLI as a front end: argv -> engine calls -> Docker's exact text and exit status.

This is the one place that turns an engine error into what the docker CLI prints: the client adds
`Error response from daemon: ` and exits 1, unless the command says otherwise (`docker run`
maps errors to 125/126/127). Flag and argument errors come from `flags.py` with their own texts.
"""

from __future__ import annotations

import functools
import importlib
import shlex
import types
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.docker.context import CommandFailed, Context, Stdin
from dockersim.errors import DockerError, Error
from dockersim.model.reference import InvalidReference
from dockersim.result import Result

if TYPE_CHECKING:
    from dockersim.docker.options import Options
    from dockersim.engine import Engine

#: command path -> "module:function" under dockersim.docker.commands, imported on first use; the
#: function's `opts` annotation names the `Options` class it takes (see `handler_of`).
HANDLERS: dict[str, str] = {
    "image pull": "pull:run_pull",
    "image push": "push:run_push",
    "image ls": "images:run_images",
    "image inspect": "inspect:run_image_inspect",
    "inspect": "inspect:run_inspect",
    "image history": "history:run_history",
    "image tag": "tag:run_tag",
    "image rm": "rmi:run_rmi",
    "image prune": "prune:run_image_prune",
    "system df": "system:run_df",
    "system info": "system:run_info",
    "version": "system:run_version",
    "login": "auth:run_login",
    "logout": "auth:run_logout",
    "search": "search:run_search",
    "manifest inspect": "manifest:run_manifest_inspect",
    "container create": "run:run_create",
    "container run": "run:run_run",
    "container start": "lifecycle:run_start",
    "container stop": "lifecycle:run_stop",
    "container kill": "lifecycle:run_kill",
    "container pause": "lifecycle:run_pause",
    "container unpause": "lifecycle:run_unpause",
    "container restart": "lifecycle:run_restart",
    "container rm": "lifecycle:run_rm",
    "container wait": "lifecycle:run_wait",
    "container rename": "lifecycle:run_rename",
    "container update": "lifecycle:run_update",
    "container prune": "prune:run_container_prune",
    "container ls": "ps:run_ps",
    "container logs": "containers:run_logs",
    "container attach": "containers:run_attach",
    "container exec": "containers:run_exec",
    "container diff": "containers:run_diff",
    "container top": "containers:run_top",
    "container commit": "containers:run_commit",
    "container inspect": "inspect:run_container_inspect",
    "system events": "observe:run_events",
    "container stats": "observe:run_stats",
    "container port": "observe:run_port",
    "network create": "network:run_create",
    "network ls": "network:run_ls",
    "network inspect": "network:run_inspect",
    "network rm": "network:run_rm",
    "network connect": "network:run_connect",
    "network disconnect": "network:run_disconnect",
    "network prune": "prune:run_network_prune",
    "volume create": "volume:run_create",
    "volume ls": "volume:run_ls",
    "volume inspect": "volume:run_inspect",
    "volume rm": "volume:run_rm",
    "volume prune": "prune:run_volume_prune",
    "system prune": "prune:run_system_prune",
    "container cp": "cp:run_cp",
    "swarm init": "swarm:run_init",
    "swarm join": "swarm:run_join",
    "swarm leave": "swarm:run_leave",
    "swarm join-token": "swarm:run_join_token",
    "node ls": "swarm:run_node_ls",
    "node inspect": "node:run_inspect",
    "node update": "node:run_update",
    "node promote": "node:run_promote",
    "node demote": "node:run_demote",
    "node rm": "node:run_rm",
    "node ps": "node:run_ps",
    "stack deploy": "stack:run_deploy",
    "stack ls": "stack:run_ls",
    "stack services": "stack:run_services",
    "stack ps": "stack:run_ps",
    "stack rm": "stack:run_rm",
    "service update": "service_update:run_update",
    "service rollback": "service_update:run_rollback",
    "service logs": "service_update:run_logs",
    "service create": "service:run_create",
    "secret create": "secret:run_create",
    "secret ls": "secret:run_ls",
    "secret inspect": "secret:run_inspect",
    "secret rm": "secret:run_rm",
    "config create": "secret:run_create",
    "config ls": "secret:run_ls",
    "config inspect": "secret:run_inspect",
    "config rm": "secret:run_rm",
    "service ls": "service:run_ls",
    "service ps": "service:run_ps",
    "service inspect": "service:run_inspect",
    "service scale": "service:run_scale",
    "service rm": "service:run_rm",
    "image build": "build:run_build",
    "builder prune": "build:run_builder_prune",
    "buildx build": "buildx:run_buildx_build",
    "buildx ls": "buildx:run_ls",
    "buildx version": "buildx:run_version",
    "plugin ls": "buildx:run_plugin_ls",
    "context ls": "contexts:run_ls",
    "context show": "contexts:run_show",
    "context use": "contexts:run_use",
    "image save": "archive:run_save",
    "image load": "archive:run_load",
    "image import": "archive:run_import",
    "container export": "archive:run_export",
}


#: commands that only read the world: the CLI does not save after them (Result.read_only);
#: `top` is not one: the daemon logs a `top` event
READ_ONLY = frozenset(
    {
        "image ls", "image inspect", "inspect", "image history", "system df", "system info",
        "version", "search", "container ls", "container logs", "container diff",
        "container inspect", "system events", "container stats",
        "container port", "network ls", "network inspect", "volume ls", "volume inspect",
        "node ls", "service ls", "service ps", "service inspect", "node inspect",
        "service logs", "node ps", "stack ls", "stack services", "stack ps", "secret ls",
        "secret inspect", "config ls", "config inspect",
        "buildx ls", "buildx version", "plugin ls", "context ls", "context show",
    }
)  # fmt: skip


def run(
    command_line: str | Sequence[str],
    engine: Engine,
    *,
    tty: bool = False,
    stdin: str | bytes = "",
    env: Mapping[str, str] | None = None,
    live: bool = False,
) -> Result:
    """Run one docker command line (with or without the leading `docker`).

    Leading `NAME=value` words set the CLI's environment, as a shell would
    (`DOCKER_BUILDKIT=0 docker build .`); `env` gives it directly.
    """
    if isinstance(command_line, str):
        try:
            argv = list(_split(command_line))
        except ValueError as exc:
            return Result(1, "", f"dockersim: cannot parse the command line: {exc}\n")
    else:
        argv = list(command_line)
    variables = dict(env or {})
    while argv and "=" in argv[0] and argv[0].split("=", 1)[0].isidentifier():
        name, _, value = argv.pop(0).partition("=")
        variables[name] = value
    if argv and argv[0] == "docker":
        argv = argv[1:]
    if live:  # a learner at a real terminal (`dockersim shell`): see `main`
        return main(argv, engine, tty=tty, stdin=stdin, env=variables, live=True, stdin_tty=True)
    return main(argv, engine, tty=tty, stdin=stdin, env=variables)


def main(
    argv: list[str],
    engine: Engine,
    *,
    tty: bool = False,
    stdin: Stdin = "",
    env: Mapping[str, str] | None = None,
    live: bool = False,
    stdin_tty: bool | None = None,
) -> Result:
    """Parse as the docker CLI does, run the command, and map errors to texts and statuses.

    `live`: a learner at a real terminal (the `dockersim` command line), so an interactive
    command leaves a live session in `Result.follow`; `stdin_tty` says whether stdin is a
    terminal (None: not checked)."""
    from dockersim.docker import flags, help, spec

    ctx = Context(engine, tty=tty, stdin=stdin, env=env, live=live, stdin_tty=stdin_tty)
    ctx.read_only = True  # until a command that changes the world runs
    try:
        if "compose" in argv and _compose(ctx, argv, flags):  # the Compose plugin
            return ctx.result(ctx.exit_code)
        options, command, parsed = _parse(tuple(argv), flags, spec)
        ctx.err(options.warnings)
        daemon_host = _host_name(options.values.get("host"))
        if daemon_host:
            engine = engine.node(daemon_host)
            ctx.engine = engine
        table = spec.load()
        if options.version:
            ctx.out(help.version_text(table))
            return ctx.result(0)
        if command is None or parsed is None:
            raise AssertionError("unreachable: parse returned no command")
        ctx.out(parsed.warnings)
        if command.path == "help":
            ctx.out(help.render_help(flags.help_topic(parsed.args, table), table=table))
            return ctx.result(0)
        if parsed.help:
            ctx.out(help.render_help(command, table=table))
            return ctx.result(0)
        if parsed.bare:
            ctx.err(help.render_bare(command))
            return ctx.result(0)
        # an entry of its own for a second registration (`buildx build`), else the command's
        path = command.call_path if command.call_path in HANDLERS else command.path
        if path not in HANDLERS:
            raise ctx.fail(
                f"dockersim: '{command.command_path}' is not simulated yet "
                "(see docs/architecture.md for what is)"
            )
        handler, options_class = handler_of(path)
        ctx.read_only = path in READ_ONLY
        handler(ctx, options_class.from_parsed(parsed))
        return ctx.result(ctx.exit_code)
    except flags.UsageError as exc:
        ctx.out(exc.stdout_text)
        ctx.err(exc.stderr_text)
        return ctx.result(exc.exit_code)
    except CommandFailed as exc:
        return ctx.result(exc.exit_code)
    except DockerError as exc:
        ctx.daemon_error(exc)
        return ctx.result(1)
    except InvalidReference as exc:
        ctx.err(f"{exc}\n")
        return ctx.result(1)
    except Error as exc:
        ctx.err(f"{exc}\n")
        return ctx.result(1)


def _compose(ctx: Context, argv: list[str], flags: Any) -> bool:
    """`docker [global options] compose ...`: hand the rest to the Compose plugin (it parses
    its own flags, as a CLI plugin does); False when `compose` is not the command."""
    options, rest = flags.parse_global(list(argv))
    if options.version or options.help or not rest or rest[0] != "compose":
        return False
    from dockersim.docker.commands.compose import run_compose

    ctx.read_only = False
    run_compose(ctx, rest[1:])
    return True


@functools.cache
def handler_of(path: str) -> tuple[Callable[[Context, Any], None], type[Options]]:
    """The handler of command `path` and the `Options` class its `opts` is annotated with,
    resolved once per command."""
    from dockersim.docker.options import options_type

    module_name, func = HANDLERS[path].split(":")
    module = importlib.import_module(f"dockersim.docker.commands.{module_name}")
    handler: Callable[[Context, Any], None] = getattr(module, func)
    return handler, options_type(handler)


def _host_name(value: object) -> str:
    """`-H tcp://node2:2375`, `-H ssh://me@node2`, `-H node2` -> `node2`; a unix socket: ""."""
    if isinstance(value, list):
        value = value[-1] if value else ""
    text = str(value or "")
    if not text or text.startswith(("unix://", "npipe://")):
        return ""
    text = text.split("://", 1)[-1]
    text = text.rsplit("@", 1)[-1]
    return text.split(":", 1)[0].split("/", 1)[0]


@functools.lru_cache(maxsize=4096)
def _split(command_line: str) -> tuple[str, ...]:
    """shlex.split, memoised: scenarios, graders and benchmarks repeat their command lines."""
    if not any(c in command_line for c in "'\"\\#"):
        return tuple(command_line.split())
    return tuple(shlex.split(command_line))


_PARSED: dict[tuple[str, ...], tuple[Any, Any, Any]] = {}


def _parse(argv: tuple[str, ...], flags: Any, spec: Any) -> tuple[Any, Any, Any]:
    """Global options, command and its flags for `argv` -- a pure function of the argv (the
    command table never changes), so successful parses are memoised; the values a handler
    gets are read-only."""
    cached = _PARSED.get(argv)
    if cached is None:
        options, rest = flags.parse_global(list(argv))
        command = parsed = None
        if not options.version:
            command, rest = flags.lookup(rest)
            parsed = flags.parse(command, rest, global_help=options.help)
        if parsed is not None:
            # shared by every later run of the same line: read-only from here on
            parsed = attrs.evolve(parsed, values=types.MappingProxyType(parsed.values))
        cached = (options, command, parsed)
        if len(_PARSED) > 4096:
            _PARSED.clear()
        _PARSED[argv] = cached
    return cached
