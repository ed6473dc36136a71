"""The buildx CLI plugin's `version`, `ls` and `build` (docker/buildx v0.30.1 commands/), and
`docker plugin ls` (docker/cli cli/command/plugin/list.go): the daemon has no managed plugins.

There is one builder, the daemon's own BuildKit (buildx's `docker` driver, named after the
`default` context), so `buildx build` is `docker build` with BuildKit whatever
`DOCKER_BUILDKIT` says.
"""

from __future__ import annotations

import attrs

from dockersim.docker.commands.build import BuildOptions, run_build
from dockersim.docker.context import Context
from dockersim.docker.filters import parse_filters
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.engine import errors

#: docker/buildx version/version.go, as the docker-buildx-plugin package links it: the
#: release and its commit (short form: est., as Linux packages print it)
BUILDX_VERSION = "v0.30.1"
BUILDX_REVISION = "9e66234"
#: moby v29.1.3 vendors github.com/moby/buildkit v0.26.2 (vendor/modules.txt)
BUILDKIT_VERSION = "v0.26.2"
#: what the daemon's BuildKit worker reports on an amd64 host, grouped as ls.go
#: truncPlatforms shows them (amd64, amd64/v2, amd64/v3 in one group: est. of the CPU)
PLATFORMS = "linux/amd64 (+3), linux/386"
PLATFORMS_FULL = "linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/386"

LS_TABLE = "table {{.Name}}\t{{.DriverEndpoint}}\t{{.Status}}\t{{.Buildkit}}\t{{.Platforms}}"
LS_HEADERS = {
    "Name": "NAME/NODE",
    "DriverEndpoint": "DRIVER/ENDPOINT",
    "LastActivity": "LAST ACTIVITY",
    "Status": "STATUS",
    "Buildkit": "BUILDKIT",
    "Platforms": "PLATFORMS",
}
INDENT = " \\_ "


@attrs.frozen
class VersionOptions(Options):
    pass


def run_version(ctx: Context, opts: VersionOptions) -> None:
    ctx.line(f"github.com/docker/buildx {BUILDX_VERSION} {BUILDX_REVISION}")


@attrs.frozen
class LsOptions(Options):
    format: str
    no_trunc: bool


def run_ls(ctx: Context, opts: LsOptions) -> None:
    """ls.go: the builder's row, then its node's (indented in a table)."""
    fmt = opts.format or "table"
    table = fmt == "table" or fmt.startswith("table ")
    builder = {
        "Name": "default*" if table else "default",
        "DriverEndpoint": "docker",
        "Status": "",
        "Buildkit": "",
        "Platforms": "",
        "LastActivity": "",
    }
    node = {
        "Name": (INDENT if table else "") + "default",
        "DriverEndpoint": (INDENT if table else "") + "default",
        "Status": "running",
        "Buildkit": BUILDKIT_VERSION,
        "Platforms": PLATFORMS if table and not opts.no_trunc else PLATFORMS_FULL,
        "LastActivity": "",
    }
    rows = [builder] if fmt == "json" else [builder, node]
    try:
        ctx.out(format_rows(fmt, rows, LS_HEADERS, LS_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def run_buildx_build(ctx: Context, opts: BuildOptions) -> None:
    ctx.env = {k: v for k, v in ctx.env.items() if k != "DOCKER_BUILDKIT"}
    run_build(ctx, opts)


# --- docker plugin ls ---------------------------------------------------------------------------
PLUGIN_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Description}}\t{{.Enabled}}"
PLUGIN_HEADERS = {
    "ID": "ID",
    "Name": "NAME",
    "Description": "DESCRIPTION",
    "Enabled": "ENABLED",
    "PluginReference": "IMAGE",
}
#: daemon/pkg/plugin/backend_linux.go acceptedPluginFilterTags
PLUGIN_FILTERS = ("enabled", "capability")


@attrs.frozen
class PluginLsOptions(Options):
    quiet: bool
    no_trunc: bool
    format: str
    filter: list[str]


def run_plugin_ls(ctx: Context, opts: PluginLsOptions) -> None:
    for key in parse_filters(ctx, opts.filter):
        if key not in PLUGIN_FILTERS:
            raise ctx.daemon_fail(errors.invalid_filter(key))
    if opts.quiet and not opts.format:
        return
    try:
        ctx.out(format_rows(opts.format, [], PLUGIN_HEADERS, PLUGIN_TABLE))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None
