"""tr's backslash escapes, as GNU coreutils 9.1 tr and busybox tr read them (both run here on
the same input: `\\0` is NUL, `\\NNN` octal, `\\t`, `\\r`, `\\\\`)."""

from __future__ import annotations

import pytest
from userland_fixtures import alpine_tree, debian_tree, out, proc

from dockersim.model.userland import run_shell

CASES = [
    ("printf 'a\\000b0\\tc\\\\d\\r' | tr '\\0\\t\\\\\\r' '\\n_/X'", "a\nb0_c/dX"),
    ("printf 'abc' | tr '\\141\\142' 'XY'", "XYc"),
    ("printf 'a-b' | tr 'a\\-' 'xy'", "xyb"),
    ("printf 'one\\ntwo\\n' | tr '\\n' ' '", "one two "),
]


@pytest.mark.parametrize(("script", "expected"), CASES)
@pytest.mark.parametrize("flavour", ["gnu", "busybox"])
def test_tr_reads_escapes_as_the_real_ones(script: str, expected: str, flavour: str) -> None:
    tree = debian_tree() if flavour == "gnu" else alpine_tree()
    shell = "dash" if flavour == "gnu" else "ash"
    assert out(run_shell(script, proc(tree), shell)) == (expected, "", 0)
