"""A shell that tries to hold too much memory dies as the real shell dies when malloc fails.

The cap (caps.MAX_MEMORY) is on what a process tree holds at once: variables, positional
parameters, function bodies, the expansion being built, a command substitution's output.
Past it bash prints `xrealloc: cannot allocate N bytes`, dash `Out of space`, busybox ash
`out of memory`, and the shell exits 2; the host's quota records the hit for the grader.
"""

from __future__ import annotations

import pytest
from bombs import PEAK_LIMIT, in_container, on_host, world
from userland_fixtures import debian_tree, out, proc

from dockersim.model.userland import Session, run_shell
from dockersim.model.userland.caps import MAX_MEMORY, MAX_PARSE_CHARS, MEMORY_HIT

DOUBLING = "x=a; while true; do x=$x$x; done; echo never"


@pytest.mark.parametrize(
    ("image", "shell", "stderr"),
    [
        ("alpine", "sh", "sh: out of memory\n"),
        ("ubuntu", "sh", "sh: 1: Out of space\n"),
        (
            "ubuntu",
            "bash",
            "bash: xrealloc: cannot allocate 16777216 bytes (8393437 bytes allocated)\n",
        ),
    ],
)
def test_a_variable_doubling_forever_runs_out_of_memory(
    image: str, shell: str, stderr: str
) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, image, DOUBLING, shell)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (2, "", stderr)
    assert ran.hits == (MEMORY_HIT,)
    assert ran.peak < PEAK_LIMIT


def test_the_doubling_bomb_on_the_host_stops_bash_too() -> None:
    # given
    engine = world()
    # when
    ran = on_host(engine, DOUBLING)
    # then
    assert ran.status == 2
    assert (
        ran.stderr == "bash: xrealloc: cannot allocate 16777216 bytes (8393262 bytes allocated)\n"
    )
    assert ran.peak < PEAK_LIMIT


def test_an_endless_command_substitution_runs_out_of_memory_in_the_shell() -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, "ubuntu", "x=$(yes); echo never")
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (2, "", "sh: 1: Out of space\n")
    assert ran.peak < PEAK_LIMIT


def test_many_variables_of_a_megabyte_add_up_to_the_cap() -> None:
    # given: each `eval` makes a new 1 MB variable; the step budget alone would allow 100 000
    engine = world()
    script = (
        'x=$(head -c 1000000 /dev/zero | tr "\\0" a); '
        'i=0; while :; do eval "v$i=\\$x."; i=$((i+1)); done'
    )
    # when
    ran = in_container(engine, "ubuntu", script, "bash")
    # then
    assert ran.status == 2
    assert ran.stderr.startswith("bash: xrealloc: cannot allocate 1000001 bytes (")
    assert ran.hits == (MEMORY_HIT,)
    assert ran.peak < PEAK_LIMIT


def test_splitting_into_millions_of_fields_runs_out_of_memory() -> None:
    # given: 8 MB of "a " would be four million fields (the splitting stops as soon as
    # the fields made so far fill what is left)
    engine = world()
    script = 'x="a "; while [ ${#x} -lt 8000000 ]; do x=$x$x; done; set -- $x; echo $#'
    # when
    ran = in_container(engine, "ubuntu", script)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (2, "", "sh: 1: Out of space\n")
    assert ran.peak < PEAK_LIMIT


def test_a_gigantic_eval_is_too_big_to_parse() -> None:
    # given: 128 KB of `:;` to parse as one command line (its syntax tree would be ~13 MB;
    # a megabyte of it would be a hundred)
    engine = world()
    script = 'x=":;"; while [ ${#x} -lt 100000 ]; do x=$x$x; done; eval "$x"; echo never'
    # when
    result = engine.docker(["run", "--rm", "alpine", "sh", "-c", script])
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "sh: out of memory\n")
    assert MAX_PARSE_CHARS < 131072


def test_defining_big_functions_in_a_loop_runs_out_of_memory() -> None:
    # given: each definition keeps a syntax tree of about 1.6 MB (16 KB of source)
    engine = world()
    body = "echo a; " * 2000
    script = f'i=0; while :; do eval "f$i() {{ {body} }}"; i=$((i+1)); done'
    # when
    result = engine.docker(["run", "--rm", "ubuntu", "bash", "-c", script])
    # then
    assert result.exit_code == 2
    assert result.stderr.startswith("bash: xrealloc: cannot allocate 1600")


def test_memory_freed_by_a_subshell_or_an_unset_can_be_used_again() -> None:
    # given: 8 MB and 4 MB built ten times over (more than the cap), never at once
    engine = world()
    script = (
        "i=0; while [ $i -lt 10 ]; do (x=a; while [ ${#x} -lt 6000000 ]; do x=$x$x; done); "
        "y=a; while [ ${#y} -lt 3000000 ]; do y=$y$y; done; unset y; i=$((i+1)); done; echo $i"
    )
    # when
    ran = in_container(engine, "ubuntu", script)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (0, "10\n", "")
    assert ran.hits == ()


def test_below_the_cap_a_big_variable_is_fine() -> None:
    # given
    engine = world()
    script = "x=a; while [ ${#x} -lt 4000000 ]; do x=$x$x; done; echo ${#x}"
    # when
    ran = in_container(engine, "alpine", script)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (0, "4194304\n", "")
    assert MAX_MEMORY > 4194304 * 2


def test_a_container_memory_limit_lower_than_the_cap_is_an_oom_kill() -> None:
    # given
    engine = world()
    # when
    result = engine.docker(
        ["run", "--name", "hog", "--memory", "8m", "alpine", "sh", "-c", DOUBLING]
    )
    # then
    assert (result.exit_code, result.stdout, result.stderr) == (137, "", "")
    inspect = engine.docker(["inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", "hog"])
    assert inspect.stdout == "true 137\n"


@pytest.mark.parametrize(
    ("shell", "stderr"),
    [
        ("sh", "sh: 1: /bin/echo: Argument list too long\n"),
        ("bash", "bash: line 1: /bin/echo: Argument list too long\n"),
    ],
)
def test_an_argument_longer_than_exec_allows_is_e2big(shell: str, stderr: str) -> None:
    # given: one argument of 200 000 bytes (Linux allows 131 071)
    engine = world()
    script = '/bin/echo $(head -c 200000 /dev/zero | tr "\\0" a); echo $?'
    # when
    ran = in_container(engine, "ubuntu", script, shell)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (0, "126\n", stderr)


def test_arithmetic_wraps_at_64_bits_instead_of_growing() -> None:
    # given
    engine = world()
    script = "echo $((2**100000000000)) $((99999999999999999999999999999999)) $((3**40))"
    # when
    ran = in_container(engine, "ubuntu", script, "bash")
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (
        0,
        "0 -8814407033341083649 -6289078614652622815\n",
        "",
    )


@pytest.mark.parametrize(
    "line",
    [
        "x=$(seq 1000); y=${x%%5*}; set -- $x; for i in $x; do :; done",
        "f(){ local v=$1$1; g=$(echo $v | tr 1 2); }; f 12345; unset g",
        "(a=1; b=$(cat /etc/passwd)) | cat > /dev/null; cat <<EOF\n$HOME\nEOF",
        "read -r line < /etc/passwd; case $line in root*) z=$line;; esac; unset z line",
        "python3 -c 'x = \"a\" * 1000; print(len(x))'; seq 10 | sort -r | head -n 2",
        "f(){ f; }; f",
        "x=a; while :; do x=$x$x; done",
        "f(){ while [ $# -gt 0 ]; do shift; done; }; f a b c; f $(seq 100); set -- 1 2 3; shift",
        'echo "set -- a b" > /s; . /s; . /s x y z; (set -- q; shift)',
        "trap 'echo bye' USR1; trap - USR1; (trap 'echo x' INT)",
    ],
)
def test_what_a_command_holds_is_given_back_when_it_ends(line: str) -> None:
    # given: an interactive shell (its variables live on between lines)
    session = Session(proc(debian_tree()), "bash")
    session.run_line("true")
    before = (session.shell.heap.used, session.shell.heap.input)
    # when
    session.run_line(line)
    session.run_line("unset x y line i v; unset -f f; set --")
    # then
    assert (session.shell.heap.used, session.shell.heap.input) == before


def test_output_to_a_file_is_there_when_the_command_that_opened_it_ends() -> None:
    # given: writes are gathered and appended in batches, never later than this
    fs = debian_tree()
    script = (
        "for i in 1 2 3; do echo $i >> /a; wc -l < /a; done; "
        "i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); done > /b; wc -l < /b; "
        "{ echo x; cat /b | wc -l; } > /c; cat /c"
    )
    # when
    timeline = run_shell(script, proc(fs))
    # then
    assert out(timeline) == ("1\n2\n3\n3000\nx\n3000\n", "", 0)
    assert fs.read("/b").endswith(b"line 2999\n")
