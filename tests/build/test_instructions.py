"""Instruction checks and their error texts (buildkit frontend/dockerfile/instructions)."""

from __future__ import annotations

import pytest

from dockersim.build.errors import DockerfileError
from dockersim.build.instructions import Copy, Healthcheck, Run, Stage, parse_stages
from dockersim.build.parser import parse


def _stages(text: str) -> list[Stage]:
    return parse_stages(parse(text).nodes)[0]


def _error(text: str) -> str:
    with pytest.raises(DockerfileError) as info:
        parse_stages(parse(text).nodes)
    return str(info.value)


@pytest.mark.parametrize(
    ("dockerfile", "message"),
    [
        (
            "FROM a\nRNU x\n",
            "dockerfile parse error on line 2: unknown instruction: RNU (did you mean RUN?)",
        ),
        (
            "FROM a\nCOPY x\n",
            "dockerfile parse error on line 2: COPY requires at least two arguments, but only "
            "one was provided. Destination could not be determined",
        ),
        (
            "FROM a b\n",
            "dockerfile parse error on line 1: FROM requires either one or three arguments",
        ),
        (
            "FROM a AS 1x\n",
            'dockerfile parse error on line 1: invalid name for build stage: "1x", name can\'t '
            "start with a number or contain symbols",
        ),
        (
            "FROM a\nWORKDIR\n",
            "dockerfile parse error on line 2: WORKDIR requires exactly one argument",
        ),
        (
            "FROM a\nEXPOSE\n",
            "dockerfile parse error on line 2: EXPOSE requires at least one argument",
        ),
        (
            "FROM a\nSHELL bash -c\n",
            "dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form",
        ),
        (
            "FROM a\nCOPY --chwn=1 a b\n",
            "dockerfile parse error on line 2: unknown flag: --chwn (did you mean chown?)",
        ),
        (
            "FROM a\nHEALTHCHECK NONE x\n",
            "dockerfile parse error on line 2: HEALTHCHECK NONE takes no arguments",
        ),
        (
            "FROM a\nHEALTHCHECK CONNECT x\n",
            'dockerfile parse error on line 2: Unknown type "CONNECT" in HEALTHCHECK (try CMD)',
        ),
        (
            "FROM a\nHEALTHCHECK CMD\n",
            "dockerfile parse error on line 2: Missing command after HEALTHCHECK CMD",
        ),
        (
            "FROM a\nONBUILD ONBUILD RUN x\n",
            "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't "
            "allowed",
        ),
        (
            "FROM a\nONBUILD FROM b\n",
            "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger",
        ),
        ("FROM a\nENV =x\n", "dockerfile parse error on line 2: ENV names can not be blank"),
        (
            "FROM a\nENV a=1 b\n",
            'Syntax error - can\'t find = in "b". Must be of the form: name=value',
        ),
        ("FROM a\nARG =1\n", "dockerfile parse error on line 2: ARG names can not be blank"),
        ("RUN x\n", "no build stage in current context"),
        ("# escape=x\nFROM a\n", "invalid escape token 'x' does not match ` or \\"),
        ("# escape=\\\n# escape=`\nFROM a\n", "only one escape parser directive can be used"),
        ("FROM a\nRUN <<EOF\nhello\n", "unterminated heredoc"),
    ],
)
def test_error_instruction_checks(dockerfile: str, message: str) -> None:
    assert _error(dockerfile) == message


def test_error_unknown_instruction_lines_point_at_it() -> None:
    with pytest.raises(DockerfileError) as info:
        parse_stages(parse("FROM a\n\nRNU x \\\n  y\n").nodes)
    assert info.value.lines == (3, 4)


def test_stages_and_meta_args() -> None:
    # given
    text = "ARG V=1\nFROM alpine:$V AS Build\nRUN echo\nFROM scratch\nCOPY --from=build /a /b\n"
    # when
    stages, meta = parse_stages(parse(text).nodes)
    # then
    assert [(s.base_name, s.name, len(s.commands)) for s in stages] == [
        ("alpine:$V", "build", 1),
        ("scratch", "", 1),
    ]
    assert [a.key for m in meta for a in m.args] == ["V"]


def test_copy_flags_and_sources() -> None:
    (stage,) = _stages("FROM a\nCOPY --chown=1:2 --chmod=755 --from=b x y /d/\n")
    (copy,) = stage.commands
    assert isinstance(copy, Copy)
    assert (copy.sources, copy.dest, copy.chown, copy.chmod, copy.from_) == (
        ("x", "y"),
        "/d/",
        "1:2",
        "755",
        "b",
    )


def test_run_exec_and_shell_forms() -> None:
    (stage,) = _stages('FROM a\nRUN ["echo", "hi"]\nRUN echo  hi\n')
    first, second = stage.commands
    assert isinstance(first, Run) and isinstance(second, Run)
    assert (first.cmd_line, first.prepend_shell) == (("echo", "hi"), False)
    assert (second.cmd_line, second.prepend_shell) == (("echo  hi",), True)


def test_healthcheck_options() -> None:
    (stage,) = _stages("FROM a\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f x\n")
    (health,) = stage.commands
    assert isinstance(health, Healthcheck)
    assert (health.test, health.interval, health.retries) == (
        ("CMD-SHELL", "curl -f x"),
        5_000_000_000,
        3,
    )


def test_heredoc_is_attached_to_run() -> None:
    (stage,) = _stages("FROM a\nRUN <<EOF\necho one\necho two\nEOF\nRUN after\n")
    first, second = stage.commands
    assert isinstance(first, Run)
    assert first.files[0].content == "echo one\necho two\n"
    assert (first.node.start_line, first.node.end_line, second.node.start_line) == (2, 5, 6)
