"""`docker push` (docker/cli cli/command/image/push.go)."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context
from dockersim.docker.render.progress import render_stream
from dockersim.model.reference import parse_reference


def run_push(ctx: Context, opts: Any) -> None:
    (name,) = opts.args
    ref = parse_reference(name)
    if ref.tag is None and ref.digest is None and not opts.values.get("all-tags"):
        ref = ref.with_default_tag()
        ctx.line(f"Using default tag: {ref.tag}")
    quiet = bool(opts.values.get("quiet"))
    result = ctx.engine.image_push(ref)
    if not quiet:
        ctx.out(render_stream(result.messages, tty=ctx.tty))
    if result.error:
        raise ctx.fail(result.error)
    if quiet:
        ctx.line(ref.normalized)
