"""The shortcuts `dockersim play` takes for speed (issue 14) answer as the slow paths do: the
remembered, fast word splitting of a line, the operator scan that skips the lexer, and the
collector's threshold, set for the lessons and given back after them."""

from __future__ import annotations

import gc
import io
import shlex
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from dockersim.cli.play import run_play
from dockersim.scenario import session
from dockersim.scenario.commands import SHELL_OPERATORS, docker_argv, shell_operator, split_words

LINES = [
    "docker run --rm alpine echo hi",
    "  docker   ps\t-a  ",
    "docker run -e A=1\r\n",
    "docker run alpine echo 'a  b' \"c d\"",
    "docker run alpine sh -c 'echo $HOME; ls | wc -l'",
    "docker run alpine echo a\\ b",
    "docker run alpine echo #not-a-comment",
    "docker run alpine echo a\x0bb",  # a vertical tab is not shell whitespace
    "docker run alpine echo a\u00a0b",  # nor is a no-break space
    "curl -s http://localhost:8080/ > out.txt",
    "docker ps && docker images",
    "echo $(date) `id`",
    "docker run alpine echo ';'",
    "",
    "   ",
]


@pytest.mark.parametrize("line", LINES)
def test_words_are_shlex_words(line: str) -> None:
    assert list(split_words(line)) == shlex.split(line)
    assert split_words(line) is split_words(line)  # remembered


@pytest.mark.parametrize("line", ["docker run alpine echo 'open", 'docker run "x', "echo a\\"])
def test_unbalanced_quotes_still_raise(line: str) -> None:
    with pytest.raises(ValueError, match=shlex_error(line)):
        split_words(line)
    with pytest.raises(ValueError):  # every time, not only the first
        split_words(line)


def shlex_error(line: str) -> str:
    try:
        shlex.split(line)
    except ValueError as exc:
        return str(exc)
    raise AssertionError("shlex split it")


def test_docker_argv_is_a_fresh_list_each_time() -> None:
    first = docker_argv("docker run alpine echo hi")
    assert first == ["run", "alpine", "echo", "hi"]
    assert first is not None
    first.append("changed")
    assert docker_argv("docker run alpine echo hi") == ["run", "alpine", "echo", "hi"]


def lexed_operator(line: str) -> str | None:
    """shell_operator as it was: the lexer over every line."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        for token in lexer:
            if token in SHELL_OPERATORS or (token and set(token) <= set("|&;<>()")):
                return token
    except ValueError:
        return None
    if "$(" in line or "`" in line:
        return "$(...)"
    return None


@pytest.mark.parametrize(
    "line",
    [
        *LINES,
        "docker run alpine echo 'a|b'",
        "docker run alpine echo x>y",
        'docker run alpine echo "$(id)"',
        "docker run alpine echo `id`",
        "docker run alpine echo (",
        "docker run 'unbalanced | x",
        "docker run alpine echo hi;",
    ],
)
def test_operator_scan_answers_as_the_lexer(line: str) -> None:
    assert shell_operator(line) == lexed_operator(line)


def test_play_sets_the_collector_only_while_it_plays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lesson = tmp_path / "one.yaml"
    lesson.write_text(
        "dockersim: 1\ntitle: One\nimages: [alpine:latest]\nsteps:\n"
        "  - run: docker run --rm alpine:latest echo hello\n"
        "    expect: {exit: 0, stdout: hello}\n"
    )
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    real = session.play_files

    def play_files(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(session, "play_files", play_files)
    with redirect_stdout(io.StringIO()) as out:
        assert run_play([str(lesson), str(lesson)]) == 0
    assert gc.get_threshold() == before
    assert out.getvalue().endswith("\n2 lessons: 2 passed, 0 failed\n")
    assert seen == [(10_000, *before[1:])]
