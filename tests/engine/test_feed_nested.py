"""A scenario's `input:` (or a pipe) typed into `run -it`: a line that starts a program
reading lines itself (python3, node, a second shell) hands it the next lines until it ends,
and its status is the shell's `$?`; the end of the input ends each program in turn."""

from __future__ import annotations

import re

from dockersim import Engine


def typed(engine: Engine, image: str, *lines: str) -> tuple[str, int]:
    result = engine.docker(
        ["run", "-it", "--rm", image, "bash"], stdin="".join(f"{line}\n" for line in lines)
    )
    # the prompt's hostname is the container's ID: one name for any container
    out = re.sub(r"root@[0-9a-f]{12}:", "root@box:", result.stdout.replace("\r\n", "\n"))
    return out, result.exit_code


def test_python_typed_at_the_shell_takes_the_lines_until_it_exits():
    out, code = typed(
        Engine(), "python:3.12", "export Y=2", "python3", "6*7", "exit(3)", "echo $? $Y"
    )
    assert ">>> 6*7\n42\n>>> exit(3)\n" in out
    assert out.endswith("root@box:/# echo $? $Y\n3 2\nroot@box:/# exit\n")
    assert code == 0


def test_the_end_of_the_input_ends_the_repl_then_the_shell():
    out, code = typed(Engine(), "python:3.12", "python3", "1+1")
    assert out.endswith(">>> 1+1\n2\n>>> \nroot@box:/# exit\n")
    assert code == 0


def test_a_second_shell_keeps_its_own_variables():
    out, code = typed(
        Engine(), "ubuntu", "X=outer", "sh", "X=inner; echo $X", "exit 4", "echo $X $?"
    )
    assert "# X=inner; echo $X\ninner\n" in out
    assert out.endswith("root@box:/# echo $X $?\nouter 4\nroot@box:/# exit\n")
    assert code == 0


def test_a_line_with_shell_syntax_is_the_shells():
    out, _ = typed(Engine(), "python:3.12", "python3 -c 'print(5)' | cat")
    assert "print(5)' | cat\n5\n" in out
