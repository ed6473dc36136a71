"""go-units durations and sizes, Go's %g, strconv.ParseFloat and strconv.Quote.

Vectors come from docker/go-units v0.5.0 `duration_test.go` and `size_test.go`, the spec
(lifecycle-moby.md §4.2, images-oci.md §6.6), and the docker CLI 28.2.2 binary (same go-units
v0.5.0) run against a stub daemon: `docker history` CREATED/SIZE columns, `docker run -m` errors.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersim.model.humanize import (
    InvalidSize,
    InvalidSuffix,
    ParseFloatError,
    bytes_size,
    created_since,
    from_human_size,
    go_format_g,
    go_parse_float,
    go_quote,
    human_duration,
    human_duration_ns,
    human_size,
    human_size_with_precision,
    ram_in_bytes,
)

M, H, D = 60, 3600, 86400
WEEK, MONTH, YEAR = 7 * D, 30 * D, 365 * D

DURATIONS = [
    (-5, "Less than a second"),
    (0, "Less than a second"),
    (0.45, "Less than a second"),
    (0.5, "Less than a second"),
    (0.999, "Less than a second"),
    (1, "1 second"),
    (1.999, "1 second"),
    (2, "2 seconds"),
    (45, "45 seconds"),
    (59, "59 seconds"),
    (59.999, "59 seconds"),
    (60, "About a minute"),
    (119, "About a minute"),
    (119.999, "About a minute"),
    (120, "2 minutes"),
    (35 * M + 40, "35 minutes"),
    (59 * M, "59 minutes"),
    (59 * M + 59, "59 minutes"),
    (60 * M, "About an hour"),
    (H + 29 * M, "About an hour"),
    (89 * M + 59, "About an hour"),
    (90 * M, "2 hours"),
    (H + 59 * M, "2 hours"),
    (3 * H + 29 * M, "3 hours"),
    (3 * H + 31 * M, "4 hours"),
    (24 * H, "24 hours"),
    (D + 12 * H, "36 hours"),
    (47 * H + 29 * M, "47 hours"),
    (47 * H + 29 * M + 59, "47 hours"),
    (47 * H + 30 * M, "2 days"),
    (2 * D, "2 days"),
    (7 * D, "7 days"),
    (13 * D, "13 days"),
    (13 * D + 23 * H + 29 * M + 59, "13 days"),
    (13 * D + 23 * H + 30 * M, "2 weeks"),
    (14 * D, "2 weeks"),
    (2 * WEEK + 4 * D, "2 weeks"),
    (MONTH, "4 weeks"),
    (MONTH + 2 * WEEK, "6 weeks"),
    (59 * D, "8 weeks"),
    (59 * D + 23 * H + 29 * M + 59, "8 weeks"),
    (59 * D + 23 * H + 30 * M, "2 months"),
    (60 * D, "2 months"),
    (3 * MONTH + WEEK, "3 months"),
    (13 * MONTH, "13 months"),
    (YEAR, "12 months"),
    (729 * D, "24 months"),
    (729 * D + 23 * H + 29 * M + 59, "24 months"),
    # hours round up to 2 years' worth, but the years use truncated hours: "1 years".
    (729 * D + 23 * H + 30 * M, "1 years"),
    (730 * D - 1, "1 years"),
    (730 * D, "2 years"),
    (3 * YEAR + 2 * MONTH, "3 years"),
    (1e15, "292 years"),  # time.Sub saturates at the largest Duration
    (math.inf, "292 years"),
]


@pytest.mark.parametrize(("seconds", "expected"), DURATIONS)
def test_human_duration(seconds: float, expected: str) -> None:
    assert human_duration(seconds) == expected


@pytest.mark.parametrize(
    ("ns", "expected"),
    [
        (999_999_999, "Less than a second"),
        (1_000_000_000, "1 second"),
        (-(10**18), "Less than a second"),
    ],
)
def test_human_duration_ns(ns: int, expected: str) -> None:
    assert human_duration_ns(ns) == expected


def test_created_since() -> None:
    assert created_since(1_700_000_100.0, 1_700_000_000.0) == "About a minute ago"
    assert created_since(1_700_000_000.0, 1_700_000_000.0) == "Less than a second ago"


def test_error_human_duration_nan() -> None:
    with pytest.raises(ValueError) as info:
        human_duration(math.nan)
    assert str(info.value) == "duration is NaN"


SIZES_PRECISION_3 = [
    (0, "0B"),
    (1, "1B"),
    (999, "999B"),
    (1000, "1kB"),
    (999_499, "999kB"),
    (999_500, "1e+03kB"),  # %.3g of 999.5 rounds to 1e+03; the unit was chosen before
    (999_999, "1e+03kB"),
    (1_250_000, "1.25MB"),
    (74_812_345, "74.8MB"),
    (192_480_000, "192MB"),
    (338_300_000, "338MB"),
    (1_000_000_000_000_000, "1PB"),
    (9_000_000_000_000_000_000, "9EB"),
    ((1 << 63) - 1, "9.22EB"),
]


@pytest.mark.parametrize(("size", "expected"), SIZES_PRECISION_3)
def test_human_size_with_precision_3(size: int, expected: str) -> None:
    assert human_size_with_precision(size, 3) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1000, "1kB"),
        (1024, "1.024kB"),
        (1_000_000, "1MB"),
        (1_048_576, "1.049MB"),
        (2 * 1000**2, "2MB"),
        (3.42 * 1000**3, "3.42GB"),
        (5.372 * 1000**4, "5.372TB"),
        (2.22 * 1000**5, "2.22PB"),
        (10_000_000_000_000 * 1000**5, "1e+04YB"),
        (0.5, "0.5B"),
        (0.00001, "1e-05B"),
        (-1_500_000, "-1.5e+06B"),  # negative sizes are never scaled
        (math.inf, "+InfYB"),
        (math.nan, "NaNB"),
    ],
)
def test_human_size(size: float, expected: str) -> None:
    assert human_size(size) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (1024, "1KiB"),
        (1024 * 1024, "1MiB"),
        (1_048_576, "1MiB"),
        (2 * 1024**2, "2MiB"),
        (3.42 * 1024**3, "3.42GiB"),
        (5.372 * 1024**4, "5.372TiB"),
        (2.22 * 1024**5, "2.22PiB"),
        (1024**5 * 1024**5, "1.049e+06YiB"),
        (1023, "1023B"),
    ],
)
def test_bytes_size(size: float, expected: str) -> None:
    assert bytes_size(size) == expected


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (0.0, 3, "0"),
        (-0.0, 3, "-0"),
        (2.5, 1, "2"),  # exact ties round half to even
        (3.5, 1, "4"),
        (0.5, 0, "0.5"),  # precision 0 means 1
        (100000.0, 3, "1e+05"),
        (123456.0, 6, "123456"),
        (1e100, 4, "1e+100"),
        (0.0001, 4, "0.0001"),
        (0.00012345, 3, "0.000123"),
        (0.000012345, 3, "1.23e-05"),
        (math.inf, 3, "+Inf"),
        (-math.inf, 3, "-Inf"),
        (math.nan, 3, "NaN"),
        # a negative precision is plain %g: shortest digits, %e form from exponent 6 on
        (1234567.0, -1, "1.234567e+06"),
        (123456.0, -1, "123456"),
        (100000.0, -1, "100000"),
        (1e21, -1, "1e+21"),
        (0.1, -1, "0.1"),
    ],
)
def test_go_format_g(value: float, precision: int, expected: str) -> None:
    assert go_format_g(value, precision) == expected


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(min_value=0, max_value=25))
def test_go_format_g_agrees_with_c_printf_for_finite_values(value: float, precision: int) -> None:
    """Go's %.Ng and C's %.Ng agree on every finite float (same rounding, same cut-offs)."""
    assert go_format_g(value, precision) == f"{value:.{precision}g}"


PARSED_SIZES = [
    ("0", 0, 0),
    ("0b", 0, 0),
    ("0 B", 0, 0),
    ("0 ", 0, 0),
    ("0.", 0, 0),
    ("0. ", 0, 0),
    ("-0", 0, 0),
    ("-0 B", 0, 0),
    ("32", 32, 32),
    ("32b", 32, 32),
    ("32B", 32, 32),
    ("32.", 32, 32),
    ("32. B", 32, 32),
    ("32.3", 32, 32),
    ("32.5 B", 32, 32),
    ("32k", 32_000, 32_768),
    ("32K", 32_000, 32_768),
    ("32kb", 32_000, 32_768),
    ("32Kb", 32_000, 32_768),
    ("32Kib", 32_000, 32_768),
    ("32KIB", 32_000, 32_768),
    ("32.5kB", 32_500, 33_280),
    ("32.5 kB", 32_500, 33_280),
    ("0.3 K", 300, 307),
    (".3kB", 300, 307),
    ("32.3 mb", 32_299_999, 33_869_004),  # float64: 32.3 * 1e6 = 32299999.999999996
    ("0.3MB", 300_000, 314_572),
    ("32Mb", 32 * 1000**2, 32 * 1024**2),
    ("32Gb", 32 * 1000**3, 32 * 1024**3),
    ("32Tb", 32 * 1000**4, 32 * 1024**4),
    ("32Pb", 32 * 1000**5, 32 * 1024**5),
    ("32P", 32 * 1000**5, 32 * 1024**5),
    ("512m", 512_000_000, 536_870_912),
    ("1e3", 1000, 1000),  # the number is any Go float literal
    ("1_000", 1000, 1000),
    ("0x1p4", 16, 16),
    ("inf b", -(1 << 63), -(1 << 63)),  # int64(+Inf) on amd64
]


@pytest.mark.parametrize(("text", "decimal", "binary"), PARSED_SIZES)
def test_from_human_size_and_ram_in_bytes(text: str, decimal: int, binary: int) -> None:
    assert (from_human_size(text), ram_in_bytes(text)) == (decimal, binary)


SIZE_ERRORS = [
    ("", InvalidSize, "invalid size: ''"),
    ("hello", InvalidSize, "invalid size: 'hello'"),
    ("-32", InvalidSize, "invalid size: '-32'"),
    ("-32 b", InvalidSize, "invalid size: '-32 b'"),
    ("32bm", InvalidSuffix, "invalid suffix: 'bm'"),
    ("32 bb", InvalidSuffix, "invalid suffix: 'bb'"),
    ("32 BB", InvalidSuffix, "invalid suffix: 'bb'"),
    ("32 x", InvalidSuffix, "invalid suffix: 'x'"),
    ("32 BYTES", InvalidSuffix, "invalid suffix: 'BYTES'"),
    ("32kbb", InvalidSuffix, "invalid suffix: 'kbb'"),
    ("32Ké", InvalidSuffix, "invalid suffix: 'ké'"),
    ("0x1p4x", InvalidSuffix, "invalid suffix: 'x'"),
    (" 0", ParseFloatError, 'strconv.ParseFloat: parsing " 0": invalid syntax'),
    ("0b ", ParseFloatError, 'strconv.ParseFloat: parsing "0b": invalid syntax'),
    (" ", ParseFloatError, 'strconv.ParseFloat: parsing "": invalid syntax'),
    (".", ParseFloatError, 'strconv.ParseFloat: parsing ".": invalid syntax'),
    (". ", ParseFloatError, 'strconv.ParseFloat: parsing ".": invalid syntax'),
    ("32b.", ParseFloatError, 'strconv.ParseFloat: parsing "32b.": invalid syntax'),
    ("32 b b", ParseFloatError, 'strconv.ParseFloat: parsing "32 b": invalid syntax'),
    ("32  b", ParseFloatError, 'strconv.ParseFloat: parsing "32 ": invalid syntax'),
    (" 32 ", ParseFloatError, 'strconv.ParseFloat: parsing " 32": invalid syntax'),
    ("32m b", ParseFloatError, 'strconv.ParseFloat: parsing "32m": invalid syntax'),
    ("1_0__0", ParseFloatError, 'strconv.ParseFloat: parsing "1_0__0": invalid syntax'),
    ("1e400", ParseFloatError, 'strconv.ParseFloat: parsing "1e400": value out of range'),
    ("\t1", ParseFloatError, 'strconv.ParseFloat: parsing "\\t1": invalid syntax'),
]


@pytest.mark.parametrize(("text", "kind", "message"), SIZE_ERRORS)
def test_error_ram_in_bytes(text: str, kind: type[InvalidSize], message: str) -> None:
    with pytest.raises(InvalidSize) as info:
        ram_in_bytes(text)
    assert (type(info.value), str(info.value)) == (kind, message)


@pytest.mark.parametrize(("text", "kind", "message"), SIZE_ERRORS)
def test_error_from_human_size(text: str, kind: type[InvalidSize], message: str) -> None:
    with pytest.raises(InvalidSize) as info:
        from_human_size(text)
    assert (type(info.value), str(info.value)) == (kind, message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1.0),
        ("+.5", 0.5),
        ("5.", 5.0),
        ("1E+2", 100.0),
        ("1_000.000_1", 1000.0001),
        ("0x_1p-2", 0.25),
        ("0X1.8P1", 3.0),
        ("Infinity", math.inf),
        ("-inf", -math.inf),
        ("1e-400", 0.0),  # underflow is not an error
    ],
)
def test_go_parse_float(text: str, expected: float) -> None:
    assert go_parse_float(text) == expected


def test_go_parse_float_nan() -> None:
    assert math.isnan(go_parse_float("NaN"))


@pytest.mark.parametrize(
    "text", ["", "+", "-nan", "+NaN", "infin", "1e", "1e+", "0x1", "0x", "_1", "1_", "1._5", "1..2"]
)
def test_error_go_parse_float(text: str) -> None:
    with pytest.raises(ParseFloatError) as info:
        go_parse_float(text)
    assert str(info.value) == f"strconv.ParseFloat: parsing {go_quote(text)}: invalid syntax"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_go_parse_float_reads_python_reprs(value: float) -> None:
    assert go_parse_float(repr(value)) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", '""'),
        ("top", '"top"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("C:\\dir", '"C:\\\\dir"'),
        ("\a\b\f\n\r\t\v", '"\\a\\b\\f\\n\\r\\t\\v"'),
        ("\x00\x1f\x7f", '"\\x00\\x1f\\x7f"'),
        ("\x80\x9f\xa0\xad", '"\\u0080\\u009f\\u00a0\\u00ad"'),
        ("日本語 ☃ é", '"日本語 ☃ é"'),
        ("a\u200db", '"a\\u200db"'),
        ("\u2028", '"\\u2028"'),
        ("\U000e0001", '"\\U000e0001"'),
        ("\U0010ffff", '"\\U0010ffff"'),
        ("\U0001fa75 \U00031350", '"\U0001fa75 \U00031350"'),  # Unicode 15.0, printable in Go
        ("\U0001fa89", '"\\U0001fa89"'),  # Unicode 16.0: not yet in Go's tables
        ("\udcff\udc80", '"\\xff\\x80"'),  # bytes that were not UTF-8 (surrogateescape)
        ("\ud800", '"\\xed\\xa0\\x80"'),
    ],
)
def test_go_quote(text: str, expected: str) -> None:
    assert go_quote(text) == expected
