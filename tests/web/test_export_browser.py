"""The static export in a real headless Chromium: Pyodide boots, docker command lines run.

Needs Playwright (PyPI), Debian's chromium at /usr/bin/chromium and Pyodide 0.29.3 in the
cache (`npm pack pyodide@0.29.3` in ~/.cache/dockersim) or at $DOCKERSIM_PYODIDE; skipped,
saying which is missing, otherwise. One browser session does everything: booting Pyodide is
most of the time (about 8-10 s here).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from dockersim.web import pyodide_dist
from dockersim.web.export import export_site

CHROMIUM = Path("/usr/bin/chromium")
LESSON = Path(__file__).resolve().parents[2] / "scenarios" / "03-containers.yaml"

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The export served by a plain static file server; yields its URL."""
    pytest.importorskip("playwright.sync_api", reason="Playwright (PyPI) is not installed")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    explicit = os.environ.get("DOCKERSIM_PYODIDE")
    try:
        package = pyodide_dist.locate(Path(explicit) if explicit else None, download=False)
    except pyodide_dist.PyodideMissing as exc:
        pytest.skip(str(exc))
    root = tmp_path_factory.mktemp("export") / "site"
    export_site(root, [LESSON], pyodide=package)
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_export_runs_docker_in_the_browser(site: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(site + "export-test.html")
            page.wait_for_function(
                "document.getElementById('status').textContent.startsWith('Ready')"
                " || document.getElementById('status').textContent.startsWith('The simulator')",
                timeout=180_000,
            )
            status = page.text_content("#status") or ""
            assert status.startswith("Ready (Pyodide 0.29.3, started in "), status
            assert page.evaluate("document.activeElement.id") == "line"

            def run(line: str) -> str:
                before = len(page.text_content("#output") or "")
                page.fill("#line", line)
                page.press("#line", "Enter")
                page.wait_for_function(
                    f"document.getElementById('output').textContent.length > {before}",
                    timeout=120_000,
                )
                return (page.text_content("#output") or "")[before:]

            hello = run("docker run hello-world")
            assert hello.startswith(
                "$ docker run hello-world\nUnable to find image 'hello-world:latest' locally\n"
            )
            assert "Hello from Docker!\n" in hello
            assert page.get_attribute("#output", "data-exit-code") == "0"
            listing = run("docker ps -a").splitlines()
            assert listing[1].split() == [
                "CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"
            ]  # fmt: skip
            assert listing[2].split()[1:3] == ["hello-world", '"/hello"']
            assert "Exited (0)" in listing[2]
            kinds = page.eval_on_selector_all("#pictures figure", "f => f.map(x => x.dataset.kind)")
            assert kinds == ["summary", "network", "container", "layers"]
            assert "hello-world:latest" in (page.text_content("#pictures") or "")
            page.click("text=Check “Lesson 3: Running containers”")
            page.wait_for_selector(".check-result li")
            checked = page.text_content(".check-result") or ""
            assert "failed: container explorer is exited, exit code 0" in checked
            page.screenshot(path=str(tmp_path / "export.png"), full_page=True)
            page.reload()  # the world was kept in localStorage
            page.wait_for_function(
                "document.getElementById('status').textContent.startsWith('Ready')",
                timeout=180_000,
            )
            assert run("docker ps -a --format '{{.Image}} {{.Status}}'").startswith(
                "$ docker ps -a --format '{{.Image}} {{.Status}}'\nhello-world Exited (0) "
            )
            assert (tmp_path / "export.png").stat().st_size > 10_000
            assert errors == []
        finally:
            browser.close()
