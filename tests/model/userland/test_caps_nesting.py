"""Deep recursion ends with the shell's (or Python's) own error, never a RecursionError.

Function calls, subshells, command substitutions, eval, `.` and nested shells count against
caps.MAX_NESTING (100, bash's FUNCNEST idea) and against a budget of Python frames from where
the userland was entered; the parser refuses constructs nested deeper than MAX_PARSE_NESTING.
"""

from __future__ import annotations

import pytest
from bombs import PEAK_LIMIT, in_container, on_host, world

from dockersim.model.userland.caps import MAX_NESTING
from dockersim.model.userland.lexer import MAX_PARSE_NESTING

RECURSION = "f(){ f; }; f; echo after $?"


@pytest.mark.parametrize(
    ("image", "shell", "status", "stderr"),
    [
        ("alpine", "sh", 2, "sh: f: maximum function nesting level exceeded (100)\n"),
        ("ubuntu", "sh", 2, "sh: 1: f: maximum function nesting level exceeded (100)\n"),
        ("ubuntu", "bash", 1, "bash: line 1: f: maximum function nesting level exceeded (100)\n"),
    ],
)
def test_a_function_calling_itself_stops_at_the_nesting_cap(
    image: str, shell: str, status: int, stderr: str
) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, image, RECURSION, shell)
    # then: bash abandons the command line (status 1), dash and ash exit 2
    assert (ran.status, ran.stdout, ran.stderr) == (status, "", stderr)
    assert MAX_NESTING == 100
    assert ran.peak < PEAK_LIMIT


def test_on_the_host_bash_abandons_the_line_and_carries_on() -> None:
    # given
    engine = world()
    # when
    first = on_host(engine, RECURSION)
    second = engine.host("echo still here")
    # then
    assert (first.status, first.stdout) == (1, "")
    assert first.stderr == "bash: f: maximum function nesting level exceeded (100)\n"
    assert (second.exit_code, second.stdout) == (0, "still here\n")


def test_a_script_goes_on_after_a_recursion_in_a_subshell() -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, "ubuntu", "f(){ f; }; (f); echo after $?")
    # then
    assert (ran.status, ran.stdout) == (0, "after 2\n")
    assert ran.stderr == "sh: 1: f: maximum function nesting level exceeded (100)\n"


def test_five_hundred_nested_command_substitutions_are_a_syntax_error() -> None:
    # given
    engine = world()
    script = "echo " + "$(echo " * 500 + "hi" + ")" * 500
    # when
    ran = in_container(engine, "ubuntu", script)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (
        2,
        "",
        "sh: 1: Syntax error: nested too deeply\n",
    )
    assert MAX_PARSE_NESTING == 100


@pytest.mark.parametrize(
    "script",
    [
        "echo " + '"${x:-' * 300 + "}" * 300 + '"',
        "echo " + '"$(echo ' * 200 + "hi" + ')"' * 200,
        "(" * 1000 + "echo hi" + ")" * 1000,
        "{ " * 1000 + "echo hi; " + "}; " * 1000,
        "if true; then " * 500 + "echo hi; " + "fi; " * 500,
    ],
    ids=["braces", "quoted-substitutions", "subshells", "groups", "ifs"],
)
def test_deeply_nested_syntax_is_a_syntax_error(script: str) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, "alpine", script)
    # then
    assert (ran.status, ran.stdout) == (2, "")
    assert ran.stderr in ("sh: syntax error: nested too deeply\n",)


@pytest.mark.parametrize(
    ("script", "stderr"),
    [
        (
            "echo $((" + "(" * 1000 + "1" + ")" * 1000 + "))",
            'bash: line 1: arithmetic expression: expression recursion level exceeded: "'
            + "(" * 1000
            + "1"
            + ")" * 1000
            + '"\n',
        ),
        (
            "a=b; b=a; echo $((a))",
            'bash: line 1: arithmetic expression: expression recursion level exceeded: "a"\n',
        ),
        (
            "echo $((" + "- " * 1000 + "1))",
            'bash: line 1: arithmetic expression: expression recursion level exceeded: "'
            + "- " * 1000
            + '1"\n',
        ),
    ],
    ids=["parentheses", "variables", "unary"],
)
def test_deep_arithmetic_is_an_expression_error(script: str, stderr: str) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, "ubuntu", script, "bash")
    # then: like every arithmetic error in the simulated shells, fatal (status 2)
    assert (ran.status, ran.stdout, ran.stderr) == (2, "", stderr)


@pytest.mark.parametrize(
    "script",
    [
        "f(){ x=$(f); }; f; echo after",
        'x=\'eval "$x"\'; eval "$x"; echo after',
        "f(){ echo | f; }; f; echo after",
        "echo '. /s.sh' > /s.sh; . /s.sh; echo after",
        "echo 'sh /s.sh' > /s.sh; sh /s.sh; echo after",
        "f(){ g; }; g(){ h; }; h(){ f; }; f; echo after",
        "f(){ if true; then while true; do case a in a) { f; };; esac; done; fi; }; f; echo after",
    ],
    ids=["substitution", "eval", "pipeline", "source", "script", "mutual", "compound"],
)
@pytest.mark.parametrize(
    ("image", "shell"), [("alpine", "sh"), ("ubuntu", "sh"), ("ubuntu", "bash")]
)
def test_every_kind_of_recursion_ends_with_the_nesting_error(
    script: str, image: str, shell: str
) -> None:
    # given
    engine = world()
    # when
    ran = in_container(engine, image, script, shell)
    # then: a shell error, never Python's; the peak stays small
    assert "maximum" in ran.stderr and "nesting level exceeded" in ran.stderr
    assert "Traceback" not in ran.stderr and "RecursionError" not in ran.stderr
    assert ran.status in (0, 1, 2)
    assert ran.peak < PEAK_LIMIT


def test_a_deep_directory_tree_is_walked_without_recursion() -> None:
    # given: 100 nested directories
    engine = world()
    script = (
        "i=0; while [ $i -lt 100 ]; do mkdir d; cd d; i=$((i+1)); done; cd /; "
        "find /d | wc -l; cp -r /d /e; rm -rf /d; ls -R /e | grep -c :"
    )
    # when
    ran = in_container(engine, "ubuntu", script)
    # then
    assert (ran.status, ran.stdout, ran.stderr) == (0, "100\n100\n", "")


def test_a_path_longer_than_path_max_is_refused() -> None:
    # given
    engine = world()
    script = (
        'd=/; i=0; while [ $i -lt 30 ]; do d=$d/$(printf "%0150d" 0); i=$((i+1)); done; '
        "mkdir -p $d; echo $?"
    )
    # when
    ran = in_container(engine, "ubuntu", script)
    # then
    assert ran.stdout == "1\n"
    assert ran.stderr.startswith("mkdir: cannot create directory '")
    assert ran.stderr.endswith("': File name too long\n")
