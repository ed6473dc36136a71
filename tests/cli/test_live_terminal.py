"""Live sessions at a real terminal, driven through a pseudo-terminal as a learner types:
`run -it`, `exec -it`, `attach`, `start -ai`; Ctrl-C, Ctrl-D, Ctrl-P Ctrl-Q; other terminals
working meanwhile; and the answers Docker gives when stdin is a pipe."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ptyterm import Terminal, dockersim

pytestmark = pytest.mark.subprocess

BASH = r"root@[0-9a-f]{12}:/# "


@pytest.fixture
def home(tmp_path: Path) -> Path:
    for image in ("ubuntu", "alpine"):
        assert dockersim(tmp_path, "docker", "pull", "-q", image).returncode == 0
    return tmp_path


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def open_terminal(terminals: list[Terminal], home: Path, *args: str) -> Terminal:
    terminal = Terminal(home, *args)
    terminals.append(terminal)
    return terminal


def test_run_it_bash_keeps_its_state_line_by_line_and_exits_with_its_status(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "--name", "box", "ubuntu", "bash")
    t.expect(BASH)
    t.line("X=41; cd /tmp")
    t.expect(r"root@[0-9a-f]{12}:/tmp# ")
    t.line("echo $((X+1)) $PWD")
    t.expect(r"42 /tmp\r\n")
    t.line("for i in a b; do")
    t.expect(r"> ")
    t.line("echo -$i-; done")
    t.expect(r"-a-\r\n-b-\r\n")
    t.line("exit 3")
    t.expect(r"exit\r\n")
    assert t.wait() == 3
    ps = dockersim(home, "docker", "ps", "-a", "--format", "{{.Status}}")
    assert ps.stdout.startswith("Exited (3) ")
    logs = dockersim(home, "docker", "logs", "box").stdout
    assert "echo $((X+1)) $PWD\r\n42 /tmp\r\n" in logs


def test_alpine_sh_shows_the_busybox_prompt_and_ctrl_d_ends_it(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "--rm", "alpine", "sh")
    t.expect(r"^/ # ")
    t.line("cd /etc")
    t.expect(r"/etc # ")
    t.type("\x04")
    assert t.wait() == 0
    assert dockersim(home, "docker", "ps", "-aq").stdout == ""  # --rm removed it


def test_line_editing_and_history(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "ubuntu", "bash")
    t.expect(BASH)
    t.line("echo one")
    t.expect(r"one\r\n")
    t.expect(BASH)
    t.type("\x1b[A")  # Up: the last line again
    t.type("\x1b[D\x1b[D\x1b[D" + "X")  # three left, insert: "echo Xone"
    t.type("\x01\x1b[3~\x1b[3~\x1b[3~\x1b[3~printf")  # Home, delete "echo", type printf
    t.line("")
    t.expect(r"\r\nXone" + BASH)
    t.type("echo abc def\x17\x17ghi\r")  # Ctrl-W twice
    t.expect(r"\r\nghi\r\n")


def test_ctrl_c_interrupts_the_foreground_program(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "ubuntu", "bash")
    t.expect(BASH)
    t.line("sleep 1000")
    t.expect(r"sleep 1000\r\n")
    t.type("\x03")
    t.expect(r"\^C\r\n" + BASH)
    t.line("echo status $?")
    t.expect(r"status 130\r\n")


def test_output_comes_as_the_clock_reaches_it(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "ubuntu", "bash")
    t.expect(BASH)
    t.line("for i in 1 2; do echo tick $i; sleep 1; done; echo done")
    t.expect(r"tick 1\r\n")
    assert "tick 2" not in t.screen[t.seen :]
    t.expect(r"tick 2\r\n", timeout=5)
    t.expect(r"done\r\n" + BASH, timeout=5)


def test_other_terminals_work_during_a_session_and_stop_ends_it(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "--name", "box", "ubuntu", "bash")
    t.expect(BASH)
    t.line("echo made > /tmp/f")
    t.expect(BASH)
    ps = dockersim(home, "docker", "ps", "--format", "{{.Names}} {{.Status}}")
    assert re.fullmatch(r"box Up (Less than a second|\d+ seconds?)\n", ps.stdout)
    assert dockersim(home, "docker", "exec", "box", "cat", "/tmp/f").stdout == "made\n"
    top = dockersim(home, "docker", "exec", "box", "ps").stdout
    assert "      1 pts/0    00:00:00 bash\n" in top
    assert dockersim(home, "docker", "stop", "box").returncode == 0
    assert t.wait() == 137  # bash as PID 1 ignores SIGTERM: killed after the timeout


def test_detach_then_attach_again(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "--name", "box", "ubuntu", "bash")
    t.expect(BASH)
    t.line("cd /srv; KEPT=yes")
    t.expect(r"/srv# ")
    t.type("\x10\x11")
    assert t.wait() == 0  # run: detached quietly
    assert "read escape sequence" not in t.screen
    ps = dockersim(home, "docker", "ps", "--format", "{{.Status}}")
    assert ps.stdout.startswith("Up ")
    a = open_terminal(terminals, home, "docker", "attach", "box")
    a.line("")
    a.expect(r"/srv# ")
    assert "KEPT" not in a.screen  # attach shows what comes, not what was
    a.type("\x1b[A\x1b[A\r")  # Up twice: the shell's history, kept across the detach
    a.expect(r"/srv# cd /srv; KEPT=yes\x1b\[K\r\n")
    a.expect(r"/srv# ")
    a.line("echo $KEPT")
    a.expect(r"yes\r\n")
    a.type("\x10\x11")
    a.expect(r"read escape sequence\r\n")
    assert a.wait() == 1  # attach returns the escape as its error
    e = open_terminal(terminals, home, "docker", "exec", "-it", "box", "bash")
    e.expect(BASH)
    e.type("\x10\x11")
    assert e.wait() == 1
    b = open_terminal(terminals, home, "docker", "attach", "box")
    b.line("exit")
    assert b.wait() == 0
    assert dockersim(home, "docker", "ps", "-q").stdout == ""
    # and the daemon logged each detach (attach.go), the exec's with its ID (exec.go)
    events = dockersim(home, "docker", "events", "--since", "0", "--until", "0s", "--format",
                       "{{.Action}} {{.Actor.Attributes.execID}}").stdout.splitlines()  # fmt: skip
    detaches = [line for line in events if "detach" in line]
    started = [line.split()[-1] for line in events if line.startswith("exec_start")]
    assert detaches == ["detach <no value>", "detach <no value>", f"exec_detach {started[-1]}"]


def test_ctrl_p_not_followed_by_ctrl_q_is_previous_history(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "ubuntu", "bash")
    t.expect(BASH)
    t.line("echo again")
    t.expect(r"again\r\n")
    t.expect(BASH)
    t.type("\x10\r")
    t.expect(r"again\r\n")


def test_exec_it_opens_a_second_shell(home, terminals):
    assert dockersim(home, "docker", "run", "-dit", "--name", "box", "ubuntu").returncode == 0
    t = open_terminal(terminals, home, "docker", "exec", "-it", "box", "sh")
    t.expect(r"^# ")
    t.line("ps")
    t.expect(r"      1 pts/0    00:00:00 bash\r\n      2 pts/1    00:00:00 sh\r\n")
    t.line("exit 4")
    assert t.wait() == 4
    assert dockersim(home, "docker", "ps", "--format", "{{.Status}}").stdout.startswith("Up ")


def test_start_ai_opens_the_stopped_containers_shell(home, terminals):
    created = dockersim(home, "docker", "create", "-it", "--name", "box", "ubuntu", "bash")
    assert created.returncode == 0
    t = open_terminal(terminals, home, "docker", "start", "-ai", "box")
    t.expect(BASH)
    t.line("exit 5")
    assert t.wait() == 5


def test_a_pipe_is_not_a_tty_and_i_alone_reads_it(home):
    piped = dockersim(home, "docker", "run", "-it", "ubuntu", "bash", stdin="echo hi\n")
    assert (piped.returncode, piped.stdout, piped.stderr) == (
        1,
        "",
        "the input device is not a TTY\n",
    )
    assert dockersim(home, "docker", "ps", "-aq").stdout == ""  # checked before create
    read = dockersim(home, "docker", "run", "-i", "ubuntu", "bash", stdin="echo hi\nexit 2\n")
    assert (read.returncode, read.stdout) == (2, "hi\n")
    dockersim(home, "docker", "run", "-dit", "--name", "box", "ubuntu")
    exec_piped = dockersim(home, "docker", "exec", "-it", "box", "sh", stdin="ls\n")
    assert (exec_piped.returncode, exec_piped.stderr) == (1, "the input device is not a TTY\n")
    missing = dockersim(home, "docker", "exec", "-it", "nope", "sh", stdin="ls\n")
    assert missing.stderr == "Error response from daemon: No such container: nope\n"


def test_run_dit_keeps_the_shell_waiting(home):
    assert dockersim(home, "docker", "run", "-dit", "--name", "box", "ubuntu").returncode == 0
    ps = dockersim(home, "docker", "ps", "--format", "{{.Names}} {{.Command}}")
    assert ps.stdout == 'box "/bin/bash"\n'


# --- following ------------------------------------------------------------------------------

LOOP = "for i in $(seq 1 30); do echo line $i; sleep 1; done"


def test_logs_f_follows_a_container_that_prints_once_a_second(home, terminals):
    assert dockersim(home, "docker", "run", "-d", "--name", "loop", "alpine", "sh", "-c", LOOP)
    t = open_terminal(terminals, home, "docker", "logs", "-f", "loop")
    t.expect(r"^line 1\r\n")
    t.expect(r"line 2\r\n", timeout=5)
    t.expect(r"line 3\r\n", timeout=5)
    t.type("\x03")
    assert t.wait() == 130
    assert "line 1\r\nline 2\r\nline 3\r\n" in t.screen  # in order
    assert [t.screen.count(f"line {i}\r\n") for i in (1, 2, 3)] == [1, 1, 1]  # each once


def test_logs_f_ends_when_the_container_stops(home, terminals):
    dockersim(home, "docker", "run", "-d", "--name", "loop", "alpine", "sh", "-c", LOOP)
    t = open_terminal(terminals, home, "docker", "logs", "-f", "loop")
    t.expect(r"line 1\r\n")
    assert dockersim(home, "docker", "stop", "loop").returncode == 0
    assert t.wait() == 0


def test_events_stream_until_ctrl_c(home, terminals):
    t = open_terminal(terminals, home, "docker", "events")
    time.sleep(2)  # events from when it started: let it start first
    dockersim(home, "docker", "run", "-d", "--name", "web", "alpine", "sleep", "1000")
    t.expect(r"container create [0-9a-f]{64} \(image=alpine, name=web\)\r\n")
    t.expect(r"container start [0-9a-f]{64} \(image=alpine, name=web\)\r\n")
    t.type("\x03")
    assert t.wait() == 130
    assert "dockersim:" not in t.screen  # no note that it does not follow
    assert t.screen.count("container create") == 1


def test_wait_blocks_until_the_container_exits(home, terminals):
    dockersim(
        home, "docker", "run", "-d", "--name", "short", "alpine", "sh", "-c", "sleep 2; exit 7"
    )
    t = open_terminal(terminals, home, "docker", "wait", "short")
    t.expect(r"^7\r\n", timeout=10)
    assert t.wait() == 0


def test_stats_redraws_each_second(home, terminals):
    dockersim(home, "docker", "run", "-d", "--name", "web", "alpine", "sleep", "1000")
    t = open_terminal(terminals, home, "docker", "stats")
    t.expect(r"\x1b\[2J\x1b\[HCONTAINER ID +NAME")
    t.expect(r"\x1b\[2J\x1b\[HCONTAINER ID +NAME", timeout=5)
    t.type("\x03")
    assert t.wait() == 130


def test_run_it_attached_to_a_program_that_reads_no_lines(home, terminals):
    t = open_terminal(
        terminals,
        home,
        "docker",
        "run",
        "-it",
        "alpine",
        "sh",
        "-c",
        "echo first; sleep 1; echo second; exit 9",
    )
    t.expect(r"first\r\n")
    t.expect(r"second\r\n", timeout=5)
    assert t.wait() == 9


def test_ctrl_c_reaches_a_program_attached_without_lines(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "--name", "top", "alpine", "top")
    t.expect(r"Mem: ")
    t.type("\x03")
    assert t.wait() == 130


# --- REPLs and job control in a live session ------------------------------------------------


def test_python_repl_keeps_its_names_between_lines(home, terminals):
    assert dockersim(home, "docker", "pull", "-q", "python:3.12").returncode == 0
    t = open_terminal(terminals, home, "docker", "run", "-it", "--rm", "python:3.12", "python")
    t.expect(r"Python 3\.12\.11 \(main[^\r]*\r\nType \"help\"[^\r]*\r\n>>> ")
    t.line("x = 41")
    t.expect(r">>> ")
    t.line("x + 1")
    t.expect(r"\r\n42\r\n>>> ")
    t.line("undefined_name")
    t.expect(r"NameError: name 'undefined_name' is not defined\r\n>>> ")
    t.type("\x03")
    t.expect(r"KeyboardInterrupt\r\n>>> ")
    t.line("exit(4)")
    assert t.wait() == 4


def test_python_started_from_bash_takes_the_terminal_until_it_ends(home, terminals):
    assert dockersim(home, "docker", "pull", "-q", "python:3.12").returncode == 0
    t = open_terminal(terminals, home, "docker", "run", "-it", "python:3.12", "bash")
    t.expect(BASH)
    t.line("python3")
    t.expect(r">>> ")
    t.line("2 ** 10")
    t.expect(r"1024\r\n>>> ")
    t.type("\x04")  # Ctrl-D ends python, not bash
    t.expect(BASH)
    t.line("echo back $?")
    t.expect(r"back 0\r\n")


def test_node_at_a_terminal_and_ctrl_c_twice(home, terminals):
    assert dockersim(home, "docker", "pull", "-q", "node:20").returncode == 0
    t = open_terminal(terminals, home, "docker", "run", "-it", "--rm", "node:20")
    t.expect(r"Welcome to Node\.js v20\.19\.2\.\r\nType \".help\" for more information\.\r\n> ")
    t.line("let x = 41")
    t.expect(r"undefined\r\n> ")
    t.line("x + 1")
    t.expect(r"\r\n42\r\n> ")
    t.type("\x03")
    t.expect(r"\(To exit, press Ctrl\+C again or Ctrl\+D or type \.exit\)\r\n> ")
    t.type("\x03")
    assert t.wait() == 0


def test_redis_cli_at_a_terminal(home, terminals):
    assert dockersim(home, "docker", "network", "create", "app").returncode == 0
    assert (
        dockersim(
            home, "docker", "run", "-d", "--name", "cache", "--network", "app", "redis"
        ).returncode
        == 0
    )
    t = open_terminal(
        terminals,
        home,
        "docker",
        "run",
        "-it",
        "--rm",
        "--network",
        "app",
        "redis",
        "redis-cli",
        "-h",
        "cache",
    )
    t.expect(r"cache:6379> ")
    t.line("SET greeting hello")
    t.expect(r"OK\r\ncache:6379> ")
    t.line("GET greeting")
    t.expect(r'"hello"\r\ncache:6379> ')
    t.line("quit")
    assert t.wait() == 0


def test_jobs_history_and_ps_in_a_session(home, terminals):
    t = open_terminal(terminals, home, "docker", "run", "-it", "ubuntu", "bash")
    t.expect(BASH)
    t.line("sleep 100 &")
    t.expect(r"\[1\] \d+\r\n" + BASH)
    t.line("jobs")
    t.expect(r"\[1\]\+  Running                 sleep 100 &\r\n")
    t.line("ps aux")
    t.expect(r"pts/0    Ss\+  [^\r]* bash\r\n[^\r]*pts/0    S    [^\r]* sleep 100\r\n")
    t.line("kill %1")
    t.expect(r"\[1\]\+  Terminated              sleep 100\r\n")
    t.line("history")
    t.expect(r"    1  sleep 100 &\r\n    2  jobs\r\n    3  ps aux\r\n    4  kill %1\r\n")


def test_a_damaged_terminal_state_ends_attach_with_a_message(home, terminals):
    import json

    dockersim(home, "docker", "run", "-dit", "--name", "box", "ubuntu")
    world = home / "world.json"
    data = json.loads(world.read_text())
    data["terminals"][0]["state"]["shell"] = "zsh"  # hand-edited, or written by an attacker
    world.write_text(json.dumps(data))
    t = open_terminal(terminals, home, "docker", "attach", "box")
    t.expect(r"dockersim: the terminal's saved state cannot be read: shell: expected one of")
    assert t.wait() == 1
    assert "Traceback" not in t.screen
    assert dockersim(home, "docker", "exec", "box", "true").returncode == 0


def test_dockersim_shell_opens_live_sessions_too(home, terminals):
    t = open_terminal(terminals, home, "shell", "--no-save")
    t.expect(r"\$ ")
    t.line("docker run -it --name box ubuntu bash")
    t.expect(BASH)
    t.line("cd /srv; echo inside")
    t.expect(r"inside\r\n")
    t.line("exit 6")
    t.expect(r"exit\r\n\$ ")
    t.line("docker ps -a --format '{{.Status}}'")
    t.expect(r"Exited \(6\) ")
    t.line("exit")
    assert t.wait() == 0
    assert dockersim(home, "docker", "ps", "-aq").stdout == ""  # --no-save: nothing kept


def test_detach_keys_choose_the_sequence(home, terminals):
    t = open_terminal(
        terminals,
        home,
        "docker",
        "run",
        "-it",
        "--name",
        "box",
        "--detach-keys",
        "ctrl-x,x",
        "ubuntu",
        "bash",
    )
    t.expect(BASH)
    t.type("\x10\x11")  # not the keys any more: Ctrl-P is previous-history, Ctrl-Q nothing
    t.line("echo still here")
    t.expect(r"still here\r\n")
    t.type("\x18x")
    assert t.wait() == 0
    assert dockersim(home, "docker", "ps", "--format", "{{.Names}}").stdout == "box\n"
    bad = open_terminal(terminals, home, "docker", "attach", "--detach-keys", "shift-a", "box")
    bad.expect(r"Error response from daemon: Invalid detach keys \(shift-a\) provided\r\n")
    assert bad.wait() == 1


def test_detach_keys_parse_as_moby_term_does():
    from dockersim.docker.live import DETACH_KEYS, detach_keys

    assert detach_keys("") == DETACH_KEYS == "\x10\x11"
    assert detach_keys("ctrl-@,ctrl-a,ctrl-_,a,DEL") == "\x00\x01\x1fa\x7f"
    with pytest.raises(ValueError, match="Unknown character: 'ctrl-1'"):
        detach_keys("ctrl-1")
