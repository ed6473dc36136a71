"""The shell language as dash, bash and busybox ash run it: whole outputs compared."""

from __future__ import annotations

import pytest
from userland_fixtures import alpine_tree, debian_tree, out, proc

from dockersim.model.userland import Session, run_shell

CASES = [
    # (script, stdout, stderr, exit code)
    ("echo hi > /tmp/f; cat /tmp/f", "hi\n", "", 0),
    ("echo 'a  b' \"c  d\" e\\ f", "a  b c  d e f\n", "", 0),
    ("x='1  2'; echo $x; echo \"$x\"", "1 2\n1  2\n", "", 0),
    ("echo ${UNSET:-dflt} ${#HOME} $((2*3+1))", "dflt 5 7\n", "", 0),
    ("A=1; A=2 sh -c 'echo $A'; echo $A", "2\n1\n", "", 0),
    ("export A=1; A=2 sh -c 'echo $A'; echo $A", "2\n1\n", "", 0),
    ("echo $(echo one; echo two) `echo three`", "one two three\n", "", 0),
    ("true && echo yes || echo no; false && echo yes || echo no", "yes\nno\n", "", 0),
    ("! false; echo $?", "0\n", "", 0),
    ("printf '%s-%d\\n' a 1 b 2", "a-1\nb-2\n", "", 0),
    ("echo c b a | tr ' ' '\\n' | sort | head -n 2", "a\nb\n", "", 0),
    ("ls /nope 2>&1 | wc -l", "1\n", "", 0),
    ("ls /nope 2>/dev/null; echo $?", "2\n", "", 0),
    ("for i in 1 2 3; do echo $i; done", "1\n2\n3\n", "", 0),
    ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", "3\n", "", 0),
    ("case foo.txt in *.sh) echo sh;; *.txt) echo txt;; esac", "txt\n", "", 0),
    ("if [ -d /tmp ]; then echo dir; elif true; then echo x; else echo no; fi", "dir\n", "", 0),
    ('f() { echo "in $1"; return 3; }; f arg; echo $?', "in arg\n3\n", "", 0),
    ("cat <<EOF\nhome=$HOME\nEOF", "home=/root\n", "", 0),
    ("echo a >> /tmp/g; echo b >> /tmp/g; cat /tmp/g", "a\nb\n", "", 0),
    ("echo one | { read x; echo got $x; }", "got one\n", "", 0),
    ("set -e; echo a; false; echo b", "a\n", "", 1),
    ("exit 3", "", "", 3),
    ("echo 'a\\nb'", "a\nb\n", "", 0),  # dash's echo interprets escapes
    ("cd /tmp && pwd", "/tmp\n", "", 0),
    ("cd /nope; echo $?", "2\n", "sh: 1: cd: can't cd to /nope\n", 0),
    ("echo x > /nope/f", "", "sh: 1: cannot create /nope/f: Directory nonexistent\n", 2),
    ("cat < /nope", "", "sh: 1: cannot open /nope: No such file\n", 2),
    ("foo", "", "sh: 1: foo: not found\n", 127),
    ("echo a\nfoo", "a\n", "sh: 2: foo: not found\n", 127),
    ("/tmp", "", "sh: 1: /tmp: Permission denied\n", 126),
    ("source /etc/hostname", "", "sh: 1: source: not found\n", 127),
]


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), CASES)
def test_dash_runs_scripts(script: str, stdout: str, stderr: str, code: int) -> None:
    assert out(run_shell(script, proc(debian_tree()))) == (stdout, stderr, code)


BASH_CASES = [
    ("echo 'a\\nb'", "a\\nb\n", "", 0),
    ("echo -e 'a\\tb'", "a\tb\n", "", 0),
    ("foo", "", "bash: line 1: foo: command not found\n", 127),
    ("cd /nope", "", "bash: line 1: cd: /nope: No such file or directory\n", 1),
    ("ls /nope &> /dev/null; echo $?", "2\n", "", 0),
    ("x=abcabc; echo ${x/b/X} ${x//b/X} ${x:1:3}", "aXcabc aXcaXc bca\n", "", 0),
    ("echo x > /nope/f", "", "bash: line 1: /nope/f: No such file or directory\n", 1),
    ("[ = foo ]", "", "bash: line 1: [: =: unary operator expected\n", 2),
]


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), BASH_CASES)
def test_bash_runs_scripts(script: str, stdout: str, stderr: str, code: int) -> None:
    assert out(run_shell(script, proc(debian_tree()), "bash")) == (stdout, stderr, code)


ASH_CASES = [
    ("echo 'a\\nb'", "a\\nb\n", "", 0),
    ("foo", "", "sh: foo: not found\n", 127),
    ("cd /nope", "", "sh: cd: can't cd to /nope: No such file or directory\n", 2),
    # busybox ash: a failed redirection is status 1 (seen on podman with busybox 1.37)
    ("echo x > /nope/f", "", "sh: can't create /nope/f: nonexistent directory\n", 1),
    ("echo hi > /tmp/f; cat /tmp/f", "hi\n", "", 0),
]


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), ASH_CASES)
def test_ash_runs_scripts(script: str, stdout: str, stderr: str, code: int) -> None:
    assert out(run_shell(script, proc(alpine_tree()), "ash")) == (stdout, stderr, code)


SYNTAX = [
    (
        "dash",
        "if true; then echo",
        'sh: 1: Syntax error: end of file unexpected (expecting "fi")\n',
    ),
    ("dash", "echo 'abc", "sh: 1: Syntax error: Unterminated quoted string\n"),
    ("dash", "fi", 'sh: 1: Syntax error: "fi" unexpected\n'),
    ("dash", "echo a; )", 'sh: 1: Syntax error: ")" unexpected\n'),
    ("dash", "for x in a; echo; done", 'sh: 1: Syntax error: word unexpected (expecting "do")\n'),
    ("bash", "if true; then echo", "bash: -c: line 1: syntax error: unexpected end of file\n"),
    (
        "bash",
        "echo a; fi",
        "bash: -c: line 1: syntax error near unexpected token `fi'\n"
        "bash: -c: line 1: `echo a; fi'\n",
    ),
    ("bash", "echo 'abc", "bash: -c: line 1: unexpected EOF while looking for matching `''\n"),
    ("ash", "if true; then echo", 'sh: syntax error: unexpected end of file (expecting "fi")\n'),
    ("ash", "fi", 'sh: syntax error: unexpected "fi"\n'),
]


@pytest.mark.parametrize(("shell", "script", "stderr"), SYNTAX)
def test_error_syntax_texts_per_shell(shell: str, script: str, stderr: str) -> None:
    fs = alpine_tree() if shell == "ash" else debian_tree()
    assert out(run_shell(script, proc(fs), shell)) == ("", stderr, 2)


def test_error_syntax_error_runs_earlier_lines_first() -> None:
    t = run_shell("echo before\nif", proc(debian_tree()))
    assert out(t) == ("before\n", "sh: 2: Syntax error: end of file unexpected\n", 2)


def test_sleep_offsets_outputs_in_virtual_time() -> None:
    t = run_shell("echo a; sleep 2; echo b; sleep 0.5; echo c >&2", proc(debian_tree()))
    assert [(o.stream, o.text, o.at) for o in t.outputs] == [
        ("stdout", "a\n", 0.0),
        ("stdout", "b\n", 2.0),
        ("stderr", "c\n", 2.5),
    ]
    assert (t.exit_code, t.duration) == (0, 2.5)


def test_blocking_program_ends_timeline_without_exit_code() -> None:
    t = run_shell("echo up; sleep 1; sleep infinity; echo never", proc(debian_tree()))
    assert (t.stdout, t.exit_code, t.duration, t.blocked_in) == ("up\n", None, 1.0, "sleep")


def test_tail_f_blocks_after_printing_the_file() -> None:
    t = run_shell("printf 'a\\nb\\n' > /tmp/log; tail -f /tmp/log", proc(debian_tree()))
    assert (t.stdout, t.exit_code, t.blocked_in) == ("a\nb\n", None, "tail")


def test_busybox_top_blocks_and_handles_term() -> None:
    t = run_shell("top", proc(alpine_tree()), "ash")
    assert (t.exit_code, t.blocked_in, t.handles) == (None, "top", frozenset({"SIGTERM", "SIGINT"}))


def test_endless_loop_stops_on_step_budget_as_still_running() -> None:
    t = run_shell("while true; do :; done", proc(debian_tree(), max_steps=500))
    assert (t.stdout, t.exit_code, t.blocked_in) == ("", None, "sh")


def test_endless_loop_with_sleep_keeps_timestamps() -> None:
    t = run_shell("while true; do echo tick; sleep 1; done", proc(debian_tree(), max_steps=30))
    ats = [o.at for o in t.outputs]
    assert t.exit_code is None and ats[:3] == [0.0, 1.0, 2.0]


def test_output_is_bounded() -> None:
    t = run_shell("yes", proc(debian_tree(), max_output=1000))
    assert (len(t.stdout), t.exit_code, t.blocked_in) == (1000, None, "yes")


def test_yes_into_head_ends() -> None:
    assert out(run_shell("yes | head -n 2", proc(debian_tree()))) == ("y\ny\n", "", 0)


def test_background_job_and_wait() -> None:
    t = run_shell("(sleep 2; echo bg) & echo fg; wait; echo end", proc(debian_tree()))
    assert [(o.text, o.at) for o in t.outputs] == [("fg\n", 0.0), ("bg\nend\n", 2.0)]


def test_session_keeps_state_and_prompts() -> None:
    s = Session(proc(debian_tree()), "bash")
    assert s.prompt() == "root@abc123:/# "
    s.run_line("cd")
    assert s.prompt() == "root@abc123:~# "
    s.run_line("cd /tmp")
    assert s.prompt() == "root@abc123:/tmp# "
    s.run_line("X=5")
    assert out(s.run_line("echo $X; foo")) == ("5\n", "bash: foo: command not found\n", 127)
    assert s.run_line("if true").outputs == () and s.prompt() == "> "
    assert out(s.run_line("then echo ok; fi")) == ("ok\n", "", 0)
    t = s.run_line("exit 4")
    assert (t.stderr, t.exit_code, s.exited, s.exit_code) == ("exit\n", 4, True, 4)


def test_ash_session_prompt() -> None:
    s = Session(proc(alpine_tree()), "ash")
    assert s.prompt() == "/ # "
    assert out(s.run_line("foo")) == ("", "/bin/sh: foo: not found\n", 127)


@pytest.mark.parametrize("shell", ["bash", "dash"])
def test_set_takes_an_option_name_inside_a_flag_cluster(shell: str) -> None:
    # `set -Eeo pipefail` (postgres' entrypoint): pipefail is the -o option, not an argument
    got = out(run_shell('set -Eeo pipefail; echo "[$#]"', proc(debian_tree()), shell))
    assert got == ("[0]\n", "", 0)
