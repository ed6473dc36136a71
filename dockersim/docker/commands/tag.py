"""`docker tag SOURCE TARGET` (docker/cli cli/command/image/tag.go)."""

from __future__ import annotations

from typing import Any

from dockersim.docker.context import Context


def run_tag(ctx: Context, opts: Any) -> None:
    source, target = opts.args
    ctx.engine.image_tag(source, target)
