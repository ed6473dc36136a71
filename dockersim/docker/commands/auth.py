"""`docker login` / `docker logout`, simulated: no network, any non-empty password is accepted."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context

HUB_SERVER = "https://index.docker.io/v1/"


def _server(args: list[str]) -> str:
    if not args or args[0] in ("docker.io", "index.docker.io", "registry-1.docker.io"):
        return HUB_SERVER
    return args[0]


def run_login(ctx: Context, opts: Any) -> None:
    values = opts.values
    username = str(values.get("username") or "")
    password = str(values.get("password") or "")
    if password:
        ctx.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    if not username or not password:
        raise ctx.fail("Error: Cannot perform an interactive login from a non TTY device")
    ctx.engine.auth_login(_server(opts.args), username, password)
    ctx.line("")
    ctx.line("Login Succeeded")


def run_logout(ctx: Context, opts: Any) -> None:
    server = _server(opts.args)
    if ctx.engine.auth_logout(server):
        ctx.line(f"Removing login credentials for {server}")
    else:
        ctx.line(f"Not logged in to {server}")
