"""util.inspect as node 20 shows values (jsinspect): quoting, depth, one line or many, columns.

Each `expected` was read from node 20's REPL for the same source.
"""

from __future__ import annotations

import pytest

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsinspect import TooLong, format_args, inspect


def value_of(source: str) -> object:
    realm = Interpreter({}, "20.19.2", ["node"], 1, "/", Heap(), lambda stream, text: None)
    return realm.run(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("-0", "-0"),
        ('"it\'s"', '"it\'s"'),
        ("'say \"hi\"'", "'say \"hi\"'"),
        ("`both ' and \"`", "`both ' and \"`"),
        ('"all \' \\" `"', "'all \\' \" `'"),
        ('"a\\nb\\tc\\\\d"', "'a\\nb\\tc\\\\d'"),
        (
            "'\\x00\\x07\\b\\t\\n\\v\\f\\r\\x1b\\x7f\\u0085\\u00a0'",
            "'\\x00\\x07\\b\\t\\n\\x0B\\f\\r\\x1B\\x7F\\x85\xa0'",
        ),
        ("''", "''"),
        ("[]", "[]"),
        ("({})", "{}"),
        ("[1, 'a', [2, [3, [4, [5]]]]]", "[ 1, 'a', [ 2, [ 3, [Array] ] ] ]"),
        ("({ a: { b: { c: { d: 1 } } } })", "{ a: { b: { c: [Object] } } }"),
        ("({ a: { b: { c: {} } } })", "{ a: { b: { c: {} } } }"),
        (
            "({ 'a-b': 1, 1: 2, _x: 3, $y: 4, 'ü': 5, '0x': 6, class: 9 })",
            "{ '1': 2, 'a-b': 1, _x: 3, '$y': 4, 'ü': 5, '0x': 6, class: 9 }",
        ),
        (
            "({ 'a b': 1, \"it's\": 2, A1: 3, '1a': 4, '': 6 })",
            "{ 'a b': 1, \"it's\": 2, A1: 3, '1a': 4, '': 6 }",
        ),
        ("[1, 2, 3, 4, 5, 6, 7]", "[\n  1, 2, 3, 4,\n  5, 6, 7\n]"),
        (
            "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29]",
            (
                "[\n"
                "   0,  1,  2,  3,  4,  5,  6,  7,  8,\n"
                "   9, 10, 11, 12, 13, 14, 15, 16, 17,\n"
                "  18, 19, 20, 21, 22, 23, 24, 25, 26,\n"
                "  27, 28, 29\n"
                "]"
            ),
        ),
        (
            "['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape']",
            "[ 'apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape' ]",
        ),
        (
            "({ name: 'Alice', age: 30, hobbies: ['reading', 'chess', 'hiking'],"
            " address: { city: 'Paris', zip: '75001' } })",
            (
                "{\n"
                "  name: 'Alice',\n"
                "  age: 30,\n"
                "  hobbies: [ 'reading', 'chess', 'hiking' ],\n"
                "  address: { city: 'Paris', zip: '75001' }\n"
                "}"
            ),
        ),
        (
            "[1.5, -2, 300, 4, 5, 6, 7, 8, 9, 10, 11]",
            "[\n  1.5, -2, 300, 4,  5,\n    6,  7,   8, 9, 10,\n   11\n]",
        ),
        (
            "['a', 1, 'bb', 22, 'ccc', 333, 'dddd']",
            "[\n  'a',    1,\n  'bb',   22,\n  'ccc',  333,\n  'dddd'\n]",
        ),
        (
            "[true, false, true, false, true, false, true, false]",
            "[\n  true, false,\n  true, false,\n  true, false,\n  true, false\n]",
        ),
        ("[1, , 3]", "[ 1, <1 empty item>, 3 ]"),
        (
            "({ list: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,"
            "28,29,30] })",
            (
                "{\n"
                "  list: [\n"
                "     1,  2,  3,  4,  5,  6,  7,  8,  9,\n"
                "    10, 11, 12, 13, 14, 15, 16, 17, 18,\n"
                "    19, 20, 21, 22, 23, 24, 25, 26, 27,\n"
                "    28, 29, 30\n"
                "  ]\n"
                "}"
            ),
        ),
        (
            "[[1,2,3,4,5,6,7,8,9,10], [11,12,13,14,15,16,17,18,19,20]]",
            (
                "[\n"
                "  [\n"
                "    1, 2, 3, 4,  5,\n"
                "    6, 7, 8, 9, 10\n"
                "  ],\n"
                "  [\n"
                "    11, 12, 13, 14, 15,\n"
                "    16, 17, 18, 19, 20\n"
                "  ]\n"
                "]"
            ),
        ),
        (
            "({ aaaaaaaaaa: 1, bbbbbbbbbb: 2, cccccccccc: 3, dddddddddd: 4, eeeeeeeeee: 5,"
            " ffffff: 6 })",
            (
                "{\n"
                "  aaaaaaaaaa: 1,\n"
                "  bbbbbbbbbb: 2,\n"
                "  cccccccccc: 3,\n"
                "  dddddddddd: 4,\n"
                "  eeeeeeeeee: 5,\n"
                "  ffffff: 6\n"
                "}"
            ),
        ),
        ("[Math.max, console.log]", "[ [Function: max], [Function: log] ]"),
        ("Math", "Object [Math] {}"),
    ],
)
def test_values_are_shown_as_node_shows_them(source: str, expected: str) -> None:
    assert inspect(value_of(source)) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("({ k: '" + "x" * 62 + "' })", "{ k: '" + "x" * 62 + "' }"),
        ("({ k: '" + "x" * 63 + "' })", "{\n  k: '" + "x" * 63 + "'\n}"),
        ("['" + "x" * 65 + "']", "[ '" + "x" * 65 + "' ]"),
        ("['" + "x" * 66 + "']", "[\n  '" + "x" * 66 + "'\n]"),
        ("({ a: { k: '" + "x" * 60 + "' } })", "{\n  a: { k: '" + "x" * 60 + "' }\n}"),
        ("({ a: { k: '" + "x" * 61 + "' } })", "{\n  a: {\n    k: '" + "x" * 61 + "'\n  }\n}"),
    ],
)
def test_entries_stay_on_one_line_up_to_80_columns(source: str, expected: str) -> None:
    assert inspect(value_of(source)) == expected


def test_an_array_shows_its_first_100_items_in_columns() -> None:
    # given
    numbers = "[" + ", ".join(str(i) for i in range(101)) + "]"
    strings = "[" + ", ".join(["'ab'"] * 102) + "]"
    # when
    shown = inspect(value_of(numbers)), inspect(value_of(strings))
    # then
    rows = [
        ", ".join(f"{i:>2}" for i in range(row, min(row + 12, 100))) for row in range(0, 100, 12)
    ]
    assert shown[0] == "[\n  " + ",\n  ".join(rows) + ",\n  ... 1 more item\n]"
    line = ", ".join(["'ab'"] * 10)
    assert shown[1] == "[\n" + f"  {line},\n" * 10 + "  ... 2 more items\n]"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("['a%%b']", "a%%b"),
        ("['a%%b', 1]", "a%b 1"),
        ("['%s', { a: { b: 1 } }]", "{ a: [Object] }"),
        ("['%s', [1, [2]]]", "[ 1, [Array] ]"),
        ("['%s', null, undefined]", "null undefined"),
        ("['%d', '42abc']", "NaN"),
        ("['%i', 42.9]", "42"),
        ("['%f', '3.5x']", "3.5"),
        ("['%x', 1]", "%x 1"),
        ("['%s']", "%s"),
        ("['a', 'b%s', 1]", "a b%s 1"),
        ("['%s', -0]", "-0"),
        ("['%O', { a: 1 }]", "{ a: 1 }"),
        ("['%c x', 'color: red']", " x"),
        ("['%s:%s', 'a']", "a:%s"),
        ("[5, '%s', 1]", "5 %s 1"),
        ("[[1, 'a'], { k: 'v' }, 'plain', -0, null]", "[ 1, 'a' ] { k: 'v' } plain -0 null"),
    ],
)
def test_console_log_formats_its_arguments_as_util_format(source: str, expected: str) -> None:
    value = value_of(source)
    assert format_args(getattr(value, "items")) == expected  # noqa: B009


def test_error_what_would_not_fit_in_the_room_is_too_long() -> None:
    with pytest.raises(TooLong):
        inspect(value_of("['" + "x" * 100 + "']"), room=50)
