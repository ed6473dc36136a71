"""Which process a program is: a shell forks a child for each program it runs, except the
last command of `sh -c TEXT`, which it execs (dash's and busybox ash's EV_EXIT, bash's
ONESHOT), and `exec`. `ps` then shows the shell that waits for its child, and PID 1 is the
program only when the shell exec'd it (model/userland/oneshot.py)."""

from __future__ import annotations

import pytest

from dockersim import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    for image in ("alpine", "ubuntu"):
        assert engine.docker(f"pull -q {image}").exit_code == 0
    return engine


HEAD = "PID   USER     TIME  COMMAND"


def rows(text: str) -> list[tuple[str, str]]:
    """busybox ps: (PID, COMMAND) of each row of its table in `text` (what follows HEAD)."""
    found = []
    for line in text.splitlines():
        fields = line.split(None, 3)
        if len(fields) == 4 and fields[0].isdigit():
            found.append((fields[0], fields[3]))
    return found


def tables(text: str) -> list[list[tuple[str, str]]]:
    return [rows(part.split("/ #")[0]) for part in text.split(HEAD)[1:]]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("ps", [("1", "ps")]),  # exec'd: the shell is gone
        ("ps; echo", [("1", "sh -c ps; echo"), ("7", "ps")]),  # forked: the shell waits
        ("true && ps", [("1", "ps")]),
        ("ps || true", [("1", "sh -c ps || true"), ("7", "ps")]),
        ("sleep 5 & ps", [("1", "ps"), ("7", "sleep 5")]),  # the job stays, ps is PID 1
        ("exec ps", [("1", "ps")]),
        ("trap 'echo' EXIT; ps", [("1", "sh -c trap 'echo' EXIT; ps"), ("7", "ps")]),
        ("ps\n", [("1", "sh -c ps?"), ("7", "ps")]),  # not at the end of the text
        ("sh -c 'ps; true'; true", [("1", "sh -c sh -c 'ps; true'; true"),
                                    ("7", "sh -c ps; true"), ("8", "ps")]),
    ],
)  # fmt: skip
def test_sh_c_execs_its_last_command(
    engine: Engine, script: str, expected: list[tuple[str, str]]
) -> None:
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", script])
    assert got.exit_code == 0
    assert tables(got.stdout) == [expected]


def test_a_forked_shell_has_a_pid_of_its_own(engine: Engine) -> None:
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", "echo $$; sh -c 'echo $$'; true"])
    assert got.stdout == "1\n7\n"


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_dash_and_bash_fork_all_but_the_last(engine: Engine, shell: str) -> None:
    got = engine.docker(["run", "--rm", "ubuntu", shell, "-c", "ps -ef; echo $$"])
    table = got.stdout.splitlines()
    assert table[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert [[*row.split(None, 7)[1:3], row.split(None, 7)[7]] for row in table[1:3]] == [
        ["1", "0", f"{shell} -c ps -ef; echo $$"],
        ["7", "1", "ps -ef"],
    ]
    assert table[3:] == ["1"]


def test_a_shell_reading_its_input_forks_every_program(engine: Engine) -> None:
    got = engine.docker("run -i --rm alpine sh", stdin="ps\nps\n")
    assert tables(got.stdout) == [[("1", "sh"), ("7", "ps")], [("1", "sh"), ("8", "ps")]]


def test_ps_typed_at_a_terminal_is_the_shells_child(engine: Engine) -> None:
    got = engine.docker("run -it --rm alpine sh", tty=True, stdin="ps\nsleep 100 &\nps\nexit\n")
    assert tables(got.stdout) == [
        [("1", "sh"), ("7", "ps")],
        [("1", "sh"), ("8", "sleep 100"), ("9", "ps")],
    ]


def test_python_knows_its_own_pid(engine: Engine) -> None:
    assert engine.docker("pull -q python:3.12-slim").exit_code == 0
    code = "import os; print(os.getpid())"
    alone = engine.docker(["run", "--rm", "python:3.12-slim", "python3", "-c", code])
    forked = engine.docker(
        ["run", "--rm", "python:3.12-slim", "sh", "-c", f"python3 -c '{code}'; true"]
    )
    assert (alone.stdout, forked.stdout) == ("1\n", "7\n")


@pytest.mark.parametrize("wrapper", ["env", "busybox"])
def test_a_program_run_in_anothers_place_is_that_process(engine: Engine, wrapper: str) -> None:
    # env and busybox exec what they run: it has their PID, forked by the shell
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", f"{wrapper} ps; true"])
    assert tables(got.stdout) == [[("1", f"sh -c {wrapper} ps; true"), ("7", "ps")]]
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", f"{wrapper} readlink /proc/self"])
    assert got.stdout == "1\n"  # (the last command: exec'd, PID 1)
