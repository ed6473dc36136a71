"""`docker ps` at 10,000 containers, third round (issue 14): the COMMAND column made from no
more of each command than the 20 columns it is cut to, and tables of one-column-a-character
cells laid out with one `%` format a line. Each shortcut is checked against the long way."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersim.docker.commands import ps
from dockersim.docker.render.table import TabWriter, uniform_columns, uniform_table
from dockersim.engine import Engine
from dockersim.model.container import Container

#: characters that make the short path leave a command to the long way, or escape, or cut
ODD = ["\t", "\n", '"', "\\", "\x7f", "\x01", "é", "名", "…", "\udc80", "\u200b", " "]


class _Fake(SimpleNamespace):
    ps_command = Container.ps_command


def _long_way(path: str, args: list[str], no_trunc: bool) -> str:
    command = _Fake(path=path, args=args).ps_command
    return ps._quoted_command.__wrapped__(command, no_trunc)


def _fake_rows(commands: list[tuple[str, list[str]]], no_trunc: bool) -> list[SimpleNamespace]:
    return [SimpleNamespace(c=_Fake(path=p, args=a), no_trunc=no_trunc) for p, a in commands]


CASES = [
    ("sleep", []),
    ("", []),
    ("", ["x"]),
    ("sleep", ["100000"]),
    ("sh", ["-c", "echo 1 > /tmp/file; sleep 100000"]),
    ("abcdefghijklmnopqrst", []),  # exactly 20 columns: kept whole
    ("abcdefghijklmnopqrstu", []),  # 21: cut
    ("abcdefghij", ["klmnopqrs"]),  # 20 with the space
    ("abcdefghij", ["klmnopqrst"]),  # 21
    ("sh", ["-c", 'echo "quoted"']),
    ("sh", ["-c", "a\\b"]),
    ("sh", ["-c", "tab\there"]),
    ("echo", ["\x01\x02"]),
    ("echo", ["héllo wörld, this is long"]),
    ("echo", ["名前名前名前名前名前名前"]),
    ("echo", ["ascii first then long enough", "名"]),  # the cut falls before the wide rune
    ("bin", ["\udc80raw"]),
]


@pytest.mark.parametrize("no_trunc", [False, True])
def test_commands_column_is_each_rows_quoted_command(no_trunc: bool) -> None:
    # given
    rows = _fake_rows(CASES, no_trunc)
    # when
    column = ps._commands(rows)  # type: ignore[arg-type]
    # then
    assert column == [_long_way(path, args, no_trunc) for path, args in CASES]


@given(
    st.text(alphabet=st.sampled_from([*"ab -'", *ODD]), max_size=12),
    st.lists(st.text(alphabet=st.sampled_from([*"xyz /", *ODD]), max_size=15), max_size=4),
)
def test_short_command_is_the_long_way_cut(path: str, args: list[str]) -> None:
    rows = _fake_rows([(path, args)], False)
    assert ps._commands(rows) == [_long_way(path, args, False)]  # type: ignore[arg-type]


def test_ps_a_of_long_commands_prints_them_cut(engine: Engine) -> None:
    # given
    engine.docker("run -d --name long busybox sh -c 'echo 1 > /tmp/file; sleep 100000'")
    engine.docker("run -d --name short busybox sleep 100000")
    # when
    out = engine.docker("ps -a --format '{{.Command}}|{{.Names}}'").stdout
    # then
    assert out == '"sleep 100000"|short\n"sh -c \'echo 1 > /tm…"|long\n'


def _tabwriter(columns: list[list[str]]) -> str:
    writer = TabWriter(10, 1, 3, " ", 0)
    for row in zip(*columns, strict=True):
        writer.write("\t".join(row) + "\n")
    return writer.flush()


CELL = st.text(alphabet=st.sampled_from([*"ab Z%s{}", "…", "名", "é", "\x01", "\x7f"]), max_size=6)


@given(
    st.integers(2, 4).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=2, max_size=4)
    )
)
def test_uniform_columns_is_the_tabwriters_table(columns: list[list[str]]) -> None:
    assert uniform_columns(columns) == _tabwriter(columns)
    lines = ["\t".join(row) for row in zip(*columns, strict=True)]
    assert uniform_table(lines) == _tabwriter(columns)


def test_uniform_columns_of_plain_cells_pad_to_the_widest() -> None:
    # given a truncated cell ("…" is one column) and a cell with a per cent sign
    columns = [["CONTAINER ID", "abc", "d"], ["COMMAND", '"sh -c…"', "%s"], ["NAMES", "x", "y"]]
    # when
    table = uniform_columns(columns)
    # then
    assert table.splitlines() == [
        "CONTAINER ID   COMMAND    NAMES",
        'abc            "sh -c…"   x',
        "d              %s         y",
    ]
