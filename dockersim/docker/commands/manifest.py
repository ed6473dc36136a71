"""`docker manifest inspect` (docker/cli cli/command/manifest/inspect.go)."""

from __future__ import annotations

import json
from typing import Any

from dockersim.docker.context import Context
from dockersim.model.reference import parse_reference


def run_manifest_inspect(ctx: Context, opts: Any) -> None:
    name = opts.args[-1]
    ref = parse_reference(name).with_default_tag()
    try:
        index, _built = ctx.engine.distribution_index(ref)
    except Exception as exc:
        from dockersim.errors import DockerError

        if isinstance(exc, DockerError):
            raise ctx.fail(f"no such manifest: {ref.normalized}") from None
        raise
    ctx.out(json.dumps(index.to_json(), indent="\t") + "\n")
