"""What the servers print: their texts from the catalog, and the time stamps each writes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def catalog_text(name: str) -> str:
    from dockersim import catalog

    value = catalog.load().output(name)
    return value if isinstance(value, str) else ""


def nginx_ts(ctx: Ctx) -> str:
    return nginx_stamp(ctx.now())


def nginx_stamp(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y/%m/%d %H:%M:%S")


def redis_ts(ctx: Ctx) -> str:
    return redis_stamp(ctx.now())


def redis_stamp(now: float) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%d %b %Y %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def apache_ts(ctx: Ctx) -> str:
    moment = datetime.fromtimestamp(ctx.now(), UTC)
    return moment.strftime("%a %b %d %H:%M:%S.") + f"{moment.microsecond:06d} {moment.year}"
