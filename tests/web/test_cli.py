"""`dockersim web`: starting, saying where, opening the browser, stopping on Ctrl-C."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dockersim.cli.app import run_app
from dockersim.web import server as server_module
from dockersim.web.server import PageServer, serve


def fake_forever(seen: dict[str, object]) -> object:
    def serve_forever(self: PageServer, poll_interval: float = 0.5) -> None:
        seen["url"] = self.url
        seen["app"] = self.app
        raise KeyboardInterrupt  # the learner's Ctrl-C

    return serve_forever


def test_it_says_where_opens_the_browser_and_stops_on_ctrl_c(
    home: Path, lesson_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}
    opened: list[str] = []
    monkeypatch.setattr(PageServer, "serve_forever", fake_forever(seen))
    monkeypatch.setattr(server_module.webbrowser, "open", opened.append)
    out, err = io.StringIO(), io.StringIO()
    assert serve([str(lesson_file)], port=0, out=out, err=err) == 0
    url = str(seen["url"])
    assert url.startswith("http://127.0.0.1:") and url != "http://127.0.0.1:0/"
    assert out.getvalue() == (
        f"dockersim web (1 lesson) on {url}  (Ctrl-C stops it)\n\ndockersim web: stopped\n"
    )
    assert err.getvalue() == ""
    assert opened == [url]


def test_no_browser_and_a_playground(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr(PageServer, "serve_forever", fake_forever(seen))
    monkeypatch.setattr(server_module.webbrowser, "open", pytest.fail)
    out = io.StringIO()
    assert serve([], port=0, browser=False, out=out, err=io.StringIO()) == 0
    assert out.getvalue().startswith("dockersim web (playground) on http://127.0.0.1:")


def test_a_bad_lesson_is_reported_and_nothing_starts(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PageServer, "__init__", pytest.fail)
    bad = tmp_path / "bad.yaml"
    bad.write_text("dockersim: 1\ntitle: x\nsteps: nope\n")
    err = io.StringIO()
    assert serve([str(bad), str(tmp_path / "missing.yaml")], out=io.StringIO(), err=err) == 2
    assert f"{bad}:3:" in err.getvalue()
    assert "missing.yaml" in err.getvalue()


def test_the_command_line(
    home: Path,
    lesson_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    calls: list[tuple[object, ...]] = []

    def fake_serve(lessons: list[str], port: int, browser: bool) -> int:
        calls.append((lessons, port, browser))
        return 0

    monkeypatch.setattr(server_module, "serve", fake_serve)
    assert run_app(["web", str(lesson_file), "--port", "0", "--no-browser"]) == 0
    assert run_app(["web"]) == 0
    assert calls == [([str(lesson_file)], 0, False), ([], 8642, True)]
    assert run_app(["web", "--port", "70000"]) == 2
    assert run_app(["web", "--help"]) == 0
    assert "--no-browser" in capsys.readouterr().out
