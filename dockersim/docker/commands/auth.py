"""`docker login` / `docker logout` (docker/cli cli/command/registry/login.go, logout.go).

Simulated: there is no network, so Docker Hub accepts any non-empty user name and password;
other registries answer only when one runs in the simulated world.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options

HUB_SERVER = "https://index.docker.io/v1/"
CONFIG_FILE = "/root/.docker/config.json"
STORE_WARNING = (
    f"\nWARNING! Your credentials are stored unencrypted in '{CONFIG_FILE}'.\n"
    "Configure a credential helper to remove this warning. See\n"
    "https://docs.docker.com/go/credential-store/\n\n"
)


def _server(args: Sequence[str]) -> str:
    if not args or args[0] in ("docker.io", "index.docker.io", "registry-1.docker.io", HUB_SERVER):
        return HUB_SERVER
    server = args[0]
    for prefix in ("https://", "http://"):
        server = server.removeprefix(prefix)
    return server.split("/", 1)[0]


@attrs.frozen
class LoginOptions(Options):
    username: str
    password: str
    password_stdin: bool


def run_login(ctx: Context, opts: LoginOptions) -> None:
    username = opts.username
    password = opts.password
    from_stdin = opts.password_stdin
    if password and from_stdin:
        raise ctx.fail("conflicting options: cannot specify both --password and --password-stdin")
    if from_stdin:
        if not username:
            raise ctx.fail("the --password-stdin option requires --username to be set")
        password = ctx.stdin_text
        for ending in ("\r\n", "\n", "\r"):
            if password.endswith(ending):
                password = password[: -len(ending)]
                break
    if opts.given("username") and not username:
        raise ctx.fail("username is empty")
    if opts.given("password") and not password and not from_stdin:
        raise ctx.fail("password is empty")
    if password and not from_stdin:
        ctx.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    server = _server(opts.args)
    engine = ctx.engine
    at_terminal = ctx.live  # stdin and stdout are a terminal: the CLI asks (login_prompt.py)
    if not username and password:
        if at_terminal:
            return _prompt(ctx, server, "", password)
        raise ctx.fail("error: cannot perform an interactive login from a non TTY device")
    if not username and not password:
        stored = engine.auth_user(server)
        if stored is None:
            if at_terminal:
                if server == HUB_SERVER:
                    from dockersim.docker.login_prompt import WEB_FALLBACK

                    ctx.err(WEB_FALLBACK)
                return _prompt(ctx, server, "", "")
            raise ctx.fail("error: cannot perform an interactive login from a non TTY device")
        engine.auth_check(server)
        ctx.err(
            f"Authenticating with existing credentials... [Username: {stored}]\n\n"
            " Info -> To login with a different account, run 'docker logout' followed by "
            "'docker login'\n\n\n"
        )
        ctx.line("Login Succeeded")
        return
    if not password:
        if at_terminal:
            return _prompt(ctx, server, username, "")
        raise ctx.fail("password is empty")
    if engine.auth_login(server, username, password):
        ctx.err(STORE_WARNING)
    ctx.line("Login Succeeded")


def _prompt(ctx: Context, server: str, username: str, password: str) -> None:
    """At a terminal: the CLI asks for what the command line did not give
    (docker/login_prompt.py); the offline Hub accepts any account."""
    from dockersim.docker.live import host_of
    from dockersim.docker.login_prompt import HUB_SUGGEST, PAT_NOTE, LoginFollow

    if not username and server == HUB_SERVER:
        ctx.out(HUB_SUGGEST)
    if username:
        ctx.err(PAT_NOTE)
    ctx.follow = LoginFollow(
        server, host_of(ctx.engine), username, password, store_warning=STORE_WARNING
    )


def run_logout(ctx: Context, opts: Options) -> None:
    server = _server(opts.args)
    ctx.engine.auth_logout(server)
    ctx.line(f"Removing login credentials for {server}")
