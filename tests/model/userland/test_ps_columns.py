"""`ps -o` and ps's options, as BusyBox 1.37's ps (Alpine, Docker Hub's busybox) and procps-ng
4.0's (Debian, Ubuntu) print them. Expected texts are the real programs' (BusyBox 1.36.1 built
from its tag with glibc and with musl, Debian 12's procps 4.0.2-3), laid out for the one
process a `docker run --rm IMAGE ps ...` container has. Before, both ignored `-o` and every
unknown option, printing their default listing (a silent success)."""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.model.userland.programs import psformat
from dockersim.model.userland.types import ProcInfo

BUSYBOX_USAGE = (
    "BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n"
    "Usage: ps [-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n"
    "\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n"
)
PROCPS_USAGE = (
    "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n"
    "  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n"
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    for image in ("busybox", "alpine", "ubuntu"):
        assert engine.docker(f"pull -q {image}").exit_code == 0
    return engine


def run(engine: Engine, line: str) -> tuple[int, str, str]:
    got = engine.docker(f"run --rm {line}")
    return got.exit_code, got.stdout, got.stderr


@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("busybox ps", "PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n"),
        ("busybox ps -o pid,comm", "PID   COMMAND\n    1 ps\n"),
        # no header line when every header is empty
        ("busybox ps -o pid=,args=", "    1 ps -o pid=,args=\n"),
        # a header of its own sets the width to its length, even narrower
        (
            "busybox ps -o pid=P,comm=NAME,args",
            "P NAME COMMAND\n1 ps   ps -o pid=P,comm=NAME,args\n",
        ),
        ("busybox ps -o comm=X,pid", "X PID\np     1\n"),
        # several -o lists join; letters it ignores, and words, are ignored
        ("busybox ps -ef -o pid -o comm aux", "PID   COMMAND\n    1 ps\n"),
        (
            "busybox ps -o pid,ppid,user,etime,time,tty,stat",
            "PID   PPID  USER     ELAPSED TIME  TT     STAT\n"
            "    1     0 root      0:00    0:00 ?      S  \n",
        ),
        ("-t busybox ps -o tty,pid", "TT     PID\r\n136,0      1\r\n"),  # (a terminal: CRLF)
        ("busybox ps -o rgroupXYZ=G", None),  # six characters decide (then not simulated)
    ],
)
def test_busybox_columns(engine: Engine, line: str, stdout: str | None) -> None:
    code, out, err = run(engine, line)
    if stdout is None:
        assert (code, err) == (1, "dockersim: not simulated in ps: column rgroup\n")
        return
    assert (code, out, err) == (0, stdout, "")


@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        (
            "busybox ps -o bogus",
            "ps: bad -o argument 'bogus', supported arguments: user,group,comm,args,pid,ppid,"
            "pgid,etime,nice,rgroup,ruser,time,tty,vsz,sid,stat,rss\n",
        ),
        ("busybox ps -o pid,", "ps: bad -o argument '', supported arguments: "),
        ("busybox ps -x", "ps: invalid option -- 'x'\n" + BUSYBOX_USAGE),  # glibc
        ("alpine ps -x", "ps: unrecognized option: x\n" + BUSYBOX_USAGE),  # musl
        ("alpine ps --ppid 1", "ps: unrecognized option: ppid\n" + BUSYBOX_USAGE),
        ("alpine ps -o", "ps: option requires an argument: o\n" + BUSYBOX_USAGE),
        ("busybox ps -o vsz", "dockersim: not simulated in ps: column vsz\n"),
    ],
)
def test_busybox_refusals(engine: Engine, line: str, stderr: str) -> None:
    code, out, err = run(engine, line)
    assert (code, out) == (1, "")
    assert err.startswith(stderr) if stderr.endswith(": ") else err == stderr


@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        (
            "ubuntu ps -o pid,ppid,user,comm",
            "    PID    PPID USER     COMMAND\n      1       0 root     ps\n",
        ),
        ("ubuntu ps -o pid=,comm=", "      1 ps\n"),
        (
            "ubuntu ps -eo pid,stat,etime,time,args",
            "    PID STAT     ELAPSED     TIME COMMAND\n"
            "      1 Ss         00:00 00:00:00 ps -eo pid,stat,etime,time,args\n",
        ),
        # a command column that is not the last is cut to its width
        ("ubuntu ps -o args,pid --format tty", None),
        ("ubuntu ps -o pid:2,comm", "PID COMMAND\n 1 ps\n"),
        ("ubuntu ps -o pid=VERYLONGHEADER,comm", "VERYLONGHEADER COMMAND\n             1 ps\n"),
        ("ubuntu ps o pid,comm", "    PID COMMAND\n      1 ps\n"),
        ("ubuntu ps", "    PID TTY          TIME CMD\n      1 ?        00:00:00 ps\n"),
    ],
)
def test_procps_columns(engine: Engine, line: str, stdout: str | None) -> None:
    code, out, err = run(engine, line)
    if stdout is None:
        assert out.splitlines() == [
            "COMMAND                         PID TT",
            "ps -o args,pid --format tty       1 ?",
        ]
        return
    assert (code, out, err) == (0, stdout, "")


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("ubuntu ps -o bogus", 'error: unknown user-defined format specifier "bogus"\n'),
        ("ubuntu ps -o pid,bogus=X", 'error: unknown user-defined format specifier "bogus"\n'),
        ("ubuntu ps -o ,", "error: improper format list\n"),
        ("ubuntu ps -o pid:0", "error: column widths must be unsigned decimal numbers\n"),
        ("ubuntu ps -Q", "error: unsupported SysV option\n"),
        ("ubuntu ps Q", "error: unsupported option (BSD syntax)\n"),
        ("ubuntu ps --foo", "error: unknown gnu long option\n"),
    ],
)
def test_procps_refusals(engine: Engine, line: str, first: str) -> None:
    assert run(engine, line) == (1, "", first + PROCPS_USAGE)


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("ubuntu ps -p 1", "option -p"),
        ("ubuntu ps --forest", "option --forest"),
        ("ubuntu ps ax", "option ax"),
        ("ubuntu ps -o pid,ni", "format specifier ni"),
    ],
)
def test_procps_options_not_modelled_say_so(engine: Engine, line: str, what: str) -> None:
    assert run(engine, line) == (1, "", f"dockersim: not simulated in ps: {what}\n")


def test_a_long_user_name_is_cut_with_a_plus_unless_last() -> None:
    proc = ProcInfo(1, 0, "systemd-network", "sleep 1", argv=("sleep", "1"))
    columns = psformat.gnu_columns(["user,pid"])
    assert psformat.gnu_table(columns, [proc], 0.0).splitlines()[1] == "systemd+       1"
    last = psformat.gnu_columns(["pid,user"])
    assert psformat.gnu_table(last, [proc], 0.0).splitlines()[1] == "      1 systemd-network"


@pytest.mark.parametrize(
    ("seconds", "busybox", "elapsed", "cputime"),
    [
        (59, " 0:59", "00:59", "00:00:59"),
        (3600, " 1h00", "01:00:00", "01:00:00"),
        (90000, " 1d01", "1-01:00:00", "1-01:00:00"),
        (100 * 86400, " 100d", "100-00:00:00", "100-00:00:00"),
    ],
)
def test_time_formats(seconds: int, busybox: str, elapsed: str, cputime: str) -> None:
    assert psformat.busybox_time(seconds) == busybox
    assert psformat.gnu_time(seconds, elapsed=True) == elapsed
    assert psformat.gnu_time(seconds, elapsed=False) == cputime
