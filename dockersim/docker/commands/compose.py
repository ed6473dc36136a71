"""`docker compose`: the Compose v2 CLI plugin (dockersim/compose/, docs/compose.md).

The docker CLI passes every word after `compose` to the plugin, which parses its own flags."""

from __future__ import annotations

from dockersim.docker.context import Context


def run_compose(ctx: Context, argv: list[str]) -> None:
    from dockersim.compose.cli import run

    run(ctx, argv)
