"""`docker push` (docker/cli cli/command/image/push.go)."""

from __future__ import annotations

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.docker.render.progress import render_stream
from dockersim.model.reference import parse_reference


@attrs.frozen
class PushOptions(Options):
    all_tags: bool
    quiet: bool


def run_push(ctx: Context, opts: PushOptions) -> None:
    (name,) = opts.args
    ref = parse_reference(name)
    all_tags = opts.all_tags
    if all_tags and not ref.is_name_only:
        raise ctx.fail("tag can't be used with --all-tags/-a")
    if ref.digest is not None:
        raise ctx.fail("cannot push a digest reference")
    quiet = opts.quiet
    if ref.is_name_only and not all_tags:
        ref = ref.with_default_tag()
        if not quiet:
            ctx.line(f"Using default tag: {ref.tag}")
    refs = [ref]
    if all_tags:
        prefix = ref.name + ":"
        refs = [
            parse_reference(r) for r in ctx.engine.image_references() if r.startswith(prefix)
        ] or [ref.with_default_tag()]
    for one in refs:
        result = ctx.engine.image_push(one)
        if not quiet:
            ctx.out(render_stream(result.messages, tty=ctx.tty))
        if result.error:
            raise ctx.fail(result.error)
    if quiet:
        ctx.line(ref.normalized)
