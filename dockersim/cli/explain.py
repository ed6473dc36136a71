"""`dockersim explain build ARGS...`: for each step of that build, cached or not, and why."""

from __future__ import annotations

import sys

import typer

from dockersim.errors import Error, StateError


def explain_build(ctx: typer.Context) -> None:
    """Say which steps of `docker build ARGS...` hit the cache, and why the others do not."""
    from dockersim import store
    from dockersim.build.context import ContextError
    from dockersim.cli.realmachine import RealMachine
    from dockersim.docker.commands.build import explain_command
    from dockersim.docker.context import CommandFailed
    from dockersim.docker.flags import UsageError

    try:
        with store.locked() as path:
            engine, _ = store.load(path)
            engine.machine = RealMachine()
            text = explain_command(engine, list(ctx.args))
    except (StateError, ContextError, Error) as exc:
        sys.stderr.write(f"{exc}\n")
        raise typer.Exit(1) from None
    except UsageError as exc:
        sys.stderr.write(exc.stderr_text)
        raise typer.Exit(exc.exit_code) from None
    except CommandFailed as exc:
        raise typer.Exit(exc.exit_code) from None
    sys.stdout.write(text)


explain_app = typer.Typer(help="Explain what the simulated Docker does.", no_args_is_help=True)
explain_app.command(
    "build",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)(explain_build)
