"""Scripts that differ only in their numbers share one parse (parseshapes.py): what a learnt
shape gives a new text is exactly what parsing that text gives, and shapes whose numbers
could change the parse are never learnt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim.model.userland import parsememo, parseshapes
from dockersim.model.userland.ast import Seq
from dockersim.model.userland.parser import Parser


@pytest.fixture(autouse=True)
def forgotten() -> Iterator[None]:
    parsememo._PARSED.clear()
    parseshapes._SHAPES.clear()
    yield
    parsememo._PARSED.clear()
    parseshapes._SHAPES.clear()


def parse(text: str, dialect: str) -> tuple[Seq, ...]:
    parser = Parser(text, dialect, 1)
    commands: list[Seq] = []
    try:
        while (seq := parser.next_command()) is not None:
            commands.append(seq)
    finally:
        parser.release()
    return tuple(commands)


def run_and_remember(text: str, dialect: str) -> None:
    """What the shell does with a text it has not met: parse it and remember the parse."""
    parsememo.remember(text, dialect, 1, list(parse(text, dialect)), 1)


def test_a_text_of_a_learnt_shape_gets_the_tree_its_parse_gives() -> None:
    # given: two texts of one shape were parsed
    run_and_remember("echo 0 > /tmp/file; sleep 100000", "ash")
    run_and_remember("echo 1 > /tmp/file; sleep 100000", "ash")
    # when
    recalled = parsememo.recall("echo 25 > /tmp/file; sleep 7", "ash", 1)
    # then
    assert recalled == parse("echo 25 > /tmp/file; sleep 7", "ash")


def test_a_shape_met_once_is_not_learnt_yet() -> None:
    # given
    run_and_remember("sleep 5", "dash")
    # when
    recalled = parsememo.recall("sleep 6", "dash", 1)
    # then
    assert recalled is None


def test_a_recalled_tree_shares_nothing_it_changes_with_the_learnt_one() -> None:
    # given
    run_and_remember("echo 1; echo 2", "dash")
    run_and_remember("echo 3; echo 4", "dash")
    # when
    first = parsememo.recall("echo 5; echo 6", "dash", 1)
    second = parsememo.recall("echo 7; echo 8", "dash", 1)
    # then
    assert first == parse("echo 5; echo 6", "dash")
    assert second == parse("echo 7; echo 8", "dash")


@pytest.mark.parametrize(
    "template",
    [
        "cat <<- {}\n\t{}\n{}\n",  # a here-document ends at a line equal to its word
        "f() {{ sleep {} ; }}; f",  # a function keeps its source text
        "case {} in {} ) echo {} ;; esac",
        "echo $(( {} + 1 ))",
        "echo $(sleep {} )",
        "echo '{} a'",
        "echo a\\ {} b",
        "echo x # {} y",
    ],
)
def test_a_shape_whose_numbers_are_not_plain_words_is_never_learnt(template: str) -> None:
    # given
    for numbers in ((1, 2, 3), (4, 5, 6)):
        run_and_remember(template.format(*numbers), "bash")
    # when
    recalled = parsememo.recall(template.format(7, 8, 9), "bash", 1)
    # then
    assert recalled is None
    assert all(value is None or value is False for value in parseshapes._SHAPES.values())


PIECES = [
    "echo {}",
    "sleep {}",
    "x={} ; echo $x {}",
    "echo '{} a'",
    'echo "a {} b"',
    "echo x # {} y",
    "cat <<- {}\n\t{}\n{}\n",
    "cat << EOF\n {}\nEOF\n",
    "echo $(( {} + 1 ))",
    "f() {{ echo {} ; }}",
    "case {} in {} ) echo {} ;; esac",
    "for i in {} {}; do echo $i {}; done",
    "echo a\\ {} b",
    "echo {}>f",
    "echo {} >f {}",
    "( sleep {} )",
    "{{ echo {} ; }}",
    "if [ {} -gt {} ]; then echo {}; else exit {}; fi",
    "while false; do sleep {}; done",
    "echo ${{x:- {} }}",
    "echo $(echo {} )",
    "echo `echo {} `",
    "echo {} | cat",
    "echo {} && echo {} || echo {}",
    "sleep {} &",
    "exec {}>&-",
    "exec 3> f {}",
    "echo {} 2>&1 {}",
    "echo \\\n{}",
    "echo {} ;;",
    "if {} ; then",
]
SEPARATORS = ["; ", "\n", " && ", " | ", " "]
numbers = st.from_regex(r"\A(0|[1-9][0-9]{0,6}|0[0-9]{1,3})\Z")


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=4),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=3, max_size=3),
    dialect=st.sampled_from(["dash", "bash", "ash"]),
    runs=st.lists(st.lists(numbers, min_size=16, max_size=16), min_size=3, max_size=3),
)
def test_a_recalled_tree_is_the_parse_of_the_text(
    pieces: list[str], separators: list[str], dialect: str, runs: list[list[str]]
) -> None:
    """The tree recalled for a text is the one its own parse gives, and never comes for a
    text that does not parse."""
    parsememo._PARSED.clear()
    parseshapes._SHAPES.clear()
    template = pieces[0] + "".join(s + p for s, p in zip(separators, pieces[1:], strict=False))
    texts = [template.format(*run) for run in runs]
    # given: the first two were parsed (when they parse)
    for text in texts[:2]:
        try:
            run_and_remember(text, dialect)
        except Exception:
            return
    # when
    recalled = parsememo.recall(texts[2], dialect, 1)
    # then
    if recalled is not None:
        assert recalled == parse(texts[2], dialect)
