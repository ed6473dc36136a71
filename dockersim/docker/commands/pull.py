"""`docker pull` (docker/cli cli/command/image/pull.go)."""

from __future__ import annotations

import attrs

from dockersim.docker.commands.platforms import parse_platform
from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.progress import render_stream
from dockersim.model.reference import parse_reference


@attrs.frozen
class PullOptions(Options):
    quiet: bool
    all_tags: bool
    platform: str


def run_pull(ctx: Context, opts: PullOptions) -> None:
    (name,) = opts.args
    quiet = opts.quiet
    all_tags = opts.all_tags
    ref = parse_reference(name)
    name_only = ref.tag is None and ref.digest is None
    if all_tags and not name_only:
        raise ctx.fail("tag can't be used with --all-tags/-a")
    if not all_tags and name_only:
        ref = ref.with_default_tag()
        if not quiet:
            ctx.line(f"Using default tag: {ref.tag}")
    platform = parse_platform(ctx, opts.platform)
    engine = ctx.engine
    if all_tags:
        result = engine.image_pull_all_tags(ref, platform)
    else:
        result = engine.image_pull(ref, platform)
    if not quiet:
        ctx.out(render_stream(result.messages, tty=ctx.tty))
    if result.error:
        raise ctx.fail(result.error)
    ctx.line(ref.normalized if not all_tags else ref.trimmed().normalized)
