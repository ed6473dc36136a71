"""Job control and history in interactive shells (model/userland/jobs.py, jobctl.py,
cmdtext.py): `&` jobs on virtual time, `jobs`, `fg`, `bg`, `kill %N`, `wait %N`, the notices
before a prompt, `history`, and the jobs `ps` sees. Formats from bash 5.2 (jobs.c,
print_cmd.c, builtins/*.def), busybox ash 1.37 (ash.c, lineedit.c) and dash (jobs.c)."""

from __future__ import annotations

import json

import pytest
from userland_fixtures import alpine_tree, debian_tree, out, proc

from dockersim.model.fs import FileEntry
from dockersim.model.userland import Session, run_shell
from dockersim.model.userland.cmdtext import command_text
from dockersim.model.userland.parser import Parser
from dockersim.model.userland.session import SnapshotError

PROCPS = (
    FileEntry.program("/usr/bin/ps", "ps", "x86_64"),
    FileEntry.program("/usr/bin/kill", "kill", "x86_64"),
)


def bash(**kw: object) -> Session:
    return Session(proc(debian_tree(extra=PROCPS), **kw), "bash")


def ash() -> Session:
    return Session(proc(alpine_tree()), "ash")


def dash() -> Session:
    return Session(proc(debian_tree()), "dash", "sh")


def again(session: Session) -> Session:
    """What the next `dockersim` process reads back: the snapshot through JSON."""
    return Session.restore(session.proc, json.loads(json.dumps(session.snapshot())))


def lines(session: Session, *typed: str) -> list[tuple[str, str, int | None]]:
    return [out(session.run_line(line)) for line in typed]


# --- bash: starting jobs, `jobs` --------------------------------------------------------------
def test_bash_says_the_job_number_and_pid_on_stderr():
    s = bash()
    assert lines(s, "sleep 100 &", "sleep 1 &", "echo $!") == [
        ("", "[1] 7\n", 0),
        ("", "[2] 8\n", 0),
        ("8\n", "", 0),
    ]


def test_bash_jobs_columns_marks_and_pids():
    s = bash()
    lines(s, "sleep 100 &", "sleep 50 &", "sleep 1 &")
    assert lines(s, "jobs", "jobs -l", "jobs -p", "jobs %2", "jobs -r") == [
        (
            "[1]   Running                 sleep 100 &\n"
            "[2]-  Running                 sleep 50 &\n"
            "[3]+  Running                 sleep 1 &\n",
            "",
            0,
        ),
        (
            "[1]      7 Running                 sleep 100 &\n"
            "[2]-     8 Running                 sleep 50 &\n"
            "[3]+     9 Running                 sleep 1 &\n",
            "",
            0,
        ),
        ("7\n8\n9\n", "", 0),
        ("[2]-  Running                 sleep 50 &\n", "", 0),
        (
            "[1]   Running                 sleep 100 &\n"
            "[2]-  Running                 sleep 50 &\n"
            "[3]+  Running                 sleep 1 &\n",
            "",
            0,
        ),
    ]


def test_bash_names_jobs_by_number_current_previous_prefix_and_substring():
    s = bash()
    lines(s, "sleep 100 &", "sleep 50 &", "tail -f /dev/null &")
    assert lines(s, "jobs %%", "jobs %-", "jobs %1", "jobs %tail", "jobs %?100") == [
        ("[3]+  Running                 tail -f /dev/null &\n", "", 0),
        ("[2]-  Running                 sleep 50 &\n", "", 0),
        ("[1]   Running                 sleep 100 &\n", "", 0),
        ("[3]+  Running                 tail -f /dev/null &\n", "", 0),
        ("[1]   Running                 sleep 100 &\n", "", 0),
    ]
    assert lines(s, "fg %sleep", "jobs %9") == [
        ("", "bash: fg: sleep: ambiguous job spec\n", 1),
        ("", "bash: jobs: %9: no such job\n", 1),
    ]


def test_bash_numbers_a_new_job_past_the_highest_and_from_1_when_none_is_left():
    s = bash()
    lines(s, "sleep 1 &", "sleep 100 &", "sleep 2")  # job 1 ends and is reported
    # (PIDs 7, 8 and 9: every program bash runs is a process, `sleep 2` and `sleep 0` too)
    assert lines(s, "sleep 5 &", "kill %2 %3", "sleep 0", "sleep 7 &") == [
        ("", "[3] 10\n", 0),
        (
            "",
            "[2]-  Terminated              sleep 100\n[3]+  Terminated              sleep 5\n",
            0,
        ),
        ("", "", 0),
        ("", "[1] 12\n", 0),
    ]


# --- bash: the notices before the next prompt -------------------------------------------------
def test_a_finished_job_is_reported_after_the_line_it_ended_in_then_forgotten():
    s = bash()
    s.run_line("sleep 1 &")
    timeline = s.run_line("sleep 2; echo after")
    assert out(timeline) == ("after\n", "[1]+  Done                    sleep 1\n", 0)
    assert [(o.stream, o.at) for o in timeline.outputs] == [("stdout", 2.0), ("stderr", 2.0)]
    assert lines(s, "jobs", "echo $?") == [("", "", 0), ("0\n", "", 0)]


def test_a_job_still_running_is_not_reported():
    s = bash()
    s.run_line("sleep 5 &")
    assert lines(s, "sleep 2", "sleep 2", "sleep 2") == [
        ("", "", 0),
        ("", "", 0),
        ("", "[1]+  Done                    sleep 5\n", 0),
    ]


def test_bash_reports_exit_statuses_and_signals():
    s = bash()
    assert lines(s, "false &", "sleep 100 &", "sleep 200 &", "kill %1", "kill -9 %2") == [
        ("", "[1] 7\n[1]+  Exit 1                  false\n", 0),
        ("", "[1] 8\n", 0),
        ("", "[2] 9\n", 0),
        ("", "[1]-  Terminated              sleep 100\n", 0),
        ("", "[2]+  Killed                  sleep 200\n", 0),
    ]


def test_jobs_shows_a_finished_job_once_and_then_no_notice_follows():
    s = bash()
    assert lines(s, "sleep 1 & sleep 2; jobs; jobs", "echo next") == [
        ("[1]+  Done                    sleep 1\n", "[1] 7\n", 0),
        ("next\n", "", 0),
    ]


def test_bash_shows_where_a_job_started_when_the_shell_has_moved():
    s = bash()
    assert lines(s, "cd /tmp; sleep 3 &", "cd /", "jobs", "sleep 5") == [
        ("", "[1] 7\n", 0),
        ("", "", 0),
        ("[1]+  Running                 sleep 3 &  (wd: /tmp)\n", "", 0),
        ("", "[1]+  Done                    sleep 3  (wd: /tmp)\n(wd now: /)\n", 0),
    ]


def test_bash_shows_a_compound_job_as_it_prints_commands():
    s = bash()
    lines(s, "while true; do sleep 1; done &", "{ sleep 1; echo hi; } 2>/dev/null &")
    assert s.run_line("jobs").stdout == (
        "[1]-  Running                 while true; do\n    sleep 1;\ndone &\n"
        "[2]+  Running                 { sleep 1; echo hi; } 2> /dev/null &\n"
    )


# --- fg and bg --------------------------------------------------------------------------------
def test_fg_prints_the_command_waits_for_it_and_takes_its_status():
    s = bash()
    s.run_line("sh -c 'sleep 4; exit 3' &")
    timeline = s.run_line("fg")
    assert (timeline.stdout, timeline.exit_code, timeline.duration) == (
        "sh -c 'sleep 4; exit 3'\n",
        3,
        4.0,
    )
    assert lines(s, "echo $?", "jobs") == [("3\n", "", 0), ("", "", 0)]


def test_fg_of_a_job_that_never_ends_blocks_the_line_in_its_program():
    s = bash()
    lines(s, "sleep infinity &", "sleep 100 &")
    timeline = s.run_line("fg %1")
    assert (timeline.stdout, timeline.exit_code, timeline.blocked_in) == (
        "sleep infinity\n",
        None,
        "sleep",
    )
    assert s.interrupt().exit_code == 130
    assert lines(s, "jobs") == [("[2]+  Running                 sleep 100 &\n", "", 0)]


def test_bash_fg_and_bg_errors():
    s = bash()
    assert lines(s, "fg", "bg", "fg %9", "sleep 100 &", "bg", "bg %1", "fg -x") == [
        ("", "bash: fg: current: no such job\n", 1),
        ("", "bash: bg: current: no such job\n", 1),
        ("", "bash: fg: %9: no such job\n", 1),
        ("", "[1] 7\n", 0),
        ("", "bash: bg: job 1 already in background\n", 0),
        ("", "bash: bg: job 1 already in background\n", 0),
        ("", "bash: fg: -x: invalid option\nfg: usage: fg [job_spec]\n", 2),
    ]


def test_bash_fg_of_a_job_that_ended_but_was_not_reported_yet():
    s = bash()
    assert lines(s, "sleep 1 & sleep 2; fg") == [
        ("", "[1] 7\nbash: fg: job has terminated\n[1]+  Done                    sleep 1\n", 1)
    ]


# --- kill and wait ----------------------------------------------------------------------------
def test_kill_takes_job_specs():
    s = bash()
    lines(s, "sleep 100 &", "sleep 200 &", "sleep 300 &")
    assert lines(s, "kill %1 %%", "kill -s KILL %-", "kill %9", "kill %1") == [
        (
            "",
            "[1]   Terminated              sleep 100\n[3]+  Terminated              sleep 300\n",
            0,
        ),
        ("", "[2]+  Killed                  sleep 200\n", 0),
        ("", "bash: kill: %9: no such job\n", 1),
        ("", "bash: kill: %1: no such job\n", 1),
    ]


@pytest.mark.parametrize("shell", ["bash", "dash", "ash"])
def test_kill_jobs_p_in_a_substitution_ends_every_job(shell):
    s = ash() if shell == "ash" else dash() if shell == "dash" else bash()
    lines(s, "sleep 100 &", "sleep 200 &")
    timeline = s.run_line("kill $(jobs -p); wait; echo $?")
    assert (timeline.stdout, timeline.duration) == ("0\n", 0.0)
    assert lines(s, "jobs") == [("", "", 0)]


def test_a_piped_jobs_lists_the_jobs_a_subshell_does_not():
    s = bash()
    s.run_line("sleep 100 &")
    assert lines(s, "jobs | cat; (jobs); echo end") == [
        ("[1]+  Running                 sleep 100 &\nend\n", "", 0)
    ]


def test_ctrl_c_at_a_blocked_line_reports_the_jobs_that_ended():
    s = bash()
    assert s.run_line("sleep 0 & sleep infinity").blocked_in == "sleep"
    assert out(s.interrupt()) == ("\n", "[1]+  Done                    sleep 0\n", 130)


def test_killing_a_job_that_already_ended_finds_no_process():
    s = bash()
    assert lines(s, "sleep 1 & sleep 2; kill %1") == [
        ("", "[1] 7\nbash: kill: (7) - No such process\n[1]+  Done                    sleep 1\n", 1)
    ]


def test_the_kill_program_ends_a_job_by_pid():
    s = bash()
    assert lines(s, "sleep 100 &", "/usr/bin/kill 7") == [
        ("", "[1] 7\n", 0),
        ("", "[1]+  Terminated              sleep 100\n", 0),
    ]


def test_wait_for_a_job_spec_takes_its_status_and_bash_forgets_the_job():
    s = bash()
    lines(s, "sh -c 'sleep 3; exit 5' &", "sleep 100 &")
    timeline = s.run_line("wait %1; echo $?")
    assert (out(timeline), timeline.duration) == (("5\n", "", 0), 3.0)
    assert lines(s, "wait %9", "kill %2; wait %2; echo $?", "jobs") == [
        ("", "bash: wait: %9: no such job\n", 127),
        ("143\n", "", 0),
        ("", "", 0),
    ]


# --- busybox ash ------------------------------------------------------------------------------
def test_ash_prints_nothing_when_a_job_starts_and_lists_the_newest_first():
    s = ash()
    assert lines(s, "sleep 100 &", "sleep 50 &", "jobs", "jobs -l", "jobs -p") == [
        ("", "", 0),
        ("", "", 0),
        (
            "[2]+  Running                    sleep 50\n"
            "[1]-  Running                    sleep 100\n",
            "",
            0,
        ),
        (
            "[2]+  8 Running                  sleep 50\n"
            "[1]-  7 Running                  sleep 100\n",
            "",
            0,
        ),
        ("8\n7\n", "", 0),
    ]


def test_ash_reports_done_statuses_and_reuses_the_lowest_number():
    s = ash()
    assert lines(s, "sleep 100 &", "(exit 3) &", "sleep 1 &") == [
        ("", "", 0),
        ("", "[2]+  Done(3)                    (exit 3)\n", 0),
        ("", "", 0),
    ]
    assert lines(s, "kill -9 %1", "sleep 2", "jobs") == [
        ("", "[1]-  Killed                     sleep 100\n", 0),
        ("", "[2]+  Done                       sleep 1\n", 0),
        ("", "", 0),
    ]


def test_ash_fg_bg_kill_and_their_errors():
    s = ash()
    assert lines(s, "fg", "sleep 3 &", "bg", "fg %1", "fg %9", "kill %9", "jobs -z") == [
        ("", "/bin/sh: fg: No current job\n", 2),
        ("", "", 0),
        ("[1] sleep 3\n", "", 0),
        ("sleep 3\n", "", 0),
        ("", "/bin/sh: fg: %9: no such job\n", 2),
        ("", "/bin/sh: kill: %9: no such job\n", 2),
        ("", "/bin/sh: jobs: illegal option -z\n", 2),
    ]


def test_ash_still_reports_a_job_it_waited_for():
    s = ash()
    s.run_line("sleep 2 &")
    timeline = s.run_line("wait %1")
    assert (out(timeline), timeline.duration) == (
        ("", "[1]+  Done                       sleep 2\n", 0),
        2.0,
    )


# --- dash -------------------------------------------------------------------------------------
def test_dash_marks_after_a_space_and_names_missing_jobs_its_way():
    s = dash()
    assert lines(s, "sleep 100 &", "false &", "jobs", "fg %2", "kill %7") == [
        ("", "", 0),
        ("", "[2] + Done(1)                    false\n", 0),
        ("[1] + Running                    sleep 100\n", "", 0),
        ("", "sh: 4: fg: No such job: %2\n", 2),
        ("", "sh: 5: kill: No such job: %7\n", 2),
    ]
    assert lines(s, "history") == [("", "sh: 6: history: not found\n", 127)]


# --- history ----------------------------------------------------------------------------------
def test_bash_history_numbers_lines_from_1_with_the_current_line_last():
    s = bash()
    lines(s, "ls /", "", "echo hi")
    assert lines(s, "history", "history 2") == [
        ("    1  ls /\n    2  echo hi\n    3  history\n", "", 0),
        ("    3  history\n    4  history 2\n", "", 0),
    ]
    assert lines(s, "history -d 1", "history -c", "history", "history x") == [
        ("", "", 0),
        ("", "", 0),
        ("    1  history\n", "", 0),
        ("", "bash: history: x: numeric argument required\n", 1),
    ]
    assert lines(s, "history -d 99") == [
        ("", "bash: history: 99: history position out of range\n", 1)
    ]


def test_bash_history_numbers_go_on_past_the_lines_it_keeps():
    s = bash()
    for i in range(502):
        s.run_line(f"echo {i}")
    assert len(s.shell.history) == 500
    assert s.run_line("history 2").stdout == "  502  echo 501\n  503  history 2\n"


def test_ash_history_counts_from_0_on_stderr_without_repeats():
    s = ash()
    lines(s, "echo a", "echo a", "echo b")
    assert lines(s, "history") == [("", "   0 echo a\n   1 echo b\n   2 history\n", 0)]


# --- ps sees the jobs -------------------------------------------------------------------------
def test_ps_lists_the_shells_jobs_as_its_children():
    s = bash(tty=True)
    s.run_line("sleep 100 &")
    assert s.run_line("ps -ef").stdout == (
        "UID          PID    PPID  C STIME TTY          TIME CMD\n"
        "root           1       0  0 12:00 pts/0    00:00:00 bash\n"
        "root           7       1  0 12:00 pts/0    00:00:00 sleep 100\n"
        "root           8       1  0 12:00 pts/0    00:00:00 ps -ef\n"
    )
    assert s.run_line("ps aux | grep sleep").stdout == (
        "root           7  0.0  0.0   4588  3840 pts/0    S    12:00   0:00 sleep 100\n"
    )
    assert s.run_line("x=$(ps -ef); echo \"$x\" | grep -c 'sleep 100'").stdout == "1\n"
    s.run_line("kill %1")
    table = s.run_line("ps").stdout.splitlines()  # the job is gone; ps is the shell's child
    assert table[:2] == ["    PID TTY          TIME CMD", "      1 pts/0    00:00:00 bash"]
    assert len(table) == 3
    assert table[2].endswith(" pts/0    00:00:00 ps")
    assert int(table[2].split()[0]) > 8


def test_busybox_ps_in_a_script_sees_the_scripts_job():
    # `sh -c`: the shell execs its last command, so ps is PID 1 and the job its child
    timeline = run_shell("sleep 5 & ps", proc(alpine_tree()), "ash")
    assert timeline.stdout == (
        "PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n    7 root      0:00 sleep 5\n"
    )
    timeline = run_shell("sleep 5 & ps; true", proc(alpine_tree()), "ash")
    assert timeline.stdout == (
        "PID   USER     TIME  COMMAND\n"
        "    1 root      0:00 sh\n"
        "    7 root      0:00 sleep 5\n"
        "    8 root      0:00 ps\n"
    )


# --- saving a session -------------------------------------------------------------------------
def test_jobs_and_history_survive_a_snapshot():
    s = bash()
    lines(s, "cd /tmp; sleep 100 &", "sleep 3 &", "cd /; sleep infinity &")
    s = again(s)
    assert lines(s, "jobs") == [
        (
            "[1]   Running                 sleep 100 &  (wd: /tmp)\n"
            "[2]-  Running                 sleep 3 &  (wd: /tmp)\n"
            "[3]+  Running                 sleep infinity &\n",
            "",
            0,
        )
    ]
    s = again(s)
    assert lines(s, "sleep 4", "kill %1") == [
        ("", "[2]-  Done                    sleep 3  (wd: /tmp)\n(wd now: /)\n", 0),
        ("", "[1]-  Terminated              sleep 100  (wd: /tmp)\n(wd now: /)\n", 0),
    ]
    s = again(s)
    assert s.run_line("fg").blocked_in == "sleep"
    assert again(s).shell.history[-2:] == ["kill %1", "fg"]


def test_ash_marks_and_history_survive_a_snapshot():
    s = ash()
    lines(s, "sleep 100 &", "sleep 50 &", "bg %1")
    s = again(s)
    assert lines(s, "jobs") == [
        (
            "[1]+  Running                    sleep 100\n"
            "[2]-  Running                    sleep 50\n",
            "",
            0,
        )
    ]


def test_a_snapshot_keeps_the_history_base():
    s = bash()
    s.shell.history, s.shell.history_base = ["old"], 41
    assert again(s).run_line("history").stdout == "   41  old\n   42  history\n"


@pytest.mark.parametrize(
    ("field", "value"),
    [("jobs", []), ("jobs", {"current": 0, "previous": 0, "order": [], "table": [{}]})],
)
def test_error_a_damaged_job_table_is_refused(field, value):
    s = bash()
    state = s.snapshot()
    state[field] = value
    with pytest.raises(SnapshotError, match=r"^jobs: "):
        Session.restore(s.proc, state)


def test_error_a_snapshot_without_its_history_base_is_refused():
    s = bash()
    state = s.snapshot()
    del state["history_base"]
    with pytest.raises(SnapshotError, match="history_base"):
        Session.restore(s.proc, state)


# --- scripts keep no job control --------------------------------------------------------------
def test_a_script_says_nothing_when_a_job_starts_or_ends():
    p = proc(debian_tree())
    assert out(run_shell("sleep 1 & sleep 2; echo end", p, "bash")) == ("end\n", "", 0)
    assert out(run_shell("sleep 1 & jobs", p, "bash")) == (
        "[1]+  Running                 sleep 1 &\n",
        "",
        0,
    )
    assert out(run_shell("fg", p, "bash")) == ("", "bash: line 1: fg: no job control\n", 1)


def test_a_session_without_a_terminal_has_no_job_control():
    s = Session(proc(debian_tree()), "bash", interactive=False)
    assert lines(s, "sleep 1 &", "sleep 2", "jobs") == [
        ("", "", 0),
        ("", "", 0),
        ("[1]+  Done                    sleep 1\n", "", 0),
    ]


@pytest.mark.parametrize("shell", ["bash", "dash", "ash"])
def test_a_script_can_kill_and_wait_for_its_job(shell):
    tree = alpine_tree() if shell == "ash" else debian_tree()
    script = "sleep 10 & kill $!; wait $!; echo $?; false & wait $!; echo $?"
    assert out(run_shell(script, proc(tree), shell)) == ("143\n1\n", "", 0)


def test_dash_and_ash_scripts_keep_no_command_text():
    assert run_shell("sleep 1 & jobs", proc(debian_tree()), "dash").stdout == (
        "[1] + Running" + " " * 20 + "\n"
    )


# --- the command text -------------------------------------------------------------------------
COMMAND_TEXTS = [
    ("sleep 1", "sleep 1", "sleep 1"),
    ("X=1 sleep 1 >/dev/null 2>&1", "X=1 sleep 1 > /dev/null 2>&1", "sleep 1 1>/dev/null 2>&1"),
    ("a && b || c", "a && b || c", "a && b || c"),
    ("! a | b", "! a | b", "!a | b"),
    ("{ a; b; }", "{ a; b; }", "a; b"),
    ("(a; b)", "( a; b )", "(a; b)"),
    (
        "for i in 1 2; do echo $i; done",
        "for i in 1 2;\ndo\n    echo $i;\ndone",
        "for i in 1 2; do echo $i; done",
    ),
    (
        "if a; then b; elif c; then d; else e; fi",
        "if a; then\n    b;\nelse\n    if c; then\n        d;\n    else\n        e;\n    fi;\nfi",
        "if a; then b; else if c; then d; else e; fi; fi",
    ),
    (
        "case $x in a|b) c;; esac",
        "case $x in \n    a | b)\n        c\n    ;;\nesac",
        "case $x in a) c;; esac",
    ),
]


@pytest.mark.parametrize(("source", "bash_text", "ash_text"), COMMAND_TEXTS)
def test_command_text(source, bash_text, ash_text):
    node = Parser(source + "\n", "bash").program().items[0][0]
    assert (command_text(node, "bash"), command_text(node, "ash")) == (bash_text, ash_text)
