"""`docker build` / `docker image build` / `docker builder build`, and `docker builder prune`.

dockersim plays Docker 29 with the buildx plugin installed: the CLI hands `build` to
`docker buildx build` (BuildKit; progress on stderr). `DOCKER_BUILDKIT=0` in the CLI's
environment selects the legacy builder instead (docker/cli cmd/docker/builder.go): the
deprecation notice on stderr, then the daemon's classic stream on stdout.

The context, the Dockerfile (`-f`, relative to the working directory) and `--iidfile` are files
of the client's machine (`ctx.machine`: the simulated host, relative paths from /home/student;
the real disk in the interactive CLI), read only; `-` reads a Dockerfile from stdin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from dockersim.build import transcript
from dockersim.build.backend import BuildRequest
from dockersim.build.context import BuildContext, ContextError, from_files, read_context
from dockersim.docker.context import DAEMON_PREFIX, Context
from dockersim.docker.options import Options
from dockersim.model.image import Platform
from dockersim.model.machine import MachineError
from dockersim.model.reference import InvalidReference, parse_reference

BUILDKIT_DISABLED = (
    "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
    "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
    "            environment-variable.\n\n"
)
_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


@attrs.frozen
class BuildOptions(Options):
    tag: list[str]
    build_arg: list[str]
    label: list[str]
    file: str
    target: str
    no_cache: bool
    pull: bool
    quiet: bool
    progress: str
    iidfile: str
    platform: str


def run_build(ctx: Context, opts: BuildOptions) -> None:
    (path,) = opts.args
    classic = _classic(ctx)
    if classic:
        ctx.err(BUILDKIT_DISABLED)
    tags = _tags(ctx, opts.tag, classic)
    platform = Platform.parse(opts.platform) if opts.platform else None
    try:
        context = load_context(ctx, path, opts.file)
    except ContextError as exc:
        _context_failure(ctx, str(exc), classic)
        return
    request = BuildRequest(
        context,
        tags,
        _pairs(opts.build_arg, ctx),
        opts.target,
        opts.no_cache,
        opts.pull,
        _pairs(opts.label, ctx),
        platform or Platform("linux", "amd64"),
        "classic" if classic else "buildkit",
        history_key=f"{context.origin}|{context.dockerfile_name}|{opts.target}",
    )
    report = ctx.engine.image_build(request)
    quiet = opts.quiet
    if classic:
        _classic_output(ctx, report, quiet)
    else:
        progress = opts.progress or "auto"
        if quiet or progress == "quiet":
            if report.ok:
                ctx.out(transcript.quiet_id(report))
            else:
                ctx.err(transcript.plain(report))
        elif progress == "tty" or (progress == "auto" and ctx.tty):
            ctx.err(transcript.tty(report))
        else:
            ctx.err(transcript.plain(report))
    if report.ok and opts.iidfile:
        try:
            ctx.machine.write(opts.iidfile, report.image_id.encode())
        except MachineError as exc:
            raise ctx.fail(f"ERROR: failed to write image ID file: {exc}") from None
    if report.failure is not None:
        ctx.exit_code = report.failure.exit_code


def _classic_output(ctx: Context, report: Any, quiet: bool) -> None:
    failure = report.failure
    if not quiet:
        ctx.out(transcript.sending_context(_context_tar_size(report)))
        ctx.out(transcript.classic_stream(report))
        if failure is None:
            for tag in report.tags:
                ctx.out(f"Successfully tagged {parse_reference(tag).familiar}\n")
    elif failure is None:
        ctx.out(report.image_id + "\n")
    if failure is not None:
        prefix = "" if failure.bare else DAEMON_PREFIX
        ctx.err(f"{prefix}{failure.message}\n")


def _context_tar_size(report: Any) -> int:
    """The tar the CLI uploads: headers and padded contents (an estimate, see docs)."""
    return int(report.context_size) + 1024


def _classic(ctx: Context) -> bool:
    from dockersim.docker.context import CommandFailed

    value = ctx.env.get("DOCKER_BUILDKIT", "")
    if value == "":
        return False
    if value in _TRUE:
        return False
    if value in _FALSE:
        return True
    ctx.err(
        "DOCKER_BUILDKIT environment variable expects boolean value: "
        f'strconv.ParseBool: parsing "{value}": invalid syntax\n'
    )
    raise CommandFailed(1)


def _tags(ctx: Context, raw: Sequence[str], classic: bool) -> tuple[str, ...]:
    out: list[str] = []
    for text in raw:
        try:
            ref = parse_reference(text)
        except InvalidReference as exc:
            if classic:
                raise ctx.fail(
                    f'invalid argument "{text}" for "-t, --tag" flag: {exc}\n'
                    "See 'docker build --help'.",
                    125,
                ) from None
            raise ctx.fail(f'ERROR: failed to build: invalid tag "{text}": {exc}') from None
        out.append(ref.with_default_tag().normalized)
    return tuple(dict.fromkeys(out))


def _pairs(items: Sequence[str], ctx: Context) -> dict[str, str]:
    """`K=V` (or `K`, taken from the CLI's environment when set there)."""
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = str(item).partition("=")
        if not eq:
            found = ctx.env.get(key)
            if found is None:
                continue
            value = found
        out[key] = value
    return out


def load_context(ctx: Context, path: str, dockerfile: str) -> BuildContext:
    """The context directory on the client's machine; `-`: a Dockerfile on stdin, no files."""
    if path == "-":
        data = ctx.stdin
        return from_files({}, data if isinstance(data, bytes) else data.encode())
    return read_context(ctx.machine, path, dockerfile)


def _context_failure(ctx: Context, message: str, classic: bool) -> None:
    from dockersim.docker.context import CommandFailed

    if message.startswith("unable to prepare context"):
        ctx.err(message + "\n" if classic else f"ERROR: {message}\n")
        raise CommandFailed(1)
    if classic:
        ctx.err(
            "unable to prepare context: unable to evaluate symlinks in Dockerfile path: "
            "lstat Dockerfile: no such file or directory\n"
        )
        raise CommandFailed(1)
    ctx.err(
        f"#0 {transcript.DESCRIPTION}\n\n"
        "#1 [internal] load build definition from Dockerfile\n"
        "#1 transferring dockerfile: 2B done\n#1 DONE 0.0s\n"
        f"ERROR: failed to build: failed to solve: {message}\n"
    )
    raise CommandFailed(1)


@attrs.frozen
class BuilderPruneOptions(Options):
    force: bool


def run_builder_prune(ctx: Context, opts: BuilderPruneOptions) -> None:
    """`docker builder prune` (buildx prune): forget the build cache."""
    from dockersim.model.humanize import human_size

    if not opts.force:
        ctx.out(
            "WARNING! This will remove all dangling build cache. "
            "Are you sure you want to continue? [y/N] "
        )
        if not str(ctx.stdin).strip().lower().startswith("y"):
            return
    _, freed = ctx.engine.build_cache_prune()
    ctx.out(f"Total:\t{human_size(freed)}\n")


def explain_command(engine: Any, argv: list[str], env: dict[str, str] | None = None) -> str:
    """`dockersim explain build ARGS...`: the steps a `docker build ARGS...` would run."""
    from dockersim.build.explain import explain, render
    from dockersim.docker import flags

    ctx = Context(engine, env=env)
    command, rest = flags.lookup(["build", *argv])
    opts = BuildOptions.from_parsed(flags.parse(command, rest))
    (path,) = opts.args
    context = load_context(ctx, path, opts.file)
    request = BuildRequest(
        context,
        _tags(ctx, opts.tag, False),
        _pairs(opts.build_arg, ctx),
        opts.target,
        opts.no_cache,
        labels=_pairs(opts.label, ctx),
        builder="classic" if _classic(ctx) else "buildkit",
        history_key=f"{context.origin}|{context.dockerfile_name}|{opts.target}",
    )
    return render(explain(engine, request))
