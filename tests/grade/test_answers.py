"""Judging predict answers against the key, kind by kind."""

from __future__ import annotations

from typing import Any

from dockersim.grade.answers import Verdict, judge, key_of
from dockersim.grade.model import Ask, Question


def question(answer: str, ordered: bool = False) -> Question:
    return Question("q", "predict", 1, "P", "q.yaml:1:1", ask=Ask("ps"), answer=answer,
                    ordered=ordered)  # fmt: skip


def verdicts(q: Question, key: Any, choices: tuple[str, ...], given: list[Any]) -> list[Verdict]:
    return [judge(q, key, choices, g) for g in given]


def test_choice_by_text_or_letter():
    choices = ("created", "running", "paused")
    assert verdicts(question("choice"), "paused", choices, ["Paused ", "c", "B", "gone", 3]) == [
        Verdict(True, "paused"),
        Verdict(True, "paused"),
        Verdict(False, "running", "your answer 'running' is not right"),
        Verdict(False, "gone", "'gone' is not one of the choices"),
        Verdict(False, "3", "'3' is not one of the choices"),
    ]


def test_number_accepts_integers_written_any_way():
    assert verdicts(question("number"), 137, (), [137, "137", 137.0, " +137 ", "x", True]) == [
        Verdict(True, "137"),
        Verdict(True, "137"),
        Verdict(True, "137"),
        Verdict(True, "137"),
        Verdict(False, "x", "'x' is not a whole number"),
        Verdict(False, "yes", "'yes' is not a whole number"),
    ]


def test_text_ignores_line_ends_and_trailing_spaces():
    key = "a  b\nc"
    assert verdicts(question("text"), key, (), ["a  b  \r\nc\n\n", "a b\nc"]) == [
        Verdict(True, "a  b  \r\nc\n\n"),
        Verdict(False, "a b\nc", "your answer 'a b\\nc' is not right"),
    ]


def test_list_in_any_order_unless_ordered():
    key = ("web", "db")
    assert verdicts(question("list"), key, (), [["db", "web"], "db, web", "web"]) == [
        Verdict(True, "db, web"),
        Verdict(True, "db, web"),
        Verdict(False, "web", "your answer 'web' is not right"),
    ]
    assert judge(question("list", ordered=True), key, (), "db web") == Verdict(
        False, "db, web", "your answer 'db, web' is not right"
    )


def test_no_answer():
    assert verdicts(question("number"), 1, (), [None, "  "]) == [
        Verdict(False, "", "no answer"),
        Verdict(False, "", "no answer"),
    ]


def test_keys_take_the_answer_kind():
    assert key_of(question("number"), ("a", "b")) == 2
    assert key_of(question("list"), ("a", "b")) == ("a", "b")
    assert key_of(question("choice"), 137) == "137"
    assert key_of(question("text"), "out\n\n") == "out"
