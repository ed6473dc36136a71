"""healthcheck.sh of the mariadb images (MariaDB/mariadb-docker `healthcheck.sh`).

`healthcheck.sh --connect --innodb_initialized` (the check the image's documentation gives for
a HEALTHCHECK): each `--test` runs in order, a failed one prints `healthcheck TEST failed` and
exits 1; when no test made a connection the script ends with the connect test. Success is
silent. The connect test passes when the server answers, even with `Access denied` (the real
script logs in as the healthcheck user the entrypoint creates); innodb_initialized passes while
the server runs (InnoDB has started before `ready for connections`). The replication, galera,
buffer-pool and upgrade tests are not simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.mysql_client import Options, connect

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

#: the tests the real script defines that are not simulated here
_OTHER_TESTS = frozenset(
    {
        "innodb_buffer_pool_loaded",
        "galera_online",
        "replication",
        "mariadbupgrade",
    }
)
#: options that only change how the real script logs in (accepted, no effect here)
_LOGIN_OPTIONS = ("--su=", "--su-mysql", "--datadir=", "--defaults-", "--no-defaults")


def _up(ctx: Ctx) -> bool:
    found = connect(ctx.proc, Options(user="healthcheck"), "", True)
    return not (isinstance(found, str) and found.startswith("ERROR 2002"))


def healthcheck(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args:
        ctx.err.write("At least one argument required\n")
        return 1
    connected = False
    for arg in args:
        if not arg.startswith("--"):
            ctx.err.write(f"Unknown healthcheck option {arg}\n")
            return 1
        if arg.startswith(_LOGIN_OPTIONS):
            continue
        if arg == "--no-connect":
            connected = True
            continue
        test = arg[2:]
        if test in _OTHER_TESTS or test.startswith("replication_"):
            raise ctx.not_simulated(f"test {arg}")
        if test not in ("connect", "innodb_initialized"):
            ctx.err.write(f"healthcheck unknown option or test '{test}'\n")
            return 1
        if not _up(ctx):
            ctx.err.write(f"healthcheck {test} failed\n")
            return 1
        connected = connected or test == "connect"
    if not connected and not _up(ctx):
        return 1
    return 0


PROGRAM = Program(healthcheck)
