"""`--filter key=value` options as the docker CLI collects them (opts.FilterOpt)."""

from __future__ import annotations

from collections.abc import Iterable

from dockersim.docker.context import Context


def parse_filters(ctx: Context, values: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep:
            raise ctx.fail(
                f'invalid argument "{value}" for "-f, --filter" flag: bad format of filter '
                "(expected name=value)",
                125,
            )
        out.setdefault(key.strip().lower(), []).append(rest)
    return out
