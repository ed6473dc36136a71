"""`--platform` as the docker CLI parses it (containerd platforms.Parse)."""

from __future__ import annotations

from dockersim.docker.context import Context
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


class BadPlatform(ValueError):
    """containerd platforms.Parse refused the text (the message is its error)."""


def parse_platform(ctx: Context, value: str | list[str]) -> Platform | None:
    """None for an empty flag; else the platform, or the CLI's error (exit 1). A list (`rmi`,
    `save`, `load` take several) gives its first."""
    if isinstance(value, list):
        value = value[0] if value else ""
    try:
        return platform_of(value)
    except BadPlatform as exc:
        raise ctx.fail(str(exc)) from None


def platform_of(text: str) -> Platform | None:
    """containerd platforms.Parse: None for ""; raises BadPlatform with its message."""
    if not text:
        return None
    if "*" in text:
        raise BadPlatform(f'"{text}": wildcards not yet supported: invalid argument')
    unknown = BadPlatform(f'"{text}": unknown operating system or architecture: invalid argument')
    parts = text.lower().split("/")
    if len(parts) > 3 or any(not p for p in parts):
        raise unknown
    if len(parts) == 1:
        if parts[0] in KNOWN_OS:
            return Platform(parts[0], "amd64", "")
        if parts[0] in KNOWN_ARCH:
            return Platform.parse(parts[0])
        raise unknown
    if parts[0] not in KNOWN_OS or parts[1] not in KNOWN_ARCH:
        raise unknown
    return Platform.parse(text)
