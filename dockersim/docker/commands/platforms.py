"""`--platform` as the docker CLI parses it (containerd platforms.Parse)."""

from __future__ import annotations

from dockersim.docker.context import CommandFailed, Context
from dockersim.model.image import Platform

KNOWN_OS = frozenset(
    {"aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux",
     "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"}
)  # fmt: skip
KNOWN_ARCH = frozenset(
    {"386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle",
     "ppc64", "ppc64le", "riscv64", "s390x", "wasm", "x86_64", "aarch64", "armhf", "armel",
     "i386", "x86-64"}
)  # fmt: skip


def parse_platform(ctx: Context, value: str | list[str]) -> Platform | None:
    """None for an empty flag; else the platform, or the CLI's error (exit 1). A list (`rmi`,
    `save`, `load` take several) gives its first."""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = value
    if not text:
        return None
    if "*" in text:
        raise _fail(ctx, f'"{text}": wildcards not yet supported: invalid argument')
    parts = text.lower().split("/")
    if len(parts) > 3 or any(not p for p in parts):
        raise _fail(ctx, f'"{text}": unknown operating system or architecture: invalid argument')
    if len(parts) == 1:
        if parts[0] in KNOWN_OS:
            return Platform(parts[0], "amd64", "")
        if parts[0] in KNOWN_ARCH:
            return Platform.parse(parts[0])
        raise _fail(ctx, f'"{text}": unknown operating system or architecture: invalid argument')
    if parts[0] not in KNOWN_OS:
        raise _fail(ctx, f'"{text}": unknown operating system or architecture: invalid argument')
    if parts[1] not in KNOWN_ARCH:
        raise _fail(ctx, f'"{text}": unknown operating system or architecture: invalid argument')
    return Platform.parse(text)


def _fail(ctx: Context, message: str) -> CommandFailed:
    return ctx.fail(message)
