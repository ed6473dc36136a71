"""curl's `-w/--write-out` (curl 8 tool_writeout.c): the variables after the transfer, 000
when there was none, curl's warning for a variable it does not have, and an honest refusal for
the ones it has that are not simulated (timings)."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine


@pytest.fixture
def web(engine: Engine) -> Engine:
    engine.docker("run -d --name web -p 8080:80 nginx")
    return engine


def curl(engine: Engine, args: str) -> tuple[str, str, int]:
    result = engine.host(f"curl {args}")
    return result.stdout, result.stderr, result.exit_code


def test_the_status_type_and_size_after_the_body(web: Engine) -> None:
    assert curl(web, "-s -o /dev/null -w '%{http_code}\\n' localhost:8080") == ("200\n", "", 0)
    out, _, code = curl(web, "-s -w '[%{response_code} %{content_type}]' localhost:8080/nope")
    assert code == 0
    assert out.endswith("</html>\r\n[404 text/html]")
    assert curl(web, "-s -o /dev/null -w '%{size_download} %{method}%%\\t.' localhost:8080") == (
        "615 GET%\t.",
        "",
        0,
    )


def test_no_transfer_is_000_with_the_exit_code(web: Engine) -> None:
    assert curl(web, "-s -w '%{http_code} %{exitcode}\\n' localhost:9999") == ("000 7\n", "", 7)


def test_error_a_variable_curl_lacks_is_warned_and_left_out(web: Engine) -> None:
    assert curl(web, "-s -o /dev/null -w 'a%{nope}b\\n' localhost:8080") == (
        "ab\n",
        "curl: unknown --write-out variable: 'nope'\n",
        0,
    )


def test_error_timings_are_not_simulated(web: Engine) -> None:
    out, err, code = curl(web, "-s -o /dev/null -w '%{time_total}' localhost:8080")
    assert (out, err, code) == ("", "dockersim: not simulated in curl: -w %{time_total}\n", 1)
