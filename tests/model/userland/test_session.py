"""The interactive shell as a LineProgram: prompts, lines, Ctrl-C/Ctrl-D, and a snapshot that
brings back every piece of its state in a new process (a live session saved between lines)."""

from __future__ import annotations

import json

import pytest
from userland_fixtures import alpine_tree, debian_tree, proc

from dockersim.model.userland.session import Session, SnapshotError


def again(session: Session, tree_proc=None) -> Session:
    """What the next `dockersim` process reads back: the snapshot through JSON."""
    state = json.loads(json.dumps(session.snapshot()))
    return Session.restore(tree_proc or session.proc, state)


def run(session: Session, line: str) -> str:
    timeline = session.run_line(line)
    return timeline.stdout + timeline.stderr


def test_bash_state_survives_a_snapshot():
    s = Session(proc(debian_tree()), "bash")
    for line in ("X=5; export Y=6; cd /tmp", "greet() { echo hi $1; }", "set -u", "false"):
        run(s, line)
    s = again(s)
    assert s.prompt() == "root@abc123:/tmp# "
    assert run(s, "echo $? $X $Y $PWD $OLDPWD") == "1 5 6 /tmp /\n"
    assert run(s, "greet you") == "hi you\n"
    assert run(s, "echo $NOPE") == "bash: NOPE: unbound variable\n"
    assert run(s, "env | grep -c '^Y=6'") == "1\n"
    assert run(s, "env | grep -c '^X='") == "0\n"


def test_functions_of_every_form_survive():
    s = Session(proc(debian_tree()), "bash")
    run(s, "function a { echo A; }")
    run(s, "b() (echo B)")
    run(s, "c() {")
    run(s, "  cat <<EOF")
    run(s, "C $1")
    run(s, "EOF")
    run(s, "}")
    s = again(again(s))
    assert run(s, "a; b; c x") == "A\nB\nC x\n"
    run(s, "unset -f a")
    s = again(s)
    assert run(s, "a") == "bash: a: command not found\n"


def test_an_unfinished_block_survives_between_lines():
    s = Session(proc(debian_tree()), "bash")
    run(s, "for i in 1 2; do")
    s = again(s)
    assert s.prompt() == "> "
    run(s, "echo $i")
    s = again(s)
    assert run(s, "done") == "1\n2\n"
    assert s.prompt() == "root@abc123:/# "


def test_ash_prompt_and_traps_survive():
    s = Session(proc(alpine_tree()), "ash")
    run(s, "cd /etc; trap 'echo bye' EXIT")
    s = again(s)
    assert s.prompt() == "/etc # "
    timeline = s.run_line("exit 4")
    assert (timeline.stdout, s.exited, s.exit_code) == ("bye\n", True, 4)


def test_ctrl_d_ends_bash_with_its_last_status_and_says_exit():
    s = Session(proc(debian_tree()), "bash")
    run(s, "false")
    timeline = s.end_of_input()
    assert (timeline.stdout, s.exited, s.exit_code) == ("exit\n", True, 1)
    ash = Session(proc(alpine_tree()), "ash")
    assert (ash.end_of_input().stdout, ash.exit_code) == ("", 0)


def test_ctrl_c_drops_the_unfinished_line_and_sets_130():
    s = Session(proc(debian_tree()), "bash")
    run(s, "if true; then")
    s.interrupt()
    assert s.prompt() == "root@abc123:/# "
    assert run(s, "echo $?") == "130\n"


def test_without_a_terminal_there_is_no_prompt():
    s = Session(proc(debian_tree()), "bash", interactive=False)
    assert s.prompt() == ""
    assert run(s, "echo $((6*7))") == "42\n"
    assert again(s).prompt() == ""


def test_history_is_kept_and_bounded():
    s = Session(proc(debian_tree()), "bash")
    for i in range(3):
        run(s, f"echo {i}")
    assert again(s).shell.history == ["echo 0", "echo 1", "echo 2"]
    s.shell.history = [f"x{i}" for i in range(2000)]
    assert len(again(s).shell.history) == 500


@pytest.mark.parametrize(
    ("field", "value"),
    [("shell", "zsh"), ("vars", []), ("status", "0"), ("status", True), ("cwd", None)],
)
def test_a_damaged_snapshot_is_refused_by_name(field, value):
    s = Session(proc(debian_tree()), "bash")
    state = s.snapshot()
    state[field] = value
    with pytest.raises(SnapshotError, match=field):
        Session.restore(s.proc, state)
