"""`docker context ls/show/use` (docker/cli cli/command/context): the client has one context,
`default`, built from DOCKER_HOST (cli/command/context.go), and no context store."""

from __future__ import annotations

import hashlib
import re

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows

DEFAULT = "default"
DESCRIPTION = "Current DOCKER_HOST based configuration"
ENDPOINT = "unix:///var/run/docker.sock"
LS_TABLE = (
    "table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}"
)
LS_HEADERS = {
    "Name": "NAME",
    "Description": "DESCRIPTION",
    "DockerEndpoint": "DOCKER ENDPOINT",
    "Error": "ERROR",
}
#: cli/context/store/store.go validNameFormat
VALID_NAME = "^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$"


@attrs.frozen
class LsOptions(Options):
    format: str
    quiet: bool


def run_ls(ctx: Context, opts: LsOptions) -> None:
    row = {
        "Name": DEFAULT,
        "Current": True,
        "Description": DESCRIPTION,
        "DockerEndpoint": ctx.env.get("DOCKER_HOST") or ENDPOINT,
        "Error": "",
    }
    fmt = "{{.Name}}" if opts.quiet else opts.format
    try:
        ctx.out(format_rows(fmt, [row], LS_HEADERS, LS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
    if ctx.env.get("DOCKER_HOST"):
        ctx.err(
            "Warning: DOCKER_HOST environment variable overrides the active context. To use a "
            "context, either set the global --context flag, or unset DOCKER_HOST environment "
            "variable.\n"
        )


@attrs.frozen
class ShowOptions(Options):
    pass


def run_show(ctx: Context, opts: ShowOptions) -> None:
    ctx.line(DEFAULT)


@attrs.frozen
class UseOptions(Options):
    pass


def run_use(ctx: Context, opts: UseOptions) -> None:
    """use.go runUse: `default` needs no store; any other name is checked, then looked up."""
    (name,) = opts.args
    if name != DEFAULT:
        if not name:
            raise ctx.fail("context name cannot be empty")
        if not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9_.+-]+", name):
            raise ctx.fail(
                f"context name {_go_quote(name)} is invalid, names are validated against "
                f'regexp "{VALID_NAME}"'
            )
        digest = hashlib.sha256(name.encode()).hexdigest()
        raise ctx.fail(
            f"context {_go_quote(name)}: context not found: open "
            f"/root/.docker/contexts/meta/{digest}/meta.json: no such file or directory"
        )
    ctx.line(name)
    ctx.err(f"Current context is now {_go_quote(name)}\n")


def _go_quote(text: str) -> str:
    """Go's %q for the plain names these errors show."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
