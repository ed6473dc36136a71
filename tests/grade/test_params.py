"""Parameters drawn per student and filled into a quiz."""

from __future__ import annotations

from dockersim.grade.params import Param, draw, fill, first_values, substitute, unknown

PARAMS = (
    Param.from_data("name", ["web", "api", "cache"]),
    Param.from_data("port", {"min": 8000, "max": 8099}),
    Param.from_data("count", [2, 3]),
)


def test_a_student_always_gets_the_same_values():
    # given / when
    first = draw(PARAMS, 7, "alice")
    again = draw(PARAMS, 7, "alice")
    # then
    assert first == again == {"name": "api", "port": 8066, "count": 3}


def test_the_seed_and_the_student_both_change_the_draw():
    assert draw(PARAMS, 7, "bob") == {"name": "cache", "port": 8042, "count": 3}
    assert draw(PARAMS, 8, "alice") == {"name": "api", "port": 8077, "count": 3}


def test_first_values_are_the_first_choice_and_the_minimum():
    assert first_values(PARAMS) == {"name": "web", "port": 8000, "count": 2}


def test_a_whole_placeholder_keeps_its_type_and_text_is_filled():
    # given
    data = {"port": "${port}", "url": "http://localhost:${port}/${x}", "list": ["${name}", 1]}
    # when
    filled = substitute(data, {"port": 8080, "name": "web"})
    # then
    assert filled == {"port": 8080, "url": "http://localhost:8080/${x}", "list": ["web", 1]}


def test_fill_leaves_shell_variables_and_unknown_names_lists_them():
    assert fill("echo ${HOME} ${name}", {"name": "web"}) == "echo ${HOME} web"
    assert unknown("${HOME} ${name} ${nme}", {"name": "web"}) == ["HOME", "nme"]


def test_params_describe_themselves():
    assert [p.describe() for p in PARAMS] == [
        "one of web, api, cache",
        "an integer from 8000 to 8099",
        "one of 2, 3",
    ]
