"""PostgreSQL's server: the password check, its first start, and what it created then.

The cluster the entrypoint's first start creates (`Cluster`): the superuser (POSTGRES_USER,
default `postgres`), the databases `postgres`, `template0`, `template1` and POSTGRES_DB
(default the superuser's name), the password (POSTGRES_PASSWORD) for connections over the
network, and `trust` for them with POSTGRES_HOST_AUTH_METHOD=trust; connections over the local
socket are trusted, as the image's pg_hba.conf says. The server keeps no tables (psql says so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.engine.programs import Program
from dockersim.engine.programs._texts import catalog_text, nginx_ts
from dockersim.engine.programs.http import env_of
from dockersim.engine.programs.psql_sql import build_of, server_version

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
    version = ctx.env.get("PG_VERSION", "16.9-1.pgdg120+1")
    if version != "16.9-1.pgdg120+1":  # the observed log is 16.9's: the image's own version
        first = first.replace("16.9 (Debian 16.9-1.pgdg120+1)", server_version(version))
    first = first.replace(
        "x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0",
        build_of(version, "aarch64" if ctx.proc.arch in ("aarch64", "arm64") else "x86_64"),
    )
    stamp = nginx_ts(ctx).replace("/", "-")  # the log's own "UTC" follows in the text
    first = first.replace("shut down at {ts} UTC", "shut down at {ts0} UTC")
    ctx.out.write(first.replace("{ts0}", stamp).replace("{ts}", stamp + ".000"))
    ctx.block(frozenset({"SIGTERM", "SIGINT", "SIGQUIT"}))
    return 0


@attrs.frozen
class Cluster:
    """What a postgres container's first start created, and how it lets clients in."""

    superuser: str
    databases: tuple[str, ...]
    password: str
    #: POSTGRES_HOST_AUTH_METHOD=trust: no password over the network either
    trust: bool
    #: PG_VERSION (`17.5-1.pgdg120+1`)
    version: str


def cluster_of(container: Container) -> Cluster:
    """The cluster of a postgres container, from the environment it was created with."""
    superuser = env_of(container, "POSTGRES_USER", "") or "postgres"
    database = env_of(container, "POSTGRES_DB", "") or superuser
    names = sorted({"postgres", "template0", "template1", database})
    trust = env_of(container, "POSTGRES_HOST_AUTH_METHOD", "") == "trust"
    version = env_of(container, "PG_VERSION", "17.5-1.pgdg120+1")
    return Cluster(
        superuser, tuple(names), env_of(container, "POSTGRES_PASSWORD", ""), trust, version
    )


def _ports(engine: Engine, container: Container) -> list[int]:
    return [5432]


PROGRAM = Program(
    postgres,
    ports=_ports,
    exits={"SIGTERM": 0, "SIGINT": 0, "SIGQUIT": 0},
    memory_mib=31.5,
)
