"""A stand-in executable without an implementation says so: never a silent success."""

from __future__ import annotations

from userland_fixtures import debian_tree, out, proc

from dockersim.model.fs import FileEntry
from dockersim.model.userland import run_shell
from dockersim.model.userland.programs.base import not_simulated_text


def test_unmodelled_program_says_so_and_fails() -> None:
    stub = FileEntry.program("/usr/bin/wish8.6", "wish8.6", "x86_64")
    result = run_shell("wish8.6 -f x.tcl; echo status=$?", proc(debian_tree(extra=(stub,))))
    assert out(result) == (
        "status=1\n",
        "dockersim: not simulated: wish8.6 (the image has this program; "
        "dockersim does not model what it does)\n",
        0,
    )


def test_text_names_the_program_or_the_part() -> None:
    assert not_simulated_text("tar", "option -j") == "dockersim: not simulated in tar: option -j\n"
    assert not_simulated_text("wish8.6").startswith("dockersim: not simulated: wish8.6 (")
