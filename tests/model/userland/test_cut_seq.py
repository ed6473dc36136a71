# ruff: noqa: E501  (each case keeps its whole output on one line)
"""cut and seq as GNU coreutils 9.1 runs them: whole outputs recorded with `bash -c` and
LC_ALL=C (ASCII quotes, as in a container without a locale)."""

from __future__ import annotations

import pytest
from userland_fixtures import debian_tree, out, proc

from dockersim.model.userland import run_shell

CASES = [
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1-x", '', "cut: invalid byte/character position 'x'\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c x", '', "cut: invalid byte/character position 'x'\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c -", '', "cut: invalid range with no endpoint: -\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1-", 'abcdef\nx:y:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c -2", 'ab\nx:\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 0", '', "cut: byte/character positions are numbered from 1\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 0-2", '', "cut: byte/character positions are numbered from 1\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 3-1", '', "cut: invalid decreasing range\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c ''", '', "cut: byte/character positions are numbered from 1\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1,,3", '', "cut: byte/character positions are numbered from 1\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c '1 3'", 'ac\nxy\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 99999999999999999999", '', "cut: byte/character offset '99999999999999999999' is too large\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1-99999999999999999999", '', "cut: byte/character offset '99999999999999999999' is too large\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 1-x", '', "cut: invalid field value 'x'\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 0", '', "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f -", '', "cut: invalid range with no endpoint: -\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 2-1", '', "cut: invalid decreasing range\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 18446744073709551615", '', "cut: field number '18446744073709551615' is too large\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 18446744073709551614", 'abcdef\nx:y:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c +1", '', "cut: invalid byte/character position '+1'\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1-+3", '', "cut: invalid byte/character position '+3'\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1--3", '', "cut: invalid byte or character range\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 1--3", '', "cut: invalid field range\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1-x,5", '', "cut: invalid byte/character position 'x,5'\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1,3-", 'acdef\nxy:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 3-,1", 'acdef\nxy:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f1 -c1", '', "cut: only one list may be specified\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c1 -c2", '', "cut: only one list may be specified\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -d, -c1", '', "cut: an input delimiter may be specified only when operating on fields\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -d ab -f1", '', "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -d '' -f1", 'abcdef\nx:y:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -s -c1", '', "cut: suppressing non-delimited lines makes sense\n\tonly when operating on fields\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut", '', "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n", 1),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 2 -d:", 'abcdef\ny\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 2 -d: -s", 'y\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -f 1,3 -d: --output-delimiter=+", 'abcdef\nx+z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 1,3-4,6 --output-delimiter=+", 'a+cd+f\nx+y:\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut --complement -c 2", 'acdef\nxy:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -d: --complement -f 2", 'abcdef\nx:z\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -b 1-2", 'ab\nx:\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -n -c1", 'a\nx\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -z -c1", 'a\x00', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut --fields=2 --delimiter=:", 'abcdef\ny\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -sd: -f3", 'z\n', '', 0),
    ("printf 'abcdef\\nx:y:z' | cut -c2", 'b\n:\n', '', 0),
    ("printf 'a\\tb\\tc\\n' | cut -f2-", 'b\tc\n', '', 0),
    ("printf 'abcdef\\nx:y:z\\n' | cut -c 5-9", 'ef\nz\n', '', 0),
    ('seq nan', '', "seq: invalid 'not-a-number' argument: 'nan'\nTry 'seq --help' for more information.\n", 1),
    ('seq 1 0 5', '', "seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n", 1),
    ('seq 1_0', '', "seq: invalid floating point argument: '1_0'\nTry 'seq --help' for more information.\n", 1),
    ('seq 0x10 | tail -n 2', '15\n16\n', '', 0),
    ("seq ' 5'", '1\n2\n3\n4\n5\n', '', 0),
    ("seq '5 '", '', "seq: invalid floating point argument: '5 '\nTry 'seq --help' for more information.\n", 1),
    ('seq 1 nan 5', '', "seq: invalid 'not-a-number' argument: 'nan'\nTry 'seq --help' for more information.\n", 1),
    ('seq -inf', '', "seq: invalid option -- 'i'\nTry 'seq --help' for more information.\n", 1),
    ('seq 3 -1 1', '3\n2\n1\n', '', 0),
    ('seq 1 2', '1\n2\n', '', 0),
    ('seq 1.5 3', '1.5\n2.5\n', '', 0),
    ('seq 1e2 | tail -n 1', '100\n', '', 0),
    ("seq ''", '', "seq: invalid floating point argument: ''\nTry 'seq --help' for more information.\n", 1),
    ('seq x', '', "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n", 1),
    ('seq 1 2 3 4', '', "seq: extra operand '4'\nTry 'seq --help' for more information.\n", 1),
    ('seq -w 8 10', '08\n09\n10\n', '', 0),
    ('seq -s, 3', '1,2,3\n', '', 0),
    ('seq --separator=: 3', '1:2:3\n', '', 0),
    ("printf 'a\\tb\\tc\\n' | cut -f2-", 'b\tc\n', '', 0),
]  # fmt: skip


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), CASES)
def test_cut_and_seq_print_as_coreutils(script, stdout, stderr, code):
    assert out(run_shell(script, proc(debian_tree()), "bash")) == (stdout, stderr, code)
