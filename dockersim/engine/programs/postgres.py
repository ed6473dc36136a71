"""PostgreSQL's server: the password check and its first start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs._texts import catalog_text, nginx_ts

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx


def postgres(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if "--version" in args or "-V" in args:
        major = ctx.env.get("PG_MAJOR", "16")
        version = ctx.env.get("PG_VERSION", "16.9").split("-", 1)[0]
        ctx.out.write(f"postgres (PostgreSQL) {version if '.' in version else major}\n")
        return 0
    password = ctx.env.get("POSTGRES_PASSWORD", "")
    trust = ctx.env.get("POSTGRES_HOST_AUTH_METHOD", "") == "trust"
    if not password and not trust:
        ctx.err.write(catalog_text("postgres_missing_password_stderr"))
        return 1
    first = catalog_text("postgres_first_start_16_9")
    ctx.out.write(first.replace("{ts}", nginx_ts(ctx).replace("/", "-") + ".000 UTC"))
    ctx.block(frozenset({"SIGTERM", "SIGINT", "SIGQUIT"}))
    return 0


def _ports(engine: Engine, container: Container) -> list[int]:
    return [5432]


PROGRAM = Program(
    postgres,
    ports=_ports,
    exits={"SIGTERM": 0, "SIGINT": 0, "SIGQUIT": 0},
    memory_mib=31.5,
)
