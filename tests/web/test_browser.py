"""The lesson page in a real headless Chromium, driven by Playwright with the system browser.

Skipped (with the reason) when the `playwright` package or a Chromium is missing: CI installs
both (`pip install playwright`, `apt-get install chromium`; never `playwright install`).
DOCKERSIM_CHROMIUM names another browser binary.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dockersim.web.api import App
from dockersim.web.lessons import load_lessons
from dockersim.web.server import PageServer
from dockersim.web.world import World
from tests.web.png import colours

try:
    from playwright import sync_api as playwright_api
except ImportError:  # collected all the same, and skipped
    playwright_api = None
CHROMIUM = os.environ.get("DOCKERSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
_MISSING = (
    "the playwright package is not installed (pip install playwright)"
    if playwright_api is None
    else f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DOCKERSIM_CHROMIUM)"
    if not Path(CHROMIUM).exists()
    else ""
)
pytestmark = pytest.mark.skipif(bool(_MISSING), reason=_MISSING)


def expect(locator: Any) -> Any:
    """Playwright's `expect` (imported only where Playwright is installed)."""
    return playwright_api.expect(locator)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def serve(app: App) -> Iterator[str]:
    server = PageServer(app, 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


#: every test runs against the local server and against the static export (Pyodide in the
#: page), which must behave the same
PAGES = ["server", "export"]


@pytest.fixture(params=PAGES)
def playground(request: pytest.FixtureRequest, home: Path, tmp_path: Path) -> Iterator[str]:
    if request.param == "export":
        yield from exported(tmp_path, [])
    else:
        yield from serve(App([], World(home), 0))


@pytest.fixture(params=PAGES)
def lesson_page(
    request: pytest.FixtureRequest, home: Path, lesson_file: Path, tmp_path: Path
) -> Iterator[str]:
    if request.param == "export":
        yield from exported(tmp_path, [lesson_file])
    else:
        yield from serve(App(load_lessons([lesson_file]), World(home), 0))


def exported(tmp_path: Path, lessons: list[Path]) -> Iterator[str]:
    """`dockersim web --export` of these lessons, served as static files; skipped without the
    Pyodide package (.ci/install-browser.sh packs it)."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from dockersim.web import pyodide_dist
    from dockersim.web.export import export_site

    try:
        package = pyodide_dist.locate(None, download=False)
    except pyodide_dist.PyodideMissing as exc:
        pytest.skip(str(exc))
    root = tmp_path / "site"
    export_site(root, lessons, pyodide=package)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert errors == []  # no script error, no CSP violation, no failed load


def open_page(page: Any, url: str) -> Any:
    page.goto(url)
    # the static export boots Pyodide first (several seconds)
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=90000)
    return page.locator(".xterm-rows")


def rows(page: Any) -> list[str]:
    """The terminal's rows as text (trailing blanks dropped)."""
    texts: list[str] = page.locator(".xterm-rows > div").all_inner_texts()
    return [text.rstrip().replace("\xa0", " ") for text in texts]


def wait_rows(page: Any, wanted: list[str], timeout: float = 10.0) -> None:
    """Until these lines appear one after the other in the terminal."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        shown = rows(page)
        for start in range(len(shown)):
            if shown[start : start + len(wanted)] == wanted:
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"{wanted!r} not in the terminal:\n" + "\n".join(shown))
        page.wait_for_timeout(50)


def type_line(page: Any, line: str) -> None:
    page.keyboard.type(line)
    page.keyboard.press("Enter")


def assert_not_blank(page: Any) -> None:
    shot = page.screenshot()
    assert colours(shot) > 20, "the page looks blank"


def test_commands_in_the_terminal_and_the_pictures_follow(page: Any, playground: str) -> None:
    terminal = open_page(page, playground)
    assert page.evaluate("document.activeElement.className") == "xterm-helper-textarea"
    expect(terminal).to_contain_text("student@dockersim:~$")
    type_line(page, "docker run -d --name web nginx")
    expect(terminal).to_contain_text("Status: Downloaded newer image for nginx:latest")
    container = page.locator('figure[data-kind="container"][data-name="web"]')
    expect(container).to_contain_text("running")
    expect(container).to_have_class("changed")
    expect(page.locator("#changes")).to_contain_text("+ container web")
    type_line(page, "docker network create lab")
    expect(page.locator('figure[data-kind="network"]')).to_contain_text("lab")
    type_line(page, "docker stop web")
    expect(container).to_contain_text("exited")
    type_line(page, "docker ps -a --format '{{.Names}} {{.Status}}'")
    wait_rows(
        page,
        [
            "student@dockersim:~$ docker ps -a --format '{{.Names}} {{.Status}}'",
            "web Exited (0) Less than a second ago",
            "student@dockersim:~$",
        ],
    )
    # the same text for screen readers, in xterm's accessibility tree
    expect(page.locator(".xterm-accessibility-tree")).to_contain_text("web Exited (0)")
    assert_not_blank(page)


def test_history_ctrl_c_type_ahead_and_colours(page: Any, playground: str) -> None:
    open_page(page, playground)
    type_line(page, "echo first")
    wait_rows(page, ["student@dockersim:~$ echo first", "first", "student@dockersim:~$"])
    page.keyboard.type("docker ps --no-such-flag")
    page.keyboard.press("Control+C")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    type_line(page, "echo second")  # typed at once: it waits for the prompt, as in a terminal
    wait_rows(
        page,
        [
            "student@dockersim:~$ echo first",
            "first",
            "student@dockersim:~$ docker ps --no-such-flag^C",
            "student@dockersim:~$ echo first",
            "first",
            "student@dockersim:~$ echo second",
            "second",
            "student@dockersim:~$",
        ],
    )
    # the prompt's colours are real ANSI, drawn by the terminal as styled spans
    assert page.locator(".xterm-rows span.xterm-bold").count() > 0


def test_check_a_lesson(page: Any, lesson_page: str) -> None:
    open_page(page, lesson_page)
    expect(page.locator("#lesson-title")).to_have_text("A web server")
    expect(page.locator("#lesson-body strong")).to_have_text("nginx")
    assert page.locator("#lesson-body script").count() == 0
    expect(page.locator("#lesson-status")).to_contain_text("pulled nginx:latest")
    page.get_by_role("button", name="Check my work").click()
    expect(page.locator("#check-summary")).to_have_text("0 of 2 checks pass.")
    expect(page.locator("#step-1")).to_contain_text("✗ container web is running")
    expect(page.locator("#step-1")).to_contain_text("Hint: Did you name it web?")
    page.get_by_role("button", name='Put "docker run -d --name web nginx" in the terminal').click()
    page.keyboard.press("Enter")
    expect(page.locator(".xterm-rows")).to_contain_text("student@dockersim:~$ docker run -d")
    expect(page.locator('figure[data-kind="container"]')).to_contain_text("running")
    page.get_by_role("button", name="Check my work").click()
    expect(page.locator("#check-summary")).to_have_text("1 of 2 checks pass.")
    expect(page.locator("#step-1")).to_contain_text("✓ container web is running")
    assert_not_blank(page)


def test_keyboard_only_and_zoomed(browser: Any, lesson_page: str) -> None:
    context = browser.new_context(viewport={"width": 640, "height": 450}, reduced_motion="reduce")
    page = context.new_page()
    try:
        open_page(page, lesson_page)
        # 200% zoom of a 1280-pixel window: one column, nothing wider than the window
        assert page.evaluate("document.documentElement.scrollWidth") <= 640
        # reduced motion: the cursor does not blink
        assert page.locator(".xterm-cursor-blink").count() == 0
        # Tab leaves the terminal and reaches the lesson's buttons
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") != "xterm-helper-textarea"
        for _ in range(80):  # around the page, back to the lesson
            if page.evaluate("document.activeElement.id") == "check":
                break
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "check"
        page.keyboard.press("Enter")
        expect(page.locator("#check-summary")).to_contain_text("checks pass")
        assert page.get_by_role("button").count() == page.locator("button[type=button]").count()
        assert_not_blank(page)
    finally:
        context.close()
