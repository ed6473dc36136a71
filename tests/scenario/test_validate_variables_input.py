"""`dockersim validate` warns about `${NAME}` that no step captures (the command would run
with the literal text) and `input:` on a docker command that reads no input."""

from __future__ import annotations

from dockersim.scenario import check_text
from dockersim.scenario.problems import format_all

HEAD = "dockersim: 1\ntitle: T\nsteps:\n"


def report(body: str) -> str:
    text = HEAD + body
    return format_all(check_text(text, "s.yaml"), text)


def test_a_variable_nothing_captures_is_flagged():
    assert report("  - run: docker stop ${UNDEFINED}\n") == (
        "s.yaml:4:10: warning: ${UNDEFINED} is not captured by any step, so it stays as typed "
        "(only a shell inside the command could expand it)\n"
        "      - run: docker stop ${UNDEFINED}\n"
        "             ^\n"
    )


def test_a_captured_variable_or_a_shell_variable_is_not_flagged():
    body = (
        "  - run: docker create alpine\n    capture: ID\n  - run: docker rm ${ID}\n"
        "  - run: echo ${HOME}\n"
        "  - run: docker run --rm alpine sh -c 'echo ${HOME}'\n"
    )
    assert report(body) == ""


def test_an_uncaptured_variable_in_expect_is_flagged():
    body = "  - run: docker ps -q\n    expect: {stdout: '${NOPE}'}\n"
    assert "warning: ${NOPE} is not captured by any step" in report(body)


def test_input_on_a_command_that_reads_none_warns():
    assert report("  - run: docker ps\n    input: hello\n") == (
        "s.yaml:5:5: warning: the input is never read: 'docker container ls' does not read stdin\n"
        "        input: hello\n"
        "        ^\n"
    )


def test_input_on_commands_that_read_it_does_not_warn():
    body = (
        "  - run: docker system prune\n    input: y\n"
        "  - run: docker run -i alpine cat\n    input: hello\n"
        "  - run: docker login -u me --password-stdin\n    input: pw\n"
        "  - run: docker load\n    input: x\n"
        "  - run: docker build -t x -\n    input: 'FROM alpine'\n"
    )
    assert "never read" not in report(body)
