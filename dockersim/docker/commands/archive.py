"""`docker save`, `docker load`, `docker export`, `docker import` (docker/cli
cli/command/image/{save,load,import}.go, cli/command/container/export.go).

`-o FILE`, `-i FILE` and `import FILE` are files of the client's machine (`ctx.machine`: the
simulated host, or the real disk in the interactive CLI). Without `-o`, the archive is the
command's binary stdout (`Result.stdout_bytes`); on a terminal the CLI refuses to write it.
"""

from __future__ import annotations

import posixpath

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.engine import errors
from dockersim.engine.errors import StreamError
from dockersim.model.humanize import human_size
from dockersim.model.image import Platform
from dockersim.model.machine import MachineError

REFUSE = "cowardly refusing to save to a terminal. Use the -o flag or redirect"


def _write(ctx: Context, target: str, data: bytes, what: str) -> None:
    if not target:
        if ctx.tty:
            raise ctx.fail(REFUSE)
        ctx.out_bytes(data)
        return
    try:
        ctx.machine.write(target, data, 0o600)
    except MachineError as exc:
        raise ctx.fail(f"failed to {what}: {exc}") from None


def check_output_path(ctx: Context, target: str, what: str) -> None:
    """docker/cli `command.ValidateOutputPath`, before anything is asked of the daemon."""
    if not target:
        return
    try:
        directory = posixpath.dirname(posixpath.normpath(target))
        if directory not in ("", ".") and ctx.machine.stat(directory) is None:
            raise ctx.fail(
                f'failed to {what}: invalid output path: directory "{directory}" does not exist'
            )
        entry = ctx.machine.stat(target)
    except MachineError as exc:
        raise ctx.fail(f"failed to {what}: {exc}") from None
    if entry is not None and entry.kind not in ("file", "dir"):
        raise ctx.fail(
            f'failed to {what}: invalid output path: "{target}" must be a directory or a '
            "regular file"
        )


@attrs.frozen
class SaveOptions(Options):
    output: str


def run_save(ctx: Context, opts: SaveOptions) -> None:
    target = opts.output
    if not target and ctx.tty:
        raise ctx.fail(REFUSE)
    check_output_path(ctx, target, "save image")
    data = ctx.engine.image_save(list(opts.args))
    _write(ctx, target, data, "save image")


def _read_input(ctx: Context, source: str) -> bytes:
    if source:
        try:
            return ctx.machine.read(source)
        except MachineError as exc:
            raise ctx.fail(str(exc)) from None
    stdin = ctx.stdin
    if isinstance(stdin, bytes):
        return stdin
    return stdin.encode("utf-8", "surrogateescape")


@attrs.frozen
class LoadOptions(Options):
    input: str
    quiet: bool


def run_load(ctx: Context, opts: LoadOptions) -> None:
    source = opts.input
    if not source and ctx.tty and not ctx.stdin:
        raise ctx.fail("requested load from stdin, but stdin is empty")
    data = _read_input(ctx, source)
    try:
        result = ctx.engine.image_load(data)
    except StreamError as exc:
        raise ctx.fail(str(exc)) from None
    if ctx.tty and not opts.quiet:
        for diff_id, size in result.progress:
            shown = human_size(size)
            ctx.out(
                f"{diff_id.split(':', 1)[1][:12]}: Loading layer [{'=' * 49}>]  {shown}/{shown}\n"
            )
    ctx.out("".join(line + "\n" for line in result.lines))


@attrs.frozen
class ExportOptions(Options):
    output: str


def run_export(ctx: Context, opts: ExportOptions) -> None:
    (name,) = opts.args
    target = opts.output
    if not target and ctx.tty:
        raise ctx.fail(REFUSE)
    check_output_path(ctx, target, "export container")
    data = ctx.engine.container_export(name)
    _write(ctx, target, data, "export container")


@attrs.frozen
class ImportOptions(Options):
    message: str
    change: list[str]
    platform: str


def run_import(ctx: Context, opts: ImportOptions) -> None:
    source, *rest = opts.args
    reference = rest[0] if rest else ""
    if source.startswith(("http://", "https://")):
        host = source.split("://", 1)[1].split("/", 1)[0]
        raise ctx.daemon_fail(errors.unknown_host(source, host))
    data = _read_input(ctx, "" if source == "-" else source)
    platform = Platform.parse(opts.platform) if opts.platform else None
    image_id = ctx.engine.image_import(data, reference, opts.message, opts.change, platform)
    ctx.out(image_id + "\n")
