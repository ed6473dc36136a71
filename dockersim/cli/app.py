"""The typer app for every `dockersim` command other than the `docker` fast path."""

from __future__ import annotations

import enum
import sys
from typing import Annotated, Any

import typer

from dockersim.cli import catalog as catalog_cmd
from dockersim.cli import grade as grade_cmd
from dockersim.cli import play as play_cmd
from dockersim.cli import quiz as quiz_cmd
from dockersim.cli import schema as schema_cmd
from dockersim.cli import serve as serve_cmd
from dockersim.cli import shell as shell_cmd
from dockersim.cli import show as show_cmd
from dockersim.cli import validate as validate_cmd
from dockersim.cli import web as web_cmd
from dockersim.cli.explain import explain_app
from dockersim.errors import Error

app = typer.Typer(
    name="dockersim",
    help="An offline Docker simulator: real docker command lines, simulated world.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def docker(ctx: typer.Context) -> None:
    """Run one docker command line against the saved world (e.g. `dockersim docker ps -a`)."""
    from dockersim.cli.docker import run_docker

    raise typer.Exit(run_docker(list(ctx.args)))


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def host(ctx: typer.Context) -> None:
    """Run a command on the simulated host (e.g. `dockersim host curl -s localhost:8080`)."""
    from dockersim.cli.host import run_host

    raise typer.Exit(run_host(list(ctx.args)))


class ClockMode(enum.StrEnum):
    real = "real"
    frozen = "frozen"


@app.command()
def reset(
    clock: Annotated[
        ClockMode,
        typer.Option(
            "--clock",
            help="real: time passes between commands as it does around you; frozen: it moves "
            "only when a command makes it (DOCKERSIM_CLOCK overrides either).",
        ),
    ] = ClockMode.real,
) -> None:
    """Start a fresh simulated world (removes every image, container, volume and network)."""
    from dockersim import store

    try:
        path = store.reset(clock=clock.value)
    except Error as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    frozen = " (its clock is frozen between commands)" if clock is ClockMode.frozen else ""
    typer.echo(f"A fresh world is saved in {path}{frozen}")


_RAW_ARGS = {"allow_extra_args": True, "ignore_unknown_options": True}


def _play(ctx: typer.Context) -> None:
    """Play a scenario: the session as a terminal shows it, each check, and a summary."""
    raise typer.Exit(play_cmd.run_play(list(ctx.args)))


app.command("play", context_settings=_RAW_ARGS, add_help_option=False)(_play)
app.command("validate", context_settings=_RAW_ARGS, add_help_option=False)(validate_cmd.validate)
app.command("schema")(schema_cmd.schema)
app.command("catalog")(catalog_cmd.catalog)
app.command("shell")(shell_cmd.shell)
app.command("grade")(grade_cmd.grade)
app.command("serve")(serve_cmd.serve)
app.command("web")(web_cmd.web)
app.add_typer(quiz_cmd.app, name="quiz")
app.add_typer(explain_app, name="explain")
app.add_typer(show_cmd.app, name="show")


@app.command("completion")
def completion(
    shell: Annotated[
        str, typer.Argument(help="bash, zsh or fish.", metavar="SHELL", show_default=False)
    ],
) -> None:
    """Print the shell completion script for bash, zsh or fish.

    It completes dockersim's commands, docker commands and flags, and the names of the saved
    world's containers, images, networks and volumes. Install it once, e.g. for bash:
    dockersim completion bash > ~/.local/share/bash-completion/completions/dockersim
    (zsh: a file `_dockersim` in a directory of $fpath; fish:
    ~/.config/fish/completions/dockersim.fish)."""
    from dockersim.cli.completion import SCRIPTS

    script = SCRIPTS.get(shell)
    if script is None:
        typer.echo(f"dockersim completion: unknown shell '{shell}' (bash, zsh or fish)", err=True)
        raise typer.Exit(2)
    typer.echo(script, nl=False)


def run_app(argv: list[str]) -> int:
    """`dockersim ARGS...` other than `docker`, `host` and `play` (cli/__init__.py): the
    version, completion candidates and help pages here, the rest through typer."""
    if argv[:1] in (["--version"], ["-V"]):
        from dockersim import __version__

        sys.stdout.write(f"dockersim {__version__}\n")
        return 0
    if argv[:1] == ["__complete"]:
        import typer.main

        from dockersim.cli.completion import complete_main

        return complete_main(typer.main.get_command(app), argv[1:])
    page = help_page(argv)
    if page is not None:
        sys.stdout.write(page)
        return 0
    from typer import _click
    from typer.exceptions import Abort

    try:
        returned = app(args=argv, prog_name="dockersim", standalone_mode=False)
    except _click.exceptions.ClickException as exc:
        context = getattr(exc, "ctx", None)
        where = str(getattr(context, "command_path", "dockersim"))
        sys.stderr.write(f"{where}: {exc.format_message()}\nRun '{where} --help' for help.\n")
        return exc.exit_code
    except Abort:
        sys.stderr.write("Aborted!\n")
        return 1
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return returned if isinstance(returned, int) else 0


def help_page(argv: list[str]) -> str | None:
    """The help page `argv` asks for (`--help`/`-h` after the command's words, or a group
    named alone), else None. `play`, `validate`, `docker` and `host` draw their own."""
    import typer.main

    from dockersim.cli import helptext

    command: Any = typer.main.get_command(app)
    path: list[str] = []
    rest = list(argv)
    while rest and rest[0] in (getattr(command, "commands", None) or {}):
        path.append(rest.pop(0))
        command = command.commands[path[-1]]
    if path[:1] in (["play"], ["validate"], ["docker"], ["host"]):
        return None
    alone = bool(getattr(command, "commands", None)) and not rest
    if alone and getattr(command, "invoke_without_command", False):
        alone = False  # a group that acts on its own (`dockersim show`: the summary)
    if not (helptext.wants_help(rest) or alone):
        return None
    return helptext.from_command(command, " ".join(path))


daemon_app = typer.Typer(help="The simulated Docker daemon.", no_args_is_help=True)
app.add_typer(daemon_app, name="daemon")


@daemon_app.command("restart")
def daemon_restart() -> None:
    """Restart the simulated daemon (containers stop; restart policies decide who comes back)."""
    from dockersim import store

    try:
        with store.locked() as path:
            engine, previous = store.load(path)
            engine.daemon_restart()
            store.save(path, engine, previous)
    except Error as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
