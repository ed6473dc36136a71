"""`docker tag SOURCE TARGET` (docker/cli cli/command/image/tag.go; client/image_tag.go)."""

from __future__ import annotations

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.model.reference import InvalidReference, parse_reference


def run_tag(ctx: Context, opts: Options) -> None:
    source, target = opts.args
    for text in (source, target):
        try:
            parse_reference(text)
        except InvalidReference as exc:
            raise ctx.fail(
                f'error parsing reference: "{text}" is not a valid repository/tag: {exc}'
            ) from None
    if parse_reference(target).digest is not None:
        raise ctx.fail("refusing to create a tag with a digest reference")
    ctx.engine.image_tag(source, target)
