"""Text matchers: equals, contains, not_contains, regex, lines."""

from __future__ import annotations

import pytest

from dockersim.scenario.matchers import Matcher, quote

OUT = "CONTAINER ID   NAMES\nabc123         web\r\n"

CASES = [
    # (matcher data, expected description, mismatch against OUT or None)
    (
        "CONTAINER ID   NAMES\nabc123         web",
        'stdout is "CONTAINER ID   NAMES\\nabc123         web"',
        None,
    ),
    ({"equals": "web"}, 'stdout is "web"', 'stdout is "CONTAINER ID   NAMES\\nabc123         web"'),
    ({"contains": "web"}, 'stdout contains "web"', None),
    (
        {"contains": ["web", "db"]},
        'stdout contains "web" and contains "db"',
        '"db" is not in stdout (it is "CONTAINER ID   NAMES\\nabc123         web")',
    ),
    ({"not_contains": "db"}, 'stdout does not contain "db"', None),
    (
        {"not_contains": ["db", "web"]},
        'stdout does not contain "db" and does not contain "web"',
        '"web" is in stdout',
    ),
    ({"regex": "^abc[0-9]+ +web$"}, "stdout matches /^abc[0-9]+ +web$/", None),
    (
        {"regex": "^web"},
        "stdout matches /^web/",
        'no match for /^web/ in stdout (it is "CONTAINER ID   NAMES\\nabc123         web")',
    ),
    ({"lines": 2}, "stdout has 2 lines", None),
    ({"lines": 1}, "stdout has 1 line", "stdout has 2 lines"),
    ({"lines": ["CONTAINER ID   NAMES", "abc123         web"]}, "stdout is these 2 lines", None),
    (
        {"lines": ["CONTAINER ID   NAMES", "abc123 web"]},
        "stdout is these 2 lines",
        'line 2 of stdout is "abc123         web", not "abc123 web"',
    ),
    ({"lines": ["CONTAINER ID   NAMES"]}, "stdout is these 1 lines", "stdout has 2 lines, not 1"),
]


@pytest.mark.parametrize(("data", "title", "why"), CASES)
def test_matcher_describes_and_judges(data, title, why):
    matcher = Matcher.parse(data)
    assert (matcher.describe("stdout"), matcher.mismatch(OUT, "stdout")) == (title, why)


def test_empty_output_is_said_to_be_empty():
    assert Matcher.parse({"contains": "x"}).mismatch("", "stderr") == (
        '"x" is not in stderr (it is empty)'
    )


def test_quote_prefers_single_quotes_around_double_quotes():
    assert quote('["nginx"]') == "'[\"nginx\"]'"
    assert quote("a\nb") == '"a\\nb"'
    assert quote("x" * 70) == '"' + "x" * 59 + '…"'


CONTRADICTIONS = [
    ({"contains": "web"}, None),
    (
        {"contains": "web server", "not_contains": "web"},
        'it must contain "web server" and must not contain "web"',
    ),
    ({"equals": "abc", "contains": "b"}, None),
    ({"equals": "abc", "not_contains": "b"}, 'it must equal "abc", but "b" is in the text'),
    (
        {"equals": "abc", "regex": "^z"},
        'it must equal "abc", but no match for /^z/ in the text (it is "abc")',
    ),
    ({"equals": "a\nb", "lines": 3}, 'it must equal "a\\nb", but the text has 2 lines'),
    (
        {"lines": ["a", "b"], "contains": "c"},
        'it must equal "a\\nb", but "c" is not in the text (it is "a\\nb")',
    ),
    (
        {"regex": "(["},
        "/([/ is not a valid regular expression: unterminated character set at position 1",
    ),
]


@pytest.mark.parametrize(("data", "why"), CONTRADICTIONS)
def test_contradictions_are_found_before_playing(data, why):
    assert Matcher.parse(data).contradiction() == why
