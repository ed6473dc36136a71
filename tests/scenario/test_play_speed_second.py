"""The second round of `dockersim play` shortcuts (issue 14) answers as the slow paths do: the
terminal question asked only of commands that have `-t`, a parent with nothing before its
subcommand's name left unparsed, and attrs' generated methods reused from an earlier
process's compile (`dockersim/attrscode.py`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dockersim import attrscode
from dockersim.docker import flags
from dockersim.errors import Error
from dockersim.scenario.commands import wants_tty

ROOT = Path(__file__).resolve().parents[2]


def _slow_wants_tty(argv: list[str]) -> bool:
    """What `wants_tty` answered before it skipped commands without `-t`."""
    try:
        command, rest = flags.lookup(argv)
        parsed = flags.parse(command, rest)
    except Error:
        return False
    return bool(parsed.values.get("tty"))


TTY_LINES = [
    ["run", "-it", "alpine", "sh"],
    ["run", "-i", "alpine", "sh"],
    ["run", "--tty=false", "alpine"],
    ["container", "create", "-t", "alpine"],
    ["exec", "-t", "web", "sh"],
    ["exec", "web", "sh"],
    ["service", "create", "-t", "nginx"],
    ["service", "create", "nginx"],
    ["ps", "-a"],
    ["pull", "alpine"],
    ["images"],
    ["run", "--bogus", "alpine"],
    ["nonsense", "-t"],
    ["container", "--help", "ls"],
]


@pytest.mark.parametrize("argv", TTY_LINES)
def test_wants_tty_answers_as_a_full_parse_does(argv: list[str]) -> None:
    assert wants_tty(argv) == _slow_wants_tty(argv)


def test_wants_tty_of_run_it_and_of_ps() -> None:
    assert (wants_tty(["run", "-it", "alpine"]), wants_tty(["ps", "-t"])) == (True, False)


def test_parent_with_nothing_before_the_subcommand_inherits_no_help() -> None:
    # given
    container = flags.lookup(["container"])[0]
    # when / then
    assert flags.parse_parent_flags(container, []) == []
    assert flags.parse_parent_flags(container, ["--help"]) == ["--help"]


def test_help_before_a_subcommand_still_carries_over() -> None:
    command, rest = flags.lookup(["container", "--help", "ls"])
    assert (command.path, rest) == ("container ls", ["--help"])


def test_key_leaves_out_the_per_process_hash_number() -> None:
    # given: two texts of one __hash__ that differ only in the randomised number
    first = "def __hash__(self):\n    return hash((\n        -123456789,\n        self.a,\n    ))"
    second = first.replace("-123456789", "987654321")
    other_field = first.replace("self.a", "self.b")
    # when / then
    assert attrscode.key_of(first, "<f>") == attrscode.key_of(second, "<f>")
    assert attrscode.key_of(first, "<f>") != attrscode.key_of(other_field, "<f>")
    assert attrscode.key_of(first, "<f>") != attrscode.key_of(first, "<g>")


SCRIPT = """
import attrs
from dockersim import attrscode
attrscode.arm()
from dockersim.model.reference import parse_reference
before = len(attrscode._new)
@attrs.frozen
class Point:
    x: int
    y: int = 2
assert len(attrscode._new) == before, "a class not dockersim's was cached"
assert Point(1) == Point(1, 2) and hash(Point(1)) == hash(Point(1, 2)), "broken class"
one, two = parse_reference("alpine"), parse_reference("alpine")
assert one == two and hash(one) == hash(two) and {one, two} == {one}, "broken cached class"
assert repr(one) != "" and one != parse_reference("busybox"), "broken cached class"
print(len(attrscode._new), str(one))
"""


def _run(cache: Path, **extra: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "DOCKERSIM_NO_CACHE"}
    env.update(XDG_CACHE_HOME=str(cache), PYTHONPATH=str(ROOT), **extra)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout + done.stderr


def _cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "dockersim").glob("attrs-code-*.marshal"))


def test_second_process_compiles_nothing_and_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    # given: a first process fills the cache
    status, first = _run(tmp_path)
    compiled = int(first.split()[0])
    assert (status, compiled > 0, first.split()[1]) == (0, True, "docker.io/library/alpine")
    assert len(_cache_files(tmp_path)) == 1
    # when: a second process builds the same classes
    status, second = _run(tmp_path)
    # then: every class's code came from the cache, and the classes work
    assert (status, second) == (0, "0 docker.io/library/alpine\n")
    # and a damaged file is ignored (compiled again, then written whole)
    _cache_files(tmp_path)[0].write_bytes(b"\x00garbage")
    status, third = _run(tmp_path)
    assert (status, third) == (0, first)
    assert _run(tmp_path) == (0, second)


def test_no_cache_setting_writes_nothing(tmp_path: Path) -> None:
    status, out = _run(tmp_path, DOCKERSIM_NO_CACHE="1")
    assert (status, out) == (0, "0 docker.io/library/alpine\n")
    assert _cache_files(tmp_path) == []
