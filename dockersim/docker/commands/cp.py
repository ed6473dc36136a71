"""`docker cp` (docker/cli cli/command/container/cp.go): to and from the simulated host."""

from __future__ import annotations

import posixpath
from typing import Any

from dockersim.docker.context import Context
from dockersim.engine.host import HOST_HOME
from dockersim.errors import DockerError
from dockersim.model.humanize import human_size


def _split(arg: str) -> tuple[str, str]:
    """`container:path` -> (container, path); a local path -> ("", path)."""
    if arg.startswith(("/", ".", "~")) or ":" not in arg:
        return "", arg
    name, _, path = arg.partition(":")
    return name, path


def _local(path: str) -> str:
    if path.startswith("~"):
        path = HOST_HOME + path[1:]
    return posixpath.normpath(posixpath.join(HOST_HOME, path))


def run_cp(ctx: Context, opts: Any) -> None:
    source, dest = opts.args
    src_ctr, src_path = _split(source)
    dst_ctr, dst_path = _split(dest)
    if src_ctr and dst_ctr:
        raise ctx.fail("copying between containers is not supported")
    if not src_ctr and not dst_ctr:
        raise ctx.fail("must specify at least one container source")
    engine = ctx.engine
    try:
        if src_ctr:
            size = engine.container_copy_from(src_ctr, src_path, _local(dst_path))
            shown = dst_path
        else:
            size = engine.container_copy_to(dst_ctr, _local(src_path), dst_path)
            shown = dest
    except DockerError as exc:
        text = str(exc)
        if text.startswith("lstat"):
            raise ctx.fail(text) from None
        raise ctx.fail(f"Error response from daemon: {text}") from None
    if not opts.values.get("quiet"):
        ctx.err(f"Successfully copied {human_size(size)} to {shown}\n")
