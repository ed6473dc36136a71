"""pflag's readAsCSV (`--platform a,b`, `--dns-search`, ...): one CSV record, any length."""

from __future__ import annotations

import csv

from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim.docker.flag_values import read_csv
from dockersim.engine import Engine


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab ,"\t\x00é'), max_size=30))
def test_a_line_reads_as_python_csv_reads_it(text):
    """Quoting as encoding/csv reads it (its quote errors are not reproduced)."""
    assert read_csv(text) == next(csv.reader([text]), [])


def test_a_field_longer_than_python_csv_allows_is_read():
    # given a value beyond csv.field_size_limit() (131072 characters)
    text = "x" * 200_000 + ",y"
    # when / then
    assert read_csv(text) == ["x" * 200_000, "y"]


def test_a_carriage_return_stays_in_the_field_and_the_first_line_is_the_record():
    assert read_csv("a\rb,c\r\nd,e") == ["a\rb", "c"]
    assert read_csv("\nlater") == []


def test_a_huge_platform_is_an_unknown_platform_not_a_traceback():
    # given a --platform value of 200k characters
    platform = "linux/" + "a" * 200_000
    # when
    result = Engine().docker(["pull", "--platform", platform, "alpine"])
    # then the CLI's answer for an unknown platform
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "Using default tag: latest\n",
        f'"{platform}": unknown operating system or architecture: invalid argument\n',
    )
